import { etagMatches, etagOf } from "~/domain/tracker-open-data";
import { getEnv } from "./env.server";

/**
 * A path on this site to go back to after a form; anything else becomes `fallback`.
 * Control characters and backslashes are refused anywhere (browsers drop a tab or a
 * line break in a URL, so "/\t/evil.example" would leave the site, and a line break
 * cannot go into a Location header), and the result must resolve to this origin.
 */
export function safeRedirectPath(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || !to.startsWith("/") || to.length > 2000 || /[\u0000-\u001f\u007f\\]/.test(to)) return fallback;
  const here = "http://this-site.invalid";
  let url: URL;
  try {
    url = new URL(to, here);
  } catch {
    return fallback;
  }
  const path = url.pathname + url.search + url.hash;
  // "/.//evil.example/.." resolves to a path that starts with "//": a browser would leave the site.
  return url.origin === here && !path.startsWith("//") ? path : fallback;
}

export function notFound(): never {
  throw new Response("Not Found", { status: 404 });
}

/** A record id from a URL segment: a plain positive integer; anything else is a 404. */
export function idParam(value: string | undefined): number {
  return value && /^[1-9]\d{0,14}$/.test(value) ? Number(value) : notFound();
}

/** A 304 with `headers` when the request's If-None-Match names `etag`; null when the body must be sent. */
export function notModified(request: Request, etag: string, headers: Record<string, string> = {}): Response | null {
  return etagMatches(request.headers.get("if-none-match"), etag) ? new Response(null, { status: 304, headers: { ...headers, ETag: etag } }) : null;
}

/** `body` as JSON with a strong ETag of its bytes, or a 304 when the client holds those bytes already. */
export async function jsonWithEtag(request: Request, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  const text = JSON.stringify(body);
  const etag = await etagOf(text);
  return (
    notModified(request, etag, headers) ??
    new Response(text, { headers: { ...headers, ETag: etag, "Content-Type": "application/json; charset=utf-8" } })
  );
}

/** The address of a page of this site as the public reaches it: SITE_URL when set, else the request's own origin. */
export function publicUrl(request: Request, path: string): string {
  return `${getEnv().SITE_URL ?? new URL(request.url).origin}${path}`;
}
