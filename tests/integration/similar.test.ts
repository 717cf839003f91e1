import { beforeEach, describe, expect, it } from "vitest";
import { opinionFields } from "~/domain/opinion-input";
import { getTrackerSummary } from "~/models/tracker-summary.server";
import * as receipt from "~/routes/collect.opinions.$id";
import * as similarRoute from "~/routes/collect.similar";
import * as reportPage from "~/routes/staff.reports.$id._index";
import * as newReport from "~/routes/staff.reports.new";
import * as workbench from "~/routes/staff.review.$draftId";
import { recordOpinion } from "~/services/opinions.server";
import { draftSimilarity } from "~/services/similarity.server";
import type { DataVersions } from "~/utils/data-memo.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { seededDatabase } from "../setup/database";
import { callRoute, signInAs } from "../setup/routes";

// Similar opinions where staff and informants meet them: groups on the workbench,
// merging a group in one step, splitting a member out, a report carrying one item
// with its count, and the informant's hint — always within the informant's contact point.

type Collector = { id: number; role: string; contactPointId: number | null; scope: string };
let draftId: number;
let staff: string;
let informant: Collector;
let grids: number[];

const LETTER = "强烈要求第二条增加规定：小区广场舞晚上九点以后必须停止，音响音量不得超过五十五分贝，请立法机关采纳。";

beforeEach(async () => {
  await seededDatabase();
  const user = await db.selectFrom("users").select(["id", "contact_point_id"]).where("username", "=", "informant").executeTakeFirstOrThrow();
  informant = { id: user.id, role: "informant", contactPointId: user.contact_point_id, scope: "own" };
  grids = (await db.selectFrom("user_grids").select("grid_id").where("user_id", "=", user.id).execute()).map((g) => g.grid_id);
  draftId = (
    await db
      .selectFrom("drafts")
      .innerJoin("draft_contact_points", "draft_contact_points.draft_id", "drafts.id")
      .select("drafts.id")
      .where("drafts.status", "=", "open")
      .where("draft_contact_points.contact_point_id", "=", user.contact_point_id!)
      .executeTakeFirstOrThrow()
  ).id;
  staff = await signInAs("staff");
});

async function collect(text: string, article: string, by: Collector = informant, grid = grids[0], collectedOn = "2026-11-20") {
  const fields = opinionFields.parse({ article, gridId: String(grid), channel: "seminar", collectedOn, submitterCategory: "resident", opinion: text });
  const result = await recordOpinion({ user: by, draftId, fields });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.id;
}

/** Twelve copies of a form letter from one informant over two days, with small edits. */
async function formLetter() {
  const ids: number[] = [];
  for (let i = 0; i < 12; i++) {
    const text = i % 3 === 0 ? LETTER : i % 3 === 1 ? LETTER.replace("请立法机关采纳。", "请采纳！") : LETTER.replace("小区", "我们小区");
    ids.push(await collect(text, "2", informant, grids[i % grids.length], i % 2 ? "2026-11-20" : "2026-11-21"));
  }
  return ids;
}

const load = async (query = "") => (await callRoute(workbench.loader, { cookie: staff, params: { draftId: String(draftId) }, path: `/staff/review/${draftId}${query}` })).data;
const post = (form: Record<string, string | string[]>) => callRoute(workbench.action, { method: "POST", cookie: staff, params: { draftId: String(draftId) }, form });
const statusOf = async (ids: number[]) => (await db.selectFrom("opinions").select(["id", "status", "merged_into_id"]).where("id", "in", ids).orderBy("id").execute());

