import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import {
  NO_CHOICES, readyRows, type CheckedRow, type ImportCheck, type ImportChoices, type ImportLookups, type RowFields,
} from "~/domain/import-check";
import type { OpinionFields } from "~/domain/opinion-input";
import { scopeFor } from "~/domain/permissions";
import { resources } from "~/locales";
import { listCollectorGrids, type Collector } from "~/models/collection.server";
import { listOpenDraftArticles } from "~/models/drafts.server";
import {
  claimImportBatch, createImportBatch, deleteAbandonedImports, findImportBatch, findImportedFingerprints, listImportedOpinions,
  listInterruptedImports, moveImportBatch, readImportFile, requeueImportBatches, setImportStatus,
} from "~/models/imports.server";
import { getUser } from "~/models/users.server";
import { nowIso, nowMs, todayInChina } from "~/utils/clock.server";
import { db, type Db } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { runWorker, WorkerFailed } from "~/utils/worker.server";
import { insertChecked, ScopeLookups } from "./opinions.server";
import type { CheckInput, CheckOutput } from "./import-worker.server";
import { lockJob } from "~/models/dialect-locks.server";

// Importing a sheet of opinions typed up from paper, in two steps: check, then save.
// The upload is kept as a batch; the file is read and checked in a worker thread
// (app/services/import-worker.server.ts) and the result stored, so the clerk can
// look at it, correct a column's meaning, and save without sending the file again.
// Saving is all or nothing: every chosen row or none.

/** How long an upload waits for its check before showing the progress page instead. */
const CHECK_WAIT_MS = 2500;

export type StoredCheck = {
  format: string;
  encoding: string | null;
  check: ImportCheck;
  /** Row key → fingerprint of its identity (import_fingerprint). */
  fingerprints: Record<string, string>;
  /** Row key → receipt code, for rows an earlier upload already saved. */
  saved: Record<string, string>;
};

/** What is kept of a batch once saved: its notes, and the rows left out with their problems (for the sheet to correct). */
export type SaveSummary = { notes: ImportCheck["notes"]; saved: number; skipped: number; problemRows: ProblemRows };

export type ProblemRows = { sheet: string; headings: string[]; rows: { cells: string[]; errors: ImportCheck["rows"][number]["errors"] }[] }[];

/** The rows with problems, table by table, with the headings as typed. */
export function problemRowsOf(check: ImportCheck): ProblemRows {
  return check.tables.map((table) => ({
    sheet: table.sheet,
    headings: table.columns.map((c) => c.heading),
    rows: check.rows.filter((r) => r.sheet === table.sheet && r.errors.length).map((r) => ({ cells: r.cells, errors: r.errors })),
  }));
}

const fingerprint = (identity: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(identity)));

/** What the check needs from the database, scoped to the collector: their open drafts and grids, and the app's labels. */
async function importLookups(trx: Db, user: Collector): Promise<ImportLookups> {
  const [drafts, grids] = await Promise.all([listOpenDraftArticles(trx, user.contactPointId ?? -1, todayInChina()), listCollectorGrids(trx, user)]);
  return {
    today: todayInChina(),
    drafts,
    grids,
    labels: {
      channel: [resources["zh-CN"].common.channel, resources.en.common.channel],
      submitter: [resources["zh-CN"].common.submitter, resources.en.common.submitter],
    },
  };
}

export type CheckedFile = ({ ok: true } & StoredCheck) | { ok: false; reason: string; params: Record<string, string | number> };

/** Reads and checks a file for a collector, saving nothing (the web's check step, and `npm run import:check`). */
export async function checkFile(user: Collector, bytes: Uint8Array, choices: ImportChoices = NO_CHOICES): Promise<CheckedFile> {
  const lookups = await importLookups(db, user);
  let output: CheckOutput;
  try {
    output = await runWorker<CheckOutput>("import-check", { bytes, lookups, choices } satisfies CheckInput);
  } catch (error) {
    if (!(error instanceof WorkerFailed)) throw error;
    logger.warn({ reason: error.reason, err: error.cause }, "import check stopped");
    return { ok: false, reason: error.reason === "timeout" ? "collect:import.tooSlow" : "collect:import.tooComplex", params: {} };
  }
  if (!output.ok) return output;
  const fingerprints = Object.fromEntries(output.check.rows.filter((r) => r.identity).map((r) => [r.key, fingerprint(r.identity)]));
  const existing = await findImportedFingerprints(db, Object.values(fingerprints));
  const saved = Object.fromEntries(Object.entries(fingerprints).flatMap(([key, fp]) => (existing.has(fp) ? [[key, existing.get(fp)!]] : [])));
  return { ok: true, format: output.format, encoding: output.encoding, check: output.check, fingerprints, saved };
}

