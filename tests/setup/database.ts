import fs from "node:fs";
import path from "node:path";
import { afterAll, inject } from "vitest";
import { openDatabase } from "../../db/connection";
import { migrateToLatest } from "../../db/migrator";
import { seedDistrict } from "../../db/seed-district";
import { db as current, useDatabase, type Db } from "~/utils/db.server";
import { SEED_DAY } from "./clock";
import { createDatabase, databaseUrl, dropDatabase, testServerUrl, withAdmin } from "./postgres";

// Each test gets its own database: a copy of a migrated (or seeded) template. With
// SQLite a file copied from a template made once per test file; with PostgreSQL
// (TEST_DATABASE_URL) a database cloned from the run's templates and dropped when the
// test file ends. The app's `db` is pointed at the copy.
const dir = path.dirname(process.env.DATABASE_PATH!);
let counter = 0;
const templates = new Map<string, Promise<string>>();

/** The suite runs against PostgreSQL: tests of SQLite's own machinery are skipped. */
export const onPostgres = Boolean(testServerUrl());

async function template(kind: "migrated" | "seeded"): Promise<string> {
  let made = templates.get(kind);
  if (!made) {
    made = (async () => {
      const file = path.join(dir, `template-${kind}.db`);
      const db = openDatabase(file);
      await migrateToLatest(db);
      if (kind === "seeded") await db.transaction().execute((trx) => seedDistrict(trx, { today: SEED_DAY }));
      await db.destroy(); // checkpoints the WAL into the file
      return file;
    })();
    templates.set(kind, made);
  }
  return made;
}

const created: string[] = [];

async function postgresCopyOf(base: string, kind: "migrated" | "seeded"): Promise<Db> {
  const names = inject("postgresTemplates");
  if (!names) throw new Error("TEST_DATABASE_URL is set but the PostgreSQL templates were not made (tests/setup/global.ts)");
  const name = `zt_test_${process.pid}_${++counter}`;
  await withAdmin(base, async (client) => {
    await createDatabase(client, name, names[kind]);
    // The previous test's database is done with once the app leaves it.
    const previous = created.splice(0);
    await current.destroy();
    for (const old of previous) await dropDatabase(client, old);
  });
  created.push(name);
  return useDatabase(databaseUrl(base, name));
}

if (onPostgres) {
  afterAll(async () => {
    await current.destroy();
    await withAdmin(testServerUrl()!, async (client) => {
      for (const name of created.splice(0)) await dropDatabase(client, name);
    });
  });
}

async function copyOf(kind: "migrated" | "seeded"): Promise<Db> {
  const base = testServerUrl();
  if (base) return postgresCopyOf(base, kind);
  const file = path.join(dir, `test-${++counter}.db`);
  fs.copyFileSync(await template(kind), file);
  return useDatabase(file);
}

/** A new, migrated, empty database. */
export const freshDatabase = () => copyOf("migrated");

/** A new database holding the demo district (seeded once per run on PostgreSQL, per test file on SQLite). */
export const seededDatabase = () => copyOf("seeded");
