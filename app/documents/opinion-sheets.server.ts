import { parse as parseCsv } from "csv-parse/sync";
import type ExcelJS from "exceljs";
import { IMPORT_COLUMNS } from "~/domain/opinion-import";

// Spreadsheets of opinions typed up from paper slips: reading an upload, and the
// template clerks fill in. exceljs is large: loaded when a spreadsheet is first needed.

function cellText(value: ExcelJS.CellValue): string {
  if (value == null) return "";
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("text" in value) return String(value.text);
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    return "";
  }
  return String(value);
}

/** The rows of an uploaded .xlsx (first sheet) or .csv, as text; null when the file cannot be read. */
export async function readSheet(name: string, bytes: Uint8Array): Promise<string[][] | null> {
  try {
    if (/\.xlsx$/i.test(name)) {
      // exceljs is large: loaded when a spreadsheet first comes in.
      const { default: Excel } = await import("exceljs");
      const workbook = new Excel.Workbook();
      await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
      const sheet = workbook.worksheets[0];
      if (!sheet) return null;
      const rows: string[][] = [];
      sheet.eachRow({ includeEmpty: true }, (row, number) => {
        const values = row.values as ExcelJS.CellValue[];
        rows[number - 1] = values.slice(1).map(cellText);
      });
      return Array.from(rows, (r) => r ?? []);
    }
    if (/\.csv$/i.test(name)) {
      return parseCsv(Buffer.from(bytes), { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
    }
    return null;
  } catch {
    return null;
  }
}

/** The import template, headed in the reader's language, with one example row. */
export async function buildTemplate(lng: "zh-CN" | "en", format: "xlsx" | "csv", example: { draft: string; grid: string }): Promise<Buffer> {
  const heading = IMPORT_COLUMNS.map((c) => (lng === "en" ? c.en : c.zh));
  const sample =
    lng === "en"
      ? [example.draft, "12", example.grid, "Seminar", "2022-10-25", "Resident", "Please define the term more clearly.", "", "", "no", "", ""]
      : [example.draft, "第十二条", example.grid, "座谈会", "2022年10月25日", "居民", "建议进一步明确用语含义。", "", "", "否", "", ""];
  if (format === "csv") {
    const { stringify } = await import("csv-stringify/sync");
    return Buffer.from(`\uFEFF${stringify([heading, sample])}`, "utf8");
  }
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  const sheet = workbook.addWorksheet(lng === "en" ? "Opinions" : "意见");
  sheet.addRow(heading).font = { bold: true };
  sheet.addRow(sample);
  sheet.columns.forEach((column) => (column.width = 22));
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
