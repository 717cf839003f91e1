import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { BackupError, backupDatabase, checkDatabase, restoreDatabase } from "../../db/backup";
import { openDatabase, type Db } from "../../db/connection";
import { migrateToLatest } from "../../db/migrator";
import { onPostgres } from "../setup/database";

// A small round trip: back up a database while a connection keeps writing to it,
// change the original, restore the backup, and refuse files that are not sound.
const dir = path.join(path.dirname(process.env.DATABASE_PATH!), "backup-test");
const at = "2026-11-27T09:00:00.000Z";
const file = (name: string) => path.join(dir, name);

async function addPlace(db: Db, code: string) {
  await db
    .insertInto("places")
    .values({ code, name: `样例${code}`, level: "district", kind: null, parent_id: null, households: null, population: null, sample_name: 1 })
    .execute();
}
const codes = async (db: Db) => (await db.selectFrom("places").select("code").orderBy("code").execute()).map((r) => r.code);

beforeAll(() => {
  fs.mkdirSync(dir, { recursive: true });
});

// SQLite files; PostgreSQL is backed up with pg_dump (README, "Running on PostgreSQL").
describe.skipIf(onPostgres)("backups", () => {
  it("backs up a database that is being written to, and restores it after a check", async () => {
    const live = file("live.db");
    const db = openDatabase(live);
    await migrateToLatest(db);
    await addPlace(db, "900001");
    await addPlace(db, "900002");

    // The server's connection is open and writing while the backup runs.
    const backup = backupDatabase(live, file("backup.db"));
    const writes = Promise.all(["900003", "900004"].map((code) => addPlace(db, code)));
    const [result] = await Promise.all([backup, writes]);
    expect(result.bytes).toBeGreaterThan(0);
    expect(checkDatabase(file("backup.db"))).toEqual([]);
    const copy = openDatabase(file("backup.db"));
    const copied = await codes(copy);
    await copy.destroy();
    expect(copied.slice(0, 2)).toEqual(["900001", "900002"]);

    // Changes after the backup are undone by the restore; the replaced database is kept.
    await db.deleteFrom("places").where("code", "=", "900001").execute();
    await addPlace(db, "900099");
    await db.destroy();
    const restored = await restoreDatabase(file("backup.db"), live, new Date(at));
    expect(restored.previous).toBe(`${live}.before-restore-2026-11-27T09-00-00-000Z`);
    const back = openDatabase(live);
    expect(await codes(back)).toEqual(copied);
    const { rows } = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(back);
    expect(rows).toEqual([{ integrity_check: "ok" }]);
    await back.destroy();
    const before = openDatabase(restored.previous!);
    expect(await codes(before)).toContain("900099");
    await before.destroy();
  });

  it("refuses to overwrite an existing backup", async () => {
    const db = openDatabase(file("other.db"));
    await migrateToLatest(db);
    await db.destroy();
    fs.writeFileSync(file("taken.db"), "");
    await expect(backupDatabase(file("other.db"), file("taken.db"))).rejects.toThrow(BackupError);
  });

  it("refuses a damaged file, a file that is not a database and a database without the schema", async () => {
    const target = file("target.db");
    const db = openDatabase(target);
    await migrateToLatest(db);
    await addPlace(db, "900001");
    await db.destroy();

    // A sound backup with pages overwritten in the middle.
    await backupDatabase(target, file("damaged.db"));
    const bytes = fs.readFileSync(file("damaged.db"));
    const pageSize = bytes.readUInt16BE(16);
    for (let i = 2 * pageSize; i < Math.min(bytes.length, 12 * pageSize); i++) bytes[i] = (i * 7919) % 251;
    fs.writeFileSync(file("damaged.db"), bytes);
    fs.writeFileSync(file("text.db"), "not a database at all, just text\n".repeat(100));
    const other = new SQLite(file("foreign.db"));
    other.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
    other.close();

    for (const name of ["damaged.db", "text.db", "foreign.db", "missing.db"]) {
      expect(checkDatabase(file(name)), name).not.toEqual([]);
      await expect(restoreDatabase(file(name), target, new Date(at)), name).rejects.toThrow(/Refusing to restore/);
    }
    expect(checkDatabase(file("foreign.db"))[0]).toMatch(/not a Zhitongche database/);
    // The target was left alone.
    const still = openDatabase(target);
    expect(await codes(still)).toEqual(["900001"]);
    await still.destroy();
  });

  it("restores over a damaged database and keeps the damaged one aside", async () => {
    const target = file("broken.db");
    const db = openDatabase(target);
    await migrateToLatest(db);
    await addPlace(db, "900007");
    await db.destroy();
    await backupDatabase(target, file("good.db"));
    const bytes = fs.readFileSync(target);
    bytes.fill(0x5a, bytes.readUInt16BE(16) * 2);
    fs.writeFileSync(target, bytes);
    expect(checkDatabase(target)).not.toEqual([]);

    const { previous } = await restoreDatabase(file("good.db"), target, new Date(at));
    expect(checkDatabase(target)).toEqual([]);
    expect(fs.readFileSync(previous!)).toEqual(bytes);
    const restored = openDatabase(target);
    expect(await codes(restored)).toEqual(["900007"]);
    await restored.destroy();
  });

  it("works from the command line", () => {
    const run = (script: string, args: string[]) =>
      spawnSync("node_modules/.bin/tsx", [script, ...args], {
        env: { ...process.env, DATABASE_PATH: file("target.db"), NODE_ENV: "production" },
        encoding: "utf8",
        timeout: 30_000,
      });
    const backedUp = run("scripts/db-backup.ts", [file("cli.db")]);
    expect(backedUp.stderr).toBe("");
    expect(backedUp.stdout).toMatch(/integrity_check ok/);
    const refused = run("scripts/db-restore.ts", [file("text.db")]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^Refusing to restore/);
    const restored = run("scripts/db-restore.ts", [file("cli.db")]);
    expect(restored.status).toBe(0);
    expect(restored.stdout).toMatch(/Restored/);
  });
});