/** The rows a save would write: ready, wanted, and not saved by an earlier upload. */
export function rowsToSave(stored: StoredCheck, keep: string[]): CheckedRow[] {
  return readyRows(stored.check, keep).filter((r) => !stored.saved[r.key]);
}

async function createBatch(user: Collector, fileName: string, bytes: Uint8Array, draftId: number | null) {
  const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(15)));
  const choices: ImportChoices = { ...NO_CHOICES, draftId };
  const id = await db.transaction().execute((trx) =>
    createImportBatch(trx, { token, userId: user.id, contactPointId: user.contactPointId ?? -1, fileName, bytes, choices: JSON.stringify(choices) }, nowIso()),
  );
  return { id, token };
}

/** Uploads a sheet: keeps it as a batch and checks it off the request thread; waits a moment so a small sheet shows its preview at once. */
export async function startImport({ user, fileName, bytes, draftId }: { user: Collector; fileName: string; bytes: Uint8Array; draftId: number | null }) {
  const { id, token } = await createBatch(user, fileName, bytes, draftId);
  await waitBriefly(runImportCheck(id));
  return token;
}

/** Checks and saves a whole sheet at once, every row or none (`npm run import:save`); the receipt codes of the rows saved. */
export async function importFileAs(user: Collector, fileName: string, bytes: Uint8Array): Promise<{ ok: true; receipts: string[] } | { ok: false; reason: string }> {
  const { id, token } = await createBatch(user, fileName, bytes, null);
  await runImportCheck(id);
  const saved = await saveImport(user, token, { which: "all", keep: [] });
  if (!saved.ok) return saved;
  return { ok: true, receipts: (await listImportedOpinions(db, id)).map((o) => o.receiptCode) };
}

async function waitBriefly(work: Promise<unknown>) {
  await Promise.race([work, new Promise((resolve) => setTimeout(resolve, CHECK_WAIT_MS))]);
}

/** Checks a queued batch and stores the result; a batch another check has taken is left to it. */
export async function runImportCheck(batchId: number): Promise<void> {
  if (!(await db.transaction().execute((trx) => claimImportBatch(trx, batchId, nowIso())))) return;
  try {
    const batch = await db.selectFrom("import_batches").select(["user_id", "choices"]).where("id", "=", batchId).executeTakeFirstOrThrow();
    const user = await collectorOf(batch.user_id);
    const bytes = await readImportFile(db, batchId);
    const checked = user && bytes ? await checkFile(user, bytes, JSON.parse(batch.choices) as ImportChoices) : null;
    const now = nowIso();
    await db.transaction().execute((trx) => {
      if (!checked || !checked.ok) {
        const failure = checked ? { reason: checked.reason, params: checked.params } : { reason: "collect:import.unreadable", params: {} };
        return setImportStatus(trx, batchId, { status: "failed", failure: JSON.stringify(failure), result: null, rowsTotal: null, rowsReady: null }, now);
      }
      const { ok: _, ...stored } = checked;
      return setImportStatus(trx, batchId, {
        status: "checked", result: JSON.stringify(stored), failure: null, checkedAt: now,
        rowsTotal: stored.check.rows.length, rowsReady: rowsToSave(stored, JSON.parse(batch.choices).keep ?? []).length,
      }, now);
    });
  } catch (error) {
    logger.error({ err: error, batchId }, "import check failed");
    await db.transaction().execute((trx) =>
      setImportStatus(trx, batchId, { status: "failed", failure: JSON.stringify({ reason: "collect:import.unreadable", params: {} }) }, nowIso()),
    );
  }
}

/** A batch's owner as a collector, with the scope their role has for importing; null when they may not import. */
async function collectorOf(userId: number): Promise<Collector | null> {
  const user = await getUser(db, userId);
  const scope = user?.active ? scopeFor(user.role, "import", "opinion") : null;
  return user && scope ? { id: user.id, role: user.role, contactPointId: user.contactPointId, scope } : null;
}

/** A batch of the user's, with its check's result once there is one. */
export async function getImport(user: Collector, token: string) {
  const batch = await findImportBatch(db, user.id, token);
  if (!batch) return null;
  return {
    batch,
    choices: JSON.parse(batch.choices) as ImportChoices,
    stored: batch.status === "checked" || batch.status === "saving" ? (JSON.parse(batch.result!) as StoredCheck) : null,
    summary: batch.status === "saved" && batch.result ? (JSON.parse(batch.result) as SaveSummary) : null,
    failure: batch.failure ? (JSON.parse(batch.failure) as { reason: string; params: Record<string, string | number> }) : null,
    opinions: batch.status === "saved" ? await listImportedOpinions(db, batch.id) : [],
  };
}

