import crypto from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Readable } from "node:stream";
import express from "express";
import JSZip from "jszip";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderMarkdown } from "~/utils/markdown.server";
import { nextExpiry, sessionPolicy } from "~/domain/session-policy";
import * as collectOpinion from "~/routes/collect.opinions.$id";
import * as drafts from "~/routes/drafts._index";
import * as language from "~/routes/language";
import * as login from "~/routes/login";
import * as queue from "~/routes/collect.queue";
import * as template from "~/routes/collect.import.template.$format";
import * as receipt from "~/routes/tracker.receipt";
import { checkFile } from "~/services/imports.server";
import { db } from "~/utils/db.server";
import { createPageCache } from "~/utils/page-cache.server";
import { readBodies, type BodyLimits } from "~/utils/request-body.server";
import { onPostgres, seededDatabase } from "../setup/database";
import { callRoute, signInAs } from "../setup/routes";

// Each finding of the security test of the running app, with the test that would
// catch its return (issue "Hardening").

beforeAll(async () => {
  await seededDatabase();
}, 120_000);

// ---- 1. Request bodies are counted as they arrive, chunked or not

const servers: http.Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

async function bodyServer(limits: BodyLimits, signedIn = false) {
  const app = express();
  app.use(readBodies({ limits, isSignedIn: async () => signedIn, refuse: (_req, res, status) => res.status(status).send(`refused ${status}`) }));
  app.post("*", (req, res) => res.send(`read ${req.rawBody?.length}`));
  const server = app.listen(0);
  servers.push(server);
  await new Promise((resolve) => server.once("listening", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Posts `total` bytes in 64 KiB chunks without announcing the length; reports the answer and how much was sent before it. */
function postChunked(url: string, total: number, type = "application/x-www-form-urlencoded"): Promise<{ status: number; body: string; sent: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const source = new Readable({
      read() {
        if (sent >= total) return this.push(null);
        sent += chunk.length;
        this.push(chunk);
      },
    });
    const request = http.request(url, { method: "POST", headers: { "Content-Type": type, "Transfer-Encoding": "chunked" } }, (response) => {
      let body = "";
      response.on("data", (d) => (body += d));
      response.on("end", () => resolve({ status: response.statusCode!, body, sent }));
    });
    request.on("error", (error: NodeJS.ErrnoException) => (error.code === "ECONNRESET" || error.code === "EPIPE" ? undefined : reject(error)));
    source.pipe(request);
  });
}

const LIMITS: BodyLimits = { anonymous: 16 * 1024, signedIn: 1024 * 1024, uploads: [{ path: /^\/upload$/, bytes: 8 * 1024 * 1024 }], budget: 64 * 1024 * 1024 };

describe("1. request bodies", () => {
  it("refuses a 200 MB chunked body to the sign-in form with 413, having read no more than its limit", async () => {
    const url = await bodyServer(LIMITS);
    const answer = await postChunked(`${url}/login`, 200 * 1024 * 1024);
    expect(answer.status).toBe(413);
    expect(answer.body).not.toContain("aaaa");
    // The connection is closed after the answer: the client could not send the 200 MB.
    expect(answer.sent).toBeLessThan(20 * 1024 * 1024);
  });

  it("gives signed-in users room for forms, and for files only where files are taken; chunked uploads are counted too", async () => {
    const url = await bodyServer(LIMITS, true);
    expect(await postChunked(`${url}/upload`, 5 * 1024 * 1024)).toMatchObject({ status: 200, body: `read ${5 * 1024 * 1024}` });
    expect((await postChunked(`${url}/upload`, 70 * 1024 * 1024)).status).toBe(413);
    expect((await postChunked(`${url}/staff/opinions/1`, 2 * 1024 * 1024)).status).toBe(413);
    const declared = await fetch(`${url}/login`, { method: "POST", body: "x".repeat(2 * 1024 * 1024), headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(declared.status).toBe(413);
  });

  it("refuses a JSON body with 415, and answers 503 when all bodies being read would pass the shared budget", async () => {
    const url = await bodyServer(LIMITS);
    const json = await fetch(`${url}/login`, { method: "POST", body: JSON.stringify({ username: "staff" }), headers: { "Content-Type": "application/json" } });
    expect(json.status).toBe(415);
    const tight = await bodyServer({ ...LIMITS, budget: 4 * 1024 }, true);
    const busy = await fetch(`${tight}/upload`, { method: "POST", body: "x".repeat(64 * 1024), headers: { "Content-Type": "text/plain" } });
    expect(busy.status).toBe(503);
    expect(busy.headers.get("retry-after")).toBe("5");
  });
});

// ---- 2. Spreadsheets are bounded before the work, in a worker

async function zipped(files: Record<string, string>): Promise<Uint8Array> {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(files)) zip.file(name, text);
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE", compressionOptions: { level: 9 } });
}

const WORKBOOK = {
  "[Content_Types].xml": `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
  "xl/workbook.xml": `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="意见" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  "xl/_rels/workbook.xml.rels": `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
};

describe("2. spreadsheets", () => {
  const collector = { id: 0, role: "liaison", contactPointId: 0, scope: "contact-point" };
  beforeAll(async () => {
    collector.contactPointId = (await db.selectFrom("contact_points").select("id").where("code", "=", "JH-L-12").executeTakeFirstOrThrow()).id;
  });

  /** Checks `file` while timing another request; both figures in milliseconds. */
  async function checkWhileServing(file: Uint8Array) {
    const started = performance.now();
    const checking = checkFile(collector, file).then((r) => ({ r, ms: performance.now() - started }));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const other = performance.now();
    const page = await callRoute(drafts.loader, { path: "/drafts" });
    const otherMs = performance.now() - other;
    const { r, ms } = await checking;
    return { result: r, ms, otherMs, otherStatus: page.status };
  }

  it("refuses a million-row sheet quickly, counting rows as it unpacks, while another request is answered", async () => {
    const rows = Array.from({ length: 1_000_000 }, (_, i) => `<row r="${i + 1}"/>`).join("");
    const file = await zipped({ ...WORKBOOK, "xl/worksheets/sheet1.xml": `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${rows}</sheetData></worksheet>` });
    expect(file.length).toBeLessThan(5 * 1024 * 1024);
    const { result, ms, otherMs, otherStatus } = await checkWhileServing(file);
    expect(result).toMatchObject({ ok: false, reason: "collect:import.tooManyRows" });
    expect(ms).toBeLessThan(10_000);
    expect(otherStatus).toBe(200);
    expect(otherMs).toBeLessThan(2_000);
  }, 60_000);

  it("refuses a zip bomb and a 300 MB cell by their declared sizes, before unpacking them", async () => {
    const bomb = await zipped({ ...WORKBOOK, "xl/worksheets/sheet1.xml": "<".repeat(100 * 1024 * 1024) });
    expect(bomb.length).toBeLessThan(1024 * 1024);
    expect((await checkWhileServing(bomb)).result).toMatchObject({ ok: false, reason: "collect:import.tooComplex" });
    const cell = await zipped({ ...WORKBOOK, "xl/sharedStrings.xml": `<sst><si><t>${"字".repeat(50 * 1024 * 1024)}</t></si></sst>`, "xl/worksheets/sheet1.xml": "<worksheet/>" });
    const started = performance.now();
    expect(await checkFile(collector, cell)).toMatchObject({ ok: false, reason: "collect:import.tooComplex" });
    expect(performance.now() - started).toBeLessThan(10_000);
  }, 120_000);
});

// ---- 3. Private pages never enter the public page cache

// Over SQLite's data_version; the same rules over PostgreSQL: tests/integration/instances.test.ts.
describe.skipIf(onPostgres)("3. the public page cache", () => {
  it("keys and rules on the decoded, case-folded path, and never keeps an answer marked private or no-store", async () => {
    const file = (await sql<{ file: string }>`PRAGMA database_list`.execute(db)).rows[0].file;
    const cache = createPageCache({ databasePath: file, day: () => "2026-11-27" });
    const app = express();
    app.use((_req, res, next) => {
      res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
      next();
    });
    app.use(cache.middleware);
    app.get("*", (req, res) => {
      if (/receipt/i.test(decodeURIComponent(req.path)) || req.query.private) res.set("Cache-Control", "private, no-store");
      res.type("html").send(`<p>${req.path}</p><script nonce="${res.locals.cspNonce}"></script>`);
    });
    // As the server: a page in hand is answered before Express.
    const server = http.createServer((req, res) => void (cache.answer(req, res) || app(req, res))).listen(0);
    servers.push(server);
    await new Promise((resolve) => server.once("listening", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    for (const variant of ["/tracker/receipt?code=ABCDEFGH", "/tracker/Receipt?code=ABCDEFGH", "/tracker/%72eceipt?code=ABCDEFGH", "/TRACKER/RECEIPT?code=ABCDEFGH", "/tracker?private=1"]) {
      await fetch(`${url}${variant}`);
      const again = await fetch(`${url}${variant}`);
      expect(again.headers.get("x-page-cache"), variant).not.toBe("hit");
    }
    await fetch(`${url}/tracker`);
    expect((await fetch(`${url}/Tracker`)).headers.get("x-page-cache")).toBe("hit");
    cache.close();
  });
});

// ---- 4. Redirects stay on this site

describe("4. redirects", () => {
  it("after sign-in and the language switch, whatever redirectTo holds", async () => {
    for (const to of ["/\t/evil.example", "/\n/evil.example", "//evil.example", "/\\evil.example", "https://evil.example", "/%0A"]) {
      const switched = await callRoute(language.action, { method: "POST", form: { lng: "en", redirectTo: to } });
      expect(switched.status, JSON.stringify(to)).toBe(302);
      expect(new URL(switched.location!, "http://here.example").host).toBe("here.example");
      expect(switched.location).not.toMatch(/[\r\n\t]/);
    }
    const signedIn = await callRoute(login.action, { method: "POST", form: { username: "staff", password: "zhitongche-demo", redirectTo: "/\t/evil.example" }, address: "198.51.100.40" });
    expect(signedIn.location).toBe("/staff");
  });
});

// ---- 5. Changing a record is checked like recording it

describe("5. editing an opinion", () => {
  it("refuses another contact point's event and a unit of another grid", async () => {
    const cookie = await signInAs("informant");
    const informant = await db.selectFrom("users").select(["id", "contact_point_id"]).where("username", "=", "informant").executeTakeFirstOrThrow();
    const own = await db.selectFrom("opinions").selectAll().where("collector_id", "=", informant.id).where("status", "=", "collected").executeTakeFirstOrThrow();
    const foreignEvent = await db.selectFrom("collection_events").select("id").where("contact_point_id", "!=", informant.contact_point_id!).executeTakeFirstOrThrow();
    const foreignUnit = await db.selectFrom("places").select("id").where("level", "=", "unit").where("parent_id", "!=", own.grid_id).executeTakeFirstOrThrow();
    const form = {
      article: "", gridId: String(own.grid_id), channel: own.channel, collectedOn: own.collected_on, submitterCategory: own.submitter_category, opinion: own.opinion,
    };
    const withEvent = await callRoute(collectOpinion.action, { method: "POST", cookie, params: { id: String(own.id) }, form: { ...form, eventId: String(foreignEvent.id) } });
    expect(withEvent.status).toBe(400);
    expect(withEvent.data.errors.eventId).toEqual(["validation.invalidChoice"]);
    const withUnit = await callRoute(collectOpinion.action, { method: "POST", cookie, params: { id: String(own.id) }, form: { ...form, unitId: String(foreignUnit.id) } });
    expect(withUnit.status).toBe(400);
    expect(withUnit.data.errors.unitId).toEqual(["collect:errors.unit"]);
    expect((await db.selectFrom("opinions").select(["event_id", "unit_id"]).where("id", "=", own.id).executeTakeFirstOrThrow())).toEqual({ event_id: own.event_id, unit_id: own.unit_id });
  });
});

// ---- 6. Nobody can lock a user out

describe("6. sign-in throttling", () => {
  const attempt = (username: string, address: string, password = "wrong", cookie?: string) =>
    callRoute(login.action, { method: "POST", form: { username, password }, address, cookie });

  it("slows an address that keeps failing, tells it when to try again, and records the attempts", async () => {
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await attempt("cppcc", "203.0.113.9")).status);
    expect(statuses).toEqual([400, 400, 400, 400, 429, 429]);
    const waiting = await attempt("cppcc", "203.0.113.9", "zhitongche-demo");
    expect(waiting.status).toBe(429);
    expect(Number(waiting.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(waiting.data.errors._form).toEqual(["auth:login.wait"]);
    const cppcc = await db.selectFrom("users").select("id").where("username", "=", "cppcc").executeTakeFirstOrThrow();
    const audit = await db.selectFrom("audit_log").select(["action", "after"]).where("entity", "=", "user").where("entity_id", "=", String(cppcc.id)).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(["sign_in_failed", "sign_in_throttled"]));
    expect(audit.some((a) => a.after?.includes("203.0.113.9"))).toBe(true);
  });

  it("leaves the user able to sign in while others fail from many addresses", async () => {
    const first = await attempt("liaison", "198.51.100.7", "zhitongche-demo");
    expect(first.status).toBe(302);
    const device = first.headers.get("set-cookie")!.match(/(?:__Host-)?device=[a-z2-7]+/)![0];
    for (let i = 1; i <= 40; i++) await attempt("liaison", `203.0.114.${i}`);
    // From their own browser (its device cookie) at a new address, and from their usual address.
    expect((await attempt("liaison", "192.0.2.200", "zhitongche-demo", device)).status).toBe(302);
    expect((await attempt("liaison", "198.51.100.7", "zhitongche-demo")).status).toBe(302);
  });
});

// ---- 7. Formulas in what the app writes to CSV

describe("7. the import template as CSV", () => {
  it("escapes a draft title that a spreadsheet would run as a formula", async () => {
    const liaison = await db.selectFrom("users").select("contact_point_id").where("username", "=", "liaison").executeTakeFirstOrThrow();
    const draft = await db
      .selectFrom("drafts").innerJoin("draft_contact_points", "draft_contact_points.draft_id", "drafts.id").select("drafts.id")
      .where("draft_contact_points.contact_point_id", "=", liaison.contact_point_id!).where("drafts.status", "=", "open").executeTakeFirstOrThrow();
    await db.updateTable("drafts").set({ title: "=HYPERLINK(\"http://evil.example\",\"点我\")" }).where("id", "=", draft.id).execute();
    const cookie = await signInAs("liaison");
    const response = (await template.loader({
      request: new Request(`http://localhost/collect/import/template/csv?draft=${draft.id}`, { headers: { cookie } }), params: { format: "csv" }, context: {},
    })) as Response;
    const text = new TextDecoder().decode(await response.arrayBuffer());
    expect(text).toContain(`'=HYPERLINK(`);
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);
  });
});

