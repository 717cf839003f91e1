import { normalizeText } from "./opinion-input";
import { CHANNELS, SUBMITTER_CATEGORIES } from "./vocabulary";

// Opinions gathered on paper come in as spreadsheet rows. The template's columns
// may be headed in Chinese or English; channel and submitter category may be
// written as their label in either language or as the code.

export const IMPORT_COLUMNS = [
  { key: "draft", zh: "草案（标题或编号）", en: "Draft (title or id)" },
  { key: "article", zh: "条文（如 第十二条，空白为总体意见）", en: "Article (e.g. 12; blank for a general comment)" },
  { key: "grid", zh: "网格（编码或名称）", en: "Grid (code or name)" },
  { key: "channel", zh: "征集方式", en: "Channel" },
  { key: "collectedOn", zh: "收集日期", en: "Date collected" },
  { key: "submitterCategory", zh: "提出人类别", en: "Submitter category" },
  { key: "opinion", zh: "意见", en: "Opinion" },
  { key: "suggestedRevision", zh: "修改建议", en: "Suggested revision" },
  { key: "reason", zh: "理由", en: "Reason" },
  { key: "consent", zh: "同意留存姓名电话（是/否）", en: "Consent to keep name and phone (yes/no)" },
  { key: "residentName", zh: "姓名", en: "Name" },
  { key: "residentPhone", zh: "电话", en: "Phone" },
] as const;

export type ImportKey = (typeof IMPORT_COLUMNS)[number]["key"];
export type RawRow = Record<ImportKey, string>;

const headingToKey = new Map<string, ImportKey>(
  IMPORT_COLUMNS.flatMap((c) => [[simplify(c.zh), c.key], [simplify(c.en), c.key], [simplify(c.key), c.key], [simplify(c.zh.replace(/（.*）/, "")), c.key], [simplify(c.en.replace(/\s*\(.*\)/, "")), c.key]]),
);

function simplify(heading: string): string {
  return normalizeText(heading).toLowerCase().replace(/\s+/g, "");
}

/** Maps a header row to column keys; unknown headings are ignored. Missing required columns are returned. */
export function readHeader(cells: string[]): { columns: (ImportKey | null)[]; missing: ImportKey[] } {
  const columns = cells.map((c) => headingToKey.get(simplify(c ?? "")) ?? null);
  const required: ImportKey[] = ["draft", "grid", "channel", "collectedOn", "submitterCategory", "opinion"];
  return { columns, missing: required.filter((k) => !columns.includes(k)) };
}

export function toRawRow(columns: (ImportKey | null)[], cells: string[]): RawRow {
  const row = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.key, ""])) as RawRow;
  columns.forEach((key, i) => {
    if (key) row[key] = normalizeText(String(cells[i] ?? ""));
  });
  return row;
}

export function isBlankRow(row: RawRow): boolean {
  return Object.values(row).every((v) => v === "");
}

/** Reads a label in either language, or the code itself, back to the code. */
export function codeFromLabel<T extends string>(value: string, codes: readonly T[], labels: Record<string, Record<string, string>>): T | null {
  const v = simplify(value);
  for (const code of codes) {
    if (simplify(code) === v) return code;
    for (const lng of Object.values(labels)) if (lng[code] && simplify(lng[code]) === v) return code;
  }
  return null;
}

export const channelCode = (value: string, labels: Record<string, Record<string, string>>) => codeFromLabel(value, CHANNELS, labels);
export const submitterCode = (value: string, labels: Record<string, Record<string, string>>) => codeFromLabel(value, SUBMITTER_CATEGORIES, labels);

export function consentValue(value: string): boolean {
  return /^(是|同意|y|yes|true|1|✓|√)$/i.test(simplify(value));
}

/**
 * What identifies a row: the same opinion uploaded twice (in the same file or a
 * later one) has the same identity, whoever uploads it.
 */
export function rowIdentity(parts: { draftId: number; article: number | null; gridId: number; collectedOn: string; channel: string; submitterCategory: string; opinion: string; suggestedRevision: string | null; reason: string | null }): string {
  return JSON.stringify([
    parts.draftId, parts.article, parts.gridId, parts.collectedOn, parts.channel, parts.submitterCategory,
    parts.opinion.replace(/\s+/g, ""), (parts.suggestedRevision ?? "").replace(/\s+/g, ""), (parts.reason ?? "").replace(/\s+/g, ""),
  ]);
}
