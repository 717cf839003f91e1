import ExcelJS from "exceljs";
import JSZip from "jszip";
import { beforeEach, describe, expect, it } from "vitest";
import { opinionFields } from "~/domain/opinion-input";
import { changeDraftStatus } from "~/models/drafts.server";
import { getTrackerSummary } from "~/models/tracker-summary.server";
import * as collectHome from "~/routes/collect._index";
import * as documents from "~/routes/staff.reports.$id.$format";
import * as reportPage from "~/routes/staff.reports.$id._index";
import * as newReport from "~/routes/staff.reports.new";
import * as outcomes from "~/routes/staff.outcomes.$draftId";
import * as staffOpinion from "~/routes/staff.opinions.$id";
import * as workbench from "~/routes/staff.review.$draftId";
import { recordOpinion } from "~/services/opinions.server";
import { sendDueMessages } from "~/services/notifications.server";
import { purgeResidentData } from "~/services/privacy.server";
import { nowIso, nowMs, setClock, todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { REPORT_COLUMNS } from "~/documents/report-documents.server";
import { logProvider } from "~/utils/sms.server";
import { seededDatabase } from "../setup/database";
import { callRoute, signInAs } from "../setup/routes";

let draftId: number;
let staff: string;
let collector: { id: number; role: string; contactPointId: number | null; scope: string };
let grids: number[];

beforeEach(async () => {
  await seededDatabase();
  const informant = await db.selectFrom("users").select(["id", "contact_point_id"]).where("username", "=", "informant").executeTakeFirstOrThrow();
  collector = { id: informant.id, role: "informant", contactPointId: informant.contact_point_id, scope: "own" };
  grids = (await db.selectFrom("user_grids").select("grid_id").where("user_id", "=", informant.id).execute()).map((g) => g.grid_id);
  draftId = (
    await db
      .selectFrom("drafts")
      .innerJoin("draft_contact_points", "draft_contact_points.draft_id", "drafts.id")
      .select("drafts.id")
      .where("drafts.status", "=", "open")
      .where("draft_contact_points.contact_point_id", "=", informant.contact_point_id!)
      .executeTakeFirstOrThrow()
  ).id;
  staff = await signInAs("staff");
});

async function collect(text: string, article: string, extra: Record<string, string> = {}) {
  const fields = opinionFields.parse({ article, gridId: String(grids[0]), channel: "seminar", collectedOn: "2026-11-20", submitterCategory: "resident", opinion: text, ...extra });
  const result = await recordOpinion({ user: collector, draftId, fields });
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.id;
}

const status = async (id: number) => (await db.selectFrom("opinions").select("status").where("id", "=", id).executeTakeFirstOrThrow()).status;
const bench = (form: Record<string, string | string[]>) => callRoute(workbench.action, { method: "POST", cookie: staff, params: { draftId: String(draftId) }, form });

describe("the whole lifecycle", () => {
  it("goes collected → under review → merged / not forwarded / forwarded → enacted → adopted, counted once and credited to every origin", async () => {
    const primary = await collect("建议明确社区的宣传职责。", "2");
    const duplicate = await collect("建议明确社区宣传职责（相同意见）。", "2", { consent: "on", residentName: "测试居民甲", residentPhone: "13911112222" });
    const screened = await collect("与草案无关的意见。", "3");
    const general = await collect("总体赞成草案。", "");
    const forwardedBefore = (await getTrackerSummary(db, {}, todayInChina())).counts.forwarded;
    const adoptedBefore = (await getTrackerSummary(db, {}, todayInChina())).counts.adopted;

    expect((await bench({ intent: "review", ids: [primary, duplicate, screened, general].map(String) })).data).toMatchObject({ ok: true, count: 4 });
    expect((await bench({ intent: "merge", ids: [String(primary), String(duplicate)], primaryId: String(primary) })).data).toMatchObject({ count: 1 });
    const noReason = await bench({ intent: "notForward", ids: [String(screened)], reason: "" });
    expect(noReason.status).toBe(400);
    expect(noReason.data.errors.reason).toEqual(["staff:review.reasonRequired"]);
    await bench({ intent: "notForward", ids: [String(screened)], reason: "与草案内容无直接关系" });
    expect([await status(primary), await status(duplicate), await status(screened)]).toEqual(["under_review", "merged", "not_forwarded"]);

    // Formal wording: the collected text stays, the report uses the new one.
    await callRoute(staffOpinion.action, { method: "POST", cookie: staff, params: { id: String(primary) }, form: { intent: "wording", formalOpinion: "建议在第二条中明确社区居民委员会的宣传职责。", formalRevision: "", formalReason: "" } });
    const row = await db.selectFrom("opinions").select(["opinion", "formal_opinion"]).where("id", "=", primary).executeTakeFirstOrThrow();
    expect(row).toEqual({ opinion: "建议明确社区的宣传职责。", formal_opinion: "建议在第二条中明确社区居民委员会的宣传职责。" });

    // The report: general comments last; merged opinions are sources of their primary, not items.
    const created = await callRoute(newReport.action, { method: "POST", cookie: staff, path: `/staff/reports/new?draft=${draftId}`, form: { title: "测试报送", ids: [String(primary), String(general), String(duplicate)] } });
    expect(created.status).toBe(303);
    const reportId = /\/staff\/reports\/(\d+)/.exec(created.location!)![1];
    const preview = await callRoute(reportPage.loader, { cookie: staff, params: { id: reportId } });
    expect(preview.data.rows.map((r: string[]) => r[1])).toEqual(["第二条", "总体意见"]);
    expect(preview.data.rows[0][3]).toBe("建议在第二条中明确社区居民委员会的宣传职责。");
    expect(preview.data.report.items[0].sources.reduce((n: number, s: { count: number }) => n + s.count, 0)).toBe(2);

    await changeDraftStatus(db, { draftId, to: "closed", userId: 1, today: "2026-11-27" }, nowIso());
    const sent = await callRoute(reportPage.action, { method: "POST", cookie: staff, params: { id: reportId }, form: { recipient: "全国人大常委会法制工作委员会", sentOn: "2026/11/26", confirm: "yes" } });
    expect(sent.status).toBe(200);
    expect([await status(primary), await status(general), await status(duplicate)]).toEqual(["forwarded", "forwarded", "merged"]);
    expect((await getTrackerSummary(db, {}, todayInChina())).counts.forwarded).toBe(forwardedBefore + 2);
    expect((await db.selectFrom("drafts").select("status").where("id", "=", draftId).executeTakeFirstOrThrow()).status).toBe("reported");
    const again = await callRoute(reportPage.action, { method: "POST", cookie: staff, params: { id: reportId }, form: { recipient: "x", sentOn: "2026-11-26", confirm: "yes" } });
    expect(again.status).toBe(409);

    // The documents hold exactly the report's rows and no resident's name or phone; later downloads are byte-identical.
    const rows = preview.data.rows as string[][];
    const docxResult = await fetchDocument(reportId, "docx");
    const xlsxResult = await fetchDocument(reportId, "xlsx");
    expect(Buffer.compare(await fetchDocument(reportId, "docx"), docxResult)).toBe(0);
    expect(Buffer.compare(await fetchDocument(reportId, "xlsx"), xlsxResult)).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsxResult as unknown as ArrayBuffer);
    const sheetRows: string[][] = [];
    workbook.worksheets[0].eachRow((r) => sheetRows.push((r.values as unknown[]).slice(1).map((v) => (v == null ? "" : String(v)))));
    const headerAt = sheetRows.findIndex((r) => r[0] === REPORT_COLUMNS[0]);
    expect(sheetRows[headerAt]).toEqual([...REPORT_COLUMNS]);
    expect(sheetRows.slice(headerAt + 1).map((r) => r.concat(Array(7 - r.length).fill("")).slice(0, 7))).toEqual(rows);
    const docXml = await (await JSZip.loadAsync(docxResult)).file("word/document.xml")!.async("string");
    for (const r of rows) for (const cell of r.filter(Boolean)) expect(docXml).toContain(cell.split("\n")[0].replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;").slice(0, 20));
    const residents = await db.selectFrom("opinions").select(["resident_name", "resident_phone"]).where("resident_name", "is not", null).execute();
    const xlsxXml = (await Promise.all(Object.values((await JSZip.loadAsync(xlsxResult)).files).map((f) => f.async("string")))).join("");
    for (const r of residents) {
      expect(docXml).not.toContain(r.resident_name!);
      expect(xlsxXml).not.toContain(r.resident_name!);
      expect(docXml).not.toContain(r.resident_phone!);
      expect(xlsxXml).not.toContain(r.resident_phone!);
    }

    // Enactment, then outcomes: the merged opinion shares its primary's outcome.
    const enact = await callRoute(outcomes.action, { method: "POST", cookie: staff, params: { draftId: String(draftId) }, form: { intent: "enact", enactedOn: "2026-11-27", confirm: "yes" } });
    expect(enact.status).toBe(200);
    const answer = (form: Record<string, string | string[]>) => callRoute(outcomes.action, { method: "POST", cookie: staff, params: { draftId: String(draftId) }, form });
    const recorded = await answer({ intent: "outcomes", ids: [String(primary)], outcome: "adopted", reason: "已吸收", [`article-${primary}`]: "2" });
    expect(recorded.data).toMatchObject({ ok: true, count: 1 });
    const unexplained = await answer({ intent: "outcomes", ids: [String(general)], outcome: "not_adopted", reason: "" });
    expect(unexplained.status).toBe(400);
    expect(unexplained.data.errors.reason).toEqual(["feedback:errors.reasonRequired"]);
    expect((await answer({ intent: "outcomes", ids: [String(general)], outcome: "not_adopted", reason: "已由其他法律规定。" })).data).toMatchObject({ ok: true, count: 1 });
    expect((await getTrackerSummary(db, {}, todayInChina())).counts.adopted).toBe(adoptedBefore + 1);
    expect((await getTrackerSummary(db, {}, todayInChina())).counts.forwarded).toBe(forwardedBefore + 2);
    const home = await callRoute(collectHome.loader, { cookie: await signInAs("informant"), path: "/collect" });
    const mine = Object.fromEntries(home.data.recent.map((o: { id: number; outcome: string | null }) => [o.id, o.outcome]));
    expect(mine[primary]).toBe("adopted");
    expect(mine[duplicate]).toBe("adopted");

    // Feedback: the resident behind the merged opinion gave a phone and is texted (the enactment, then the
    // outcome); the others are told in person.
    expect(await sendDueMessages({ provider: logProvider })).toMatchObject({ sent: 2, failed: 0 });
    expect(await status(duplicate)).toBe("feedback_given");
    const feedback = await answer({ intent: "told", told: [String(primary), String(general)] });
    expect(feedback.data.count).toBe(2);
    const history = await db.selectFrom("opinion_status_history").select("to_status").where("opinion_id", "=", primary).orderBy("id").execute();
    expect(history.map((h) => h.to_status)).toEqual(["collected", "under_review", "forwarded", "adopted", "feedback_given"]);
    const audited = await db.selectFrom("audit_log").select("action").where("entity", "=", "opinion").where("entity_id", "=", String(primary)).execute();
    expect(audited.map((a) => a.action)).toEqual(expect.arrayContaining(["create", "status", "formal_wording"]));

    // Retention: 180 days after feedback the resident's name and phone are erased, the opinion stays.
    const nameOf = async () => (await db.selectFrom("opinions").select("resident_name").where("id", "=", duplicate).executeTakeFirstOrThrow()).resident_name;
    const told = nowMs();
    setClock(new Date(told + 100 * 86_400_000));
    await purgeResidentData({ days: 180 });
    expect(await nameOf()).toBe("测试居民甲");
    setClock(new Date(told + 181 * 86_400_000));
    await purgeResidentData({ days: 180 });
    expect(await nameOf()).toBeNull();
    const kept = await db.selectFrom("opinions").select(["opinion", "resident_name", "resident_phone", "personal_data_erased_at"]).where("id", "=", duplicate).executeTakeFirstOrThrow();
    expect(kept).toMatchObject({ resident_name: null, resident_phone: null });
    expect(kept.personal_data_erased_at).not.toBeNull();
    const purgeAudit = await db.selectFrom("audit_log").select("after").where("action", "=", "erase_personal_data").where("entity_id", "=", String(duplicate)).executeTakeFirstOrThrow();
    expect(purgeAudit.after).not.toContain("测试居民甲");
  });

  it("undoes a merge while the primary is under review", async () => {
    const primary = await collect("意见一", "2");
    const duplicate = await collect("意见一（重复）", "2");
    await bench({ intent: "review", ids: [String(primary), String(duplicate)] });
    await bench({ intent: "merge", ids: [String(primary), String(duplicate)], primaryId: String(primary) });
    const undo = await callRoute(staffOpinion.action, { method: "POST", cookie: staff, params: { id: String(primary) }, form: { intent: "undoMerge", mergedId: String(duplicate) } });
    expect(undo.status).toBe(200);
    const row = await db.selectFrom("opinions").select(["status", "merged_into_id"]).where("id", "=", duplicate).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: "under_review", merged_into_id: null });
  });

  it("keeps curation to staff", async () => {
    for (const username of ["informant", "liaison", "cppcc", "admin"]) {
      const cookie = await signInAs(username);
      expect((await callRoute(workbench.loader, { cookie, params: { draftId: String(draftId) } })).status).toBe(403);
      expect((await callRoute(workbench.action, { method: "POST", cookie, params: { draftId: String(draftId) }, form: { intent: "review", ids: ["1"] } })).status).toBe(403);
      expect((await callRoute(newReport.loader, { cookie, path: `/staff/reports/new?draft=${draftId}` })).status).toBe(403);
      expect((await callRoute(outcomes.loader, { cookie, params: { draftId: String(draftId) } })).status).toBe(403);
    }
    expect((await callRoute(workbench.loader, { cookie: staff, params: { draftId: "999999" } })).status).toBe(404);
  });
});

async function fetchDocument(reportId: string, format: "docx" | "xlsx"): Promise<Buffer> {
  const result = await callRoute(documents.loader, { cookie: staff, params: { id: reportId, format } });
  expect(result.status).toBe(200);
  return result.data as Buffer;
}