// ---- 9. What a user can type never makes a 500

describe("9. input hygiene", () => {
  it("answers a search for NUL, a form with NUL or U+FFFD, and 40,000 ids with 4xx or a plain page, never a 500", async () => {
    expect((await callRoute(drafts.loader, { path: "/drafts?q=%00%00%E6%B3%95%E5%BE%8B%00" })).status).toBe(200);
    const cookie = await signInAs("liaison");
    const ids = Array.from({ length: 40_000 }, (_, i) => String(i + 1));
    const many = await callRoute(queue.action, { method: "POST", cookie, form: { intent: "ready", ids } });
    expect(many.status).toBe(400);
    expect(many.data.errors.ids).toEqual(["validation.tooMany"]);
    const informant = await signInAs("informant");
    const own = await db.selectFrom("opinions").innerJoin("users", "users.id", "opinions.collector_id").select(["opinions.id", "opinions.grid_id", "opinions.collected_on"])
      .where("users.username", "=", "informant").where("opinions.status", "=", "collected").executeTakeFirstOrThrow();
    for (const text of ["意见\u0000", "乱码\ufffd"]) {
      const saved = await callRoute(collectOpinion.action, {
        method: "POST", cookie: informant, params: { id: String(own.id) },
        form: { article: "", gridId: String(own.grid_id), channel: "seminar", collectedOn: own.collected_on, submitterCategory: "resident", opinion: text },
      });
      expect(saved.status).toBe(400);
      expect(saved.data.errors.opinion).toEqual(["validation.untypable"]);
      expect(saved.data.values.opinion).not.toMatch(/[\u0000\ufffd]/);
    }
  });
});

