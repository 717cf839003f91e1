import { IncomingMessage, ServerResponse } from "node:http";
import { Socket } from "node:net";
import SQLite from "better-sqlite3";
import type { RequestHandler } from "express";
import pg from "pg";
import { DATA_AREAS, type DataArea } from "~/domain/vocabulary";
import { nowMs } from "./clock.server";
import type { DataVersions } from "./data-memo.server";
import { cspNonce } from "./nonce.server";
import { acceptsGzip, pageCopy, type PageCopy } from "./page-copy.server";

// Anonymous readers of a public page all get the same answer for the same address,
// language and day, so the rendered page is kept and served again until the data it
// shows changes. What a page shows falls in a few areas (db/migrations/
// 2026-12-03T00-00-data-versions.ts): the drafts and their texts, places and contact
// points ("drafts"); the counts that move with the field's and the public's activity,
// opinions collected and residents told ("collection"); what became of opinions,
// reports and outcomes ("figures"); consultations. Each area has a version, moved by
// every commit that changes it, by this process or another; each page knows which
// areas it shows (PAGE_AREAS), and a cached page is dropped only when one of those moved.
// Only the CSP nonce differs from one answer to the next; it is swapped for the request's own
// (in the page and in the CSP header), and the page is gzipped once (app/utils/page-copy.server.ts).
// A copy is kept with every header of the answer, so that a reader whose page is in hand is
// answered before Express and the app see the request (`answer`, called first by the server);
// the middleware makes the copies, and serves those readers whom `answer` left to it.
//
// On a collection day opinions are committed many times a second. A page whose only
// change is in "collection" may, with `maxStaleMs` (PAGE_CACHE_STALE_MS, one
// second by default in the server), be served although it is behind: never more than
// `maxStaleMs`. Its copy is made again from the data once it is half that old, in the
// background (`dispatch`: a request of the cache's own, whose answer goes only into the
// cache) while every reader is served the copy in hand; without `dispatch`, by the
// request of the reader who finds it so. Past the bound, readers wait for that copy
// rather than each making their own — for `maxWaitMs` at most: a copy not made by then
// (a render held up, a connection that never finished) is left, reported through `slow`,
// and each of its readers makes their own. Any other change drops the page at once. With
// 0, newly collected opinions drop it too.
//
// On PostgreSQL, with several instances, the versions are notifications on channel
// data_changed naming the area, which the database sends at the commit
// (db/migrations-postgres): every instance listens and counts them. The instance that
// wrote counts a collection change at once, without waiting for the notification
// (which follows with the true area). While the listening connection is down nothing
// is served from the cache or kept in it.

/** What tells the cache that the data changed: each area's version (null: unknown), and this process's own writes. */
export type ChangeSignal = { versions: () => DataVersions | null; wrote?: () => void; close: () => void };

/**
 * The data_versions table, read on a connection of ours that never writes, and read
 * again only after a commit (SQLite's own count of commits by other connections,
 * PRAGMA data_version, moved). The count is asked once per turn of the event loop: the
 * requests answered in one turn arrived together, and no write made meanwhile has been
 * acknowledged yet (an acknowledgement waits for the log's flush, a later turn).
 */
