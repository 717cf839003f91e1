import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Document, HeadingLevel, Packer, Paragraph } from "docx";
import JSZip from "jszip";
import { sql } from "kysely";
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { beforeEach, describe, expect, it, vi } from "vitest";
import { DOCX_LIMITS, readDocxText } from "~/documents/docx-reader.server";
import { readDraftText } from "~/documents/draft-text.server";
import { getLatestVersion, listArticles } from "~/models/drafts.server";
import * as staffHome from "~/routes/staff._index";
import * as newDraft from "~/routes/staff.drafts.new";
import * as newReading from "~/routes/staff.drafts.$id.readings.new";
import * as outcomes from "~/routes/staff.outcomes.$draftId";
import * as reportPage from "~/routes/staff.reports.$id._index";
import * as reportList from "~/routes/staff.reports._index";
import * as workbench from "~/routes/staff.review.$draftId";
import { recordEnactment } from "~/services/outcomes.server";
import { prepareReport } from "~/services/reports.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { i18nInstance } from "~/utils/i18n.server";
import { seededDatabase } from "../setup/database";
import { callRoute, signInAs } from "../setup/routes";

// The congress office's desk (issue 18): the to-do list, the list of reports, the
// workbench's merge, the confirmation before the steps that cannot be undone, and
// drafts imported from Word files.

// The pages are rendered as the server would, with Remix's hooks answering from the test.
const page = vi.hoisted(() => ({ loader: undefined as unknown, action: undefined as unknown, path: "/", search: "" }));
vi.mock("@remix-run/react", async () => {
  const { createElement: h } = await import("react");
  return {
    useLoaderData: () => page.loader,
    useActionData: () => page.action,
    useNavigation: () => ({ state: "idle" }),
    useLocation: () => ({ pathname: page.path, search: page.search, hash: "" }),
    Form: ({ reloadDocument: _, ...p }: Record<string, unknown>) => h("form", p),
    Link: ({ to, prefetch: _, ...p }: Record<string, unknown>) => h("a", { href: typeof to === "string" ? to : `?${(to as { search?: string }).search ?? ""}`, ...p }),
  };
});

async function render(mod: { default: unknown }, loader: unknown, action?: unknown, path = "/") {
  const [pathname, search = ""] = path.split("?");
  Object.assign(page, { loader, action, path: pathname, search: search ? `?${search}` : "" });
  const i18n = await i18nInstance("zh-CN");
  return renderToString(createElement(I18nextProvider, { i18n }, createElement(mod.default as never)));
}

/** The visible text of rendered HTML. */
const textOf = (html: string) => html.replace(/<!-- -->/g, "").replace(/<[^>]+>/g, " ").replace(/&quot;/g, '"').replace(/&amp;/g, "&").replace(/\s+/g, " ");

const root = join(fileURLToPath(new URL(".", import.meta.url)), "../..");
const lawsDir = join(root, "../shared/laws");
const LAWS = ["个人信息保护法(2021-08-20).md", "妇女权益保障法(2022-10-30).md"];
const hasLaws = LAWS.every((name) => existsSync(join(lawsDir, name)));
if (!hasLaws) console.warn(`staff-desk.test.ts: the .docx import tests skipped, law texts not found in ${lawsDir}`);

let staff: string;
let staffId: number;

beforeEach(async () => {
  await seededDatabase();
  staff = await signInAs("staff");
  staffId = (await db.selectFrom("users").select("id").where("username", "=", "staff").executeTakeFirstOrThrow()).id;
});

const count = async (query: ReturnType<typeof sql<{ n: number }>>) => Number((await query.execute(db)).rows[0].n);

/** An open draft with opinions still collected, and some of them. */
async function openDraftWithCollected(minimum: number) {
  const row = await db
    .selectFrom("opinions")
    .select(["draft_id", (eb) => eb.fn.countAll<number>().as("n")])
    .where("status", "=", "collected")
    .groupBy("draft_id")
    .having((eb) => eb.fn.countAll(), ">=", minimum)
    .orderBy("draft_id")
    .executeTakeFirstOrThrow();
  const ids = (await db.selectFrom("opinions").select("id").where("draft_id", "=", row.draft_id).where("status", "=", "collected").orderBy("id").execute()).map((o) => o.id);
  return { draftId: row.draft_id, ids };
}

