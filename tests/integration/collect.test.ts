import { beforeEach, describe, expect, it } from "vitest";
import * as collectNew from "~/routes/collect.new";
import * as ownOpinion from "~/routes/collect.opinions.$id";
import { changeOpinionStatus } from "~/models/opinions.server";
import { nowIso } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { seededDatabase } from "../setup/database";
import { callRoute, signInAs } from "../setup/routes";

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

const form = (extra: Record<string, string> = {}) => ({
  draftId: String(draftId), idempotencyKey: "key-0001-abcdef", article: "第二条", gridId: String(myGrid),
  channel: "home_visit", collectedOn: "2026/11/20", submitterCategory: "resident", opinion: "建议增加社区宣传。", ...extra,
});
const post = (fields: Record<string, string>) => callRoute(collectNew.action, { method: "POST", cookie, path: `/collect/new?draft=${draftId}`, form: fields });

describe("recording an opinion", () => {
  it("looks up an article inside the form: nothing saved, everything typed kept", async () => {
    const before = await db.selectFrom("opinions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const found = await post({ ...form({ article: "", residentName: "王小明", consent: "on" }), intent: "findArticle", articleQuery: "第十二条" });
    expect(found.status).toBe(200);
    expect(found.data.values).toMatchObject({ articleQuery: "第十二条", opinion: "建议增加社区宣传。", residentName: "王小明", consent: "on" });
    expect(found.data.errors).toEqual({});
    const after = await db.selectFrom("opinions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });

  it("starts the next record from the last one's grid, channel, event and day", async () => {
    await post(form({ channel: "seminar", collectedOn: "2026-11-27" }));
    const page = await callRoute(collectNew.loader, { cookie, path: `/collect/new?draft=${draftId}` });
    expect(page.data.defaults).toMatchObject({ gridId: String(myGrid), channel: "seminar", collectedOn: "2026-11-27" });
  });

  it("saves it as collected with a receipt code and history, and shows the receipt", async () => {
    const result = await post(form({ consent: "on", residentName: "测试居民", residentPhone: "138 0000 1111" }));
    expect(result.status).toBe(303);
    const id = Number(/\/collect\/opinions\/(\d+)\?saved=1/.exec(result.location!)![1]);
    const row = await db.selectFrom("opinions").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: "collected", collected_on: "2026-11-20", resident_phone: "13800001111", grid_id: myGrid, draft_id: draftId });
    expect(row.receipt_code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(row.article_key).not.toBeNull();
    const page = await callRoute(ownOpinion.loader, { cookie, params: { id: String(id) }, path: `/collect/opinions/${id}?saved=1` });
    expect(page.status).toBe(200);
    expect(page.data.opinion.receiptCode).toBe(row.receipt_code);
    expect(page.data.progress.steps.map((s: { step: string }) => s.step)).toEqual(["collected"]);
    expect(page.data.progress.next).toBe("review");
  });

  it("saves one record for a double submit with one idempotency key", async () => {
    const first = await post(form());
    const second = await post(form());
    expect(first.status).toBe(303);
    expect(second.location).toMatch(/\?again=1$/);
    expect(second.location!.replace("again", "saved")).toBe(first.location);
    const rows = await db.selectFrom("opinions").select("id").where("idempotency_key", "like", "%key-0001-abcdef").execute();
    expect(rows).toHaveLength(1);
  });

  it("refuses a grid outside the collector's scope and keeps what was typed", async () => {
    const result = await post(form({ gridId: String(foreignGrid), opinion: "保留这段文字" }));
    expect(result.status).toBe(400);
    expect(result.data.errors.gridId).toEqual(["collect:errors.gridScope"]);
    expect(result.data.values.opinion).toBe("保留这段文字");
  });

  it("rejects an invalid phone beside the field and keeps every typed value", async () => {
    const typed = form({ consent: "on", residentName: "张三", residentPhone: "12345", suggestedRevision: "改为……", reason: "因为……" });
    const result = await post(typed);
    expect(result.status).toBe(400);
    expect(result.data.errors.residentPhone).toEqual(["collect:errors.phone"]);
    for (const [key, value] of Object.entries(typed)) expect(result.data.values[key]).toBe(value);
  });

  it("refuses an article the draft lacks and a name without consent", async () => {
    const result = await post(form({ article: "第九百条", residentName: "李四" }));
    expect(result.status).toBe(400);
    expect(Object.keys(result.data.errors)).toContain("consent");
    const again = await post(form({ article: "第九百条" }));
    expect(again.data.errors.article).toEqual(["collect:errors.articleMissing"]);
  });

  it("404s a draft that is not open at the collector's contact point", async () => {
    const closed = await db.selectFrom("drafts").select("id").where("status", "=", "enacted").executeTakeFirstOrThrow();
    const result = await callRoute(collectNew.loader, { cookie, path: `/collect/new?draft=${closed.id}` });
    expect(result.status).toBe(404);
  });
});

describe("changing a record", () => {
  it("lets the collector edit while collected, then locks it under review", async () => {
    const saved = await post(form());
    const id = /opinions\/(\d+)/.exec(saved.location!)![1];
    const edit = await callRoute(ownOpinion.action, { method: "POST", cookie, params: { id }, form: form({ opinion: "修改后的意见" }) });
    expect(edit.status).toBe(200);
    expect((await db.selectFrom("opinions").select("opinion").where("id", "=", Number(id)).executeTakeFirstOrThrow()).opinion).toBe("修改后的意见");
    const audit = await db.selectFrom("audit_log").selectAll().where("entity", "=", "opinion").where("entity_id", "=", id).where("action", "=", "update").execute();
    expect(audit).toHaveLength(1);

    await changeOpinionStatus(db, { opinionIds: [Number(id)], to: "under_review", userId: null }, nowIso());
    const locked = await callRoute(ownOpinion.action, { method: "POST", cookie, params: { id }, form: form({ opinion: "再改" }) });
    expect(locked.status).toBe(400);
    expect(locked.data.errors._form).toEqual(["collect:errors.locked"]);
    const withdraw = await callRoute(ownOpinion.action, { method: "POST", cookie, params: { id }, form: { intent: "withdraw" } });
    expect(withdraw.status).toBe(409);
  });

  it("lets the collector withdraw while collected", async () => {
    const saved = await post(form());
    const id = /opinions\/(\d+)/.exec(saved.location!)![1];
    const result = await callRoute(ownOpinion.action, { method: "POST", cookie, params: { id }, form: { intent: "withdraw" } });
    expect(result.status).toBe(303);
    expect((await db.selectFrom("opinions").select("status").where("id", "=", Number(id)).executeTakeFirstOrThrow()).status).toBe("withdrawn");
  });

  it("answers 404 for another collector's record, and hides names from the liaison", async () => {
    const saved = await post(form({ consent: "on", residentName: "王五", residentPhone: "13900002222" }));
    const id = /opinions\/(\d+)/.exec(saved.location!)![1];
    const outsider = await signInAs("informant001");
    expect((await callRoute(ownOpinion.loader, { cookie: outsider, params: { id } })).status).toBe(404);
    const liaison = await signInAs("liaison");
    const seen = await callRoute(ownOpinion.loader, { cookie: liaison, params: { id } });
    expect(seen.status).toBe(200);
    expect(seen.data.opinion.residentName).toBeNull();
    expect(seen.data.opinion.residentPhone).toBeNull();
    const otherLiaison = await signInAs("liaison01");
    expect((await callRoute(ownOpinion.loader, { cookie: otherLiaison, params: { id } })).status).toBe(404);
  });
});

describe("the liaison's queue", () => {
  it("marks the contact point's records ready for review and sends one back with a comment", async () => {
    const first = /opinions\/(\d+)/.exec((await post(form({ idempotencyKey: "queue-0001" }))).location!)![1];
    const second = /opinions\/(\d+)/.exec((await post(form({ idempotencyKey: "queue-0002" }))).location!)![1];
    const { action, loader } = await import("~/routes/collect.queue");
    const liaison = await signInAs("liaison");
    const queue = await callRoute(loader, { cookie: liaison, path: "/collect/queue" });
    expect(queue.data.queue.map((o: { id: number }) => String(o.id))).toEqual(expect.arrayContaining([first, second]));
    const back = await callRoute(action, { method: "POST", cookie: liaison, form: { intent: "sendBack", id: second, comment: "请补充条文" } });
    expect(back.status).toBe(200);
    const ready = await callRoute(action, { method: "POST", cookie: liaison, form: { intent: "ready", ids: [first] } });
    expect(ready.data).toMatchObject({ ok: true, count: 1 });
    const rows = await db.selectFrom("opinions").select(["id", "status", "returned_comment"]).where("id", "in", [Number(first), Number(second)]).orderBy("id").execute();
    expect(rows.map((r) => [r.status, r.returned_comment])).toEqual([["under_review", null], ["collected", "请补充条文"]]);
    // Sent back, it leaves the queue and cannot be marked ready until its collector changes it.
    const after = await callRoute(loader, { cookie: liaison, path: "/collect/queue" });
    expect(after.data.queue.map((o: { id: number }) => String(o.id))).not.toContain(second);
    expect(after.data.waiting.map((o: { id: number }) => String(o.id))).toContain(second);
    expect((await callRoute(action, { method: "POST", cookie: liaison, form: { intent: "ready", ids: [second] } })).data).toMatchObject({ ok: true, count: 0 });
    expect((await db.selectFrom("opinions").select("status").where("id", "=", Number(second)).executeTakeFirstOrThrow()).status).toBe("collected");
    // The collector sees the comment on their home page.
    const { loader: home } = await import("~/routes/collect._index");
    const mine = await callRoute(home, { cookie, path: "/collect" });
    expect(mine.data.recent.find((o: { id: number }) => String(o.id) === second).returnedComment).toBe("请补充条文");
    // Once the collector corrects it, it is back in the queue.
    const { action: edit } = await import("~/routes/collect.opinions.$id");
    const corrected = await callRoute(edit, { method: "POST", cookie, params: { id: second }, form: form({ article: "2" }) });
    expect(corrected.status).toBe(200);
    expect((await callRoute(loader, { cookie: liaison, path: "/collect/queue" })).data.queue.map((o: { id: number }) => String(o.id))).toContain(second);
    // Another contact point's liaison cannot touch them; an informant has no queue.
    const other = await signInAs("liaison01");
    const foreign = await callRoute(action, { method: "POST", cookie: other, form: { intent: "ready", ids: [second] } });
    expect(foreign.data.count).toBe(0);
    expect((await callRoute(loader, { cookie, path: "/collect/queue" })).status).toBe(403);
  });
});
