import SQLite from "better-sqlite3";
import type { RequestHandler, Response } from "express";
import pg from "pg";
import { DATA_AREAS, type DataArea } from "~/domain/vocabulary";
import { nowMs } from "./clock.server";

// Anonymous readers of a public page all get the same answer for the same address,
// language and day, so the rendered page is kept and served again until the data it
// shows changes. What a page shows falls in a few areas (db/migrations/
// 2026-12-03T00-00-data-versions.ts): the drafts and their texts, places and contact
// points ("drafts"); the counts that move with the field's and the public's activity,
// opinions collected and residents told ("collection"); what became of opinions,
// reports and outcomes ("figures"); consultations. Each area has a version, moved by
// every commit that changes it, by this process or another; each page knows which
// areas it shows (PAGE_AREAS), and a cached page is dropped only when one of those moved.
// Only the CSP nonce differs from one answer to the next; it is swapped for the request's own.
//
// On a collection day opinions are committed many times a second. A page whose only
// change is in "collection" may, with `maxStaleMs` (PAGE_CACHE_STALE_MS, one
// second by default in the server), be served although it is behind: never more than
// `maxStaleMs` (its copy is made again from the data once it is half that old, by one
// request while the others are served the copy in hand; past the bound, readers wait
// for that copy rather than each making their own). Any other change drops the page
// at once. With 0, newly collected opinions drop it too.
//
// On PostgreSQL, with several instances, the versions are notifications on channel
// data_changed naming the area, which the database sends at the commit
// (db/migrations-postgres): every instance listens and counts them. The instance that
// wrote counts a collection change at once, without waiting for the notification
// (which follows with the true area). While the listening connection is down nothing
// is served from the cache or kept in it.

type Versions = Record<DataArea, unknown>;

/** What tells the cache that the data changed: each area's version (null: unknown), and this process's own writes. */
export type ChangeSignal = { versions: () => Versions | null; wrote?: () => void; close: () => void };

/**
 * The data_versions table, read on a connection of ours that never writes, and read
 * again only after a commit (SQLite's own count of commits by other connections,
 * PRAGMA data_version, moved).
 */
export function sqliteChanges(databasePath: string): ChangeSignal {
  const watcher = new SQLite(databasePath, { readonly: true, fileMustExist: true });
  const dataVersion = watcher.prepare("PRAGMA data_version").pluck();
  const read = watcher.prepare("SELECT area, version FROM data_versions");
  let seen: unknown;
  let versions: Versions | null = null;
  return {
    versions: () => {
      const current = dataVersion.get();
      if (current !== seen || !versions) {
        seen = current;
        versions = Object.fromEntries((read.all() as { area: DataArea; version: number }[]).map((r) => [r.area, r.version])) as Versions;
      }
      return versions;
    },
    close: () => watcher.close(),
  };
}

/** PostgreSQL's notifications on channel data_changed, counted per area, on a connection kept listening (and reopened). */
export function postgresChanges(url: string, { retryMs = 1000 } = {}): ChangeSignal & { ready: Promise<void> } {
  const counts = Object.fromEntries(DATA_AREAS.map((area) => [area, 0])) as Record<DataArea, number>;
  /** Every area: a notification without one (a database not yet migrated), or a new connection. */
  const moved = (area: string) => {
    for (const each of DATA_AREAS) if (!area || area === each) counts[each]++;
  };
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
    next.on("notification", (message) => moved(message.payload ?? ""));
    client = next;
    try {
      await next.connect();
      await next.query("LISTEN data_changed");
      // Whatever changed while nobody listened: start afresh.
      moved("");
      listening = true;
      markReady();
    } catch {
      lost();
    }
  };
  void connect();
  return {
    ready,
    // Not listening: unknown, so that nothing is served or kept.
    versions: () => (listening ? { ...counts } : null),
    wrote: () => moved("collection"),
    close: () => {
      closed = true;
      listening = false;
      void client?.end().catch(() => {});
    },
  };
}

/** Public pages whose answer depends only on the address, the language, the day and the data; and the areas each shows. */
const PAGE_AREAS: [RegExp, readonly DataArea[]][] = [
  [/^\/(?:$|drafts(?:\/|$)|tracker(?:\/(?!receipt)|$))/, DATA_AREAS],
  [/^\/consultations(?:\/|$)/, ["consultations", "drafts"]],
  [/^\/open-data(?:\/?|\/summary\.json)$/, ["drafts", "figures"]],
  [/^\/(?:privacy|help)$/, []],
];
const SESSION_COOKIE = /(?:^|;\s*)(?:__Host-)?session=/;
const LANGUAGE_COOKIE = /(?:^|;\s*)lng=([^;]*)/;
/** The answer's headers a copy keeps (the others are set afresh for each request, the CSP with its nonce). */
const KEPT_HEADERS = ["content-type", "etag", "cache-control", "access-control-allow-origin"];

/** The decoded, lower-cased path and the areas it shows when it is a public page's, else null. */
function publicPage(rawPath: string): { path: string; areas: readonly DataArea[] } | null {
  let path: string;
  try {
    path = decodeURIComponent(rawPath).toLowerCase();
  } catch {
    return null;
  }
  if (/[\u0000-\u001f\\]/.test(path)) return null;
  const areas = PAGE_AREAS.find(([pattern]) => pattern.test(path))?.[1];
  return areas ? { path, areas } : null;
}