describe("the workbench", () => {
  it("shows a form letter once, as a group with its count, sources and a campaign flag, beside the opinions like no other", async () => {
    const letters = await formLetter();
    const alone = await collect("建议明确物业公司在居民楼加装电梯中的协助义务。", "2");
    const data = await load("?article=2");
    const groups = data.items.filter((i: { kind: string }) => i.kind === "group");
    const letter = groups.find((g: { representative: { id: number } }) => letters.includes(g.representative.id));
    expect(letter).toBeDefined();
    expect(letter.size).toBe(12);
    // The representative and the first members are listed; the rest are counted.
    const listed: number[] = [letter.representative.id, ...letter.members.map((m: { row: { id: number } }) => m.row.id)];
    expect(listed.every((id) => letters.includes(id))).toBe(true);
    expect(listed.length + letter.more).toBe(12);
    expect(letter.collectors).toBe(1);
    expect(letter.from).toBe("2026-11-20");
    expect(letter.to).toBe("2026-11-21");
    expect(letter.campaigns).toEqual([expect.objectContaining({ by: "collector", count: 12 })]);
    expect(letter.campaigns[0].name).not.toBe("");
    // The edits are marked against the representative.
    const edited = letter.members.find((m: { differences: { kind: string }[] }) => m.differences.some((d) => d.kind !== "same"));
    expect(edited).toBeDefined();
    // The opinion like no other stays in view, on its own.
    expect(data.items.some((i: { kind: string; row?: { id: number } }) => i.kind === "single" && i.row?.id === alone)).toBe(true);
    // Each item is read once: twelve letters count one item, and the figures still count every opinion.
    expect(data.shownOpinions).toBe(data.total);
    expect(data.items.length).toBeLessThan(data.total);
    expect(data.keywords.some(([n]: [number | null]) => n === 2)).toBe(true);
  });

  it("merges a whole group in one step, keeping every origin's credit, and lets a member be split out again", async () => {
    const letters = await formLetter();
    const other = await collect("建议把第二条中的“应当”改为“可以”。", "2");
    const letter = (await load("?article=2")).items.find((i: { kind: string; representative?: { id: number } }) => i.kind === "group" && letters.includes(i.representative!.id));
    expect(letter.merge.ids).toHaveLength(11);
    const merged = await post({ intent: "mergeGroup", primaryId: String(letter.merge.primaryId), ids: letter.merge.ids.join(",") });
    expect(merged.data).toMatchObject({ ok: true, intent: "mergeGroup", count: 11 });
    const rows = await statusOf(letters);
    const primary = letter.merge.primaryId;
    expect(rows.filter((r) => r.id === primary).map((r) => r.status)).toEqual(["under_review"]);
    expect(rows.filter((r) => r.id !== primary).every((r) => r.status === "merged" && r.merged_into_id === primary)).toBe(true);
    expect((await statusOf([other]))[0].status).toBe("collected");

    // Split one out: it is under review again and no longer a source of the kept one.
    const out = letters.find((id) => id !== primary)!;
    expect((await post({ intent: "split", id: String(out) })).data).toMatchObject({ ok: true, intent: "split" });
    expect((await statusOf([out]))[0]).toMatchObject({ status: "under_review", merged_into_id: null });

    // Forwarded, the group counts once and its report item carries all eleven still merged.
    const forwardedBefore = (await getTrackerSummary(db, {}, todayInChina())).counts.forwarded;
    const created = await callRoute(newReport.action, { method: "POST", cookie: staff, path: `/staff/reports/new?draft=${draftId}`, form: { title: "测试", ids: [String(primary)] } });
    const reportId = /\/staff\/reports\/(\d+)/.exec(created.location!)![1];
    const preview = (await callRoute(reportPage.loader, { cookie: staff, params: { id: reportId } })).data;
    expect(preview.report.items[0].sources.reduce((n: number, s: { count: number }) => n + s.count, 0)).toBe(11);
    await callRoute(reportPage.action, { method: "POST", cookie: staff, params: { id: reportId }, form: { recipient: "全国人大常委会法制工作委员会", sentOn: "2026-11-26", confirm: "yes" } });
    expect((await getTrackerSummary(db, {}, todayInChina())).counts.forwarded).toBe(forwardedBefore + 1);
    // Once forwarded, a member can no longer be split out.
    const late = letters.find((id) => id !== primary && id !== out)!;
    expect((await post({ intent: "split", id: String(late) })).status).toBe(409);
  });

  it("merges nothing without a person choosing it, and nothing of another draft", async () => {
    const letters = await formLetter();
    await load("?article=2");
    expect((await statusOf(letters)).every((r) => r.status === "collected")).toBe(true);
    const elsewhere = await db.selectFrom("opinions").select("id").where("draft_id", "!=", draftId).where("status", "=", "under_review").executeTakeFirstOrThrow();
    const result = await post({ intent: "mergeGroup", primaryId: String(letters[0]), ids: `${elsewhere.id},${letters[1]}` });
    expect(result.data).toMatchObject({ count: 1 });
    expect((await statusOf([elsewhere.id]))[0].status).toBe("under_review");
  });
});

describe("the groups kept between requests", () => {
  const letterGroup = async (versions: DataVersions | null, letters: number[]) =>
    (await draftSimilarity(draftId, versions)).groups.find((g) => letters.includes(g.representative))?.members.length;

  it("are not read again while the data's versions stand still, and are once one of theirs moved", async () => {
    const letters = await formLetter();
    const versions: DataVersions = { drafts: 7, collection: 7, figures: 7, consultations: 7 };
    expect(await letterGroup(versions, letters)).toBe(12);
    // A copy the versions given do not count yet (as if collected after the request read them): the kept groups stand.
    letters.push(await collect(LETTER, "2"));
    expect(await letterGroup(versions, letters)).toBe(12);
    // A consultation's change is nothing the groups are made from.
    expect(await letterGroup({ ...versions, consultations: 8 }, letters)).toBe(12);
    // Once the collection moved, the opinions are read again and the copy joins its group.
    expect(await letterGroup({ ...versions, collection: 8 }, letters)).toBe(13);
    // Without versions (PostgreSQL's notifications not listened to), they are read every time.
    letters.push(await collect(LETTER, "2"));
    expect(await letterGroup(null, letters)).toBe(14);
  });
});

