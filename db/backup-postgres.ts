// Backups and checked restores of a PostgreSQL database (npm run db:backup and
// npm run db:restore with DATABASE_URL; README "Backups"), through PostgreSQL's own
// tools, which must be installed where the command runs (Debian: postgresql-client).
//
// A backup is `pg_dump --format=custom`: one transaction's snapshot, taken while the
// instances keep serving. It is checked by reading it back whole with pg_restore and
// finding the app's tables in its table of contents before it gets its name.
//
// A restore works as the SQLite one does: the backup goes into a new database beside
// the one it replaces, is checked there, and only then do the two swap names; the
// replaced database is kept, renamed, until someone drops it. So a restore that fails
// halfway leaves the database as it was, and the user needs CREATEDB.
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import type pg from "pg";
import { BackupError, REQUIRED_TABLES, type RestoreResult } from "./backup";
import {
  clientArguments, createDatabase, databaseName, describePgError, findDatabase, isPgError, nameWithSuffix, quoteIdent, redactUrl,
  sessionsOn, withClient, withDatabase, withServer,
} from "./postgres-tools";

export type PostgresBackupResult = { file: string; bytes: number; tables: number; seconds: number };

/** The first bytes of a pg_dump archive in the custom format. */
const ARCHIVE_MAGIC = "PGDMP";

/** Runs a PostgreSQL client program; its error output becomes the message when it fails. */
function run(program: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") {
        reject(
          new BackupError(
            `${program} was not found. Backups of PostgreSQL need its client programs (pg_dump, pg_restore) of the server's major version or newer: ` +
              "install them (Debian or Ubuntu: apt-get install postgresql-client) or put them on PATH.",
          ),
        );
      } else reject(new BackupError(`${program} could not be started: ${error.message}`));
    });
    child.on("close", (code) => {
      if (code === 0) return resolve(Buffer.concat(out).toString("utf8"));
      const message = Buffer.concat(err).toString("utf8").trim().split("\n").slice(-5).join("\n");
      reject(new BackupError(`${program} failed: ${message || `exit code ${code}`}`));
    });
  });
}

/** Server and connection errors as BackupErrors: they are the user's setup, not a bug. */
async function reported<T>(url: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (isPgError(error)) throw new BackupError(describePgError(error, url));
    throw error;
  }
}

/**
 * Dumps the database at `url` to `destination` (which must not exist), through a
 * temporary file that passes checkDump before it is renamed into place.
 */