/** `versions`: the data's when the page began to be made; `at`: when, in ms. `nonce` is "" for an answer without one (JSON). */
type Entry = { body: string; nonce: string; headers: Record<string, string>; bytes: number; versions: Versions; at: number };
/** A copy being made, and the requests waiting for it. */
type Render = { versions: Versions; at: number; waiting: { res: Response; nonce: string; next: () => void }[] };

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
  /** The SQLite file whose commits move the versions (or `changes`). */
  databasePath?: string;
  changes?: ChangeSignal;
  maxBytes?: number;
  /** How long a page may be served after opinions it would count were collected. */
  maxStaleMs?: number;
  now?: () => number;
  /** The calendar day the pages are rendered for (they count days to deadlines). */
  day: () => string;
}): PageCache {
  // Insertion order is recency order: a hit moves its entry to the end, eviction takes from the front.
  const entries = new Map<string, Entry>();
  let bytes = 0;
  let hits = 0;
  let misses = 0;
  const renders = new Map<string, Render>();

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

  /**
   * How a copy made from `made` (at `at`) stands against the data now, for a page showing `areas`:
   * "fresh"; "behind" by collected opinions only, for `age` ms; or "outdated".
   */
  const standing = (made: Versions, at: number, current: Versions, areas: readonly DataArea[]) => {
    const moved = areas.filter((area) => made[area] !== current[area]);
    if (!moved.length) return { state: "fresh" as const, age: 0 };
    if (maxStaleMs && moved.every((area) => area === "collection")) return { state: "behind" as const, age: now() - at };
    return { state: "outdated" as const, age: 0 };
  };

  const send = (res: Response, entry: Entry, nonce: string, state: string) => {
    hits++;
    res.set({ ...entry.headers, "X-Page-Cache": state });
    res.send(entry.nonce ? entry.body.replaceAll(entry.nonce, nonce) : entry.body);
  };

  /** Wraps res.write/res.end to keep a copy of the answer as it is sent. */
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

  /** A copy of the answer `res` is about to make, kept and given to the requests that wait for it. */
  const render = (key: string, res: Response, nonce: string, versions: Versions, next: () => void) => {
    misses++;
    res.set("X-Page-Cache", "miss");
    const made: Render = { versions, at: now(), waiting: [] };
    renders.set(key, made);
    let kept: Entry | null = null;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      if (renders.get(key) === made) renders.delete(key);
      // Without a copy to give them (an error, a page for this visitor alone, a dropped connection), each makes its own.
      for (const waiter of made.waiting) (kept ? send(waiter.res, kept, waiter.nonce, "hit") : waiter.next());
    };
    res.once("close", finish);
    capture(res, (body) => {
      const contentType = String(res.getHeader("content-type") ?? "");
      const html = contentType.startsWith("text/html");
      // Only whole, successful pages (or JSON) that set nothing for this visitor alone.
      const whole = res.statusCode === 200 && !res.getHeader("set-cookie") && (html ? body.includes(nonce) : contentType.startsWith("application/json"));
      if (whole && !/private|no-store/i.test(String(res.getHeader("cache-control") ?? ""))) {
        const headers = Object.fromEntries(KEPT_HEADERS.flatMap((name) => (res.getHeader(name) === undefined ? [] : [[name, String(res.getHeader(name))]])));
        kept = { body, nonce: html ? nonce : "", headers, bytes: Buffer.byteLength(body) * 2, versions, at: made.at };
        // A copy begun later may have been kept already.
        if ((entries.get(key)?.at ?? -Infinity) <= made.at) store(key, kept);
      }
      finish();
    });
    next();
  };

  const middleware: RequestHandler = (req, res, next) => {
    const cookies = req.headers.cookie ?? "";
    const nonce = res.locals.cspNonce as string | undefined;
    // The app matches routes on the decoded path without regard to case (/tracker/%72eceipt and
    // /tracker/Receipt are the receipt page): so does the cache, or a private page could be kept.
    const page = publicPage(req.path);
    // This instance's own writes count as soon as they are answered.
    if (changes.wrote && req.method !== "GET" && req.method !== "HEAD") res.once("finish", changes.wrote);
    if (req.method !== "GET" || !nonce || page === null || SESSION_COOKIE.test(cookies)) return next();
    const current = changes.versions();
    if (!current) return next();

    const search = req.originalUrl.includes("?") ? req.originalUrl.slice(req.originalUrl.indexOf("?")) : "";
    const key = `${day()} ${LANGUAGE_COOKIE.exec(cookies)?.[1] ?? ""} ${page.path}${search}`;
    const inFlight = renders.get(key);
    const entry = entries.get(key);
    if (entry) {
      const { state, age } = standing(entry.versions, entry.at, current, page.areas);
      if (state === "fresh" || (state === "behind" && age < maxStaleMs && (inFlight || age < maxStaleMs / 2))) {
        entries.delete(key);
        entries.set(key, entry);
        return send(res, entry, nonce, state === "fresh" ? "hit" : "stale");
      }
      if (state === "outdated") forget(key);
    }
    // A copy under way that is recent enough: wait for it rather than make another.
    if (inFlight) {
      const { state, age } = standing(inFlight.versions, inFlight.at, current, page.areas);
      if (state === "fresh" || (state === "behind" && age < maxStaleMs)) {
        inFlight.waiting.push({ res, nonce, next });
        return;
      }
    }
    render(key, res, nonce, current, next);
  };

  return {
    middleware,
    close: () => changes.close(),
    stats: () => ({ entries: entries.size, bytes, hits, misses }),
  };
}
