import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import express from "express";
import { sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/connection";
import { nowIso } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { createPageCache, type PageCache } from "~/utils/page-cache.server";
import { freshDatabase, onPostgres } from "../setup/database";

// The page cache in front of a real HTTP server and a real database file: a page
// whose body shows a value from the database and the request's nonce.

const running: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of running.splice(0)) await close();
});

let databasePath = "";

async function serve(
  status = 200,
  setCookie = false,
  options: { maxStaleMs?: number; now?: () => number; renderMs?: number; background?: boolean; maxWaitMs?: number; slow?: (path: string, readers: number) => void } = {},
) {
  const database = await freshDatabase();
  databasePath = (await sql<{ file: string }>`PRAGMA database_list`.execute(database)).rows[0].file;
  const { renderMs = 0, background = false, ...cacheOptions } = options;
  const cache: PageCache = createPageCache({
    databasePath, day: () => "2026-11-27", ...cacheOptions,
    // As the server: pages behind the data are made again through the app.
    ...(background ? { dispatch: (req: http.IncomingMessage, res: http.ServerResponse) => app(req, res) } : {}),
  });
  let renders = 0;
  const languages: string[] = [];
  const app = express();
  app.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    res.set({ "Content-Security-Policy": `script-src 'self' 'nonce-${res.locals.cspNonce}'`, "X-Frame-Options": "DENY" });
    next();
  });
  app.use(cache.middleware);
  app.get("/open-data/summary.json", (req, res) => {
    renders++;
    res.set({ ETag: '"summary-1"', "Access-Control-Allow-Origin": "*" }).json({ opinions: 1, words: "意见".repeat(1000) });
  });
  // A page sent without the app's scripts: no nonce in it, only in its CSP header.
  app.get("/privacy", (_req, res) => {
    renders++;
    res.type("html").send(`<!DOCTYPE html><html><body><p>${"隐私说明".repeat(300)}</p></body></html><!--$--><!--/$-->`);
  });
  app.get("*", async (req, res) => {
    renders++;
    languages.push(req.cookies?.lng ?? /lng=([^;]*)/.exec(req.get("cookie") ?? "")?.[1] ?? "");
    const drafts = await db.selectFrom("drafts").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const collection = await db.selectFrom("data_versions").select("version").where("area", "=", "collection").executeTakeFirstOrThrow();
    if (renderMs) await new Promise((resolve) => setTimeout(resolve, renderMs));
    if (setCookie) res.cookie("lng", "en");
    res.status(status).type("html");
    // Written in two pieces, as a streamed render is.
    res.write(`<!DOCTYPE html><p>${req.path} drafts=${drafts.n} collection=${collection.version}</p><p>${"采纳追踪".repeat(200)}</p>`);
    res.end(`<script nonce="${res.locals.cspNonce}"></script>`);
  });
  // As the server: a page in hand is answered before Express.
  const server = http.createServer((req, res) => void (cache.answer(req, res) || app(req, res))).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  running.push(() => new Promise<void>((resolve) => server.close(() => (cache.close(), resolve()))));
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(origin + path, { headers });
    return { status: response.status, state: response.headers.get("x-page-cache"), headers: response.headers, body: await response.text() };
  };
  return { get, renders: () => renders, languages };
}

/** A commit by another connection. */
async function addDraft() {
  const other = openDatabase(databasePath);
  const now = nowIso();
  await other.insertInto("drafts").values({
    title: "测试草案", kind: "law", requesting_body: "全国人大常委会法制工作委员会", received_on: "2026-11-01", deadline: "2026-12-31",
    status: "draft", created_at: now, updated_at: now,
  }).execute();
  await other.destroy();
}

/** Newly collected opinions, or another area's change, as another connection's commit tells it. */
async function moveArea(area: string) {
  const other = openDatabase(databasePath);
  await sql`UPDATE data_versions SET version = version + 1 WHERE area = ${area}`.execute(other);
  await other.destroy();
}

const nonceOf = (body: string) => /nonce="([^"]+)"/.exec(body)?.[1];