// ---- 10. The last edges

describe("10. markdown, sessions, 429s", () => {
  it("drops id and name from user Markdown", () => {
    const html = renderMarkdown('<span id="__remixContext">x</span> <a name="top" href="/">a</a>');
    expect(html).not.toMatch(/\bid=|\bname=/);
  });

  it("ends a field session 90 days after sign-in, however often it is used", () => {
    const start = Date.parse("2026-01-01T00:00:00Z");
    const policy = sessionPolicy("informant");
    expect(nextExpiry(policy, start, start + 89 * 86_400_000)).toBe(start + 90 * 86_400_000);
  });

  it("says when to try again on every 429", async () => {
    let last;
    for (let i = 0; i < 21; i++) last = await callRoute(receipt.loader, { path: "/tracker/receipt?code=ABCDEFGH", address: "192.0.2.77" });
    expect(last!.status).toBe(429);
    expect(last!.headers.get("retry-after")).toBe("60");
  });
});

// ---- The fuzz: every form route, every role, random bytes and random values

const FIELDS = [
  "intent", "id", "ids", "draftId", "article", "gridId", "unitId", "channel", "collectedOn", "eventId", "submitterCategory", "consent", "residentName",
  "residentPhone", "opinion", "suggestedRevision", "reason", "title", "kind", "reading", "deadline", "receivedOn", "text", "recipient", "sentOn", "enactedOn",
  "topic", "level", "heldOn", "placeId", "minutes", "to", "note", "notedOn", "username", "password", "displayName", "role", "contactPointId", "lng",
  "redirectTo", "primaryId", "comment", "which", "keep", "checksum", "type", "body", "departmentId", "currentPassword", "newPassword", "confirmPassword",
];

