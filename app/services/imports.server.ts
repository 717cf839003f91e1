import { sha256 } from "@oslojs/crypto/sha2";
import { encodeHexLowerCase } from "@oslojs/encoding";
import {
  channelCode, consentValue, isBlankRow, readHeader, rowIdentity, submitterCode, toRawRow, type RawRow,
} from "~/domain/opinion-import";
import { normalizeText, opinionFields, type OpinionFields } from "~/domain/opinion-input";
import { resources } from "~/locales";
import { listCollectorGrids, listCurrentArticles, listImportedFingerprints, type Collector } from "~/models/collection.server";
import { listOpenDraftsForContactPoint } from "~/models/drafts.server";
import { nowIso, todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { insertChecked } from "./opinions.server";

// Importing a sheet of opinions typed up from paper: every row checked by the
// rules of the form and the collector's scope, then all saved or none.

export const MAX_IMPORT_ROWS = 5000;
export type RowError = { row: number; field: string; message: string };
type ValidRow = { row: number; draftId: number; fields: OpinionFields; fingerprint: string };

const labels = {
  channel: { zh: resources["zh-CN"].common.channel, en: resources.en.common.channel },
  submitter: { zh: resources["zh-CN"].common.submitter, en: resources.en.common.submitter },
};

/**
 * Checks every row against the same rules as the form, plus the collector's
 * scope. Row numbers are the spreadsheet's own (the header is row 1).
 */
export async function checkImport(user: Collector, rows: string[][]): Promise<{ valid: ValidRow[]; errors: RowError[] }> {
  const today = todayInChina();
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
    drafts.find((d) => String(d.id) === value || bare(d.title) === bare(value) || (d.titleEn && normalizeText(d.titleEn) === value));
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
    const fingerprint = encodeHexLowerCase(sha256(new TextEncoder().encode(rowIdentity({ draftId: draft.id, ...parsed.data }))));
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
export async function saveImport(user: Collector, valid: ValidRow[], onProgress?: (done: number) => void) {
  const now = nowIso();
  return db.transaction().execute(async (trx) => {
    const existing = await listImportedFingerprints(trx, valid.map((v) => v.fingerprint));
    let saved = 0;
    for (const [i, v] of valid.entries()) {
      if (existing.has(v.fingerprint)) continue;
      const result = await insertChecked(trx, { user, draftId: v.draftId, fields: v.fields, importFingerprint: v.fingerprint, now });
      if (!result.ok) throw new Error(`row ${v.row} failed after validation`);
      saved++;
      if (onProgress && i % 100 === 0) onProgress(i);
    }
    return { saved, skipped: valid.length - saved };
  });
}

