import { parse as parseCsv } from "csv-parse/sync";
import type ExcelJS from "exceljs";
import { resources } from "~/locales";
import {
  channelCode, consentValue, IMPORT_COLUMNS, isBlankRow, readHeader, rowFingerprint, submitterCode, toRawRow, type RawRow,
} from "~/domain/opinion-import";
import { normalizeText, opinionFields, type OpinionFields } from "~/domain/opinion-input";
import type { Db } from "~/utils/db.server";
import { listCollectorGrids, listCurrentArticles, recordOpinion, type Collector } from "./collection.server";
import { listOpenDraftsForContactPoint } from "./drafts.server";

export const MAX_IMPORT_ROWS = 5000;
export type RowError = { row: number; field: string; message: string };
type ValidRow = { row: number; draftId: number; fields: OpinionFields; fingerprint: string };

const labels = {
  channel: { zh: resources["zh-CN"].common.channel, en: resources.en.common.channel },
  submitter: { zh: resources["zh-CN"].common.submitter, en: resources.en.common.submitter },
};

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

/**
 * Checks every row against the same rules as the form, plus the collector's
 * scope. Row numbers are the spreadsheet's own (the header is row 1).
 */
export async function validateImport(db: Db, user: Collector, rows: string[][], today: string): Promise<{ valid: ValidRow[]; errors: RowError[] }> {
  const errors: RowError[] = [];
  const { columns, missing } = readHeader(rows[0] ?? []);
  if (missing.length) return { valid: [], errors: missing.map((field) => ({ row: 1, field, message: "collect:import.missingColumn" })) };
  const dataRows = rows.slice(1).map((cells, i) => ({ row: i + 2, raw: toRawRow(columns, cells) })).filter((r) => !isBlankRow(r.raw));
  if (!dataRows.length) return { valid: [], errors: [{ row: 1, field: "_file", message: "collect:import.empty" }] };
  if (dataRows.length > MAX_IMPORT_ROWS) return { valid: [], errors: [{ row: 1, field: "_file", message: "collect:import.tooMany" }] };

  const drafts = await listOpenDraftsForContactPoint(db, user.contactPointId ?? -1, today);
  const grids = await listCollectorGrids(db, user);
  const articleNumbers = new Map<number, Set<number>>();
  for (const d of drafts) articleNumbers.set(d.id, new Set((await listCurrentArticles(db, d.id)).articles.map((a) => a.number)));
  // Cells are NFKC-normalised (full-width brackets become ASCII), so titles are compared the same way.
  const bare = (title: string) => normalizeText(title).replace(/^中华人民共和国/, "");
  const findDraft = (value: string) =>
    drafts.find((d) => String(d.id) === value || bare(d.title) === bare(value) || (d.title_en && normalizeText(d.title_en) === value));
  const findGrid = (value: string) => grids.find((g) => g.code === value || normalizeText(g.name) === value);

  const valid: ValidRow[] = [];
  const seen = new Set<string>();
  for (const { row, raw } of dataRows) {
    const rowErrors: RowError[] = [];
    const draft = findDraft(raw.draft);
    if (!draft) rowErrors.push({ row, field: "draft", message: raw.draft ? "collect:import.unknownDraft" : "validation.required" });
    const grid = findGrid(raw.grid);
    if (!grid) rowErrors.push({ row, field: "grid", message: raw.grid ? "collect:import.unknownGrid" : "validation.required" });
    const channel = channelCode(raw.channel, labels.channel);
    const category = submitterCode(raw.submitterCategory, labels.submitter);
    const parsed = opinionFields.safeParse(formFields(raw, grid?.id ?? 1, channel, category));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = toImportField(String(issue.path[0] ?? "_row"));
        if (field === "grid" && !grid) continue;
        rowErrors.push({ row, field, message: /^[a-z]+[:.]/.test(issue.message) ? issue.message : "validation.invalidChoice" });
      }
    } else if (draft && parsed.data.article !== null && !articleNumbers.get(draft.id)?.has(parsed.data.article)) {
      rowErrors.push({ row, field: "article", message: "collect:errors.articleMissing" });
    }
    if (rowErrors.length || !parsed.success || !draft || !grid) {
      errors.push(...rowErrors);
      continue;
    }
    const fingerprint = rowFingerprint({ draftId: draft.id, ...parsed.data });
    if (seen.has(fingerprint)) continue; // the same row twice in one file is one opinion
    seen.add(fingerprint);
    valid.push({ row, draftId: draft.id, fields: parsed.data, fingerprint });
  }
  return { valid, errors };
}

function formFields(raw: RawRow, gridId: number, channel: string | null, category: string | null) {
  return {
    article: raw.article,
    gridId: String(gridId),
    unitId: "",
    channel: channel ?? raw.channel,
    collectedOn: raw.collectedOn,
    eventId: "",
    submitterCategory: category ?? raw.submitterCategory,
    consent: consentValue(raw.consent),
    residentName: raw.residentName,
    residentPhone: raw.residentPhone,
    containsPersonalInfo: false,
    opinion: raw.opinion,
    suggestedRevision: raw.suggestedRevision,
    reason: raw.reason,
  };
}

const fieldNames: Record<string, string> = { gridId: "grid", unitId: "grid" };
const toImportField = (field: string) => fieldNames[field] ?? field;

/** Saves every valid row in one transaction; rows whose fingerprint is already stored are skipped. */
export async function saveImport(db: Db, user: Collector, valid: ValidRow[], now: string, onProgress?: (done: number) => void) {
  return db.transaction().execute(async (trx) => {
    const existing = new Set<string>();
    for (let i = 0; i < valid.length; i += 500) {
      const chunk = valid.slice(i, i + 500).map((v) => v.fingerprint);
      for (const r of await trx.selectFrom("opinions").select("import_fingerprint").where("import_fingerprint", "in", chunk).execute()) {
        existing.add(r.import_fingerprint!);
      }
    }
    let saved = 0;
    for (const [i, v] of valid.entries()) {
      if (existing.has(v.fingerprint)) continue;
      const result = await recordOpinion(trx, { user, draftId: v.draftId, fields: v.fields, importFingerprint: v.fingerprint, now });
      if (!result.ok) throw new Error(`row ${v.row} failed after validation`);
      saved++;
      if (onProgress && i % 100 === 0) onProgress(i);
    }
    return { saved, skipped: valid.length - saved };
  });
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
