import SQLite from "better-sqlite3";
import type { RequestHandler, Response } from "express";
import pg from "pg";
import { nowMs } from "./clock.server";

// Anonymous readers of a public page all get the same HTML for the same address,
// language and day, so the rendered page is kept and served again until anything in
// the database changes. "Anything" is SQLite's own count of commits made by other
// connections (PRAGMA data_version) read on a connection of ours that never writes:
// every commit, by this process or another, empties the cache before the next page is
// served (or, with a staleness bound, lets its pages age out within it). Only the CSP nonce differs from one
// answer to the next; it is swapped for the request's own.
//
// On a collection day opinions are committed many times a second, and emptying the
// cache at each commit would have every reader's page rendered afresh. With
// `maxStaleMs` (PAGE_CACHE_STALE_MS, one second by default in the server) a page
// rendered less than that long ago is served although the data moved since, and a
// page is rendered again at most once per key while others are served the copy in
// hand: a reader's page is at most `maxStaleMs` behind the data (twice that while
// its new copy is being made). With 0, every commit empties the cache.
//
// On PostgreSQL, with several instances, "anything" is a notification on channel
// data_changed, which the database sends at the commit of any change to what public
// pages show (db/migrations-postgres): every instance listens, and empties its cache
// when one arrives. The instance that wrote empties its own at once, without waiting
// for the notification. While the listening connection is down nothing is served
// from the cache or kept in it.

/** What tells the cache that the data changed: a value that differs after every change. */
export type ChangeSignal = { version: () => unknown; wrote?: () => void; close: () => void };

/** SQLite's count of commits by other connections, read on a connection of ours that never writes. */
export function sqliteChanges(databasePath: string): ChangeSignal {
  const watcher = new SQLite(databasePath, { readonly: true, fileMustExist: true });
  const dataVersion = watcher.prepare("PRAGMA data_version").pluck();
  return { version: () => dataVersion.get(), close: () => watcher.close() };
}

/** PostgreSQL's notifications on channel data_changed, on a connection kept listening (and reopened). */
export function postgresChanges(url: string, { retryMs = 1000 } = {}): ChangeSignal & { ready: Promise<void> } {
  let count = 0;
  let listening = false;
  let closed = false;
  let client: pg.Client | null = null;
  let markReady: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const connect = async () => {
    if (closed) return;
    const next = new pg.Client({ connectionString: url, application_name: "zhitongche-page-cache" });
    const lost = () => {
      if (client !== next) return;
      listening = false;
      client = null;
      void next.end().catch(() => {});
      setTimeout(() => void connect(), retryMs).unref();
    };
    next.on("error", lost);
    next.on("end", lost);
    next.on("notification", () => count++);
    client = next;
    try {
      await next.connect();
      await next.query("LISTEN data_changed");
      // Whatever changed while nobody listened: start afresh.
      count++;
      listening = true;
      markReady();
    } catch {
      lost();
    }
  };
  void connect();
  let unknown = 0;
  return {
    ready,
    // Not listening: a new value every time, so that nothing is served or kept.
    version: () => (listening ? count : `down ${++unknown}`),
    wrote: () => count++,
    close: () => {
      closed = true;
      listening = false;
      void client?.end().catch(() => {});
    },
  };
}

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

/** `version`: the data's when the page was rendered; `at`: when, in ms. */
type Entry = { body: string; nonce: string; contentType: string; bytes: number; version: unknown; at: number };

export type PageCache = {
  middleware: RequestHandler;
  close: () => void;
  stats: () => { entries: number; bytes: number; hits: number; misses: number };
};

export function createPageCache({
  databasePath,
  changes = sqliteChanges(databasePath!),
  maxBytes = 64 * 1024 * 1024,
  maxStaleMs = 0,
  now = nowMs,
  day,
}: {
  /** The SQLite file whose commits empty the cache (or `changes`). */
  databasePath?: string;
  changes?: ChangeSignal;
  maxBytes?: number;
  /** How long a page may be served after the data it shows has changed. */
  maxStaleMs?: number;
  now?: () => number;
  /** The calendar day the pages are rendered for (they count days to deadlines). */
  day: () => string;
}): PageCache {
  const dataVersion = { get: changes.version };
  // Insertion order is recency order: a hit moves its entry to the end, eviction takes from the front.
  const entries = new Map<string, Entry>();
  let version: unknown;
  let bytes = 0;
  let hits = 0;
  let misses = 0;
  /** Keys whose page is being rendered now. */
  const rendering = new Set<string>();

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
    // This instance's own writes empty its cache as soon as they are answered.
    if (changes.wrote && req.method !== "GET" && req.method !== "HEAD") res.once("finish", changes.wrote);
    if (req.method !== "GET" || !nonce || page === null || SESSION_COOKIE.test(cookies)) return next();

    const current = dataVersion.get();
    if (current !== version) {
      version = current;
      if (!maxStaleMs) {
        entries.clear();
        bytes = 0;
      }
    }
    const search = req.originalUrl.includes("?") ? req.originalUrl.slice(req.originalUrl.indexOf("?")) : "";
    const key = `${day()} ${LANGUAGE_COOKIE.exec(cookies)?.[1] ?? ""} ${page}${search}`;
    const hit = entries.get(key);
    if (hit) {
      const age = now() - hit.at;
      const fresh = hit.version === current;
      if (fresh || age < maxStaleMs || (rendering.has(key) && age < 2 * maxStaleMs)) {
        hits++;
        entries.delete(key);
        entries.set(key, hit);
        res.set({ "Content-Type": hit.contentType, "X-Page-Cache": fresh ? "hit" : "stale" });
        res.send(hit.body.replaceAll(hit.nonce, nonce));
        return;
      }
    }
    misses++;
    res.set("X-Page-Cache", "miss");
    const at = now();
    rendering.add(key);
    res.once("close", () => rendering.delete(key));
    capture(res, (body) => {
      rendering.delete(key);
      const contentType = String(res.getHeader("content-type") ?? "");
      // Only whole, successful HTML pages that set nothing for this visitor alone,
      // and (unless a stale page may be served) only if nothing was committed while the page was being made.
      if (res.statusCode !== 200 || !contentType.startsWith("text/html") || res.getHeader("set-cookie") || !body.includes(nonce)) return;
      if (/private|no-store/i.test(String(res.getHeader("cache-control") ?? ""))) return;
      if (!maxStaleMs && (dataVersion.get() !== current || version !== current)) return;
      store(key, { body, nonce, contentType, bytes: Buffer.byteLength(body) * 2, version: current, at });
    });
    next();
  };

  return {
    middleware,
    close: () => changes.close(),
    stats: () => ({ entries: entries.size, bytes, hits, misses }),
  };
}