/** The clerk's corrections on the preview (a column's meaning, a default, the rows to keep): the file is checked again with them. */
export async function changeImportChoices(user: Collector, token: string, choices: ImportChoices): Promise<boolean> {
  const batch = await findImportBatch(db, user.id, token);
  if (!batch) return false;
  const now = nowIso();
  const requeued = await db.transaction().execute(async (trx) => {
    if (!(await moveImportBatch(trx, batch.id, ["checked", "failed"], "queued", now))) return false;
    await setImportStatus(trx, batch.id, { status: "queued", choices: JSON.stringify(choices) }, now);
    return true;
  });
  if (requeued) await waitBriefly(runImportCheck(batch.id));
  return requeued;
}

const toOpinionFields = (f: RowFields): OpinionFields => ({
  article: f.article, gridId: f.gridId, unitId: null, channel: f.channel, collectedOn: f.collectedOn, eventId: null,
  submitterCategory: f.submitterCategory, consent: f.consent, residentName: f.residentName, residentPhone: f.residentPhone,
  containsPersonalInfo: false, opinion: f.opinion, suggestedRevision: f.suggestedRevision, reason: f.reason,
});

export type SaveResult = { ok: true; saved: number } | { ok: false; reason: string; rows?: { row: number; sheet: string; errors: string[] }[] };

/**
 * Saves a checked batch: `all` only when every row is ready; `ready` the rows without
 * problems, the others left for the sheet of rows with problems. All chosen rows or none.
 */
export async function saveImport(user: Collector, token: string, { which, keep }: { which: "all" | "ready"; keep: string[] }): Promise<SaveResult> {
  const found = await getImport(user, token);
  if (!found?.stored || found.batch.status !== "checked") return { ok: false, reason: "collect:import.notReady" };
  const { batch, stored } = found;
  const choices = { ...found.choices, keep };
  if (stored.check.fileProblems.length) return { ok: false, reason: "collect:import.fileProblems" };
  const withProblems = stored.check.rows.filter((r) => r.errors.length).length;
  if (which === "all" && withProblems) return { ok: false, reason: "collect:import.rowsWithProblems" };
  const rows = rowsToSave(stored, choices.keep);
  if (!rows.length) return { ok: false, reason: "collect:import.nothingToSave" };
  const started = await db.transaction().execute(async (trx) => {
    if (!(await moveImportBatch(trx, batch.id, ["checked"], "saving", nowIso()))) return false;
    await setImportStatus(trx, batch.id, { status: "saving", choices: JSON.stringify(choices) }, nowIso());
    return true;
  });
  if (!started) return { ok: false, reason: "collect:import.notReady" };
  const now = nowIso();
  const refused: { row: number; sheet: string; errors: string[] }[] = [];
  try {
    await db.transaction().execute(async (trx) => {
      const lookups = new ScopeLookups(trx, user);
      for (const [i, row] of rows.entries()) {
        const result = await insertChecked(trx, {
          user, draftId: row.fields!.draftId, fields: toOpinionFields(row.fields!), importFingerprint: stored.fingerprints[row.key],
          importBatchId: batch.id, articlePart: row.fields!.articlePart, lookups, now,
        });
        if (!result.ok) refused.push({ row: row.row, sheet: row.sheet, errors: Object.values(result.errors).flat() });
        // Let other requests in now and then: their reads do not wait for this transaction (db/connection.ts).
        if (i % 20 === 19) await new Promise((resolve) => setImmediate(resolve));
      }
      // What changed in the database since the check (a grid reassigned, a draft closed) refuses the whole save.
      if (refused.length) throw new Error("rows refused on save");
      const summary: SaveSummary = {
        notes: stored.check.notes, saved: rows.length, skipped: stored.check.rows.length - rows.length, problemRows: problemRowsOf(stored.check),
      };
      // The file, and the rows that were saved, are not kept in the batch once saved.
      await setImportStatus(trx, batch.id, { status: "saved", rowsSaved: rows.length, savedAt: now, result: JSON.stringify(summary), dropFile: true }, now);
    });
  } catch (error) {
    await db.transaction().execute((trx) => moveImportBatch(trx, batch.id, ["saving"], "checked", nowIso()));
    if (refused.length) return { ok: false, reason: "collect:import.refusedOnSave", rows: refused };
    throw error;
  }
  return { ok: true, saved: rows.length };
}

/** At start: batches whose check the last run of the server did not finish are checked again. */
export async function resumeImports(): Promise<void> {
  const stale = new Date(nowMs() - 5 * 60_000).toISOString();
  const ids = await listInterruptedImports(db, stale);
  await db.transaction().execute((trx) => requeueImportBatches(trx, ids, nowIso()));
  for (const id of ids) await runImportCheck(id);
}

/** Batches never saved are deleted after `days` with the file and the residents' details they hold. How many were deleted. */
export async function purgeAbandonedImports(days: number): Promise<number> {
  const before = new Date(nowMs() - days * 86_400_000).toISOString();
  return db.transaction().execute(async (trx) => {
    await lockJob(trx, "importPurge");
    return deleteAbandonedImports(trx, before);
  });
}
