import { pipeline, Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import { createRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import type { Request as ExpressRequest, RequestHandler, Response as ExpressResponse } from "express";
import type { Logger } from "pino";

// Remix behind Express, as @remix-run/express does it, with three differences: the
// request's body is the one already read within its limit (request-body.server.ts);
// an answer that comes in one piece (a page rendered whole, a JSON document) is written
// at once, and a longer one at the pace the client reads it (pipeline waits for
// 'drain', so a slow download of a large CSV never piles up in memory); and no
// answer to a signed-in user, or one that signs someone in, may be kept by a browser
// or a proxy (desks are shared office computers).

const SESSION_COOKIE = /(?:^|;\s*)(?:__Host-)?session=/;

const bodyOf = (req: ExpressRequest): BodyInit => (req.rawBody ? new Uint8Array(req.rawBody.buffer as ArrayBuffer, req.rawBody.byteOffset, req.rawBody.length) : "");

function toRequest(req: ExpressRequest, res: ExpressResponse): Request {
  const url = new URL(req.originalUrl, `${req.protocol}://${req.get("host") ?? "localhost"}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, v);
  }
  const controller = new AbortController();
  res.on("close", () => {
    if (!res.writableFinished) controller.abort();
  });
  const withBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(url, { method: req.method, headers, signal: controller.signal, ...(withBody ? { body: bodyOf(req) } : {}) });
}

export function remixHandler({
  build, mode, getLoadContext, logger,
}: {
  build: ServerBuild;
  mode: string;
  getLoadContext: (req: ExpressRequest, res: ExpressResponse) => AppLoadContext;
  logger: Logger;
}): RequestHandler {
  const handle = createRequestHandler(build, mode);
  return async (req, res, next) => {
    try {
      const response = await handle(toRequest(req, res), getLoadContext(req, res));
      res.status(response.status);
      if (response.statusText) res.statusMessage = response.statusText;
      for (const [name, value] of response.headers) if (name !== "set-cookie") res.setHeader(name, value);
      const cookies = response.headers.getSetCookie();
      if (cookies.length) res.setHeader("Set-Cookie", cookies);
      if (SESSION_COOKIE.test(req.get("cookie") ?? "") || cookies.some((c) => SESSION_COOKIE.test(c))) res.setHeader("Cache-Control", "private, no-store");
      if (!response.body) return void res.end();
      // Through a Node stream, a page in one piece went out a few turns of the event loop later,
      // and a receipt lookup cost 13–15 % more of the server's time (docs/decisions/022).
      const reader = response.body.getReader();
      const first = await reader.read();
      if (first.done) return void res.end();
      const second = await reader.read();
      if (second.done) return void res.end(first.value);
      reader.releaseLock();
      res.write(first.value);
      res.write(second.value);
      // pipeline adds seven 'close' listeners of its own to the four a response already has
      // (the request log, compression, the page cache, the abort signal above): a fixed
      // number per response, not a leak, which would otherwise print a warning per page.
      res.setMaxListeners(20);
      pipeline(Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>), res, (error) => {
        if (error && error.code !== "ERR_STREAM_PREMATURE_CLOSE") logger.error({ err: error, path: req.path }, "response stream failed");
      });
    } catch (error) {
      next(error);
    }
  };
}