/** A reported draft (not enacted) whose opinions were forwarded. */
async function reportedDraft() {
  return (
    await db
      .selectFrom("drafts")
      .select(["id", "title"])
      .where("status", "=", "reported")
      .where((eb) => eb.exists(eb.selectFrom("opinions").select("opinions.id").whereRef("opinions.draft_id", "=", "drafts.id").where("opinions.status", "=", "forwarded")))
      .orderBy("id")
      .executeTakeFirstOrThrow()
  );
}

const bench = (draftId: number, form: Record<string, string | string[]>, cookie = staff) =>
  callRoute(workbench.action, { method: "POST", cookie, params: { draftId: String(draftId) }, form });

/** Opinions taken under review and put into a report that is not sent. */
async function unsentReport() {
  const { draftId, ids } = await openDraftWithCollected(3);
  await bench(draftId, { intent: "review", ids: ids.slice(0, 3).map(String) });
  const reportId = (await prepareReport({ draftId, title: "测试报送材料", opinionIds: ids.slice(0, 3), userId: staffId }))!;
  return { draftId, reportId, opinionIds: ids.slice(0, 3) };
}

type WorkbenchRow = { id: number; receiptCode: string; articleNumber: number | null };
type WorkbenchItem = { kind: "single"; row: WorkbenchRow } | { kind: "group"; representative: WorkbenchRow; members: { row: WorkbenchRow }[] };
/** The workbench's opinions as listed: single ones, and each group's representative and members. */
const workbenchRows = (data: { items: WorkbenchItem[] }): WorkbenchRow[] =>
  data.items.flatMap((i) => (i.kind === "single" ? [i.row] : [i.representative, ...i.members.map((m) => m.row)]));

describe("the staff home's to-do list", () => {
  it("counts what waits as the records say, and links each to where it is done", async () => {
    const { reportId } = await unsentReport();
    const enacted = await reportedDraft();
    expect(await recordEnactment({ draftId: enacted.id, enactedOn: todayInChina(), userId: staffId })).toBeNull();
    await db.updateTable("notifications").set({ status: "failed", last_error: "test" }).where("id", "in", db.selectFrom("notifications").select("id").orderBy("id").limit(2)).execute();

    const home = await callRoute(staffHome.loader, { cookie: staff, path: "/staff" });
    expect(home.status).toBe(200);
    const { todo } = home.data;

    const screening = await sql<{ draft_id: number; collected: number; under_review: number }>`
      SELECT draft_id, sum(CASE WHEN status = 'collected' THEN 1 ELSE 0 END) AS collected, sum(CASE WHEN status = 'under_review' THEN 1 ELSE 0 END) AS under_review
      FROM opinions WHERE status IN ('collected', 'under_review') GROUP BY draft_id`.execute(db);
    const byDraft = (rows: { draftId: number; collected: number; underReview: number }[]) =>
      Object.fromEntries(rows.map((r) => [r.draftId, [r.collected, r.underReview]]));
    expect(byDraft(todo.screening)).toEqual(Object.fromEntries(screening.rows.map((r) => [r.draft_id, [Number(r.collected), Number(r.under_review)]])));
    expect(todo.screening.length).toBeGreaterThan(0);

    const unsent = await sql<{ id: number; items: number }>`
      SELECT r.id, (SELECT count(*) FROM report_items i WHERE i.report_id = r.id) AS items FROM reports r WHERE r.status = 'draft'`.execute(db);
    expect(todo.unsentReports.map((r: { id: number; items: number }) => [r.id, r.items])).toEqual(unsent.rows.map((r) => [r.id, Number(r.items)]));
    expect(todo.unsentReports.map((r: { id: number }) => r.id)).toContain(reportId);

    const pending = await sql<{ draft_id: number; n: number }>`
      SELECT o.draft_id, count(*) AS n FROM opinions o JOIN drafts d ON d.id = o.draft_id
      WHERE d.status = 'enacted' AND o.status = 'forwarded' GROUP BY o.draft_id`.execute(db);
    expect(Object.fromEntries(todo.outcomesPending.map((d: { draftId: number; count: number }) => [d.draftId, d.count])))
      .toEqual(Object.fromEntries(pending.rows.map((r) => [r.draft_id, Number(r.n)])));
    expect(todo.outcomesPending.map((d: { draftId: number }) => d.draftId)).toContain(enacted.id);

    expect(todo.notTold).toBe(await count(sql<{ n: number }>`
      SELECT count(*) AS n FROM opinions o WHERE o.status IN ('adopted', 'partly_adopted', 'not_adopted')
      AND NOT EXISTS (SELECT 1 FROM opinion_feedback f WHERE f.opinion_id = o.id)`));
    expect(todo.failedMessages).toBe(await count(sql<{ n: number }>`SELECT count(*) AS n FROM notifications WHERE status = 'failed'`));
    expect(todo.failedMessages).toBe(2);

    const html = await render(staffHome, home.data);
    for (const d of todo.screening) expect(html).toContain(`href="/staff/review/${d.draftId}"`);
    expect(html).toContain(`href="/staff/reports/${reportId}"`);
    expect(html).toContain(`href="/staff/outcomes/${enacted.id}"`);
    if (todo.notTold) expect(html).toContain('href="/collect/feedback"');
    expect(html).toContain('href="/staff/notifications?status=failed"');
    expect(html).toContain('href="/staff/reports"');
    expect(textOf(html)).toContain("2 条短信发送失败");
    // The existing table of drafts stays.
    expect(textOf(html)).toContain("各草案意见情况");
  });
});

