import { sql, type Kysely } from "kysely";

// Sheets of opinions typed up from paper are checked before anything is saved:
// each upload is a batch holding the file, what the clerk chose on the preview and
// the result of the check, so that saving does not send the file again. Opinions
// saved from a batch point to it (the list of their receipt codes), and keep the
// part of the article a clerk named (第二款) beside the article itself.

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE import_batches (
    id INTEGER PRIMARY KEY,
    token TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users(id),
    contact_point_id INTEGER NOT NULL REFERENCES contact_points(id),
    file_name TEXT NOT NULL,
    file_size INTEGER NOT NULL CHECK (file_size >= 0),
    file_bytes BLOB,
    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','checking','checked','failed','saving','saved')),
    choices TEXT NOT NULL DEFAULT '{}',
    result TEXT,
    failure TEXT,
    rows_total INTEGER,
    rows_ready INTEGER,
    rows_checked INTEGER NOT NULL DEFAULT 0,
    rows_saved INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    checked_at TEXT,
    saved_at TEXT
  )`.execute(db);
  await sql`CREATE INDEX import_batches_by_user ON import_batches (user_id, id)`.execute(db);
  await sql`CREATE INDEX import_batches_by_status ON import_batches (status, updated_at)`.execute(db);
  await sql`ALTER TABLE opinions ADD COLUMN import_batch_id INTEGER REFERENCES import_batches(id)`.execute(db);
  await sql`ALTER TABLE opinions ADD COLUMN article_part TEXT`.execute(db);
  await sql`CREATE INDEX opinions_by_import_batch ON opinions (import_batch_id) WHERE import_batch_id IS NOT NULL`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP INDEX opinions_by_import_batch`.execute(db);
  await sql`ALTER TABLE opinions DROP COLUMN article_part`.execute(db);
  await sql`ALTER TABLE opinions DROP COLUMN import_batch_id`.execute(db);
  await sql`DROP TABLE import_batches`.execute(db);
}
