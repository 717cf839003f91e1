// npm run db:restore -- FILE: replaces the database at DATABASE_PATH with the backup
// FILE, after checking it (PRAGMA integrity_check and the app's tables). Stop the
// server first: a running server keeps writing to the file it opened. The database
// being replaced is kept beside it as <DATABASE_PATH>.before-restore-<time>.
import { parseArgs } from "node:util";
import { BackupError, restoreDatabase } from "../db/backup";
import { now } from "../app/utils/clock.server";
import { EnvError, getEnv } from "../app/utils/env.server";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { db: { type: "string" } } });

if (!positionals[0]) {
  console.error("Usage: npm run db:restore -- FILE   (with the server stopped)");
  process.exit(2);
}

try {
  const target = values.db ?? getEnv().DATABASE_PATH;
  const result = await restoreDatabase(positionals[0], target, now());
  console.log(`Restored ${positionals[0]} into ${result.restored} in ${result.seconds.toFixed(1)} s.`);
  if (result.previous) console.log(`The database it replaced is kept as ${result.previous}.`);
  console.log("Start the server again; it applies any newer migrations at start.");
} catch (error) {
  if (!(error instanceof BackupError || error instanceof EnvError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