describe("the list of reports", () => {
  it("lists every report, those not sent first, and filters by status and draft", async () => {
    const { draftId, reportId, opinionIds } = await unsentReport();
    const list = (query = "") => callRoute(reportList.loader, { cookie: staff, path: `/staff/reports${query}` });
    const all = await list();
    expect(all.status).toBe(200);
    const total = await count(sql<{ n: number }>`SELECT count(*) AS n FROM reports`);
    expect(all.data.total).toBe(total);
    expect(all.data.reports[0]).toMatchObject({ id: reportId, status: "draft", draftId, items: opinionIds.length, recipient: null, sentOn: null });
    const sentRow = all.data.reports.find((r: { status: string }) => r.status === "sent");
    const stored = await db.selectFrom("reports").select(["recipient", "sent_on"]).where("id", "=", sentRow.id).executeTakeFirstOrThrow();
    expect(sentRow).toMatchObject({ recipient: stored.recipient, sentOn: stored.sent_on });
    expect(sentRow.items).toBe(await count(sql<{ n: number }>`SELECT count(*) AS n FROM report_items WHERE report_id = ${sentRow.id}`));

    const unsent = await list("?status=draft");
    expect(unsent.data.reports.map((r: { id: number }) => r.id)).toEqual([reportId]);
    const sent = await list("?status=sent");
    expect(sent.data.total).toBe(total - 1);
    expect(sent.data.reports.every((r: { status: string }) => r.status === "sent")).toBe(true);
    const ofDraft = await list(`?draft=${sentRow.draftId}`);
    expect(ofDraft.data.total).toBe(await count(sql<{ n: number }>`SELECT count(*) AS n FROM reports WHERE draft_id = ${sentRow.draftId}`));
    expect(ofDraft.data.reports.every((r: { draftId: number }) => r.draftId === sentRow.draftId)).toBe(true);
    expect((await list(`?draft=${draftId}&status=sent`)).data.total).toBe(0);
    // What cannot be read is ignored, never an error.
    expect((await list("?status=lost&draft=abc&page=-3")).data.total).toBe(total);
    expect(all.data.drafts.map((d: { id: number }) => d.id)).toContain(draftId);

    const html = await render(reportList, all.data);
    expect(html).toContain(`href="/staff/reports/${reportId}"`);
    expect(html).toContain(`href="/staff/reports/${sentRow.id}/docx"`);
    expect(textOf(html)).toContain(stored.recipient!);
  });
});