function randomValue(random: () => number): string | string[] {
  const pick = <T,>(xs: T[]) => xs[Math.floor(random() * xs.length)];
  const kind = Math.floor(random() * 8);
  if (kind === 0) return crypto.randomBytes(Math.floor(random() * 64)).toString("latin1");
  if (kind === 1) return "\u0000".repeat(3) + "=cmd|'/C calc'!A0";
  if (kind === 2) return String(Math.floor(random() * 1e12) - 1e6);
  if (kind === 3) return "字".repeat(Math.floor(random() * 20_000));
  if (kind === 4) return Array.from({ length: Math.floor(random() * 50) }, () => String(Math.floor(random() * 100)));
  if (kind === 5) return pick(["2026-02-30", "1899-01-01", "9999-12-31", "", " ", "null", "undefined", "[]", "{}", "../../etc/passwd"]);
  if (kind === 6) return pick(["save", "ready", "sendBack", "merge", "review", "notForward", "enact", "feedback", "withdraw", "status", "recheck", "close"]);
  return `<script>alert(${Math.floor(random() * 100)})</script>\ufffd`;
}

describe("fuzz", () => {
  it("posts random bytes and random values to every form route as every role: never a 5xx, never a row written", async () => {
    const routes = fs.readdirSync(path.join("app", "routes")).filter((f) => /\.tsx?$/.test(f) && fs.readFileSync(path.join("app", "routes", f), "utf8").includes("export async function action"));
    expect(routes.length).toBeGreaterThan(20);
    const tables = ["opinions", "reports", "consultations", "consultation_outputs", "collection_events", "drafts", "users", "import_batches"] as const;
    const count = async () => Object.fromEntries(await Promise.all(tables.map(async (t) => [t, Number((await db.selectFrom(t).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow()).n)])));
    const before = await count();
    const cookies = { none: undefined, informant: await signInAs("informant"), liaison: await signInAs("liaison"), staff: await signInAs("staff"), cppcc: await signInAs("cppcc"), admin: await signInAs("admin") };
    let seed = 20261202;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const failures: string[] = [];
    for (const file of routes) {
      const module = await import(`~/routes/${file.replace(/\.tsx?$/, "")}`);
      for (const [role, cookie] of Object.entries(cookies)) {
        for (let i = 0; i < 6; i++) {
          const form: Record<string, string | string[]> = {};
          for (let k = Math.floor(random() * 8); k >= 0; k--) form[FIELDS[Math.floor(random() * FIELDS.length)]] = randomValue(random);
          const params = { id: String(Math.floor(random() * 50) + 1), draftId: String(Math.floor(random() * 60) + 1), token: "a".repeat(24), format: "xlsx" };
          try {
            const result = await callRoute(module.action, { method: "POST", cookie, form, params, path: `/${file}`, address: `10.9.${i}.${Math.floor(random() * 250)}` });
            if (result.status >= 500) failures.push(`${file} as ${role}: ${result.status}`);
          } catch (error) {
            failures.push(`${file} as ${role}: threw ${(error as Error).message.slice(0, 120)}`);
          }
        }
      }
    }
    expect(failures).toEqual([]);
    expect(await count()).toEqual(before);
  }, 300_000);
});
