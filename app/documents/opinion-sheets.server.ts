import type ExcelJS from "exceljs";
import { PROBLEM_HEADING, TEMPLATE_HEADINGS } from "~/domain/import-columns";
import { escapeFormula } from "~/domain/spreadsheet-cells";

// The spreadsheets of paper import: the template clerks fill in, and the sheet of
// rows that had problems, to correct and import again. exceljs is large: loaded
// when a spreadsheet is first made.

export type TemplateContext = {
  lng: "zh-CN" | "en";
  draft: { title: string; articles: { number: number; text: string }[] } | null;
  grids: { code: string; name: string; communityName: string }[];
  /** The words of the drop-down lists, in the template's language. */
  channels: string[];
  categories: string[];
  yesNo: [string, string];
  instructions: string[];
  sheetNames: { opinions: string; reference: string; lists: string; instructions: string };
  example: { marker: string; opinion: string; date: string };
};

const COLUMNS = ["rowNumber", "draft", "article", "grid", "channel", "collectedOn", "submitterCategory", "opinion", "suggestedRevision", "reason", "consent", "residentName", "residentPhone"] as const;

function heading(lng: "zh-CN" | "en") {
  return COLUMNS.map((c) => (lng === "en" ? TEMPLATE_HEADINGS[c].en : TEMPLATE_HEADINGS[c].zh));
}

function exampleRow(ctx: TemplateContext): string[] {
  const article = ctx.draft?.articles[0];
  return [
    ctx.example.marker, ctx.draft?.title ?? "", article ? `第${article.number}条` : "", ctx.grids[0]?.name ?? "", ctx.channels[0] ?? "",
    ctx.example.date, ctx.categories[0] ?? "", ctx.example.opinion, "", "", ctx.yesNo[1], "", "",
  ];
}

const letter = (index: number) => String.fromCharCode(65 + index);

/** The import template as .xlsx: drop-down lists for channel, category and consent, the clerk's grids and the draft's articles, instructions. */
export async function buildTemplateXlsx(ctx: TemplateContext): Promise<Buffer> {
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  const sheet = workbook.addWorksheet(ctx.sheetNames.opinions);
  sheet.addRow(heading(ctx.lng)).font = { bold: true };
  sheet.addRow(exampleRow(ctx)).font = { italic: true, color: { argb: "FF666666" } };
  sheet.columns.forEach((column, i) => (column.width = COLUMNS[i] === "opinion" ? 50 : 18));
  // Codes and phones as text, so that Excel never turns them into 4.40704E+14.
  for (const c of ["grid", "residentPhone", "article"] as const) sheet.getColumn(COLUMNS.indexOf(c) + 1).numFmt = "@";
  sheet.views = [{ state: "frozen", ySplit: 1 }];

  const lists = workbook.addWorksheet(ctx.sheetNames.lists, { state: "hidden" });
  const listColumns = [ctx.channels, ctx.categories, [...ctx.yesNo]];
  listColumns.forEach((words, i) => words.forEach((w, row) => (lists.getCell(row + 1, i + 1).value = w)));
  const rows = 2000;
  const validate = (column: (typeof COLUMNS)[number], list: number, strict: boolean) => {
    const col = letter(COLUMNS.indexOf(column));
    const range = `'${ctx.sheetNames.lists}'!$${letter(list)}$1:$${letter(list)}$${listColumns[list].length}`;
    for (let r = 2; r <= rows; r++) {
      sheet.getCell(`${col}${r}`).dataValidation = { type: "list", allowBlank: true, formulae: [range], showErrorMessage: strict };
    }
  };
  validate("channel", 0, false);
  validate("submitterCategory", 1, false);
  validate("consent", 2, true);

  const reference = workbook.addWorksheet(ctx.sheetNames.reference);
  const gridHead = ctx.lng === "en" ? ["Grid code", "Grid", "Community"] : ["网格编码", "网格名称", "社区"];
  const articleHead = ctx.lng === "en" ? ["Article", "Text"] : ["条文", "内容"];
  reference.addRow([...gridHead, "", ...articleHead]).font = { bold: true };
  const lines = Math.max(ctx.grids.length, ctx.draft?.articles.length ?? 0);
  for (let i = 0; i < lines; i++) {
    const grid = ctx.grids[i];
    const article = ctx.draft?.articles[i];
    reference.addRow(
      [grid?.code ?? "", grid?.name ?? "", grid?.communityName ?? "", "", article ? `第${article.number}条` : "", article ? article.text.slice(0, 120) : ""],
    );
  }
  reference.getColumn(1).numFmt = "@";
  reference.columns.forEach((column, i) => (column.width = i === 5 ? 60 : 18));

  const help = workbook.addWorksheet(ctx.sheetNames.instructions);
  ctx.instructions.forEach((line) => help.addRow([line]));
  help.getColumn(1).width = 100;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** The template as CSV, UTF-8 with a byte-order mark so that Excel opens it correctly. */
export async function buildTemplateCsv(ctx: TemplateContext): Promise<Buffer> {
  const { stringify } = await import("csv-stringify/sync");
  return Buffer.from(`\uFEFF${stringify([heading(ctx.lng), exampleRow(ctx)].map((row) => row.map(escapeFormula)))}`, "utf8");
}

export type ProblemSheet = { name: string; headings: string[]; rows: { cells: string[]; problems: string }[] };

/** The rows that had problems, as typed, with a column saying what to correct; corrected, it imports again. */
export async function buildProblemRowsXlsx(sheets: ProblemSheet[], lng: "zh-CN" | "en"): Promise<Buffer> {
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  for (const [i, s] of sheets.entries()) {
    const sheet: ExcelJS.Worksheet = workbook.addWorksheet(s.name || `Sheet${i + 1}`);
    sheet.addRow([...s.headings, lng === "en" ? PROBLEM_HEADING.en : PROBLEM_HEADING.zh]).font = { bold: true };
    for (const row of s.rows) {
      // Every cell as text, as typed: codes keep their digits.
      const added = sheet.addRow([...row.cells, row.problems].map((v) => v || null));
      added.eachCell((cell) => (cell.numFmt = "@"));
    }
    sheet.columns.forEach((column) => (column.width = 20));
    sheet.getColumn(s.headings.length + 1).width = 60;
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