export async function backupPostgres(url: string, destination: string): Promise<PostgresBackupResult> {
  if (fs.existsSync(destination)) throw new BackupError(`${destination} already exists; choose a new file name.`);
  fs.mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
  const started = performance.now();
  const partial = `${destination}.partial`;
  fs.rmSync(partial, { force: true });
  const { dbname, env } = clientArguments(url);
  try {
    await run("pg_dump", ["--format=custom", `--file=${partial}`, `--dbname=${dbname}`], env);
    const { problems, tables } = await inspectDump(partial);
    if (problems.length) throw new BackupError(`The dump failed its check: ${problems.join("; ")}`);
    fs.renameSync(partial, destination);
    return { file: destination, bytes: fs.statSync(destination).size, tables, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

/**
 * What is wrong with a file as a dump of this app's database: empty when pg_restore
 * reads it to the end and its table of contents holds the data of the app's tables.
 */
export async function checkDump(file: string): Promise<string[]> {
  return (await inspectDump(file)).problems;
}

async function inspectDump(file: string): Promise<{ problems: string[]; tables: number }> {
  if (!fs.existsSync(file)) return { problems: [`${file} does not exist`], tables: 0 };
  const head = Buffer.alloc(ARCHIVE_MAGIC.length);
  const fd = fs.openSync(file, "r");
  try {
    fs.readSync(fd, head, 0, head.length, 0);
  } finally {
    fs.closeSync(fd);
  }
  if (head.toString("latin1") !== ARCHIVE_MAGIC) {
    return { problems: ["not a pg_dump archive in the custom format (a SQLite backup is restored with DATABASE_PATH, not DATABASE_URL)"], tables: 0 };
  }
  let list: string;
  try {
    list = await run("pg_restore", ["--list", file]);
    // Reading every data block, as a restore would, finds a truncated or damaged archive.
    await run("pg_restore", ["--file=/dev/null", file]);
  } catch (error) {
    if (!(error instanceof BackupError) || /was not found/.test(error.message)) throw error;
    return { problems: [`cannot be read as a dump: ${error.message}`], tables: 0 };
  }
  // Entries such as "1234; 0 16390 TABLE DATA public opinions postgres".
  const tables = new Set([...list.matchAll(/^\d+; \d+ \d+ TABLE DATA \S+ (\S+) /gm)].map((m) => m[1]));
  const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
  if (missing.length) return { problems: [`not a Zhitongche database: no ${missing.join(", ")} table`], tables: tables.size };
  return { problems: [], tables: tables.size };
}

/**
 * Replaces the database at `url` with the dump `file` once the dump passes checkDump,
 * and only with no one else connected to it (the instances stopped). The dump is
 * restored into `<name>_restoring`, checked, and renamed to the database's name; the
 * database it replaces is kept as `<name>_before_restore_<time>`. When there is no
 * database of that name yet, the restored one simply takes it.
 */
export async function restorePostgres(file: string, url: string, now: Date): Promise<RestoreResult> {
  const started = performance.now();
  const problems = await checkDump(file);
  if (problems.length) throw new BackupError(`Refusing to restore ${file}: ${problems.join("; ")}`);
  const name = targetName(url);
  const incoming = nameWithSuffix(name, "_restoring");
  const stamp = now.toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "_");
  const previous = nameWithSuffix(name, `_before_restore_${stamp}`);

  const existing = await reported(url, () =>
    withServer(url, async (server) => {
      const found = await findDatabase(server, name);
      if (found) await refuseIfInUse(server, name);
      // What an interrupted restore left behind.
      await server.query(`DROP DATABASE IF EXISTS ${quoteIdent(incoming)}`);
      await createDatabase(server, incoming, found).catch((error) => {
        if ((error as { code?: string }).code === "42501") {
          throw new BackupError(
            `The user of ${redactUrl(url)} may not create databases, and a restore builds the new database beside the old one: ` +
              "grant it CREATEDB (ALTER ROLE … CREATEDB) or restore as a user that has it.",
          );
        }
        throw error;
      });
      return found;
    }),
  );

  const incomingUrl = withDatabase(url, incoming);
  try {
    const { dbname, env } = clientArguments(incomingUrl);
    // The objects belong to the user of the URL, as the app's own tables do when it migrates.
    await run("pg_restore", ["--exit-on-error", "--single-transaction", "--no-owner", "--no-privileges", `--dbname=${dbname}`, file], env);
    await reported(url, () => withClient(incomingUrl, checkRestored));
  } catch (error) {
    await withServer(url, (server) => server.query(`DROP DATABASE IF EXISTS ${quoteIdent(incoming)}`)).catch(() => {});
    throw error;
  }

  await reported(url, () =>
    withServer(url, async (server) => {
      if (existing) {
        await refuseIfInUse(server, name);
        await server.query(`ALTER DATABASE ${quoteIdent(name)} RENAME TO ${quoteIdent(previous)}`);
      }
      await server.query(`ALTER DATABASE ${quoteIdent(incoming)} RENAME TO ${quoteIdent(name)}`);
    }),
  );
  return { restored: name, previous: existing ? previous : null, seconds: (performance.now() - started) / 1000 };
}

function targetName(url: string): string {
  try {
    return databaseName(url);
  } catch (error) {
    throw new BackupError(error instanceof Error ? error.message : String(error));
  }
}

async function refuseIfInUse(server: pg.Client, name: string): Promise<void> {
  const sessions = await sessionsOn(server, name);
  if (sessions) {
    throw new BackupError(
      `${sessions} other session${sessions === 1 ? " is" : "s are"} connected to database ${name}: stop the app's instances (and any other client) first.`,
    );
  }
}

/** The restored database holds the app's tables and its migrations. */
async function checkRestored(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ name: string }>(
    "SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()",
  );
  const tables = new Set(rows.map((r) => r.name));
  const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
  if (missing.length) throw new BackupError(`The restored database lacks the ${missing.join(", ")} table`);
  const migrations = await client.query<{ n: number }>("SELECT count(*)::int AS n FROM kysely_migration");
  if (!migrations.rows[0].n) throw new BackupError("The restored database has no migrations recorded");
}
