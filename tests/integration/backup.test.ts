import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { BackupError, backupDatabase, checkDatabase, restoreDatabase } from "../../db/backup";
import { backupPostgres, checkDump, restorePostgres } from "../../db/backup-postgres";
import { openDatabase, type Db } from "../../db/connection";
import { migrateToLatest } from "../../db/migrator";
import { onPostgres } from "../setup/database";
import { createDatabase, databaseUrl, dropDatabase, testServerUrl, withAdmin } from "../setup/postgres";

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

// SQLite files here; PostgreSQL (pg_dump and pg_restore) below, with TEST_DATABASE_URL.
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

describe.skipIf(!onPostgres)("backups on PostgreSQL", () => {
  const prefix = `zt_test_${process.pid}_backup`;
  const url = (name: string) => databaseUrl(testServerUrl()!, `${prefix}_${name}`);
  const opened: Db[] = [];
  const open = (name: string) => {
    const db = openDatabase(url(name), { poolSize: 2 });
    opened.push(db);
    return db;
  };
  const close = async () => {
    for (const db of opened.splice(0)) await db.destroy();
  };

  /** Rows per table of the database `name`. */
  async function counts(name: string) {
    const db = open(name);
    const { rows } = await sql<{ name: string }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`.execute(db);
    const result: Record<string, number> = {};
    for (const { name: table } of rows) {
      result[table] = (await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`.execute(db)).rows[0].n;
    }
    await close();
    return result;
  }

  /** A copy of the demo district, as database `name`. */
  async function demo(name: string) {
    await withAdmin(testServerUrl()!, (client) => createDatabase(client, `${prefix}_${name}`, inject("postgresTemplates")!.seeded));
  }

  afterAll(async () => {
    await close();
    await withAdmin(testServerUrl()!, async (client) => {
      const { rows } = await client.query<{ name: string }>("SELECT datname AS name FROM pg_database WHERE datname LIKE $1", [`${prefix}%`]);
      for (const { name } of rows) await dropDatabase(client, name);
    });
  });

  it("dumps a database while it is written to, and restores it into a new database with the same rows", async () => {
    await demo("live");
    const before = await counts("live");
    expect(before.opinions).toBeGreaterThan(1000);

    const db = open("live");
    const backup = backupPostgres(url("live"), file("pg-live.dump"));
    await Promise.all(["900003", "900004"].map((code) => addPlace(db, code)));
    const result = await backup;
    await close();
    expect(result.bytes).toBeGreaterThan(0);
    expect(result.tables).toBe(Object.keys(before).length);
    expect(await checkDump(file("pg-live.dump"))).toEqual([]);

    const restored = await restorePostgres(file("pg-live.dump"), url("fresh"), new Date(at));
    expect(restored).toMatchObject({ restored: `${prefix}_fresh`, previous: null });
    const after = await counts("fresh");
    // The dump is one instant's snapshot: with both places written during it, or neither.
    expect([before.places, before.places + 2]).toContain(after.places);
    expect({ ...after, places: 0 }).toEqual({ ...before, places: 0 });
  });

  it("restores over a database, keeping the one it replaced, and the app's data is back", async () => {
    await demo("target");
    const original = await counts("target");
    await backupPostgres(url("target"), file("pg-target.dump"));
    const db = open("target");
    await addPlace(db, "900099");
    await close();

    const { previous } = await restorePostgres(file("pg-target.dump"), url("target"), new Date(at));
    expect(previous).toBe(`${prefix}_target_before_restore_20261127_090000`);
    expect(await counts("target")).toEqual(original);
    const kept = openDatabase(databaseUrl(testServerUrl()!, previous!), { poolSize: 1 });
    expect(await codes(kept)).toContain("900099");
    await kept.destroy();
    // The restored database is a working one: its migrations are current and it takes writes.
    const back = open("target");
    await migrateToLatest(back);
    await addPlace(back, "900100");
    expect(await codes(back)).toContain("900100");
    await close();
  });

  it("refuses a file that is not a dump, a damaged dump, another app's dump and a database in use", async () => {
    await demo("busy");
    await backupPostgres(url("busy"), file("pg-good.dump"));
    const good = fs.readFileSync(file("pg-good.dump"));
    fs.writeFileSync(file("pg-truncated.dump"), good.subarray(0, Math.floor(good.length / 2)));
    fs.writeFileSync(file("pg-text.dump"), "not a dump at all\n".repeat(100));
    await withAdmin(testServerUrl()!, (client) => createDatabase(client, `${prefix}_foreign`));
    const foreign = open("foreign");
    await sql`CREATE TABLE notes (id bigint PRIMARY KEY, body text)`.execute(foreign);
    await close();
    // Another database's dump, made by hand: db:backup itself refuses to dump it.
    await expect(backupPostgres(url("foreign"), file("pg-foreign.dump"))).rejects.toThrow(/not a Zhitongche database/);
    expect(fs.existsSync(file("pg-foreign.dump.partial"))).toBe(false);
    expect(spawnSync("pg_dump", ["--format=custom", `--file=${file("pg-foreign.dump")}`, `--dbname=${url("foreign")}`]).status).toBe(0);
    const lite = openDatabase(file("pg-sqlite.db"));
    await migrateToLatest(lite);
    await lite.destroy();

    for (const name of ["pg-truncated.dump", "pg-text.dump", "pg-foreign.dump", "pg-missing.dump", "pg-sqlite.db"]) {
      expect(await checkDump(file(name)), name).not.toEqual([]);
      await expect(restorePostgres(file(name), url("busy"), new Date(at)), name).rejects.toThrow(/^Refusing to restore/);
    }
    expect((await checkDump(file("pg-foreign.dump")))[0]).toMatch(/not a Zhitongche database/);
    expect((await checkDump(file("pg-sqlite.db")))[0]).toMatch(/not a pg_dump archive/);

    // An instance still connected: nothing is touched.
    const busy = open("busy");
    await addPlace(busy, "900200");
    await expect(restorePostgres(file("pg-good.dump"), url("busy"), new Date(at))).rejects.toThrow(/connected to database/);
    expect(await codes(busy)).toContain("900200");
    await close();
    await expect(backupPostgres(url("busy"), file("pg-good.dump"))).rejects.toThrow(BackupError);
    await expect(backupPostgres(url("nonesuch"), file("pg-nonesuch.dump"))).rejects.toThrow(/pg_dump failed: .*does not exist/);
  });

  it("works from the command line, and says what to install without pg_dump", () => {
    const run = (script: string, args: string[], env: Record<string, string> = {}) =>
      spawnSync(process.execPath, ["node_modules/tsx/dist/cli.mjs", script, ...args], {
        env: { ...process.env, DATABASE_URL: url("busy"), NODE_ENV: "production", ...env },
        encoding: "utf8",
        timeout: 60_000,
      });
    const backedUp = run("scripts/db-backup.ts", [file("pg-cli.dump")]);
    expect(backedUp.stderr).toBe("");
    expect(backedUp.stdout).toMatch(/^Backed up postgres:\/\/.*read back whole by pg_restore/);
    const refused = run("scripts/db-restore.ts", [file("pg-text.dump")]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/^Refusing to restore/);
    const restored = run("scripts/db-restore.ts", [file("pg-cli.dump")]);
    expect(restored.stderr).toBe("");
    expect(restored.stdout).toMatch(/Restored .* into database .*_busy[\s\S]*kept as .*_busy_before_restore_/);

    // A PATH with node and without the PostgreSQL client programs.
    const bin = file("bin-without-pg");
    fs.mkdirSync(bin, { recursive: true });
    if (!fs.existsSync(path.join(bin, "node"))) fs.symlinkSync(process.execPath, path.join(bin, "node"));
    const missing = run("scripts/db-backup.ts", [file("pg-missing-tools.dump")], { PATH: bin });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^pg_dump was not found\. .*apt-get install postgresql-client/);
  });
});
