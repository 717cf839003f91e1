import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import * as batchPage from "~/routes/collect.import.$token";
import * as problemsSheet from "~/routes/collect.import.$token.problems[.]xlsx";
import * as importRoute from "~/routes/collect.import._index";
import * as template from "~/routes/collect.import.template.$format";
import { db } from "~/utils/db.server";
import { onPostgres, seededDatabase } from "../setup/database";
import { SEED_NOW } from "../setup/clock";
import { callRoute, signInAs } from "../setup/routes";

// The import, tried with the corpus of sheets in tests/fixtures/imports (made by
// scripts/make-import-fixtures.ts): what the preview says of each, and what is
// saved, field by field.

const fixtures = path.join("tests", "fixtures", "imports");
let liaison: string;
let informant: string;
let draftId: number;

beforeAll(async () => {
  await seededDatabase();
  liaison = await signInAs("liaison");
  informant = await signInAs("informant");
  draftId = (await db.selectFrom("drafts").select("id").where("title", "=", "中华人民共和国生态环境法典（草案）").executeTakeFirstOrThrow()).id;
}, 120_000);

const fileOf = (name: string, as = name) => new File([readFileSync(path.join(fixtures, name))], as);

type Preview = {
  tables: { sheet: string; sheetIndex: number; columns: { index: number; heading: string; field: string | null; how: string }[] }[];
  fileProblems: { message: string; params?: Record<string, unknown> }[];
  notes: { row: number | null; message: string; params?: Record<string, unknown> }[];
  counts: { total: number; ready: number; problems: number; repeats: number; already: number };
  problems: { row: number; column: string | null; value: string; message: string; params?: Record<string, unknown> }[];
  warnings: { row: number; message: string }[];
  duplicates: { key: string; row: number; of: number }[];
};

async function upload(file: File, { cookie = liaison, draft }: { cookie?: string; draft?: number } = {}) {
  const form = new FormData();
  form.append("file", file);
  if (draft) form.append("draftId", String(draft));
  const result = await callRoute(importRoute.action, { method: "POST", cookie, path: "/collect/import", form });
  expect(result.status, JSON.stringify(result.data)).toBe(303);
  const token = /\/collect\/import\/([a-z2-7]+)$/.exec(result.location!)![1];
  return { token, ...(await settled(token, cookie)) };
}

