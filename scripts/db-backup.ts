// npm run db:backup -- FILE: an online backup of the database while the server keeps
// serving (README "Backups"): the SQLite file at DATABASE_PATH, or with DATABASE_URL (or
// --db postgres://…) a pg_dump of that PostgreSQL database. Without FILE, a dated file
// in data/backups/.
import path from "node:path";
import { parseArgs } from "node:util";
import { BackupError, backupDatabase } from "../db/backup";
import { backupPostgres } from "../db/backup-postgres";
import { isPostgresUrl } from "../db/connection";
import { redactUrl } from "../db/postgres-tools";
import { now } from "../app/utils/clock.server";
import { EnvError, getEnv } from "../app/utils/env.server";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { db: { type: "string" } } });

try {
  const env = values.db ? null : getEnv();
  const source = values.db ?? env!.DATABASE_URL ?? env!.DATABASE_PATH;
  const stamp = now().toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
  const postgres = isPostgresUrl(source);
  const file = positionals[0] ?? path.join("data", "backups", `zhitongche-${stamp}.${postgres ? "dump" : "db"}`);
  if (postgres) {
    const result = await backupPostgres(source, file);
    console.log(
      `Backed up ${redactUrl(source)} to ${result.file}: ${(result.bytes / 1024 ** 2).toFixed(1)} MiB in ${result.seconds.toFixed(1)} s, ` +
        `read back whole by pg_restore (${result.tables} tables).`,
    );
  } else {
    const result = await backupDatabase(source, file);
    console.log(`Backed up ${source} to ${result.file}: ${(result.bytes / 1024 ** 2).toFixed(1)} MiB in ${result.seconds.toFixed(1)} s, integrity_check ok.`);
  }
} catch (error) {
  if (!(error instanceof BackupError || error instanceof EnvError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