describe("the report preview", () => {
  it("flags items that share one wording and can carry one of them with the count", async () => {
    const letters = await formLetter();
    await post({ intent: "review", ids: letters.map(String) });
    const created = await callRoute(newReport.action, { method: "POST", cookie: staff, path: `/staff/reports/new?draft=${draftId}`, form: { title: "测试", ids: letters.map(String) } });
    const reportId = /\/staff\/reports\/(\d+)/.exec(created.location!)![1];
    const before = (await callRoute(reportPage.loader, { cookie: staff, params: { id: reportId } })).data;
    expect(before.rows).toHaveLength(12);
    const flag = before.similar.find((s: { items: number[] }) => s.items.length === 12);
    expect(flag).toMatchObject({ size: 12, campaign: true });
    const carried = await callRoute(reportPage.action, {
      method: "POST", cookie: staff, params: { id: reportId },
      form: { intent: "carryOne", primaryId: String(flag.primaryId), ids: flag.items.filter((id: number) => id !== flag.primaryId).map(String) },
    });
    expect(carried.data).toEqual({ carried: 11 });
    const after = (await callRoute(reportPage.loader, { cookie: staff, params: { id: reportId } })).data;
    expect(after.rows).toHaveLength(1);
    expect(after.report.opinionsBehind).toBe(12);
    expect(after.report.items[0].sources.reduce((n: number, s: { count: number }) => n + s.count, 0)).toBe(12);
  });
});

describe("the informant's hint", () => {
  it("offers similar opinions on the same article at their own contact point only, and never a resident's name", async () => {
    await collect("建议晚上九点以后禁止在小区里跳广场舞，音响声音太大影响老人休息。", "2");
    await collect("建议物业公司定期公布维修资金使用情况。", "2");
    const cookie = await signInAs("informant");
    const ask = async (cookieOf: string, article: string, text: string) =>
      (await callRoute(similarRoute.loader, { cookie: cookieOf, path: `/collect/similar?${new URLSearchParams({ draft: String(draftId), article, text })}` })).data.hints;
    const hints = await ask(cookie, "第二条", "晚上九点后小区不许跳广场舞，太吵了");
    expect(hints.length).toBeGreaterThan(0);
    expect(hints.length).toBeLessThanOrEqual(3);
    expect(hints[0].text).toContain("广场舞");
    expect(hints.every((h: { text: string }) => !h.text.includes("维修资金"))).toBe(true);
    expect(JSON.stringify(hints)).not.toMatch(/resident|居民姓名|1[3-9]\d{9}/);
    // Another article, or too few words, gives none.
    expect(await ask(cookie, "第三条", "晚上九点后小区不许跳广场舞，太吵了")).toEqual([]);
    expect(await ask(cookie, "第二条", "广场舞")).toEqual([]);
    // An informant of another contact point does not see these.
    const other = await db
      .selectFrom("users")
      .innerJoin("draft_contact_points", "draft_contact_points.contact_point_id", "users.contact_point_id")
      .select("users.username")
      .where("users.role", "=", "informant")
      .where("users.contact_point_id", "!=", informant.contactPointId!)
      .where("draft_contact_points.draft_id", "=", draftId)
      .executeTakeFirst();
    if (other) expect((await ask(await signInAs(other.username), "第二条", "晚上九点后小区不许跳广场舞，太吵了")).some((h: { text: string }) => h.text.includes("老人休息"))).toBe(false);
    // Signed out: no hints, a sign-in.
    expect((await callRoute(similarRoute.loader, { path: `/collect/similar?draft=${draftId}&article=2&text=x` })).status).toBe(302);
  });

  it("shows them on the receipt page after saving, without JavaScript", async () => {
    await collect("建议晚上九点以后禁止在小区里跳广场舞，音响声音太大影响老人休息。", "2");
    const id = await collect("晚上九点后小区里不要再跳广场舞了，太吵，老人睡不着。", "2");
    const page = (await callRoute(receipt.loader, { cookie: await signInAs("informant"), params: { id: String(id) }, path: `/collect/opinions/${id}?saved=1` })).data;
    expect(page.similar.length).toBeGreaterThan(0);
    expect(page.similar.map((h: { id: number }) => h.id)).not.toContain(id);
  });
});
