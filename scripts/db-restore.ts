// npm run db:restore -- FILE: replaces the database with the backup FILE, after
// checking it. Stop the server first: a running server keeps writing to the database
// it opened.
// - SQLite (DATABASE_PATH): FILE must pass PRAGMA integrity_check and hold the app's
//   tables; the database being replaced is kept beside it as
//   <DATABASE_PATH>.before-restore-<time>.
// - PostgreSQL (DATABASE_URL, or --db postgres://…): FILE is a pg_dump archive; it is
//   restored into a new database, which then takes the name of the one it replaces,
//   kept as <name>_before_restore_<time> (db/backup-postgres.ts).
import { parseArgs } from "node:util";
import { BackupError, restoreDatabase } from "../db/backup";
import { restorePostgres } from "../db/backup-postgres";
import { isPostgresUrl } from "../db/connection";
import { now } from "../app/utils/clock.server";
import { EnvError, getEnv } from "../app/utils/env.server";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { db: { type: "string" } } });

if (!positionals[0]) {
  console.error("Usage: npm run db:restore -- FILE   (with the server stopped)");
  process.exit(2);
}

try {
  const env = values.db ? null : getEnv();
  const target = values.db ?? env!.DATABASE_URL ?? env!.DATABASE_PATH;
  if (isPostgresUrl(target)) {
    const result = await restorePostgres(positionals[0], target, now());
    console.log(`Restored ${positionals[0]} into database ${result.restored} in ${result.seconds.toFixed(1)} s.`);
    if (result.previous) console.log(`The database it replaced is kept as ${result.previous}; drop it (dropdb) once the restored one is checked.`);
  } else {
    const result = await restoreDatabase(positionals[0], target, now());
    console.log(`Restored ${positionals[0]} into ${result.restored} in ${result.seconds.toFixed(1)} s.`);
    if (result.previous) console.log(`The database it replaced is kept as ${result.previous}.`);
  }
  console.log("Start the server again; it applies any newer migrations at start.");
} catch (error) {
  if (!(error instanceof BackupError || error instanceof EnvError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
