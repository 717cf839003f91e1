// npm run db:backup -- FILE: an online backup of the database at DATABASE_PATH while
// the server keeps serving (README "Backups"). Without FILE, a dated file in data/backups/.
import path from "node:path";
import { parseArgs } from "node:util";
import { BackupError, backupDatabase } from "../db/backup";
import { now } from "../app/utils/clock.server";
import { EnvError, getEnv } from "../app/utils/env.server";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { db: { type: "string" } } });

try {
  const source = values.db ?? getEnv().DATABASE_PATH;
  const stamp = now().toISOString().slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
  const file = positionals[0] ?? path.join("data", "backups", `zhitongche-${stamp}.db`);
  const result = await backupDatabase(source, file);
  console.log(`Backed up ${source} to ${result.file}: ${(result.bytes / 1024 ** 2).toFixed(1)} MiB in ${result.seconds.toFixed(1)} s, integrity_check ok.`);
} catch (error) {
  if (!(error instanceof BackupError || error instanceof EnvError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