/** The batch page once the check (in its worker thread) is done. */
async function settled(token: string, cookie = liaison) {
  for (let i = 0; i < 300; i++) {
    const page = await callRoute(batchPage.loader, { cookie, params: { token }, path: `/collect/import/${token}` });
    if (!page.data.pending) return { page: page.data, preview: page.data.preview as Preview | null };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error("the check did not finish");
}

async function post(token: string, form: Record<string, string | string[]>, cookie = liaison) {
  return callRoute(batchPage.action, { method: "POST", cookie, params: { token }, path: `/collect/import/${token}`, form });
}

async function save(token: string, which: "all" | "ready", keep: string[] = [], cookie = liaison) {
  const result = await post(token, { intent: "save", which, keep }, cookie);
  expect(result.status, JSON.stringify(result.data)).toBe(303);
  return settled(token, cookie);
}

const opinionsOf = (batchToken: string) =>
  db
    .selectFrom("opinions")
    .innerJoin("import_batches", "import_batches.id", "opinions.import_batch_id")
    .innerJoin("places", "places.id", "opinions.grid_id")
    .leftJoin("articles", "articles.id", "opinions.article_id")
    .select([
      "opinions.opinion", "opinions.suggested_revision", "opinions.reason", "opinions.collected_on", "opinions.channel", "opinions.submitter_category",
      "opinions.resident_name", "opinions.resident_phone", "opinions.consent", "opinions.article_part", "opinions.receipt_code", "opinions.draft_id",
      "places.name as grid", "articles.number as article",
    ])
    .where("import_batches.token", "=", batchToken)
    .orderBy("opinions.id")
    .execute();

const fieldsOf = (preview: Preview) => Object.fromEntries(preview.tables[0].columns.map((c) => [c.heading, c.field]));

describe("the check, then the save", () => {
  it("reads the template's layout, saves every field exactly as typed, and keeps three residents who said the same thing apart", async () => {
    const { token, preview } = await upload(fileOf("01-standard.xlsx"));
    expect(preview!.counts).toEqual({ total: 20, ready: 20, problems: 0, repeats: 0, already: 0 });
    expect(preview!.tables[0].columns.find((c) => c.heading === "序号")!.how).toBe("ignored");
    expect(await db.selectFrom("opinions").select("id").where("import_batch_id", "is not", null).execute()).toHaveLength(0);
    const { page } = await save(token, "all");
    expect(page.batch.status).toBe("saved");
    expect(page.opinions).toHaveLength(20);
    const saved = await opinionsOf(token);
    expect(saved).toHaveLength(20);
    // Full-width punctuation and quotation marks as typed.
    expect(saved[0]).toMatchObject({ opinion: "建议（第1条意见）：加强宣传，提高居民的知晓率；并明确责任主体。", article: 2, grid: "金溪社区第2网格", channel: "seminar", submitter_category: "resident", collected_on: "2026-11-18" });
    const same = saved.filter((o) => o.opinion.startsWith("垃圾分类投放点"));
    expect(same.map((o) => [o.resident_name, o.resident_phone, o.consent])).toEqual([["张三", "13800001111", 1], ["李四", "13900002222", 1], ["王五", "13700003333", 1]]);
    expect(same[0].opinion).toBe("垃圾分类投放点应当设置在居民方便到达的位置，“定时定点”要兼顾上班族。");
    expect(new Set(saved.map((o) => o.receipt_code)).size).toBe(20);

    // The same file again: every row is recognised as saved, and nothing is saved twice.
    const again = await upload(fileOf("01-standard.xlsx"));
    expect(again.preview!.counts).toMatchObject({ total: 20, ready: 0, already: 20 });
    const refused = await post(again.token, { intent: "save", which: "all" });
    expect(refused.status).toBe(409);
    expect(refused.data.reason).toBe("collect:import.nothingToSave");
  }, 60_000);

  it("knows the clerk's own headings, names the columns it does not use, and saves those fields", async () => {
    const { token, preview } = await upload(fileOf("02-synonym-headings.xlsx"));
    expect(fieldsOf(preview!)).toEqual({
      草案名称: "draft", 涉及条款: "article", 所在网格: "grid", 收集方式: "channel", 日期: "collectedOn", 身份: "submitterCategory", 意见内容: "opinion",
      具体修改建议: "suggestedRevision", 修改理由: "reason", 是否同意留存姓名电话: "consent", 居民姓名: "residentName", 联系电话: "residentPhone", 备注: null,
    });
    expect(preview!.tables[0].columns.find((c) => c.heading === "备注")!.how).toBe("unused");
    await save(token, "all");
    expect(await opinionsOf(token)).toMatchObject([
      { article: 5, suggested_revision: "在第五条中增加“七日内答复”。", reason: "居民反映投诉后长期无人答复。", resident_name: "赵六", resident_phone: "13600004444", channel: "home_visit", grid: "金溪社区第3网格" },
      { article: 6, submitter_category: "business", resident_name: null },
    ]);
  });

  it("finds the table below a title and above the signatures, and on the second sheet", async () => {
    const titled = await upload(fileOf("03-title-and-footer.xlsx"));
    expect(titled.preview!.counts.total).toBe(2);
    expect(titled.preview!.notes.map((n) => [n.row, n.message])).toEqual([
      [null, "collect:import.note.titleRows"], [8, "collect:import.note.footer"], [9, "collect:import.note.footer"],
    ]);
    const second = await upload(fileOf("04-second-sheet.xlsx"));
    expect(second.preview!.tables.map((t) => t.sheet)).toEqual(["意见汇总"]);
    expect(second.preview!.notes[0]).toMatchObject({ message: "collect:import.note.sheetNotTable" });
    expect(second.preview!.counts.ready).toBe(1);
  });

  it("fills merged cells down and reads hidden rows and columns, saying so", async () => {
    const merged = await upload(fileOf("05-merged-cells.xlsx"));
    expect(merged.preview!.counts.ready).toBe(3);
    await save(merged.token, "all");
    expect((await opinionsOf(merged.token)).map((o) => [o.grid, o.collected_on])).toEqual(Array(3).fill(["金溪社区第5网格", "2026-11-24"]));
    const hidden = await upload(fileOf("06-hidden-rows-cols.xlsx"));
    expect(hidden.preview!.counts.ready).toBe(3);
    expect(hidden.preview!.notes.map((n) => n.message)).toEqual(expect.arrayContaining(["collect:import.note.hiddenColumns", "collect:import.note.hiddenRow"]));
  });

  it("reads CSV in GBK, UTF-8 with a byte-order mark and UTF-16 tab-separated text, keeping every character", async () => {
    const gbk = await upload(fileOf("07-gbk.csv"));
    expect(gbk.page.preview.encoding).toBe("gb18030");
    await save(gbk.token, "all");
    expect((await opinionsOf(gbk.token))[0]).toMatchObject({ opinion: "建议细化第十条，明确“生态补偿”的标准（按面积计算）。", article: 10 });

    const english = await upload(fileOf("08-utf8-bom-english.csv"));
    await save(english.token, "all");
    expect((await opinionsOf(english.token))[0]).toMatchObject({ opinion: "Please define “ecological damage” in Article 12.", channel: "home_visit", submitter_category: "lawyer", article: 12, collected_on: "2026-11-21", grid: "金溪社区第1网格" });

    const unicode = await upload(fileOf("09-unicode-text.txt"));
    expect(unicode.page.preview).toMatchObject({ format: "tsv", encoding: "utf-16le" });
    await save(unicode.token, "all");
    expect((await opinionsOf(unicode.token))[0].opinion).toBe("用Unicode文本保存的意见，含全角标点：（一）、（二）。");
  });

  it("reads dates as Excel stores them and as clerks type them, and refuses dates in the future or before the draft", async () => {
    const { token, preview } = await upload(fileOf("10-dates.xlsx"));
    expect(preview!.problems.map((p) => [p.row, p.column, p.value, p.message])).toEqual([
      [7, "收集日期", "2026-12-25", "collect:import.futureDate"],
      [8, "收集日期", "2026-11-10", "collect:import.beforeDraft"],
      [9, "收集日期", "2026-02-30", "collect:import.badDate"],
    ]);
    expect(preview!.warnings).toEqual([expect.objectContaining({ row: 6, message: "collect:import.dateWithoutYear" })]);
    await save(token, "ready");
    expect((await opinionsOf(token)).map((o) => o.collected_on)).toEqual(["2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23", "2026-11-24"]);
  });

  it("reads articles through the draft's own parser: a paragraph is kept, the whole draft is a general comment, a chapter is flagged", async () => {
    const { token, preview } = await upload(fileOf("11-articles.xlsx"));
    expect(preview!.problems.map((p) => [p.row, p.value, p.message])).toEqual([
      [5, "第二章", "collect:import.chapterNotArticle"],
      [6, "第九十九条", "collect:import.articleMissing"],
    ]);
    await save(token, "ready");
    expect((await opinionsOf(token)).map((o) => [o.article, o.article_part])).toEqual([[12, "第二款"], [null, null], [null, null], [12, null]]);
  });

  it("finds grids however they are written, and explains codes Excel rounded and grids that do not exist", async () => {
    const { token, preview } = await upload(fileOf("12-grids.xlsx"));
    expect(preview!.problems.map((p) => [p.row, p.column, p.value, p.message, p.params])).toEqual([
      [5, "网格", "4.40704E+14", "collect:import.scientific", { value: "4.40704E+14" }],
      [6, "网格", "金溪社区第9网格", "collect:import.unknownGridSuggest", { value: "金溪社区第9网格", suggestion: "金溪社区第1网格 (440704004002001)" }],
    ]);
    await save(token, "ready");
    expect((await opinionsOf(token)).map((o) => o.grid)).toEqual(["金溪社区第4网格", "金溪社区第1网格", "金溪社区第3网格", "金溪社区第5网格"]);
  });

  it("suggests only grids in the clerk's own scope", async () => {
    // The informant has grids 1, 2 and 6 of 金溪社区; grid 4 belongs to the contact point but not to them.
    const { preview } = await upload(fileOf("12-grids.xlsx"), { cookie: informant });
    const problems = preview!.problems.map((p) => [p.row, p.message]);
    expect(problems).toContainEqual([2, "collect:import.unknownGridSuggest"]);
    expect(JSON.stringify(preview!.problems)).not.toMatch(/第[345]网格 \(/);
  });

  it("knows the words clerks use for channels and submitters", async () => {
    const { token, preview } = await upload(fileOf("13-channel-category-words.xlsx"));
    expect(preview!.problems.map((p) => [p.row, p.value, p.message])).toEqual([[6, "飞鸽传书", "collect:import.unknownChannel"]]);
    await save(token, "ready");
    expect((await opinionsOf(token)).map((o) => [o.channel, o.submitter_category])).toEqual([
      ["seminar", "resident"], ["home_visit", "grid_worker"], ["online", "npc_deputy"], ["letter_phone", "lawyer"],
    ]);
  });

  it("shows a row typed twice as a likely repeat for the clerk to keep or drop; different residents are different opinions", async () => {
    const dropped = await upload(fileOf("14-duplicates.xlsx"));
    expect(dropped.preview!.duplicates.map((d) => [d.row, d.of])).toEqual([[3, 2], [6, 5]]);
    expect(dropped.preview!.counts).toMatchObject({ total: 5, ready: 3, repeats: 2 });
    await save(dropped.token, "all");
    expect((await opinionsOf(dropped.token)).map((o) => o.resident_name)).toEqual(["孙七", "周八", null]);

    // Kept on purpose the second time (a new file of the same rows): only the repeats are new.
    const kept = await upload(fileOf("14-duplicates.xlsx"));
    expect(kept.preview!.counts).toMatchObject({ already: 3 });
    await save(kept.token, "all", kept.preview!.duplicates.map((d) => d.key));
    expect((await opinionsOf(kept.token)).map((o) => o.resident_name)).toEqual(["孙七", null]);
  });

  it("refuses an old .xls with how to save it as .xlsx, and reads a workbook whatever its file is called", async () => {
    const old = await upload(fileOf("15-old-excel.xls"));
    expect(old.page.batch.status).toBe("failed");
    expect(old.page.failure.reason).toBe("collect:import.oldExcel");
    const renamed = await upload(fileOf("16-workbook-named.csv"));
    expect(renamed.page.preview.format).toBe("xlsx");
    expect(renamed.preview!.counts.ready).toBe(1);
  });

  it("saves the good rows by choice and gives the others back as a sheet that imports cleanly once corrected", async () => {
    const { token, preview } = await upload(fileOf("17-some-bad-rows.xlsx"));
    expect(preview!.problems.map((p) => [p.row, p.column, p.message])).toEqual([
      [3, "意见", "collect:errors.opinion"],
      [4, "电话", "collect:errors.phone"],
      [5, "同意留存姓名电话", "collect:errors.consent"],
    ]);
    // Saving all is refused while rows have problems; nothing is saved.
    const refused = await post(token, { intent: "save", which: "all" });
    expect(refused.status).toBe(409);
    expect(refused.data.reason).toBe("collect:import.rowsWithProblems");
    expect(await opinionsOf(token)).toHaveLength(0);
    await save(token, "ready");
    const saved = await opinionsOf(token);
    // A resident's words that look like a formula are kept as they are; the app's own exports escape them.
    expect(saved.map((o) => o.opinion)).toEqual(["好的一行。", "=HYPERLINK(\"http://evil.example\",\"点我\")", "又一行好的。"]);

    const sheet = await callRoute(problemsSheet.loader, { cookie: liaison, params: { token }, path: `/collect/import/${token}/problems.xlsx` });
    expect(sheet.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(sheet.data);
    const rows = workbook.worksheets[0].getSheetValues().slice(1) as unknown as (string | undefined)[][];
    expect(rows[0]!.slice(1)).toEqual([...(rows[0]!.slice(1, 14)), "问题说明"]);
    expect(rows.slice(1).map((r) => r[8])).toEqual([undefined, "电话不对。", "没有同意却写了姓名。"]);
    expect(String(rows[2]![14])).toContain("电话号码格式不正确");

    // Corrected by the clerk, the sheet imports cleanly; the problem column is read as nothing.
    const fixedRows = workbook.worksheets[0];
    fixedRows.getCell("H2").value = "补上的意见。";
    fixedRows.getCell("M3").value = "13311112222";
    fixedRows.getCell("K4").value = "是";
    const corrected = await upload(new File([(await workbook.xlsx.writeBuffer()) as ArrayBuffer], "corrected.xlsx"));
    expect(corrected.preview!.counts).toMatchObject({ total: 3, ready: 3, problems: 0 });
    expect(corrected.preview!.tables[0].columns.at(-1)).toMatchObject({ heading: "问题说明", how: "ignored" });
    await save(corrected.token, "all");
    expect((await opinionsOf(corrected.token)).map((o) => o.opinion)).toEqual(["补上的意见。", "电话不对。", "没有同意却写了姓名。"]);
  }, 60_000);

  it("says plainly when there is no table, and asks for a missing column's value", async () => {
    const none = await upload(fileOf("18-no-header.xlsx"));
    expect(none.preview!.fileProblems).toEqual([expect.objectContaining({ message: "collect:import.noTable" })]);
    const noChannel = await upload(fileOf("19-no-channel.xlsx"));
    expect(noChannel.preview!.fileProblems).toEqual([expect.objectContaining({ message: "collect:import.missingColumn", params: expect.objectContaining({ column: "征集方式" }) })]);
    expect((await post(noChannel.token, { intent: "save", which: "all" })).status).toBe(409);
    // The clerk chooses the channel for every row, and the file checks clean.
    const rechecked = await post(noChannel.token, { intent: "recheck", "default-channel": "seminar" });
    expect(rechecked.status).toBe(303);
    const { preview } = await settled(noChannel.token);
    expect(preview!.fileProblems).toEqual([]);
    await save(noChannel.token, "all");
    expect((await opinionsOf(noChannel.token))[0].channel).toBe("seminar");
  });

  it("lets the clerk say what an unrecognised column holds", async () => {
    const { token, preview } = await upload(fileOf("20-unrecognised-column.xlsx"));
    const column = preview!.tables[0].columns.find((c) => c.heading === "提出依据和说明")!;
    expect(column).toMatchObject({ field: null, how: "unused" });
    await post(token, { intent: "recheck", [`map:0:${column.index}`]: "reason" });
    const { preview: remapped } = await settled(token);
    expect(remapped!.tables[0].columns.find((c) => c.heading === "提出依据和说明")).toMatchObject({ field: "reason", how: "mapped" });
    await save(token, "all");
    expect((await opinionsOf(token))[0]).toMatchObject({ reason: "其他法律已有类似规定。", article: 11, submitter_category: "expert" });
  });

  it("refuses text with control characters rather than keep a garbled record", async () => {
    const { preview } = await upload(fileOf("21-control-characters.csv"));
    expect(preview!.problems).toEqual([expect.objectContaining({ row: 2, column: "意见", message: "collect:import.garbled" })]);
  });

  it("takes the draft chosen on upload when the sheet has no draft column", async () => {
    const rows = [["条文", "网格", "征集方式", "收集日期", "提出人类别", "意见"], ["3", "金溪社区第1网格", "问卷", "2026-11-26", "居民", "没有草案一列的表。"]];
    const csv = new File([`\uFEFF${rows.map((r) => r.join(",")).join("\n")}`], "no-draft.csv");
    const without = await upload(csv);
    expect(without.preview!.fileProblems).toEqual([expect.objectContaining({ message: "collect:import.missingColumn" })]);
    const chosen = await upload(csv, { draft: draftId });
    await save(chosen.token, "all");
    expect((await opinionsOf(chosen.token))[0]).toMatchObject({ draft_id: draftId, article: 3, channel: "questionnaire" });
  });
});

describe("all or nothing", () => {
  it("saves no row when one of them can no longer be saved (the grid was taken from the collector after the check)", async () => {
    const informantId = (await db.selectFrom("users").select("id").where("username", "=", "informant").executeTakeFirstOrThrow()).id;
    const rows = [["草案", "网格", "征集方式", "收集日期", "提出人类别", "意见"]];
    for (const [i, grid] of ["金溪社区第1网格", "金溪社区第2网格", "金溪社区第1网格"].entries()) rows.push(["生态环境法典", grid, "座谈会", "2026-11-26", "居民", `${grid}的第${i + 1}条意见`]);
    const { token, preview } = await upload(new File([`\uFEFF${rows.map((r) => r.join(",")).join("\n")}`], "scope.csv"), { cookie: informant });
    expect(preview!.counts.ready).toBe(3);
    const grid2 = (await db.selectFrom("places").select("id").where("name", "=", "金溪社区第2网格").executeTakeFirstOrThrow()).id;
    await db.deleteFrom("user_grids").where("user_id", "=", informantId).where("grid_id", "=", grid2).execute();
    try {
      const refused = await post(token, { intent: "save", which: "all" }, informant);
      expect(refused.status).toBe(409);
      expect(refused.data).toMatchObject({ reason: "collect:import.refusedOnSave", rows: [{ row: 3, errors: ["collect:errors.gridScope"] }] });
      expect(await opinionsOf(token)).toHaveLength(0);
      // The batch can be checked again and saved once the clerk has corrected it.
      expect((await settled(token, informant)).page.batch.status).toBe("checked");
    } finally {
      await db.insertInto("user_grids").values({ user_id: informantId, grid_id: grid2 }).execute();
    }
  });
});

// The commands open the SQLite file the test made.
describe.skipIf(onPostgres)("from the command line", () => {
  const run = (script: "check" | "save", args: string[], file: string) =>
    spawnSync("node_modules/.bin/tsx", ["scripts/import-sheet.ts", ...(script === "save" ? ["--save"] : []), ...args], {
      env: { ...process.env, DATABASE_PATH: file, NOW: SEED_NOW, NODE_ENV: "test" },
      encoding: "utf8",
      timeout: 60_000,
    });

  it("prints the check as JSON and saves nothing; saves all or nothing as a named collector and prints the receipt codes", async () => {
    const file = (await sql<{ file: string }>`PRAGMA database_list`.execute(db)).rows[0].file;
    const before = await db.selectFrom("opinions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    const checked = run("check", [path.join(fixtures, "17-some-bad-rows.xlsx"), "--contact-point", "JH-L-12"], file);
    expect(checked.status, checked.stderr).toBe(0);
    const report = JSON.parse(checked.stdout);
    expect(report.columns.recognised).toMatchObject({ 意见: "opinion", 网格: "grid" });
    expect(report.rows.total).toBe(6);
    expect(report.rows.ready + report.rows.alreadyImported).toBe(3);
    expect(report.errors.map((e: { row: number; column: string }) => [e.row, e.column])).toEqual([[3, "意见"], [4, "电话"], [5, "同意留存姓名电话"]]);
    expect(report.errors[1].message).toBe("电话号码格式不正确。");

    const refused = run("save", [path.join(fixtures, "17-some-bad-rows.xlsx"), "--contact-point", "JH-L-12", "--as", "liaison"], file);
    expect(refused.status).toBe(1);
    const saved = run("save", [path.join(fixtures, "03-title-and-footer.xlsx"), "--contact-point", "JH-L-12", "--as", "liaison"], file);
    expect(saved.status, saved.stderr).toBe(0);
    const receipts = JSON.parse(saved.stdout).receipts as string[];
    expect(receipts).toHaveLength(2);
    const after = await db.selectFrom("opinions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(2);
    expect(await db.selectFrom("opinions").select("id").where("receipt_code", "in", receipts).execute()).toHaveLength(2);
    expect(run("save", [path.join(fixtures, "03-title-and-footer.xlsx"), "--contact-point", "JH-L-12", "--as", "informant999"], file).status).toBe(1);
  }, 120_000);
});

describe("who sees an import", () => {
  it("is the person who uploaded it: another collector gets 404, and the public is sent to sign in", async () => {
    const { token } = await upload(fileOf("04-second-sheet.xlsx"));
    expect((await callRoute(batchPage.loader, { cookie: informant, params: { token } })).status).toBe(404);
    expect((await callRoute(problemsSheet.loader, { cookie: informant, params: { token } })).status).toBe(404);
    expect((await callRoute(batchPage.loader, { params: { token } })).status).toBe(302);
    expect((await callRoute(batchPage.loader, { cookie: liaison, params: { token: "not-a-token" } })).status).toBe(404);
  });
});

describe("the template", () => {
  it("has choice lists, the clerk's grids and the draft's articles, instructions, and an example row that is not imported", async () => {
    const xlsx = await callRoute(template.loader, { cookie: liaison, params: { format: "xlsx" }, path: `/collect/import/template/xlsx?lng=zh-CN&draft=${draftId}` });
    expect(xlsx.status).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.data);
    expect(workbook.worksheets.map((w) => w.name)).toEqual(["意见", "选项", "网格与条文", "填表说明"]);
    const sheet = workbook.getWorksheet("意见")!;
    expect(sheet.getCell("E2").dataValidation).toMatchObject({ type: "list" });
    const reference = workbook.getWorksheet("网格与条文")!;
    expect(reference.getColumn(2).values).toContain("金溪社区第4网格");
    expect(reference.getColumn(5).values).toContain("第12条");

    // As downloaded, it imports: the example row is skipped and said to be.
    const { preview } = await upload(new File([xlsx.data], "template.xlsx"));
    expect(preview!.fileProblems).toEqual([expect.objectContaining({ message: "collect:import.empty" })]);
    expect(preview!.notes).toContainEqual(expect.objectContaining({ row: 2, message: "collect:import.note.example" }));

    // The CSV in UTF-8 with a byte-order mark, so that Excel opens it correctly.
    const response = (await template.loader({
      request: new Request("http://localhost/collect/import/template/csv?lng=en", { headers: { cookie: liaison } }), params: { format: "csv" }, context: {},
    })) as Response;
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder().decode(bytes).startsWith("No.,Draft,Article")).toBe(true);
  });
});
