import crypto from "node:crypto";
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

async function serve(status = 200, setCookie = false, options: { maxStaleMs?: number; now?: () => number } = {}) {
  const database = await freshDatabase();
  databasePath = (await sql<{ file: string }>`PRAGMA database_list`.execute(database)).rows[0].file;
  const cache: PageCache = createPageCache({ databasePath, day: () => "2026-11-27", ...options });
  let renders = 0;
  const app = express();
  app.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    next();
  });
  app.use(cache.middleware);
  app.get("*", async (req, res) => {
    renders++;
    const drafts = await db.selectFrom("drafts").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    if (setCookie) res.cookie("lng", "en");
    res.status(status).type("html");
    // Written in two pieces, as a streamed render is.
    res.write(`<!DOCTYPE html><p>${req.path} drafts=${drafts.n}</p>`);
    res.end(`<script nonce="${res.locals.cspNonce}"></script>`);
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  running.push(() => new Promise<void>((resolve) => server.close(() => (cache.close(), resolve()))));
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const response = await fetch(origin + path, { headers });
    return { status: response.status, state: response.headers.get("x-page-cache"), body: await response.text() };
  };
  return { get, renders: () => renders };
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

  it("forgets every page as soon as anything is committed, by any connection", async () => {
    const { get } = await serve();
    expect((await get("/drafts")).body).toContain("drafts=0");
    expect((await get("/drafts")).state).toBe("hit");
    await addDraft();
    const after = await get("/drafts");
    expect(after.state).toBe("miss");
    expect(after.body).toContain("drafts=1");
  });

  it("with a bound on staleness, serves a page at most that long after the data moved, and renders it again once", async () => {
    let t = 10_000;
    const { get, renders } = await serve(200, false, { maxStaleMs: 1000, now: () => t });
    expect((await get("/drafts")).body).toContain("drafts=0");
    await addDraft();
    // Within the bound: the page in hand, said to be stale.
    t += 600;
    const stale = await get("/drafts");
    expect([stale.state, stale.body.includes("drafts=0")]).toEqual(["stale", true]);
    // Past it: rendered again, once, and then served as a page of the current data.
    t += 500;
    const fresh = await get("/drafts");
    expect([fresh.state, fresh.body.includes("drafts=1")]).toEqual(["miss", true]);
    expect((await get("/drafts")).state).toBe("hit");
    expect(renders()).toBe(2);
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
