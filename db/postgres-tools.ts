// What the command-line tools need to manage PostgreSQL databases: the backup and
// restore (db/backup-postgres.ts) and the national generator (db/seed.ts). The app
// itself never creates, renames or drops a database.
import pg from "pg";

/** The name of the database a postgres:// URL points at. */
export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  if (!name) throw new Error(`${redactUrl(url)} names no database (postgres://user@host:5432/DATABASE)`);
  return name;
}

/** The URL of database `name` on the same server, as the same user. */
export function withDatabase(url: string, name: string): string {
  const next = new URL(url);
  next.pathname = `/${encodeURIComponent(name)}`;
  return next.toString();
}

/** The URL without its password, fit to print. */
export function redactUrl(url: string): string {
  const shown = new URL(url);
  if (shown.password) shown.password = "***";
  return shown.toString();
}

/** A URL without its password and the environment that supplies it, for pg_dump and pg_restore (a password on a command line is visible to every user of the machine). */
export function clientArguments(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const parsed = new URL(url);
  const password = decodeURIComponent(parsed.password);
  parsed.password = "";
  return { dbname: parsed.toString(), env: password ? { ...process.env, PGPASSWORD: password } : { ...process.env } };
}

/** A quoted identifier (a database name may need quotes: capitals, dashes). */
export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** A quoted string literal. */
export const quoteLiteral = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** PostgreSQL's limit on the length of a name, in bytes. */
const NAME_BYTES = 63;

/** `base` + `suffix`, with `base` shortened so that the whole fits in a database name. */
export function nameWithSuffix(base: string, suffix: string): string {
  let head = base;
  while (Buffer.byteLength(head + suffix) > NAME_BYTES) head = head.slice(0, -1);
  return head + suffix;
}

export async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000, application_name: "zhitongche-tools" });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  return client;
}

export async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = await connect(url);
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/**
 * A connection to the server of `url` that is not to its database (which may not exist
 * yet, or is about to be renamed or dropped): the `postgres` database, else `template1`.
 */
export async function withServer<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  let client: pg.Client;
  try {
    client = await connect(withDatabase(url, "postgres"));
  } catch (error) {
    if ((error as { code?: string }).code !== "3D000") throw error;
    client = await connect(withDatabase(url, "template1"));
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export type DatabaseInfo = { name: string; collate: string; ctype: string };

/** Database `name` on the server, or null when there is none. */
export async function findDatabase(server: pg.Client, name: string): Promise<DatabaseInfo | null> {
  const { rows } = await server.query<DatabaseInfo>(
    "SELECT datname AS name, datcollate AS collate, datctype AS ctype FROM pg_database WHERE datname = $1",
    [name],
  );
  return rows[0] ?? null;
}

/** How many sessions other than this one are connected to database `name`. */
export async function sessionsOn(server: pg.Client, name: string): Promise<number> {
  const { rows } = await server.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
    [name],
  );
  return rows[0].n;
}

/**
 * Creates database `name` in UTF-8 with the locale of `like` (a database it replaces),
 * else C.UTF-8: search needs a UTF-8 LC_CTYPE (docs/decisions/015-postgresql-and-instances.md).
 */
export async function createDatabase(server: pg.Client, name: string, like?: DatabaseInfo | null): Promise<void> {
  const locale = like
    ? `LC_COLLATE ${quoteLiteral(like.collate)} LC_CTYPE ${quoteLiteral(like.ctype)}`
    : "LOCALE 'C.UTF-8'";
  await server.query(`CREATE DATABASE ${quoteIdent(name)} TEMPLATE template0 ENCODING 'UTF8' ${locale}`);
}

/** A sentence for an error of the server or of the connection to it, without a stack trace. */
export function describePgError(error: unknown, url: string): string {
  const { code, message } = error as { code?: string; message?: string };
  const where = redactUrl(url);
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ETIMEDOUT" || code === "EHOSTUNREACH" || /timeout/i.test(message ?? "")) {
    return `Cannot reach a PostgreSQL server for ${where}: ${message ?? code}.`;
  }
  if (code === "28P01" || code === "28000") return `PostgreSQL refused the login for ${where}: ${message}.`;
  if (code === "3D000") return `${message} (${where}).`;
  if (code === "42501") return `The user of ${where} lacks a privilege: ${message}.`;
  return `PostgreSQL: ${message ?? String(error)}`;
}

/** Is this an error that PostgreSQL or the connection to it reported (rather than a bug of ours)? */
export function isPgError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string") return /^[0-9A-Z]{5}$/.test(code) || /^E[A-Z]+$/.test(code);
  return /^Connection terminated/i.test(error.message);
}
