import { sql, type Kysely } from "kysely";
import { TABLE_AREAS } from "../migrations/2026-12-03T00-00-data-versions";

/** SQLite's TOLD, in PostgreSQL's words. */
const TOLD = "OLD.feedback_given_at IS DISTINCT FROM NEW.feedback_given_at";

// The areas of db/migrations/2026-12-03T00-00-data-versions.ts, as PostgreSQL tells
// them: the notification on channel data_changed now names the area that moved
// (its payload), so that each instance's page cache drops only the pages that show it.
// Tables no public page shows notify nothing any more.

const notifyArea = `CREATE OR REPLACE FUNCTION notify_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM pg_notify('data_changed', coalesce(TG_ARGV[0], ''));
    RETURN NULL;
  END $$`;

async function dropNotifyTriggers(db: Kysely<any>): Promise<void> {
  const { rows } = await sql<{ name: string; table: string }>`
    SELECT t.tgname AS name, c.relname AS table FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
    WHERE NOT t.tgisinternal AND t.tgname LIKE '%data_changed%' AND c.relnamespace = current_schema()::regnamespace`.execute(db);
  for (const { name, table } of rows) await sql.raw(`DROP TRIGGER ${name} ON ${table}`).execute(db);
}

export async function up(db: Kysely<any>): Promise<void> {
  await dropNotifyTriggers(db);
  await sql.raw(notifyArea).execute(db);
  for (const [table, areas] of Object.entries(TABLE_AREAS)) {
    await sql
      .raw(`CREATE TRIGGER ${table}_data_changed_insert AFTER INSERT ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed('${areas.insert}')`)
      .execute(db);
    if (!areas.told) {
      await sql
        .raw(`CREATE TRIGGER ${table}_data_changed AFTER UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed('${areas.change}')`)
        .execute(db);
      continue;
    }
    // Telling a resident is told apart row by row (a transaction's identical notifications are sent once).
    const statements = [
      `CREATE TRIGGER ${table}_data_changed_told AFTER UPDATE ON ${table} FOR EACH ROW WHEN (${TOLD}) EXECUTE FUNCTION notify_data_changed('${areas.told}')`,
      `CREATE TRIGGER ${table}_data_changed AFTER UPDATE ON ${table} FOR EACH ROW WHEN (NOT (${TOLD})) EXECUTE FUNCTION notify_data_changed('${areas.change}')`,
      `CREATE TRIGGER ${table}_data_changed_delete AFTER DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed('${areas.change}')`,
    ];
    for (const statement of statements) await sql.raw(statement).execute(db);
  }
}

/** Back to one notification, without an area, at any change to any table but these. */
const unseen = new Set(["sessions", "audit_log", "import_batches", "notifications", "rate_limits"]);

export async function down(db: Kysely<any>): Promise<void> {
  await dropNotifyTriggers(db);
  const { rows } = await sql<{ name: string }>`
    SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()
      AND tablename NOT LIKE 'kysely%' AND tablename NOT LIKE 'tracker%'`.execute(db);
  for (const { name } of rows) {
    if (unseen.has(name)) continue;
    await sql
      .raw(`CREATE TRIGGER ${name}_data_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${name} FOR EACH STATEMENT EXECUTE FUNCTION notify_data_changed()`)
      .execute(db);
  }
}
