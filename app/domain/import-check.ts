import { readArticleRef } from "./article-ref";
import { findHeaderRow, IMPORT_FIELDS, matchHeading, REQUIRED_FIELDS, TEMPLATE_HEADINGS, type ImportField } from "./import-columns";
import {
  readCollectedDate, readConsent, readDraft, readGrid, readName, readPhone, readResidentText, wordReaders,
  type DraftChoice, type GridChoice, type Read, type SheetCell, type ValueProblem, type WordLabels,
} from "./import-values";
import type { Channel, SubmitterCategory } from "./vocabulary";

// Checking a sheet of opinions before anything is saved: find the table in the
// workbook, tell which columns were recognised and which were not, read every row
// by the rules of the collection form and the clerk's scope, and say of each
// problem the row, the column, the value as typed and what to do about it.

/** The most opinion rows one file may carry. */
export const MAX_IMPORT_ROWS = 5000;

export type SheetRow = { number: number; cells: SheetCell[]; hidden: boolean };
/** A cell range merged in the sheet: rows 1-based as the sheet numbers them, columns 0-based. */
export type Merge = { top: number; left: number; bottom: number; right: number };
export type Sheet = { name: string; hidden: boolean; rows: SheetRow[]; hiddenColumns: number[]; merges: Merge[] };
export type Workbook = { format: "xlsx" | "csv" | "tsv"; encoding: string | null; sheets: Sheet[] };

export type DraftLookup = DraftChoice & { articles: number[]; chapters: number[] };
export type ImportLookups = { today: string; drafts: DraftLookup[]; grids: GridChoice[]; labels: WordLabels };

/** What the clerk chose on the preview: the draft for rows without one, fields for unrecognised columns, values for missing ones, repeated rows to keep. */
export type ImportChoices = {
  draftId: number | null;
  /** `${sheet}:${column}` → the field an unrecognised column holds, or "ignore". */
  mapping: Record<string, ImportField | "ignore">;
  defaults: { channel?: Channel; submitterCategory?: SubmitterCategory };
  /** Rows (`${sheet}:${row}`) that repeat an earlier one and are to be saved all the same. */
  keep: string[];
};

export const NO_CHOICES: ImportChoices = { draftId: null, mapping: {}, defaults: {}, keep: [] };

export type ColumnPlan = {
  index: number;
  heading: string;
  field: ImportField | null;
  how: "recognised" | "mapped" | "unused" | "ignored" | "repeated";
  hidden: boolean;
};

export type Problem = ValueProblem & { column: string | null; field: ImportField | null; value: string };

export type RowFields = {
  draftId: number;
  article: number | null;
  articlePart: string | null;
  gridId: number;
  channel: Channel;
  collectedOn: string;
  submitterCategory: SubmitterCategory;
  opinion: string;
  suggestedRevision: string | null;
  reason: string | null;
  consent: boolean;
  residentName: string | null;
  residentPhone: string | null;
};

export type CheckedRow = {
  /** `${sheet}:${row}`: how the preview and the save refer to a row. */
  key: string;
  sheet: string;
  row: number;
  /** The row's cells as typed, in the table's column order, for the sheet of rows with problems. */
  cells: string[];
  fields: RowFields | null;
  errors: Problem[];
  warnings: Problem[];
  /** The row this one repeats exactly (the same resident saying the same thing), if any. */
  duplicateOf: number | null;
  /** What makes the row one opinion: the same row in a later upload of the same sheet has the same identity. */
  identity: string;
};

export type Note = { sheet: string; row: number | null; message: string; params?: Record<string, string | number> };

export type TablePlan = { sheet: string; sheetIndex: number; headerRow: number; columns: ColumnPlan[]; missing: ImportField[] };

export type ImportCheck = {
  tables: TablePlan[];
  /** Problems that stop the whole file (no table, a missing column, too many rows). */
  fileProblems: ValueProblem[];
  notes: Note[];
  rows: CheckedRow[];
};

const cellText = (cell: SheetCell | undefined) => cell?.text ?? "";