describe("sending a report", () => {
  it("asks for confirmation first, saying what will happen; only the confirmed submit sends", async () => {
    const { reportId, opinionIds } = await unsentReport();
    const send = (form: Record<string, string>) => callRoute(reportPage.action, { method: "POST", cookie: staff, params: { id: String(reportId) }, form });
    const statuses = async () => (await db.selectFrom("opinions").select("status").where("id", "in", opinionIds).execute()).map((o) => o.status);

    const blank = await send({ recipient: " ", sentOn: "2026-11-26" });
    expect(blank.status).toBe(400);
    expect(blank.data.errors.recipient).toEqual(["validation.required"]);

    const asked = await send({ recipient: "江门市人大常委会法制工作委员会", sentOn: "2026/11/26" });
    expect(asked.status).toBe(200);
    expect(asked.data).toEqual({ confirm: true, values: { recipient: "江门市人大常委会法制工作委员会", sentOn: "2026-11-26" }, items: 3, opinions: 3 });
    expect((await db.selectFrom("reports").select("status").where("id", "=", reportId).executeTakeFirstOrThrow()).status).toBe("draft");
    expect(await statuses()).toEqual(["under_review", "under_review", "under_review"]);
    const notConfirmed = await send({ recipient: "江门市人大常委会法制工作委员会", sentOn: "2026-11-26", confirm: "no" });
    expect(notConfirmed.data.confirm).toBe(true);

    const loaded = await callRoute(reportPage.loader, { cookie: staff, params: { id: String(reportId) } });
    const html = await render(reportPage, loaded.data, asked.data);
    expect(textOf(html)).toContain("江门市人大常委会法制工作委员会报送 3 条意见。报送后这份材料和其中的意见不能再修改");
    expect(html).toMatch(/<input type="hidden" name="confirm" value="yes"\/>/);
    expect(html).toMatch(/<button type="submit" class="primary">确认报送<\/button>/);
    expect(html).toContain(`href="/staff/reports/${reportId}?recipient=`);
    // The first step's form is not shown beside the confirmation.
    expect(html).not.toContain("核对并报送");
    // Back from the confirmation, the form holds what was typed.
    const back = await callRoute(reportPage.loader, { cookie: staff, params: { id: String(reportId) }, path: `/staff/reports/${reportId}?recipient=X%E5%B1%80&sentOn=2026-11-26` });
    expect(back.data).toMatchObject({ recipient: "X局", today: "2026-11-26" });

    const sent = await send({ recipient: "江门市人大常委会法制工作委员会", sentOn: "2026-11-26", confirm: "yes" });
    expect(sent.status).toBe(200);
    expect(sent.data).toEqual({ ok: true });
    expect(await statuses()).toEqual(["forwarded", "forwarded", "forwarded"]);
    expect((await send({ recipient: "x", sentOn: "2026-11-26", confirm: "yes" })).status).toBe(409);
  });
});

describe("marking a draft enacted", () => {
  it("asks for confirmation with what it will set off; only the confirmed submit enacts", async () => {
    const draft = await reportedDraft();
    const post = (form: Record<string, string>) => callRoute(outcomes.action, { method: "POST", cookie: staff, params: { draftId: String(draft.id) }, form });
    const status = async () => (await db.selectFrom("drafts").select("status").where("id", "=", draft.id).executeTakeFirstOrThrow()).status;
    const queued = () => count(sql<{ n: number }>`SELECT count(*) AS n FROM notifications n JOIN opinions o ON o.id = n.opinion_id WHERE o.draft_id = ${draft.id}`);
    const before = await queued();

    const future = await post({ intent: "enact", enactedOn: "2099-01-01" });
    expect(future.status).toBe(400);
    expect(future.data.errors.enactedOn).toEqual(["drafts:errors.transition.enacted_on_in_future"]);

    const asked = await post({ intent: "enact", enactedOn: "2026-11-20" });
    expect(asked.status).toBe(200);
    const forwarded = await count(sql<{ n: number }>`SELECT count(*) AS n FROM opinions o JOIN reports r ON r.id = o.report_id WHERE o.draft_id = ${draft.id} AND r.status = 'sent'`);
    expect(asked.data).toMatchObject({ ok: false, confirm: true, intent: "enact", errors: {}, values: { enactedOn: "2026-11-20" }, forwarded });
    expect(asked.data.texted).toBeGreaterThanOrEqual(0);
    expect(await status()).toBe("reported");
    expect(await queued()).toBe(before);

    const loaded = await callRoute(outcomes.loader, { cookie: staff, params: { draftId: String(draft.id) } });
    const html = await render(outcomes, loaded.data, asked.data);
    expect(textOf(html)).toContain(`将把《${draft.title}》标记为于`);
    expect(textOf(html)).toContain("标记后不能撤销");
    expect(html).toMatch(/<input type="hidden" name="confirm" value="yes"\/>/);
    expect(html).toMatch(/<button type="submit" class="primary">确认已通过<\/button>/);

    const enacted = await post({ intent: "enact", enactedOn: "2026-11-20", confirm: "yes" });
    expect(enacted.status).toBe(200);
    expect(enacted.data).toMatchObject({ ok: true, message: "staff:outcomes.enactedNow" });
    expect(await status()).toBe("enacted");
    expect(await queued()).toBe(before + asked.data.texted);
  });
});

