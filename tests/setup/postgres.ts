import pg from "pg";
import { migrateToLatest } from "../../db/migrator";
import { openDatabase } from "../../db/connection";
import { createDatabase as createEmpty, quoteIdent, withClient, withDatabase } from "../../db/postgres-tools";

// PostgreSQL for the test suite: TEST_DATABASE_URL names a server (any database on it
// that we may connect to, e.g. postgres://postgres@127.0.0.1:5432/postgres). Each test
// gets its own database, cloned from a template made once per run (tests/setup/global.ts).

/** The server the suite runs against, or null for SQLite files. */
export const testServerUrl = (): string | null => process.env.TEST_DATABASE_URL || null;

/** The URL of database `name` on the server of `base`. */
export const databaseUrl = withDatabase;

/** A connection to the database `base` names, for creating and dropping the tests' own. */
export const withAdmin = withClient;

/** Creates database `name` (a copy of `template` when given); the locale makes pg_trgm see Chinese characters as letters. */
export async function createDatabase(client: pg.Client, name: string, template?: string): Promise<void> {
  if (template) await client.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE ${quoteIdent(template)} STRATEGY FILE_COPY`);
  else await createEmpty(client, name);
}

export async function dropDatabase(client: pg.Client, name: string): Promise<void> {
  await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
}

/** Is a PostgreSQL server answering at `url`? */
export async function isReachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

/** A new database on the server, migrated (and seeded by `fill`), ready to be a template. */
export async function makeTemplate(base: string, name: string, fill?: (url: string) => Promise<void>): Promise<void> {
  await withAdmin(base, async (client) => {
    await dropDatabase(client, name);
    await createDatabase(client, name);
  });
  const url = databaseUrl(base, name);
  const db = openDatabase(url);
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  if (fill) await fill(url);
}