/** The rows below the table that are not opinions: signatures, totals, notes. */
const FOOTER = /^(填表人|填报人|填表|审核人|审核|制表人|制表|负责人|联系人|经办人|填表日期|填报日期|报送日期|合计|总计|小计|备注|说明|注|签字|签名|盖章)[:：\s]?/;
const EXAMPLE = /^(示例|样例|例|example|sample)$/i;

/** Merged cells take the value of their top-left cell, as the clerk meant them. */
function fillMerges(sheet: Sheet): SheetRow[] {
  const rows = sheet.rows.map((r) => ({ ...r, cells: [...r.cells] }));
  const byNumber = new Map(rows.map((r) => [r.number, r]));
  for (const m of sheet.merges) {
    const source = byNumber.get(m.top)?.cells[m.left];
    if (!source || !source.text) continue;
    for (let r = m.top; r <= m.bottom; r++) {
      const row = byNumber.get(r);
      if (!row) continue;
      for (let c = m.left; c <= m.right; c++) if (r !== m.top || c !== m.left) row.cells[c] = source;
    }
  }
  return rows;
}

function planColumns(sheetIndex: number, header: SheetCell[], hiddenColumns: number[], mapping: ImportChoices["mapping"]): ColumnPlan[] {
  const taken = new Set<ImportField>();
  return header.map((cell, index) => {
    const heading = cell.text.trim();
    const hidden = hiddenColumns.includes(index);
    const match = matchHeading(heading);
    if (match === "rowNumber" || match === "problems") return { index, heading, field: null, how: "ignored" as const, hidden };
    if (match && !taken.has(match)) {
      taken.add(match);
      return { index, heading, field: match, how: "recognised" as const, hidden };
    }
    const chosen = mapping[`${sheetIndex}:${index}`];
    if (chosen && chosen !== "ignore" && !taken.has(chosen)) {
      taken.add(chosen);
      return { index, heading, field: chosen, how: "mapped" as const, hidden };
    }
    return { index, heading, field: null, how: match ? ("repeated" as const) : ("unused" as const), hidden };
  });
}

function missingFields(columns: ColumnPlan[], choices: ImportChoices): ImportField[] {
  const present = new Set(columns.map((c) => c.field));
  return REQUIRED_FIELDS.filter((field) => {
    if (present.has(field)) return false;
    if (field === "draft") return !choices.draftId;
    if (field === "channel") return !choices.defaults.channel;
    if (field === "submitterCategory") return !choices.defaults.submitterCategory;
    return true;
  });
}

