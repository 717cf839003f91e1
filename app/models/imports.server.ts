import type { ImportStatus } from "~/domain/vocabulary";
import type { Db } from "~/utils/db.server";
import { camelAll, camelMaybe } from "./rows.server";

// Sheets of opinions being imported (import_batches): each belongs to the person
// who uploaded it, and only they see it.

export async function createImportBatch(
  db: Db,
  input: { token: string; userId: number; contactPointId: number; fileName: string; bytes: Uint8Array; choices: string },
  now: string,
): Promise<number> {
  const { id } = await db
    .insertInto("import_batches")
    .values({
      token: input.token, user_id: input.userId, contact_point_id: input.contactPointId, file_name: input.fileName.slice(0, 200),
      file_size: input.bytes.length, file_bytes: Buffer.from(input.bytes), choices: input.choices, created_at: now, updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

/** A batch of the user's, by its token; without the file's bytes. */
export async function findImportBatch(db: Db, userId: number, token: string) {
  const row = await db
    .selectFrom("import_batches")
    .select([
      "id", "token", "user_id", "contact_point_id", "file_name", "file_size", "status", "choices", "result", "failure",
      "rows_total", "rows_ready", "rows_checked", "rows_saved", "created_at", "updated_at", "checked_at", "saved_at",
    ])
    .where("token", "=", token)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return camelMaybe(row);
}

/** Takes a queued batch for checking; false when another check took it first. */
export async function claimImportBatch(db: Db, id: number, now: string): Promise<boolean> {
  const result = await db
    .updateTable("import_batches")
    .set({ status: "checking", rows_checked: 0, updated_at: now })
    .where("id", "=", id)
    .where("status", "=", "queued")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function readImportFile(db: Db, id: number): Promise<Uint8Array | null> {
  const row = await db.selectFrom("import_batches").select("file_bytes").where("id", "=", id).executeTakeFirst();
  return row?.file_bytes ? new Uint8Array(row.file_bytes) : null;
}

export async function setImportStatus(
  db: Db,
  id: number,
  fields: {
    status: ImportStatus; result?: string | null; failure?: string | null; choices?: string;
    rowsTotal?: number | null; rowsReady?: number | null; rowsSaved?: number; checkedAt?: string; savedAt?: string; dropFile?: boolean;
  },
  now: string,
): Promise<void> {
  await db
    .updateTable("import_batches")
    .set({
      status: fields.status,
      updated_at: now,
      ...(fields.result !== undefined ? { result: fields.result } : {}),
      ...(fields.failure !== undefined ? { failure: fields.failure } : {}),
      ...(fields.choices !== undefined ? { choices: fields.choices } : {}),
      ...(fields.rowsTotal !== undefined ? { rows_total: fields.rowsTotal } : {}),
      ...(fields.rowsReady !== undefined ? { rows_ready: fields.rowsReady } : {}),
      ...(fields.rowsSaved !== undefined ? { rows_saved: fields.rowsSaved } : {}),
      ...(fields.checkedAt ? { checked_at: fields.checkedAt } : {}),
      ...(fields.savedAt ? { saved_at: fields.savedAt } : {}),
      ...(fields.dropFile ? { file_bytes: null } : {}),
    })
    .where("id", "=", id)
    .execute();
}

/** Moves a batch from one status to another; false when it was not in `from` (another request moved it). */
export async function moveImportBatch(db: Db, id: number, from: ImportStatus[], to: ImportStatus, now: string): Promise<boolean> {
  const result = await db.updateTable("import_batches").set({ status: to, updated_at: now }).where("id", "=", id).where("status", "in", from).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** The user's latest imports. */
export async function listImportBatches(db: Db, userId: number, limit = 10) {
  const rows = await db
    .selectFrom("import_batches")
    .select(["token", "file_name", "status", "rows_total", "rows_ready", "rows_saved", "created_at"])
    .where("user_id", "=", userId)
    .orderBy("id", "desc")
    .limit(limit)
    .execute();
  return camelAll(rows);
}

/** Batches whose check was interrupted (the server stopped), to check again. */
export async function listInterruptedImports(db: Db, before: string): Promise<number[]> {
  const rows = await db
    .selectFrom("import_batches")
    .select("id")
    .where((eb) => eb.or([eb("status", "=", "queued"), eb.and([eb("status", "=", "checking"), eb("updated_at", "<", before)])]))
    .execute();
  return rows.map((r) => r.id);
}

export async function requeueImportBatches(db: Db, ids: number[], now: string): Promise<void> {
  if (ids.length) await db.updateTable("import_batches").set({ status: "queued", updated_at: now }).where("id", "in", ids).where("status", "in", ["queued", "checking"]).execute();
}

/** Batches never saved and left for `days`: their files and results (residents' words and details) are deleted. */
export async function deleteAbandonedImports(db: Db, before: string): Promise<number> {
  const result = await db.deleteFrom("import_batches").where("status", "!=", "saved").where("updated_at", "<", before).executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** The opinions saved from a batch, in the order of their rows, with their receipt codes. */
export async function listImportedOpinions(db: Db, batchId: number) {
  const rows = await db
    .selectFrom("opinions")
    .innerJoin("places as grid", "grid.id", "opinions.grid_id")
    .leftJoin("articles", "articles.id", "opinions.article_id")
    .select([
      "opinions.id", "opinions.receipt_code", "opinions.opinion", "opinions.collected_on", "opinions.article_part",
      "grid.name as grid_name", "articles.number as article_number",
    ])
    .where("opinions.import_batch_id", "=", batchId)
    .orderBy("opinions.id")
    .execute();
  return camelAll(rows);
}

/** Of the identities of imported rows, those already saved (a sheet uploaded again saves nothing twice), with their receipt codes. */
export async function findImportedFingerprints(db: Db, fingerprints: string[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  for (let i = 0; i < fingerprints.length; i += 500) {
    const rows = await db
      .selectFrom("opinions")
      .select(["import_fingerprint", "receipt_code"])
      .where("import_fingerprint", "in", fingerprints.slice(i, i + 500))
      .execute();
    for (const r of rows) found.set(r.import_fingerprint!, r.receipt_code);
  }
  return found;
}
