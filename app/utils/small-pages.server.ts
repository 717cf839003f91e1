import zlib from "node:zlib";
import type { RequestHandler } from "express";
import { acceptsGzip } from "./page-copy.server";

// The compression middleware deflates on the thread pool: the answer goes out a turn of
// the event loop later, and on a busy process a turn is tens of milliseconds. A page
// rendered whole in one piece (a receipt lookup, a form: a few kilobytes) is gzipped here
// at once instead, in about a tenth of a millisecond; larger or streamed answers are left
// to the compression middleware, which sees them already encoded or not at all.

/** Pages up to this size are gzipped on the spot. */
const AT_ONCE_BYTES = 16 * 1024;

/** What res.write or res.end was given, as bytes. */
const bytesOf = (chunk: unknown, encoding: unknown) =>
  typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8") : Buffer.from(chunk as Uint8Array);

/** Express middleware, placed after compression(): gzips a whole HTML page written in one piece. */
export function gzipSmallPages(): RequestHandler {
  return (req, res, next) => {
    if (!acceptsGzip(req.headers["accept-encoding"])) return next();
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => typeof res;
    // The first piece is held until it is known whether another follows.
    let held: Buffer | null = null;
    let streaming = false;
    const release = () => {
      streaming = true;
      if (held) write(held);
      held = null;
    };
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (streaming || held || typeof chunk === "function" || chunk == null) {
        release();
        return write(chunk, ...rest);
      }
      held = bytesOf(chunk, rest[0]);
      const done = rest.find((a) => typeof a === "function") as (() => void) | undefined;
      if (done) process.nextTick(done);
      return true;
    }) as typeof res.write;
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      const last = chunk == null || typeof chunk === "function" ? null : bytesOf(chunk, rest[0]);
      const callback = [chunk, ...rest].find((a) => typeof a === "function");
      if (streaming || res.headersSent) {
        release();
        return last ? end(last, callback) : end(callback);
      }
      const body = held && last ? Buffer.concat([held, last]) : (held ?? last ?? Buffer.alloc(0));
      held = null;
      if (wholePage(req.method, res.statusCode, res.getHeaders(), body.length)) {
        const gzipped = zlib.gzipSync(body);
        res.setHeader("Content-Encoding", "gzip");
        res.setHeader("Content-Length", gzipped.length);
        res.vary("Accept-Encoding");
        return end(gzipped, callback);
      }
      return end(body, callback);
    }) as typeof res.end;
    next();
  };
}

/** An HTML page with a body, not yet encoded, small enough to gzip on the spot. */
function wholePage(method: string, status: number, headers: Record<string, unknown>, length: number): boolean {
  return (
    method !== "HEAD" &&
    status >= 200 && status !== 204 && status !== 304 &&
    length >= 1024 && length <= AT_ONCE_BYTES &&
    String(headers["content-type"] ?? "").startsWith("text/html") &&
    headers["content-encoding"] === undefined &&
    !/no-transform/i.test(String(headers["cache-control"] ?? ""))
  );
}
