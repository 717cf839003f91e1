import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./connection";
import { migrateDown, migrateToLatest } from "./migrator";

async function tableNames(db: ReturnType<typeof openDatabase>) {
  const { rows } = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'kysely_%' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%_fts_%' ORDER BY name`.execute(db);
  return rows.map((r) => r.name);
}

describe("migrations", () => {
  it("go up from empty and back down to empty", async () => {
    const db = openDatabase(`${process.env.DATABASE_PATH}.migrations`);
    expect(await tableNames(db)).toEqual([]);
    await migrateToLatest(db);
    const tables = await tableNames(db);
    for (const table of ["places", "contact_points", "users", "sessions", "drafts", "draft_versions", "articles", "opinions", "opinion_status_history", "opinion_merges", "reports", "report_items", "opinion_outcomes", "consultations", "consultation_outputs", "consultation_follow_ups", "audit_log", "opinions_fts"]) {
      expect(tables).toContain(table);
    }
    await migrateDown(db, true);
    expect(await tableNames(db)).toEqual([]);
    await migrateToLatest(db);
    expect(await tableNames(db)).toEqual(tables);
    await db.destroy();
  });

  it("set the pragmas every connection needs", async () => {
    const db = openDatabase(`${process.env.DATABASE_PATH}.pragmas`);
    const pragma = async (name: string) => Object.values((await sql.raw(`PRAGMA ${name}`).execute(db)).rows[0] as object)[0];
    expect(await pragma("journal_mode")).toBe("wal");
    expect(await pragma("foreign_keys")).toBe(1);
    // The writer's: NORMAL, each commit flushed before it is answered (db/sqlite-durability.ts), and no checkpoint of its own.
    expect(await pragma("synchronous")).toBe(1);
    expect(await pragma("wal_autocheckpoint")).toBe(10000);
    // Its wait for another process's write lock is its own, between which the thread serves (db/connection.ts).
    expect(await pragma("busy_timeout")).toBe(0);
    // Its statement journals in memory, not in a temporary file for each submission.
    expect(await pragma("temp_store")).toBe(2);
    await db.destroy();
  });

  it("reject values outside the enumerations and broken references", async () => {
    const db = openDatabase(`${process.env.DATABASE_PATH}.checks`);
    await migrateToLatest(db);
    await expect(sql`INSERT INTO places (code, name, level) VALUES ('1', 'x', 'planet')`.execute(db)).rejects.toThrow(/CHECK/);
    await expect(sql`INSERT INTO places (code, name, level, parent_id) VALUES ('2', 'x', 'street', 999)`.execute(db)).rejects.toThrow(/FOREIGN KEY/);
    await sql`INSERT INTO places (code, name, level) VALUES ('440704', '江海区', 'district')`.execute(db);
    await expect(sql`INSERT INTO places (code, name, level) VALUES ('440704', 'again', 'district')`.execute(db)).rejects.toThrow(/UNIQUE/);
    await db.destroy();
  });
});