export function sqliteChanges(databasePath: string): ChangeSignal {
  const watcher = new SQLite(databasePath, { readonly: true, fileMustExist: true });
  const dataVersion = watcher.prepare("PRAGMA data_version").pluck();
  const read = watcher.prepare("SELECT area, version FROM data_versions");
  let seen: unknown;
  let versions: DataVersions | null = null;
  let askedThisTurn = false;
  const nextTurn = () => (askedThisTurn = false);
  return {
    versions: () => {
      if (askedThisTurn && versions) return versions;
      askedThisTurn = true;
      setImmediate(nextTurn);
      const current = dataVersion.get();
      if (current !== seen || !versions) {
        seen = current;
        versions = Object.fromEntries((read.all() as { area: DataArea; version: number }[]).map((r) => [r.area, r.version])) as DataVersions;
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
  // The home page: the open drafts and three headline figures, none of which moves with collection.
  [/^\/$/, ["drafts", "figures"]],
  [/^\/(?:drafts(?:\/|$)|tracker(?:\/(?!receipt)|$))/, DATA_AREAS],
  [/^\/consultations(?:\/|$)/, ["consultations", "drafts"]],
  [/^\/open-data(?:\/?|\/summary\.json)$/, ["drafts", "figures"]],
  [/^\/(?:privacy|help)$/, []],
];
const SESSION_COOKIE = /(?:^|;\s*)(?:__Host-)?session=/;
const LANGUAGE_COOKIE = /(?:^|;\s*)lng=([^;]*)/;
/** The answer's headers a copy does not keep: set for each answer, or for this one alone (an HTML page's ETag is of its nonce). */
const UNKEPT_HEADERS = new Set(["date", "set-cookie", "content-length", "content-encoding", "transfer-encoding", "connection", "keep-alive", "x-page-cache", "vary"]);
/** The end of an HTML document, and the comments React may write after it. */
const DOCUMENT_END = /<\/html>(?:\s*<!--[^>]*-->)*\s*$/;
/** Smaller answers are not worth compressing (as the compression middleware's threshold). */
const GZIP_FROM_BYTES = 1024;

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
type Entry = { copy: PageCopy; nonce: string; headers: [string, string][]; etag: string | null; bytes: number; versions: DataVersions; at: number };
/** A copy being made, the requests waiting for it, and the timer that lets them go if it takes too long. */
type Render = {
  versions: DataVersions;
  at: number;
  waiting: { req: IncomingMessage; res: ServerResponse; nonce: string; next: () => void }[];
  timer?: NodeJS.Timeout;
};

/**
 * A GET of the address `from` asked for, by an anonymous reader in the same language, whose
 * answer is written nowhere: the cache keeps the page from what the app writes (`capture`).
 */
function backgroundRequest(from: IncomingMessage): { req: IncomingMessage; res: ServerResponse } {
  const req = new IncomingMessage(new Socket());
  req.method = "GET";
  req.url = from.url;
  const lng = LANGUAGE_COOKIE.exec(from.headers.cookie ?? "")?.[1];
  req.headers = { host: from.headers.host ?? "localhost", ...(lng === undefined ? {} : { cookie: `lng=${lng}` }), "user-agent": from.headers["user-agent"] ?? "" };
  req.push(null);
  const res = new ServerResponse(req);
  const callbackOf = (args: unknown[]) => args.find((a): a is () => void => typeof a === "function");
  res.write = ((_chunk: unknown, ...rest: unknown[]) => {
    const done = callbackOf(rest);
    if (done) process.nextTick(done);
    return true;
  }) as ServerResponse["write"];
  res.end = ((...args: unknown[]) => {
    if (!res.headersSent) res.writeHead(res.statusCode);
    const done = callbackOf(args);
    process.nextTick(() => {
      res.emit("finish");
      res.emit("close");
      done?.();
    });
    return res;
  }) as ServerResponse["end"];
  return { req, res };
}

export type PageCache = {
  /** Answers from a copy in hand and returns true, or returns false and leaves the request alone. */
  answer: (req: IncomingMessage, res: ServerResponse) => boolean;
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
  dispatch,
  maxWaitMs = 2000,
  slow,
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
  /** The server's handler behind the cache (Express), to make a page again in the background. */
  dispatch?: (req: IncomingMessage, res: ServerResponse) => void;
  /** How long a reader waits for a copy another request is making before making their own. */
  maxWaitMs?: number;
  /** Told of a copy not made within `maxWaitMs` (its path and how many readers were let go). */
  slow?: (path: string, readers: number) => void;
}): PageCache {
  // Insertion order is recency order: a hit moves its entry to the end, eviction takes from the front.
  const entries = new Map<string, Entry>();
  let bytes = 0;
  let hits = 0;
  let misses = 0;
  const renders = new Map<string, Render>();
  /** Pages being made again in the background, and since when; the requests doing it. */
  const refreshing = new Map<string, number>();
  const background = new WeakSet<IncomingMessage>();

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
  const standing = (made: DataVersions, at: number, current: DataVersions, areas: readonly DataArea[]) => {
    const moved = areas.filter((area) => made[area] !== current[area]);
    if (!moved.length) return { state: "fresh" as const, age: 0 };
    if (maxStaleMs && moved.every((area) => area === "collection")) return { state: "behind" as const, age: now() - at };
    return { state: "outdated" as const, age: 0 };
  };

  /** The copy, with `nonce` in place of its own ("" for an answer without one). */
  const send = (req: IncomingMessage, res: ServerResponse, entry: Entry, nonce: string, state: string) => {
    hits++;
    const headers: string[] = ["X-Page-Cache", state];
    for (const [name, value] of entry.headers) headers.push(name, entry.nonce && name === "content-security-policy" ? value.replaceAll(entry.nonce, nonce) : value);
    if (entry.etag && req.headers["if-none-match"]?.split(",").some((tag) => tag.trim() === entry.etag)) {
      return void res.writeHead(304, headers).end();
    }
    const gzip = entry.copy.size >= GZIP_FROM_BYTES && acceptsGzip(req.headers["accept-encoding"]);
    const body = gzip ? entry.copy.gzip(nonce) : entry.copy.plain(nonce);
    if (gzip) headers.push("Content-Encoding", "gzip");
    headers.push("Content-Length", String(body.length));
    res.writeHead(200, headers).end(req.method === "HEAD" ? undefined : body);
  };

  /** Wraps res.write/res.end to keep a copy of the answer as it is sent. */
  const capture = (res: ServerResponse, done: (body: string) => void) => {
    const chunks: Buffer[] = [];
    const keep = (chunk: unknown, encoding?: unknown) => {
      if (chunk == null || typeof chunk === "function") return;
      chunks.push(typeof chunk === "string" ? Buffer.from(chunk, typeof encoding === "string" ? (encoding as BufferEncoding) : "utf8") : Buffer.from(chunk as Uint8Array));
    };
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      return write(chunk, ...rest);
    }) as ServerResponse["write"];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      keep(chunk, rest[0]);
      done(Buffer.concat(chunks).toString("utf8"));
      return end(chunk, ...rest);
    }) as ServerResponse["end"];
  };

  /** A copy of the answer `res` is about to make, kept and given to the requests that wait for it. */
  const render = (key: string, res: ServerResponse, nonce: string, versions: DataVersions, next: () => void) => {
    misses++;
    res.setHeader("X-Page-Cache", "miss");
    const made: Render = { versions, at: now(), waiting: [] };
    renders.set(key, made);
    let kept: Entry | null = null;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      clearTimeout(made.timer);
      if (renders.get(key) === made) renders.delete(key);
      // Without a copy to give them (an error, a page for this visitor alone, a dropped connection), each makes its own.
      for (const waiter of made.waiting) (kept ? send(waiter.req, waiter.res, kept, waiter.nonce, "hit") : waiter.next());
    };
    res.once("close", finish);
    capture(res, (body) => {
      const contentType = String(res.getHeader("content-type") ?? "");
      const html = contentType.startsWith("text/html");
      // Only whole, successful pages (or JSON) that set nothing for this visitor alone. A whole page
      // carries the nonce in its scripts or, sent without scripts (app/root.tsx), ends its document
      // (React may add its markers, comments, after it).
      const nonceInPage = html && body.includes(nonce);
      const whole = res.statusCode === 200 && !res.getHeader("set-cookie") && (html ? nonceInPage || DOCUMENT_END.test(body) : contentType.startsWith("application/json"));
      if (whole && !/private|no-store/i.test(String(res.getHeader("cache-control") ?? ""))) {
        const headers = Object.entries(res.getHeaders()).flatMap(([name, value]) =>
          UNKEPT_HEADERS.has(name) || (html && name === "etag") || value === undefined ? [] : [[name, String(value)] as [string, string]],
        );
        // The copy is sent gzipped or not by the reader's Accept-Encoding, besides what the app's answer varied by.
        const vary = String(res.getHeader("vary") ?? "");
        headers.push(["vary", /accept-encoding/i.test(vary) ? vary : [vary, "Accept-Encoding"].filter(Boolean).join(", ")]);
        const copy = pageCopy(body, nonceInPage ? nonce : "");
        const etag = html ? null : ((res.getHeader("etag") as string | undefined) ?? null);
        kept = { copy, nonce: html ? nonce : "", headers, etag, bytes: copy.bytes, versions, at: made.at };
        // A copy begun later may have been kept already.
        if ((entries.get(key)?.at ?? -Infinity) <= made.at) store(key, kept);
      }
      finish();
    });
    next();
  };

  /** The cache's key for a GET of a public page by an anonymous reader, with the page's areas and the data's versions; else null. */
  const lookup = (req: IncomingMessage) => {
    const url = req.url ?? "";
    const cookies = req.headers.cookie ?? "";
    if (req.method !== "GET" || !url.startsWith("/") || SESSION_COOKIE.test(cookies)) return null;
    const query = url.indexOf("?");
    // The app matches routes on the decoded path without regard to case (/tracker/%72eceipt and
    // /tracker/Receipt are the receipt page): so does the cache, or a private page could be kept.
    const page = publicPage(query < 0 ? url : url.slice(0, query));
    const current = page && changes.versions();
    if (!page || !current) return null;
    return { key: `${day()} ${LANGUAGE_COOKIE.exec(cookies)?.[1] ?? ""} ${page.path}${query < 0 ? "" : url.slice(query)}`, areas: page.areas, current };
  };

  /** Makes the page `from` asked for again, as an anonymous reader in their language would get it, into the cache alone. */
  const refresh = (key: string, from: IncomingMessage) => {
    refreshing.set(key, now());
    const { req, res } = backgroundRequest(from);
    background.add(req);
    res.once("finish", () => refreshing.delete(key));
    // After the reader's own answer has gone.
    setImmediate(() => {
      try {
        dispatch!(req, res);
      } catch {
        refreshing.delete(key);
      }
    });
  };

  /**
   * The copy that may be served now, and how it stands ("hit" or "stale"); an outdated copy is forgotten.
   * A copy half as old as the bound is made again, in the background when `from` (the reader's request) allows.
   */
  const inHand = ({ key, areas, current }: NonNullable<ReturnType<typeof lookup>>, from?: IncomingMessage) => {
    const entry = entries.get(key);
    if (!entry) return null;
    const { state, age } = standing(entry.versions, entry.at, current, areas);
    if (state === "behind" && age < maxStaleMs && age >= maxStaleMs / 2 && !renders.has(key) && dispatch && from) {
      // A refresh that never ended (its request lost) is tried again once the bound has passed since.
      const since = refreshing.get(key);
      if (since === undefined || now() - since >= maxStaleMs) refresh(key, from);
    }
    if (state === "fresh" || (state === "behind" && age < maxStaleMs && (renders.has(key) || refreshing.has(key) || age < maxStaleMs / 2))) {
      entries.delete(key);
      entries.set(key, entry);
      return { entry, state: state === "fresh" ? "hit" : "stale" };
    }
    if (state === "outdated") forget(key);
    return null;
  };

  const answer = (req: IncomingMessage, res: ServerResponse) => {
    const found = lookup(req);
    const copy = found && inHand(found, req);
    if (!copy) return false;
    send(req, res, copy.entry, copy.entry.nonce ? cspNonce() : "", copy.state);
    return true;
  };

  const middleware: RequestHandler = (req, res, next) => {
    const nonce = res.locals.cspNonce as string | undefined;
    const found = nonce ? lookup(req) : null;
    if (!nonce || !found) return next();
    // The cache's own request, to make the page again.
    if (background.has(req)) return render(found.key, res, nonce, found.current, next);
    const copy = inHand(found, req);
    if (copy) return send(req, res, copy.entry, nonce, copy.state);
    // A copy under way that is recent enough: wait for it rather than make another.
    const inFlight = renders.get(found.key);
    if (inFlight) {
      const { state, age } = standing(inFlight.versions, inFlight.at, found.current, found.areas);
      if (state === "fresh" || (state === "behind" && age < maxStaleMs)) {
        inFlight.waiting.push({ req, res, nonce, next });
        inFlight.timer ??= setTimeout(() => {
          // Not made in time: nobody waits for it any more; its readers make their own.
          if (renders.get(found.key) === inFlight) renders.delete(found.key);
          const released = inFlight.waiting.splice(0);
          slow?.(req.url?.split("?")[0] ?? "", released.length);
          for (const waiter of released) waiter.next();
        }, maxWaitMs).unref();
        return;
      }
    }
    render(found.key, res, nonce, found.current, next);
  };

  return {
    answer,
    middleware,
    close: () => changes.close(),
    stats: () => ({ entries: entries.size, bytes, hits, misses }),
  };
}
