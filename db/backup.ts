// Online backups and checked restores of the SQLite file (npm run db:backup,
// npm run db:restore; README "Backups").
//
// A backup uses SQLite's online backup API (better-sqlite3's db.backup) in a single
// step: the copy is made inside one read transaction, so it is the database as of
// one instant even while the server keeps writing (in WAL mode readers and the
// writer do not block each other). Copied in many small steps instead, every write
// by the server would restart it.
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";

/** Tables without which a file is not this app's database. */
export const REQUIRED_TABLES = [
  "kysely_migration", "places", "contact_points", "users", "sessions", "drafts", "draft_versions", "articles",
  "opinions", "opinion_status_history", "reports", "report_items", "opinion_outcomes", "consultations", "audit_log",
];

export class BackupError extends Error {}

export type BackupResult = { file: string; bytes: number; pages: number; seconds: number };

const removeWithSidecars = (file: string) => {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
};

/**
 * Copies the live database at `source` to `destination` (which must not exist),
 * through a temporary file that is checked with integrity_check before it is
 * renamed into place.
 */
export async function backupDatabase(source: string, destination: string): Promise<BackupResult> {
  if (!fs.existsSync(source)) throw new BackupError(`There is no database at ${source}.`);
  if (fs.existsSync(destination)) throw new BackupError(`${destination} already exists; choose a new file name.`);
  fs.mkdirSync(path.dirname(path.resolve(destination)), { recursive: true });
  const started = performance.now();
  const partial = `${destination}.partial`;
  removeWithSidecars(partial);
  const db = new SQLite(source, { fileMustExist: true });
  try {
    db.pragma("busy_timeout = 5000");
    // One step copies every page: see the note at the top.
    const { totalPages } = await db.backup(partial, { progress: () => 0x7fffffff });
    const problems = checkDatabase(partial);
    if (problems.length) throw new BackupError(`The copy failed its check: ${problems.join("; ")}`);
    fs.renameSync(partial, destination);
    return { file: destination, bytes: fs.statSync(destination).size, pages: totalPages, seconds: (performance.now() - started) / 1000 };
  } catch (error) {
    removeWithSidecars(partial);
    throw error;
  } finally {
    db.close();
  }
}

/**
 * What is wrong with a file as a database of this app: empty when it is a sound
 * SQLite file (PRAGMA integrity_check) holding the app's tables.
 */
export function checkDatabase(file: string): string[] {
  if (!fs.existsSync(file)) return [`${file} does not exist`];
  let db: SQLite.Database | undefined;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
    const integrity = db.pragma("integrity_check", { simple: false }) as { integrity_check: string }[];
    const messages = integrity.map((row) => row.integrity_check).filter((m) => m !== "ok");
    if (messages.length) return [`integrity_check: ${messages.slice(0, 5).join("; ")}`];
    const tables = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]));
    const missing = REQUIRED_TABLES.filter((t) => !tables.has(t));
    if (missing.length) return [`not a Zhitongche database: no ${missing.join(", ")} table`];
    return [];
  } catch (error) {
    return [`cannot be read as a database: ${error instanceof Error ? error.message : String(error)}`];
  } finally {
    db?.close();
  }
}

export type RestoreResult = { restored: string; previous: string | null; seconds: number };

/**
 * Replaces the database at `target` with the backup `file` once the backup passes
 * checkDatabase, and only with the server stopped (the caller's promise: a running
 * server keeps its open file and would go on writing to the replaced one). The
 * database being replaced is kept, as it was, as `<target>.before-restore-<time>`
 * (with its -wal file, if any): renamed rather than copied, so that a damaged
 * database, the usual reason for a restore, can be kept too.
 */
export async function restoreDatabase(file: string, target: string, now: Date): Promise<RestoreResult> {
  const started = performance.now();
  if (path.resolve(file) === path.resolve(target)) throw new BackupError("The backup and the database are the same file.");
  const problems = checkDatabase(file);
  if (problems.length) throw new BackupError(`Refusing to restore ${file}: ${problems.join("; ")}`);

  // Copied beside the target first (same file system, so the final rename is atomic).
  const incoming = `${target}.restoring`;
  removeWithSidecars(incoming);
  fs.mkdirSync(path.dirname(path.resolve(target)), { recursive: true });
  const source = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    await source.backup(incoming, { progress: () => 0x7fffffff });
  } finally {
    source.close();
  }
  const copy = new SQLite(incoming, { readonly: true, fileMustExist: true });
  const quick = copy.pragma("quick_check", { simple: true });
  copy.close();
  if (quick !== "ok") {
    removeWithSidecars(incoming);
    throw new BackupError(`The restored copy failed its check: ${String(quick)}`);
  }

  let previous: string | null = null;
  if (fs.existsSync(target)) {
    previous = `${target}.before-restore-${now.toISOString().replace(/[:.]/g, "-")}`;
    for (const suffix of ["", "-wal", "-shm"]) {
      if (fs.existsSync(target + suffix)) fs.renameSync(target + suffix, previous + suffix);
    }
  }
  fs.rmSync(`${target}-journal`, { force: true });
  fs.renameSync(incoming, target);
  return { restored: target, previous, seconds: (performance.now() - started) / 1000 };
}
