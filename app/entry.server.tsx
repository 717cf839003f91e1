import { createReadableStreamFromReadable, type AppLoadContext, type EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream, renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { NonceProvider } from "./components/nonce";
import { withoutNulBytes } from "./utils/html-stream.server";
import { getLocale, i18nInstance } from "./utils/i18n.server";
import { logger } from "./utils/logger.server";
import { sendsScripts } from "./utils/scripts";

const ABORT_DELAY = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const instance = await i18nInstance(await getLocale(request));
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : undefined;
  const page = (context: EntryContext) => (
    <NonceProvider value={nonce}>
      <I18nextProvider i18n={instance}>
        <RemixServer context={context} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
      </I18nextProvider>
    </NonceProvider>
  );
  responseHeaders.set("Content-Type", "text/html; charset=utf-8");

  // A page without scripts waits for nothing (its loaders returned everything; no data is
  // streamed to a browser app): rendered whole, as one string, it goes out in the same turn as
  // its data, in one piece, rather than a turn later in 2 KB pieces through the streams below.
  // Nor is its loaders' data encoded for a browser app: the server runtime encodes it when
  // `serverHandoffStream` is read (patches/@remix-run+server-runtime+*.patch), and RemixServer
  // reads it for every page it is given, so this page is given a context without it.
  const { staticHandlerContext, routeModules } = remixContext;
  if (!sendsScripts(staticHandlerContext.matches.map((match) => routeModules[match.route.id]?.handle))) {
    const html = renderToString(page({ ...remixContext, serverHandoffStream: undefined }));
    return new Response(`<!DOCTYPE html>${html}`, { headers: responseHeaders, status: responseStatusCode });
  }

  // Crawlers and browsers without JavaScript get the whole page at once.
  const readyEvent = isbot(request.headers.get("user-agent") ?? "") ? "onAllReady" : "onShellReady";
  return new Promise((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(page(remixContext), {
      nonce,
      [readyEvent]() {
        shellRendered = true;
        // Not a plain PassThrough: React 18 pads its buffer with NUL bytes at some character boundaries.
        const body = withoutNulBytes();
        resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
        pipe(body);
      },
      onShellError(error: unknown) {
        reject(error);
      },
      onError(error: unknown) {
        responseStatusCode = 500;
        if (shellRendered) logger.error({ err: error }, "render error");
      },
    });
    setTimeout(abort, ABORT_DELAY);
  });
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  logger.error({ err: error, path: new URL(request.url).pathname }, "request error");
}
