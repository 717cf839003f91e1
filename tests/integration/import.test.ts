import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { IMPORT_COLUMNS } from "~/domain/opinion-import";
import * as importRoute from "~/routes/collect.import";
import * as template from "~/routes/collect.import.template.$format";
import { db } from "~/utils/db.server";
import { seededDatabase } from "../setup/database";
import { callRoute, signInAs } from "../setup/routes";

let cookie: string;
let draftTitle: string;
let gridCode: string;
let gridName: string;
let articleCount: number;

beforeAll(async () => {
  await seededDatabase();
  cookie = await signInAs("informant");
  const informant = await db.selectFrom("users").select(["id", "contact_point_id"]).where("username", "=", "informant").executeTakeFirstOrThrow();
  const draft = await db
    .selectFrom("drafts")
    .innerJoin("draft_contact_points", "draft_contact_points.draft_id", "drafts.id")
    .select(["drafts.id", "drafts.title"])
    .where("drafts.status", "=", "open")
    .where("draft_contact_points.contact_point_id", "=", informant.contact_point_id!)
    .executeTakeFirstOrThrow();
  draftTitle = draft.title;
  const version = await db.selectFrom("draft_versions").select("id").where("draft_id", "=", draft.id).executeTakeFirstOrThrow();
  articleCount = (await db.selectFrom("articles").select("id").where("version_id", "=", version.id).execute()).length;
  const grid = await db
    .selectFrom("user_grids")
    .innerJoin("places", "places.id", "user_grids.grid_id")
    .select(["places.code", "places.name"])
    .where("user_grids.user_id", "=", informant.id)
    .executeTakeFirstOrThrow();
  gridCode = grid.code;
  gridName = grid.name;
}, 120_000);

const toFullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

/** 1,000 rows in the ways collectors write them; `bad` rows carry one known mistake each. */
function sheetRows(fix: boolean) {
  const rows: string[][] = [IMPORT_COLUMNS.map((c) => c.zh)];
  const bad = new Map<number, string>();
  for (let i = 0; i < 1000; i++) {
    const article = String((i % articleCount) + 1);
    let row = [draftTitle, `第${article}条`, i % 2 ? gridCode : gridName, "座谈会", "2026-11-20", "居民", `第${i + 1}条导入意见：建议加强宣传。`, "", "", "否", "", ""];
    if (i % 97 === 5) row[1] = toFullWidth(article); // full-width digits: accepted
    if (i % 89 === 7) row[4] = "2026年11月2日"; // Chinese date: accepted
    if (i % 83 === 11) row[4] = "２０２６/１１/０３"; // full-width date: accepted
    if (!fix) {
      if (i === 100) (row[2] = "不存在的网格"), bad.set(i + 2, "grid");
      if (i === 200) (row[6] = ""), bad.set(i + 2, "opinion");
      if (i === 300) (row[1] = "第九百九十九条"), bad.set(i + 2, "article");
      if (i === 400) (row[4] = "2026-02-30"), bad.set(i + 2, "collectedOn");
      if (i === 500) (row[11] = "123"), (row[9] = "是"), bad.set(i + 2, "residentPhone");
    }
    rows.push(row);
  }
  return { rows, bad };
}

async function xlsx(rows: string[][]): Promise<File> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("意见");
  for (const r of rows) sheet.addRow(r);
  const buffer = await workbook.xlsx.writeBuffer();
  return new File([buffer as ArrayBuffer], "opinions.xlsx");
}

async function upload(file: File) {
  const form = new FormData();
  form.append("file", file);
  return callRoute(importRoute.action, { method: "POST", cookie, path: "/collect/import", form });
}

const importedCount = async () =>
  Number((await db.selectFrom("opinions").select((eb) => eb.fn.countAll().as("n")).where("import_fingerprint", "is not", null).executeTakeFirstOrThrow()).n);

describe("importing opinions gathered on paper", () => {
  it("reports exactly the bad rows, saves nothing, then saves all 1,000 once fixed, and 0 on re-import", async () => {
    const { rows, bad } = sheetRows(false);
    const rejected = await upload(await xlsx(rows));
    expect(rejected.status).toBe(400);
    const reported = new Map<number, string>(rejected.data.errors.map((e: { row: number; field: string }) => [e.row, e.field]));
    expect(reported).toEqual(bad);
    expect(await importedCount()).toBe(0);

    const fixed = await upload(await xlsx(sheetRows(true).rows));
    expect(fixed.status).toBe(200);
    expect(fixed.data).toMatchObject({ ok: true, saved: 1000, skipped: 0 });
    expect(await importedCount()).toBe(1000);

    const again = await upload(await xlsx(sheetRows(true).rows));
    expect(again.data).toMatchObject({ ok: true, saved: 0, skipped: 1000 });
    expect(await importedCount()).toBe(1000);
  }, 120_000);

  it("reads the CSV template in English and rejects an unreadable file", async () => {
    const csv = await callRoute(template.loader, { cookie, params: { format: "csv" }, path: "/collect/import/template/csv?lng=en" });
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toMatch(/text\/csv/);
    expect(String(csv.data)).toContain("Draft (title or id)");
    const form = new FormData();
    form.append("file", new File(["not a spreadsheet"], "notes.pdf"));
    const result = await callRoute(importRoute.action, { method: "POST", cookie, form });
    expect(result.status).toBe(400);
    expect(result.data.errors[0].message).toBe("collect:import.unreadable");
  });

  it("takes a CSV with English headings and labels", async () => {
    const heading = IMPORT_COLUMNS.map((c) => c.en);
    const line = [draftTitle, "2", gridCode, "Home visit", "2026/11/21", "Lawyer", "An opinion from a CSV file.", "", "", "no", "", ""];
    const body = [heading, line].map((r) => r.map((c) => `"${c}"`).join(",")).join("\n");
    const form = new FormData();
    form.append("file", new File([`\uFEFF${body}`], "paper.csv"));
    const result = await callRoute(importRoute.action, { method: "POST", cookie, form });
    expect(result.data).toMatchObject({ ok: true, saved: 1 });
    const row = await db.selectFrom("opinions").selectAll().where("opinion", "=", "An opinion from a CSV file.").executeTakeFirstOrThrow();
    expect(row).toMatchObject({ channel: "home_visit", submitter_category: "lawyer", collected_on: "2026-11-21" });
  });
});