/** Reads one row; `get` gives the cell of a field ("" when the table has no such column). */
function readRow(
  get: (field: ImportField) => { cell: SheetCell; column: string | null },
  lookups: ImportLookups,
  choices: ImportChoices,
  words: ReturnType<typeof wordReaders>,
): { fields: RowFields | null; errors: Problem[]; warnings: Problem[] } {
  const errors: Problem[] = [];
  const warnings: Problem[] = [];
  const take = <T>(field: ImportField, read: Read<T>): T | undefined => {
    const { cell, column } = get(field);
    const value = cell.text.trim();
    if (!read.ok) {
      errors.push({ column, field, value, message: read.message, ...(read.params ? { params: read.params } : {}) });
      return undefined;
    }
    if (read.warning) warnings.push({ column, field, value, ...read.warning });
    return read.value;
  };
  const withDefault = <T>(field: ImportField, fallback: T | undefined, read: (cell: SheetCell) => Read<T>) => {
    const { cell, column } = get(field);
    return column === null && fallback !== undefined ? fallback : take(field, read(cell));
  };

  const draftId = take("draft", readDraft(get("draft").cell, lookups.drafts, choices.draftId));
  const draft = lookups.drafts.find((d) => d.id === draftId);
  const ref = readArticleRef(get("article").cell.text);
  let article: number | null | undefined;
  let articlePart: string | null = null;
  if (ref.kind === "general") article = null;
  else if (ref.kind === "article") {
    if (draft && !draft.articles.includes(ref.number)) {
      errors.push({ ...problemAt("article", get("article"), "collect:import.articleMissing"), params: { number: ref.number, last: Math.max(0, ...draft.articles) } });
    } else {
      article = ref.number;
      articlePart = ref.part;
    }
  } else errors.push(problemAt("article", get("article"), ref.kind === "chapter" ? "collect:import.chapterNotArticle" : "collect:import.badArticle"));

  const gridId = take("grid", readGrid(get("grid").cell, lookups.grids));
  const channel = withDefault("channel", choices.defaults.channel, words.channel);
  const submitterCategory = withDefault("submitterCategory", choices.defaults.submitterCategory, words.submitterCategory);
  const collectedOn = take(
    "collectedOn",
    readCollectedDate(get("collectedOn").cell, { today: lookups.today, receivedOn: draft?.receivedOn ?? null, deadline: draft?.deadline ?? null }),
  );
  const opinion = take("opinion", readResidentText(get("opinion").cell, 5000));
  if (opinion === null) errors.push(problemAt("opinion", get("opinion"), "collect:errors.opinion"));
  const suggestedRevision = take("suggestedRevision", readResidentText(get("suggestedRevision").cell, 5000));
  const reason = take("reason", readResidentText(get("reason").cell, 5000));
  const consent = take("consent", readConsent(get("consent").cell));
  const residentName = take("residentName", readName(get("residentName").cell));
  const residentPhone = take("residentPhone", readPhone(get("residentPhone").cell));
  if (consent === false && (residentName || residentPhone)) errors.push(problemAt("consent", get("consent"), "collect:errors.consent"));

  if (errors.length) return { fields: null, errors, warnings };
  return {
    fields: {
      draftId: draftId!, article: article!, articlePart, gridId: gridId!, channel: channel!, collectedOn: collectedOn!,
      submitterCategory: submitterCategory!, opinion: opinion!, suggestedRevision: suggestedRevision ?? null, reason: reason ?? null,
      consent: consent ?? false, residentName: residentName ?? null, residentPhone: residentPhone ?? null,
    },
    errors,
    warnings,
  };
}

function problemAt(field: ImportField, { cell, column }: { cell: SheetCell; column: string | null }, message: string): Problem {
  return { column, field, value: cell.text.trim(), message };
}

/** The row's content that makes it one opinion, the same however the sheet is laid out. */
function rowContent(f: RowFields): string {
  return JSON.stringify([
    f.draftId, f.article, f.articlePart, f.gridId, f.collectedOn, f.channel, f.submitterCategory, f.opinion, f.suggestedRevision, f.reason,
    f.residentName, f.residentPhone,
  ]);
}

