import SQLite from "better-sqlite3";
import type { RequestHandler, Response } from "express";

// Anonymous readers of a public page all get the same HTML for the same address,
// language and day, so the rendered page is kept and served again until anything in
// the database changes. "Anything" is SQLite's own count of commits made by other
// connections (PRAGMA data_version) read on a connection of ours that never writes:
// every commit, by this process or another, empties the cache before the next page is
// served, so a page is never older than the data. Only the CSP nonce differs from one
// answer to the next; it is swapped for the request's own.

/** Public pages whose HTML depends only on the address, the language, the day and the data. */
const PUBLIC_PAGE = /^\/(?:$|drafts(?:\/|$)|tracker(?:\/(?!receipt)|$)|consultations(?:\/|$)|open-data\/?$|privacy$|help$)/;
const SESSION_COOKIE = /(?:^|;\s*)(?:__Host-)?session=/;
const LANGUAGE_COOKIE = /(?:^|;\s*)lng=([^;]*)/;

/** The decoded, lower-cased path when it is a public page's, else null. */
function publicPath(rawPath: string): string | null {
  let path: string;
  try {
    path = decodeURIComponent(rawPath).toLowerCase();
  } catch {
    return null;
  }
  return PUBLIC_PAGE.test(path) && !/[\u0000-\u001f\\]/.test(path) ? path : null;
}

type Entry = { body: string; nonce: string; contentType: string; bytes: number };

export type PageCache = {
  middleware: RequestHandler;
  close: () => void;
  stats: () => { entries: number; bytes: number; hits: number; misses: number };
};

export function createPageCache({
  databasePath,
  maxBytes = 64 * 1024 * 1024,
  day,
}: {
  databasePath: string;
  maxBytes?: number;
  /** The calendar day the pages are rendered for (they count days to deadlines). */
  day: () => string;
}): PageCache {
  const watcher = new SQLite(databasePath, { readonly: true, fileMustExist: true });
  const dataVersion = watcher.prepare("PRAGMA data_version").pluck();
  // Insertion order is recency order: a hit moves its entry to the end, eviction takes from the front.
  const entries = new Map<string, Entry>();
  let version: unknown;
  let bytes = 0;
  let hits = 0;
  let misses = 0;

  const forget = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.bytes;
  };

  const store = (key: string, entry: Entry) => {
    if (entry.bytes > maxBytes / 4) return;
    forget(key);
    entries.set(key, entry);
    bytes += entry.bytes;
    for (const oldest of entries.keys()) {
      if (bytes <= maxBytes) break;
      forget(oldest);
    }
  };

  /** Wraps res.write/res.end to keep a copy of the page as it is sent. */
  const capture = (res: Response, done: (body: string) => void) => {
    const chunks: Buffer[] = [];
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk == null || typeof chunk === "function") return;
      chunks.push(typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8") : Buffer.from(chunk as Uint8Array));
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as Response["write"];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      done(Buffer.concat(chunks).toString("utf8"));
      return end(chunk, ...rest);
    }) as Response["end"];
  };

  const middleware: RequestHandler = (req, res, next) => {
    const cookies = req.headers.cookie ?? "";
    const nonce = res.locals.cspNonce as string | undefined;
    // The app matches routes on the decoded path without regard to case (/tracker/%72eceipt and
    // /tracker/Receipt are the receipt page): so does the cache, or a private page could be kept.
    const page = publicPath(req.path);
    if (req.method !== "GET" || !nonce || page === null || SESSION_COOKIE.test(cookies)) return next();

    const current = dataVersion.get();
    if (current !== version) {
      entries.clear();
      bytes = 0;
      version = current;
    }
    const search = req.originalUrl.includes("?") ? req.originalUrl.slice(req.originalUrl.indexOf("?")) : "";
    const key = `${day()} ${LANGUAGE_COOKIE.exec(cookies)?.[1] ?? ""} ${page}${search}`;
    const hit = entries.get(key);
    if (hit) {
      hits++;
      entries.delete(key);
      entries.set(key, hit);
      res.set({ "Content-Type": hit.contentType, "X-Page-Cache": "hit" });
      res.send(hit.body.replaceAll(hit.nonce, nonce));
      return;
    }
    misses++;
    res.set("X-Page-Cache", "miss");
    capture(res, (body) => {
      const contentType = String(res.getHeader("content-type") ?? "");
      // Only whole, successful HTML pages that set nothing for this visitor alone,
      // and only if nothing was committed while the page was being made.
      if (res.statusCode !== 200 || !contentType.startsWith("text/html") || res.getHeader("set-cookie") || !body.includes(nonce)) return;
      if (/private|no-store/i.test(String(res.getHeader("cache-control") ?? ""))) return;
      if (dataVersion.get() !== current || version !== current) return;
      store(key, { body, nonce, contentType, bytes: Buffer.byteLength(body) * 2 });
    });
    next();
  };

  return {
    middleware,
    close: () => watcher.close(),
    stats: () => ({ entries: entries.size, bytes, hits, misses }),
  };
}
