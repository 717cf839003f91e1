import { beforeEach, describe, expect, it } from "vitest";
import * as manifest from "~/routes/manifest[.]webmanifest";
import * as offlinePages from "~/routes/collect.offline-pages[.]json";
import * as send from "~/routes/collect.outbox_.send";
import { db } from "~/utils/db.server";
import { seededDatabase } from "../setup/database";
import { callRoute, signInAs } from "../setup/routes";

// The phone's outbox delivers opinions recorded without a signal to POST /collect/outbox/send
// (issue "Collect without signal"): each once, whatever happens to the answers.

let draftId: number;
let myGrid: number;
let foreignGrid: number;
let cookie: string;

beforeEach(async () => {
  await seededDatabase();
  const informant = await db.selectFrom("users").select(["id", "contact_point_id"]).where("username", "=", "informant").executeTakeFirstOrThrow();
  draftId = (
    await db
      .selectFrom("drafts")
      .innerJoin("draft_contact_points", "draft_contact_points.draft_id", "drafts.id")
      .select("drafts.id")
      .where("drafts.status", "=", "open")
      .where("draft_contact_points.contact_point_id", "=", informant.contact_point_id!)
      .executeTakeFirstOrThrow()
  ).id;
  myGrid = (await db.selectFrom("user_grids").select("grid_id").where("user_id", "=", informant.id).executeTakeFirstOrThrow()).grid_id;
  foreignGrid = (
    await db.selectFrom("contact_point_grids").select("grid_id").where("contact_point_id", "!=", informant.contact_point_id!).executeTakeFirstOrThrow()
  ).grid_id;
  cookie = await signInAs("informant");
});

const queued = (extra: Record<string, string> = {}) => ({
  draftId: String(draftId), idempotencyKey: "outbox-0001-abcdef", collector: "informant", article: "第二条", gridId: String(myGrid),
  channel: "home_visit", collectedOn: "2026/11/20", submitterCategory: "resident", consent: "on", residentName: "王阿姨", residentPhone: "13812345678",
  opinion: "村里没有信号时记下的意见。", ...extra,
});
const post = (fields: Record<string, string>, as = cookie) => callRoute(send.action, { method: "POST", cookie: as, path: "/collect/outbox/send", form: fields });
const stored = (key: string) => db.selectFrom("opinions").select(["id", "receipt_code", "resident_name"]).where("idempotency_key", "like", `%:${key}`).execute();

describe("sending a queued opinion", () => {
  it("stores it and answers with the server's receipt code", async () => {
    const result = await post(queued());
    expect(result.status).toBe(200);
    expect(result.data).toMatchObject({ status: "saved", receiptCode: expect.stringMatching(/^[2-9A-HJKMNP-Z]{8}$/) });
    const rows = await stored("outbox-0001-abcdef");
    expect(rows).toEqual([{ id: result.data.id, receipt_code: result.data.receiptCode, resident_name: "王阿姨" }]);
    expect(result.headers.get("cache-control")).toBe("no-store");
  });

  it("saves it once when the answer was lost and the phone sends it again", async () => {
    const first = await post(queued());
    const again = await post(queued());
    expect(again.data).toEqual({ status: "again", id: first.data.id, receiptCode: first.data.receiptCode });
    expect(await stored("outbox-0001-abcdef")).toHaveLength(1);
  });

  it("keeps it waiting when the sign-in expired, or someone else signed in", async () => {
    const signedOut = await post(queued(), "");
    expect(signedOut.status).toBe(401);
    expect(signedOut.data.status).toBe("signedOut");
    const liaison = await signInAs("liaison");
    const otherUser = await post(queued(), liaison);
    expect(otherUser.status).toBe(401);
    expect(await stored("outbox-0001-abcdef")).toHaveLength(0);
    // Signed in again, it goes through.
    expect((await post(queued(), await signInAs("informant"))).data.status).toBe("saved");
  });

  it("refuses, with the reason, a draft closed meanwhile, a grid no longer the collector's and a rule it breaks", async () => {
    const closed = await db.selectFrom("drafts").select("id").where("status", "=", "enacted").executeTakeFirstOrThrow();
    const draft = await post(queued({ draftId: String(closed.id) }));
    expect(draft.status).toBe(409);
    expect(draft.data).toMatchObject({ status: "refused", message: expect.stringContaining("草案") });
    const grid = await post(queued({ gridId: String(foreignGrid) }));
    expect(grid.status).toBe(422);
    expect(grid.data.status).toBe("refused");
    expect(Object.keys(grid.data.errors)).toContain("gridId");
    const phone = await post(queued({ residentPhone: "12345" }));
    expect(phone.data).toMatchObject({ status: "refused", errors: { residentPhone: ["collect:errors.phone"] } });
    expect(phone.data.message).toBe("电话号码格式不正确。");
    expect(await stored("outbox-0001-abcdef")).toHaveLength(0);
  });

  it("refuses a malformed envelope and answers 405 to a GET", async () => {
    expect((await post(queued({ idempotencyKey: "x" }))).status).toBe(422);
    expect((await post(queued({ collector: "" }))).status).toBe(422);
    expect((await callRoute(send.loader, { path: "/collect/outbox/send" })).status).toBe(405);
  });
});

describe("the field app", () => {
  it("lists the pages to keep on the phone: the form per open draft and the outbox, for collectors only", async () => {
    const result = await callRoute(offlinePages.loader, { cookie, path: "/collect/offline-pages.json" });
    expect(result.data.pages).toEqual(expect.arrayContaining(["/collect/new", "/collect/outbox", `/collect/new?draft=${draftId}`]));
    expect(result.data.pages.every((p: string) => p.startsWith("/collect/new") || p === "/collect/outbox")).toBe(true);
    const anonymous = await callRoute(offlinePages.loader, { path: "/collect/offline-pages.json" });
    expect(anonymous.status).toBe(302);
    expect((await callRoute(offlinePages.loader, { cookie: await signInAs("staff"), path: "/collect/offline-pages.json" })).status).toBe(403);
  });

  it("has an installable manifest in the visitor's language", async () => {
    const result = await callRoute(manifest.loader, { path: "/manifest.webmanifest" });
    expect(result.headers.get("content-type")).toContain("application/manifest+json");
    const body = result.data;
    expect(body).toMatchObject({ name: "直通车意见采集", short_name: "意见采集", start_url: "/collect/new", display: "standalone" });
    expect(body.icons.map((i: { sizes: string }) => i.sizes)).toEqual(expect.arrayContaining(["192x192", "512x512"]));
  });
});