describe("the workbench", () => {
  it("merges in two steps: the ticked opinions, then which of them is kept", async () => {
    const { draftId, ids } = await openDraftWithCollected(4);
    const [a, b, c, d] = ids;
    expect((await bench(draftId, { intent: "review", ids: [a, b, c].map(String) })).data).toMatchObject({ ok: true, count: 3 });

    // Only those under review can be merged: the collected one is left out of the choice.
    const chosen = await bench(draftId, { intent: "prepareMerge", ids: [a, b, c, d].map(String) });
    expect(chosen.status).toBe(200);
    expect(chosen.data.step).toBe("merge");
    expect(chosen.data.candidates.map((o: { id: number }) => o.id).sort()).toEqual([a, b, c].sort());
    const one = await bench(draftId, { intent: "prepareMerge", ids: [String(a), String(d)] });
    expect(one.status).toBe(400);
    expect(one.data.errors.ids).toEqual(["staff:review.mergeNeedsTwo"]);
    expect((await bench(draftId, { intent: "prepareMerge", ids: [] })).data.errors.ids).toEqual(["staff:review.nothingChosen"]);
    // The first step changes nothing.
    expect((await db.selectFrom("opinions").select("status").where("id", "in", [a, b, c]).execute()).map((o) => o.status)).toEqual(["under_review", "under_review", "under_review"]);

    const loaded = await callRoute(workbench.loader, { cookie: staff, params: { draftId: String(draftId) }, path: `/staff/review/${draftId}` });
    const step = await render(workbench, loaded.data, chosen.data, `/staff/review/${draftId}`);
    const select = /<select id="primaryId" name="primaryId"[^>]*>(.*?)<\/select>/s.exec(step)?.[1] ?? "";
    expect([...select.matchAll(/<option value="(\d+)"/g)].map((m) => Number(m[1])).sort()).toEqual([a, b, c].sort());
    expect(step).not.toContain('type="radio"');
    for (const id of [a, b, c]) expect(step).toMatch(new RegExp(`<input type="hidden" name="ids" value="${id}"/>`));
    expect(step).toMatch(/<button type="submit" name="intent" value="merge" class="primary">确认合并<\/button>/);

    const merged = await bench(draftId, { intent: "merge", ids: [a, b, c].map(String), primaryId: String(b) });
    expect(merged.data).toMatchObject({ ok: true, count: 2, intent: "merge" });
    const rows = await db.selectFrom("opinions").select(["id", "status", "merged_into_id"]).where("id", "in", [a, b, c]).orderBy("id").execute();
    expect(rows).toEqual([
      { id: a, status: "merged", merged_into_id: b },
      { id: b, status: "under_review", merged_into_id: null },
      { id: c, status: "merged", merged_into_id: b },
    ]);
    const after = await callRoute(workbench.loader, { cookie: staff, params: { draftId: String(draftId) }, path: `/staff/review/${draftId}` });
    const done = textOf(await render(workbench, after.data, merged.data, `/staff/review/${draftId}`));
    expect(done).toContain("已把 2 条意见合并到保留的意见。");
    const primaryCode = workbenchRows(after.data).find((r) => r.id === b)!.receiptCode;
    expect(done).toContain(`已合并到 ${primaryCode}`);
  });

  it("groups the opinions by article in text order, general comments last, with the actions in a sticky bar", async () => {
    const { draftId } = await openDraftWithCollected(1);
    const loaded = await callRoute(workbench.loader, { cookie: staff, params: { draftId: String(draftId) }, path: `/staff/review/${draftId}` });
    const html = await render(workbench, loaded.data, undefined, `/staff/review/${draftId}`);
    const headings = [...html.matchAll(/<h3 id="group-([^"]+)"/g)].map((m) => m[1]);
    const expected: string[] = [];
    for (const r of workbenchRows(loaded.data)) {
      const key = String(r.articleNumber ?? "general");
      if (!expected.includes(key)) expected.push(key);
    }
    const general = expected.filter((k) => k === "general");
    expect(headings).toEqual([...expected.filter((k) => k !== "general"), ...general]);
    // In text order: the positions of the headings' articles rise.
    const positions = await db
      .selectFrom("articles")
      .innerJoin("draft_versions", "draft_versions.id", "articles.version_id")
      .select(["articles.number", (eb) => eb.fn.min("articles.position").as("position")])
      .where("draft_versions.draft_id", "=", draftId)
      .groupBy("articles.number")
      .execute();
    const at = new Map(positions.map((p) => [String(p.number), Number(p.position)]));
    const numbered = headings.filter((k) => k !== "general").map((k) => at.get(k)!);
    expect(numbered).toEqual([...numbered].sort((x, y) => x - y));
    // Every row under its own heading, each box still named for its receipt code.
    for (const r of workbenchRows(loaded.data)) expect(html).toContain(`aria-label="选择 ${r.receiptCode}"`);
    expect(html).toMatch(/<section class="bulk-bar review-bar"[^>]*>.*role="status".*value="review".*value="prepareMerge".*value="notForward"/s);
    expect(html).toMatch(/<button type="submit" form="bulk" name="intent" value="review"/);
  });
});