// SQLite's data_version; on PostgreSQL the cache is emptied by notifications (tests/integration/instances.test.ts).
describe.skipIf(onPostgres)("the public page cache", () => {
  it("serves a public page again for anonymous readers, with a fresh nonce each time", async () => {
    const { get, renders } = await serve();
    const first = await get("/tracker");
    const second = await get("/tracker");
    expect([first.state, second.state]).toEqual(["miss", "hit"]);
    expect(renders()).toBe(1);
    expect(second.body.replace(nonceOf(second.body)!, "")).toBe(first.body.replace(nonceOf(first.body)!, ""));
    expect(nonceOf(second.body)).not.toBe(nonceOf(first.body));
    // The address, query string included, and the language are part of the key.
    expect((await get("/tracker?year=2022")).state).toBe("miss");
    expect((await get("/tracker", { cookie: "lng=ImVuIg%3D%3D" })).state).toBe("miss");
    expect((await get("/tracker", { cookie: "lng=ImVuIg%3D%3D" })).state).toBe("hit");
  });

  it("keeps a whole page sent without scripts, its CSP header given a fresh nonce each time", async () => {
    const { get, renders } = await serve();
    const first = await get("/privacy");
    const second = await get("/privacy");
    expect([first.state, second.state, renders()]).toEqual(["miss", "hit", 1]);
    expect(second.body).toBe(first.body);
    const cspNonce = (r: { headers: Headers }) => /'nonce-([^']+)'/.exec(r.headers.get("content-security-policy") ?? "")?.[1];
    expect(cspNonce(second)).toBeTruthy();
    expect(cspNonce(second)).not.toBe(cspNonce(first));
  });

  it("answers from the copy with the page's headers, the nonce swapped in the page and the CSP alike, gzipped when asked", async () => {
    const { get, renders } = await serve();
    const first = await get("/tracker", { "accept-encoding": "identity" });
    for (const encoding of ["gzip, deflate", "identity", "gzip;q=0"]) {
      const again = await get("/tracker", { "accept-encoding": encoding });
      expect(again.state).toBe("hit");
      expect(again.headers.get("content-encoding")).toBe(encoding.startsWith("gzip,") ? "gzip" : null);
      expect(again.body.replace(nonceOf(again.body)!, "")).toBe(first.body.replace(nonceOf(first.body)!, ""));
      expect(again.headers.get("content-security-policy")).toBe(`script-src 'self' 'nonce-${nonceOf(again.body)}'`);
      expect(again.headers.get("x-frame-options")).toBe("DENY");
      expect(again.headers.get("vary")).toBe("Accept-Encoding");
      // An HTML page's ETag would be of the first reader's nonce.
      expect(again.headers.get("etag")).toBeNull();
    }
    // JSON keeps the app's ETag, and a reader who holds it is told nothing changed.
    const summary = await get("/open-data/summary.json");
    const kept = await get("/open-data/summary.json", { "accept-encoding": "gzip" });
    expect([kept.state, kept.body, kept.headers.get("etag"), kept.headers.get("access-control-allow-origin")]).toEqual(["hit", summary.body, '"summary-1"', "*"]);
    expect(kept.headers.get("content-type")).toMatch(/^application\/json/);
    expect((await get("/open-data/summary.json", { "if-none-match": 'W/"x", "summary-1"' })).status).toBe(304);
    expect(renders()).toBe(2);
  });

  it("forgets a page as soon as data it shows is committed, by any connection, and keeps the pages that do not show it", async () => {
    const { get } = await serve();
    for (const path of ["/", "/drafts", "/consultations", "/open-data/summary.json", "/privacy"]) await get(path);
    expect((await get("/drafts")).state).toBe("hit");
    // A new draft: through the table's trigger, the drafts' version moves.
    await addDraft();
    const after = await get("/drafts");
    expect(after.state).toBe("miss");
    expect(after.body).toContain("drafts=1");
    expect((await get("/consultations")).state).toBe("miss");
    expect((await get("/")).state).toBe("miss");
    expect((await get("/privacy")).state).toBe("hit");
    // Opinions collected: neither the consultations, the home page nor the open data's figures show them.
    await moveArea("collection");
    expect((await get("/consultations")).state).toBe("hit");
    expect((await get("/")).state).toBe("hit");
    expect((await get("/open-data/summary.json")).state).toBe("miss");
    expect((await get("/open-data/summary.json")).state).toBe("hit");
    expect((await get("/drafts")).state).toBe("miss");
    // Outcomes recorded: the figures move.
    await moveArea("figures");
    expect((await get("/open-data/summary.json")).state).toBe("miss");
    expect((await get("/")).state).toBe("miss");
    expect((await get("/consultations")).state).toBe("hit");
  });

  it("bumps only the area a table belongs to", async () => {
    await serve();
    const versions = async () => Object.fromEntries((await db.selectFrom("data_versions").selectAll().execute()).map((r) => [r.area, r.version]));
    const before = await versions();
    await addDraft();
    expect(await versions()).toEqual({ ...before, drafts: before.drafts + 1 });
  });

  it("with a bound on staleness, serves a page behind by collected opinions at most that long, and renders it again once", async () => {
    let t = 10_000;
    const { get, renders } = await serve(200, false, { maxStaleMs: 1000, now: () => t });
    expect((await get("/drafts")).body).toContain("collection=1");
    await moveArea("collection");
    // Within half the bound: the page in hand, said to be stale.
    t += 400;
    const stale = await get("/drafts");
    expect([stale.state, stale.body.includes("collection=1")]).toEqual(["stale", true]);
    // Past half of it: made again, once, and then served as a page of the current data.
    t += 200;
    const fresh = await get("/drafts");
    expect([fresh.state, fresh.body.includes("collection=2")]).toEqual(["miss", true]);
    expect((await get("/drafts")).state).toBe("hit");
    expect(renders()).toBe(2);
    // Any other change is shown at once, bound or not.
    await addDraft();
    t += 10;
    expect((await get("/drafts")).body).toContain("drafts=1");
  });

  it("with the app to dispatch to, makes a page behind the data again in the background: no reader waits for it", async () => {
    let t = 10_000;
    const { get, renders, languages } = await serve(200, false, { maxStaleMs: 1000, now: () => t, renderMs: 50, background: true });
    expect((await get("/drafts", { cookie: "lng=en" })).body).toContain("collection=1");
    await moveArea("collection");
    t += 600;
    // Past half the bound: every reader gets the copy in hand at once, and one copy is made meanwhile.
    const readers = await Promise.all(Array.from({ length: 5 }, () => get("/drafts", { cookie: "lng=en" })));
    expect(readers.map((r) => [r.state, r.body.includes("collection=1")])).toEqual(Array.from({ length: 5 }, () => ["stale", true]));
    // Until it is made, readers keep getting the copy in hand; then the new one.
    await expect.poll(async () => (await get("/drafts", { cookie: "lng=en" })).state).toBe("hit");
    expect((await get("/drafts", { cookie: "lng=en" })).body).toContain("collection=2");
    expect(renders()).toBe(2);
    // Made for a reader in the same language.
    expect(languages).toEqual(["en", "en"]);
    // Past the bound with no copy made (none asked for since): the reader's own request makes it.
    await moveArea("collection");
    t += 1500;
    const late = await get("/drafts", { cookie: "lng=en" });
    expect([late.state, late.body.includes("collection=3")]).toEqual(["miss", true]);
  });

  it("makes a page once for the readers who ask for it together, and past the bound they wait for that copy", async () => {
    let t = 10_000;
    const { get, renders } = await serve(200, false, { maxStaleMs: 1000, now: () => t, renderMs: 100 });
    const together = await Promise.all(Array.from({ length: 8 }, () => get("/tracker")));
    expect(renders()).toBe(1);
    expect(together.map((r) => r.state).sort()).toEqual(["hit", "hit", "hit", "hit", "hit", "hit", "hit", "miss"]);
    // Each with its own nonce.
    expect(new Set(together.map((r) => nonceOf(r.body))).size).toBe(8);
    await moveArea("collection");
    t += 1500;
    const later = await Promise.all(Array.from({ length: 8 }, () => get("/tracker")));
    expect(renders()).toBe(2);
    expect(later.every((r) => r.body.includes("collection=2"))).toBe(true);
  });

  it("lets readers waiting for a copy that takes too long make their own, and reports it", async () => {
    const reported: [string, number][] = [];
    const { get, renders } = await serve(200, false, { renderMs: 600, maxWaitMs: 100, slow: (path, readers) => reported.push([path, readers]) });
    const first = get("/tracker");
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    const others = await Promise.all([get("/tracker"), get("/tracker")]);
    // They made their own (600 ms each) after waiting 100 ms, not after the first copy's 600.
    expect(Date.now() - started).toBeLessThan(1000);
    expect((await first).status).toBe(200);
    expect(others.every((r) => r.status === 200 && r.body.includes("/tracker drafts="))).toBe(true);
    expect(renders()).toBe(3);
    expect(reported).toEqual([["/tracker", 2]]);
  });

  it("leaves signed-in visitors, private pages, receipts, errors and cookie-setting answers alone", async () => {
    const { get, renders } = await serve();
    for (const [path, headers] of [
      ["/tracker", { cookie: "session=abc" }],
      ["/tracker", { cookie: "lng=x; __Host-session=abc" }],
      ["/staff", {}],
      ["/collect/new", {}],
      ["/tracker/receipt?code=ABCD2345", {}],
      ["/login", {}],
    ] as const) {
      expect((await get(path, headers)).state, path).toBeNull();
      expect((await get(path, headers)).state, path).toBeNull();
    }
    expect(renders()).toBe(12);

    const failing = await serve(404);
    await failing.get("/drafts/999");
    expect((await failing.get("/drafts/999")).state).toBe("miss");

    const cookie = await serve(200, true);
    await cookie.get("/");
    expect((await cookie.get("/")).state).toBe("miss");
  });
});