/** Checks a workbook's opinions; nothing is saved here. */
export function checkWorkbook(book: Workbook, lookups: ImportLookups, choices: ImportChoices = NO_CHOICES): ImportCheck {
  const words = wordReaders(lookups.labels);
  const result: ImportCheck = { tables: [], fileProblems: [], notes: [], rows: [] };
  const seen = new Map<string, { row: number; count: number }>();

  book.sheets.forEach((sheet, sheetIndex) => {
    const rows = fillMerges(sheet);
    const headerIndex = findHeaderRow(rows.map((r) => r.cells.map(cellText)));
    if (headerIndex === null) {
      if (rows.some((r) => r.cells.some((c) => c.text.trim()))) result.notes.push({ sheet: sheet.name, row: null, message: "collect:import.note.sheetNotTable" });
      return;
    }
    const header = rows[headerIndex];
    const columns = planColumns(sheetIndex, header.cells, sheet.hiddenColumns, choices.mapping);
    const missing = missingFields(columns, choices);
    result.tables.push({ sheet: sheet.name, sheetIndex, headerRow: header.number, columns, missing });
    if (headerIndex > 0) result.notes.push({ sheet: sheet.name, row: null, message: "collect:import.note.titleRows", params: { rows: headerIndex } });
    if (sheet.merges.length) result.notes.push({ sheet: sheet.name, row: null, message: "collect:import.note.merged", params: { count: sheet.merges.length } });
    if (sheet.hidden) result.notes.push({ sheet: sheet.name, row: null, message: "collect:import.note.hiddenSheet" });
    const hiddenUsed = columns.filter((c) => c.hidden && c.field);
    if (hiddenUsed.length) result.notes.push({ sheet: sheet.name, row: null, message: "collect:import.note.hiddenColumns", params: { columns: hiddenUsed.map((c) => c.heading).join("、") } });
    if (missing.length) return;

    const columnOf = new Map(columns.filter((c) => c.field).map((c) => [c.field!, c]));
    const rowNumberColumn = columns.find((c) => matchHeading(c.heading) === "rowNumber");
    for (const sheetRow of rows.slice(headerIndex + 1)) {
      const texts = columns.map((c) => cellText(sheetRow.cells[c.index]));
      const used = columns.filter((c) => c.field).map((c) => cellText(sheetRow.cells[c.index]).trim());
      const first = texts.find((t) => t.trim())?.trim() ?? "";
      const opinionText = cellText(sheetRow.cells[columnOf.get("opinion")!.index]).trim();
      if (!first) continue; // an empty row
      if (!opinionText && FOOTER.test(first)) {
        result.notes.push({ sheet: sheet.name, row: sheetRow.number, message: "collect:import.note.footer", params: { text: first.slice(0, 40) } });
        continue;
      }
      if (rowNumberColumn && EXAMPLE.test(cellText(sheetRow.cells[rowNumberColumn.index]).trim())) {
        result.notes.push({ sheet: sheet.name, row: sheetRow.number, message: "collect:import.note.example" });
        continue;
      }
      if (!used.some(Boolean)) {
        // Text only in columns that are not read: say so rather than drop it unseen.
        result.notes.push({ sheet: sheet.name, row: sheetRow.number, message: "collect:import.note.unusedOnly", params: { text: first.slice(0, 40) } });
        continue;
      }
      if (sheetRow.hidden) result.notes.push({ sheet: sheet.name, row: sheetRow.number, message: "collect:import.note.hiddenRow" });
      const get = (field: ImportField) => {
        const column = columnOf.get(field);
        return { cell: column ? (sheetRow.cells[column.index] ?? { text: "" }) : { text: "" }, column: column?.heading ?? null };
      };
      const { fields, errors, warnings } = readRow(get, lookups, choices, words);
      const key = `${sheetIndex}:${sheetRow.number}`;
      let duplicateOf: number | null = null;
      let identity = "";
      if (fields) {
        const content = rowContent(fields);
        const earlier = seen.get(content);
        if (earlier) {
          duplicateOf = earlier.row;
          earlier.count++;
        } else seen.set(content, { row: sheetRow.number, count: 1 });
        // The n-th identical row of a file is its own opinion (two residents may say the same thing,
        // name and phone aside); the same file uploaded again gives the same identities.
        identity = JSON.stringify([content, earlier ? earlier.count - 1 : 0]);
      }
      result.rows.push({ key, sheet: sheet.name, row: sheetRow.number, cells: texts, fields, errors, warnings, duplicateOf, identity });
    }
  });

  if (!result.tables.length) result.fileProblems.push({ message: "collect:import.noTable", params: { headings: headingList() } });
  for (const table of result.tables) {
    for (const field of table.missing) {
      result.fileProblems.push({ message: "collect:import.missingColumn", params: { sheet: table.sheet, column: TEMPLATE_HEADINGS[field].zh, en: TEMPLATE_HEADINGS[field].en } });
    }
  }
  if (result.rows.length > MAX_IMPORT_ROWS) result.fileProblems.push({ message: "collect:import.tooMany", params: { rows: result.rows.length, max: MAX_IMPORT_ROWS } });
  else if (!result.rows.length && result.tables.length && !result.fileProblems.length) result.fileProblems.push({ message: "collect:import.empty" });
  return result;
}

const headingList = () => IMPORT_FIELDS.filter((f) => (REQUIRED_FIELDS as readonly string[]).includes(f)).map((f) => TEMPLATE_HEADINGS[f].zh).join("、");

/** The rows that can be saved: no problem, and not an unwanted repeat of an earlier row. */
export function readyRows(check: ImportCheck, keep: string[] = []): CheckedRow[] {
  if (check.fileProblems.length) return [];
  return check.rows.filter((r) => r.fields && !r.errors.length && (r.duplicateOf === null || keep.includes(r.key)));
}