describe("drafts from Word files", () => {
  /** The Word file the legislature would send for a law's Markdown text: headings as headings, each paragraph a paragraph. */
  async function docxOf(markdown: string): Promise<Buffer> {
    const heading = [HeadingLevel.TITLE, HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3];
    const paragraphs = markdown
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith("<!--"))
      .map((line) => {
        const h = /^(#{1,3})\s+(.*)$/.exec(line);
        // Word files often put a tab after 第X条 where the Markdown has a full-width space.
        return h ? new Paragraph({ text: h[2], heading: heading[h[1].length - 1] }) : new Paragraph({ text: line.replace(/^(第[一二三四五六七八九十百零]+条)[\u3000 ]/, "$1\t") });
      });
    return Packer.toBuffer(new Document({ sections: [{ children: paragraphs }] }));
  }

  const fileForm = (file: File, extra: Record<string, string> = {}) => {
    const form = new FormData();
    form.append("intent", "check");
    form.append("file", file);
    form.append("text", "");
    for (const [k, v] of Object.entries(extra)) form.append(k, v);
    return form;
  };
  const docxFile = (bytes: Uint8Array, name = "draft.docx") =>
    new File([new Uint8Array(bytes)], name, { type: "application/vnd.openxmlformats-officedocument.wordprocessingml.document" });

  /** Checks and saves a draft from an uploaded file; its latest reading's articles. */
  async function importDraft(file: File) {
    const checked = await callRoute(newDraft.action, { method: "POST", cookie: staff, form: fileForm(file) });
    expect(checked.status).toBe(200);
    expect(checked.data.step).toBe("review");
    const saved = await callRoute(newDraft.action, {
      method: "POST", cookie: staff,
      form: {
        intent: "save", text: checked.data.text, checksum: checked.data.checksum, title: checked.data.values.title || "测试", titleEn: "", kind: "law",
        reading: "first", requestingBody: "全国人大常委会法制工作委员会", receivedOn: todayInChina(), commentOpensOn: "", deadline: "2099-01-01", keyQuestions: "",
      },
    });
    expect(saved.status).toBe(302);
    const id = Number(/\/staff\/drafts\/(\d+)/.exec(saved.location!)![1]);
    const version = (await getLatestVersion(db, id))!;
    return { id, checked: checked.data, articles: (await listArticles(db, version.id)).map((a) => ({ number: a.number, key: a.key, text: a.text })) };
  }

  it.skipIf(!hasLaws)("imports the same articles (numbers, keys, texts) from a .docx as from the same text in .md", async () => {
    for (const name of LAWS) {
      const markdown = readFileSync(join(lawsDir, name), "utf8");
      const fromMd = await importDraft(new File([markdown], name, { type: "text/markdown" }));
      const fromDocx = await importDraft(docxFile(await docxOf(markdown), name.replace(/\.md$/, ".docx")));
      expect(fromMd.articles.length).toBeGreaterThan(50);
      expect(fromDocx.articles).toEqual(fromMd.articles);
      expect(fromDocx.checked.values.title).toBe(fromMd.checked.values.title);
    }
  });

  it.skipIf(!hasLaws)("takes a .docx as a new reading, matching every article to the one it continues", async () => {
    const markdown = readFileSync(join(lawsDir, LAWS[0]), "utf8");
    const { id } = await importDraft(new File([markdown], LAWS[0], { type: "text/markdown" }));
    const checked = await callRoute(newReading.action, { method: "POST", cookie: staff, params: { id: String(id) }, form: fileForm(docxFile(await docxOf(markdown)), { reading: "second" }) });
    expect(checked.status).toBe(200);
    expect(checked.data.step).toBe("review");
    expect(checked.data.removed).toEqual([]);
    expect(checked.data.rows.every((r: { similarity: number | null }) => r.similarity === 1)).toBe(true);
  });

  it("refuses what is not a .docx it can read, before converting it", async () => {
    const read = async (file: File) => {
      const form = new FormData();
      form.append("file", file);
      return readDraftText(form);
    };
    expect(await read(docxFile(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), "draft.doc"))).toMatchObject({ ok: false, field: "file", error: "drafts:errors.oldWord" });
    expect(await read(docxFile(new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0])))).toMatchObject({ error: "drafts:errors.oldWord" });
    expect(await read(docxFile(new TextEncoder().encode("第一条　不是 Word 文件。")))).toMatchObject({ error: "drafts:errors.docxUnreadable" });
    const notWord = new JSZip().file("xl/workbook.xml", "<workbook/>");
    expect(await read(docxFile(await notWord.generateAsync({ type: "uint8array" })))).toMatchObject({ error: "drafts:errors.docxUnreadable" });
    expect(await read(docxFile(new Uint8Array(DOCX_LIMITS.fileBytes + 1)))).toMatchObject({ error: "drafts:errors.docxTooLarge" });

    // A zip bomb: a small file whose document unpacks past the limit.
    const bomb = new JSZip().file("word/document.xml", "0".repeat(DOCX_LIMITS.zipEntryBytes + 1024), { compression: "DEFLATE" });
    const bombBytes = await bomb.generateAsync({ type: "uint8array", compression: "DEFLATE" });
    expect(bombBytes.length).toBeLessThan(DOCX_LIMITS.fileBytes);
    expect(await read(docxFile(bombBytes))).toMatchObject({ error: "drafts:errors.docxTooComplex" });
    // Too many parts.
    const crowded = new JSZip().file("word/document.xml", "<w:document/>");
    for (let i = 0; i <= DOCX_LIMITS.zipEntries; i++) crowded.file(`word/media/${i}.txt`, "x");
    expect(await read(docxFile(await crowded.generateAsync({ type: "uint8array" })))).toMatchObject({ error: "drafts:errors.docxTooComplex" });

    // A well-formed one reads, one paragraph a line, tabs read as spaces.
    const ok = await readDocxText(await docxOf("# 测试条例\n\n第一条　为了测试，制定本条例。\n\n第二条　本条例自公布之日起施行。"));
    expect(ok).toEqual({ ok: true, text: "测试条例\n\n第一条 为了测试，制定本条例。\n\n第二条 本条例自公布之日起施行。" });
  });
});

