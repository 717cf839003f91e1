import { promises as fs } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Migrator, type Kysely, type Migration, type MigrationProvider, type MigrationResultSet } from "kysely";

import { dialectOf } from "./connection";

const here = path.dirname(fileURLToPath(import.meta.url));
/** SQLite's migrations (frozen) and PostgreSQL's, each in its own folder. */
const folders = { sqlite: path.join(here, "migrations"), postgres: path.join(here, "migrations-postgres") };

// Kysely's FileMigrationProvider imports from inside node_modules, where neither
// tsx nor Vitest compile TypeScript; importing from here works under both.
const providerFor = (folder: string): MigrationProvider => ({
  async getMigrations() {
    const migrations: Record<string, Migration> = {};
    for (const file of (await fs.readdir(folder)).sort()) {
      if (!/\.(ts|js)$/.test(file) || file.endsWith(".d.ts") || file.includes(".test.")) continue;
      migrations[file.replace(/\.(ts|js)$/, "")] = (await import(pathToFileURL(path.join(folder, file)).href)) as Migration;
    }
    return migrations;
  },
});

export function createMigrator(db: Kysely<any>): Migrator {
  return new Migrator({ db, provider: providerFor(folders[dialectOf(db)]) });
}

function unwrap({ error, results }: MigrationResultSet): string[] {
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).map((r) => `${r.direction} ${r.migrationName}: ${r.status}`);
}

/** The migrations not yet applied to `db`, by name. */
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  return (await createMigrator(db).getMigrations()).filter((m) => !m.executedAt).map((m) => m.name);
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
  return unwrap(await createMigrator(db).migrateToLatest());
}

/** Undo the last migration, or with `all` every one, back to an empty database. */
export async function migrateDown(db: Kysely<any>, all = false): Promise<string[]> {
  const migrator = createMigrator(db);
  if (!all) return unwrap(await migrator.migrateDown());
  const { NO_MIGRATIONS } = await import("kysely");
  return unwrap(await migrator.migrateTo(NO_MIGRATIONS));
}