describe("who may use the desk", () => {
  it("refuses every role but staff", async () => {
    const { draftId, reportId } = await unsentReport();
    const reported = await reportedDraft();
    for (const username of ["informant", "liaison", "cppcc", "admin"]) {
      const cookie = await signInAs(username);
      expect((await callRoute(staffHome.loader, { cookie, path: "/staff" })).status).toBe(403);
      expect((await callRoute(reportList.loader, { cookie, path: "/staff/reports" })).status).toBe(403);
      expect((await callRoute(reportPage.action, { method: "POST", cookie, params: { id: String(reportId) }, form: { recipient: "x", sentOn: "2026-11-26", confirm: "yes" } })).status).toBe(403);
      expect((await bench(draftId, { intent: "prepareMerge", ids: ["1", "2"] }, cookie)).status).toBe(403);
      expect((await callRoute(outcomes.action, { method: "POST", cookie, params: { draftId: String(reported.id) }, form: { intent: "enact", enactedOn: "2026-11-20", confirm: "yes" } })).status).toBe(403);
    }
    expect((await db.selectFrom("reports").select("status").where("id", "=", reportId).executeTakeFirstOrThrow()).status).toBe("draft");
    expect((await db.selectFrom("drafts").select("status").where("id", "=", reported.id).executeTakeFirstOrThrow()).status).toBe("reported");
    const anonymous = await callRoute(reportList.loader, { path: "/staff/reports" });
    expect([302, 303]).toContain(anonymous.status);
  });
});
