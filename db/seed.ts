// npm run db:seed: migrates the database at DATABASE_PATH and fills it with the
// demo district. It refuses a database that already holds data.
//
// npm run db:seed -- --scale national [--out data/national.db] [--force]: generates
// the national-scale database (db/seed-national.ts) into its own file instead;
// `--scale 0.1` makes a tenth of it. With --out postgres://…/DATABASE it goes into that
// PostgreSQL database (db/seed-national-postgres.ts), created if there is none; --force
// drops and creates again one that holds data.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import type { NationalProgress, NationalSummary } from "./seed-national";

const { values: args } = parseArgs({
  options: {
    scale: { type: "string" },
    out: { type: "string", default: "data/national.db" },
    force: { type: "boolean", default: false },
  },
});

if (args.scale === undefined) {
  await seedDemo();
} else {
  const scale = z
    .union([z.literal("national").transform(() => 1), z.coerce.number().positive().max(10)])
    .safeParse(args.scale);
  if (!scale.success) {
    console.error(`Unknown scale "${args.scale}": use national, or a number such as 0.1.`);
    process.exit(2);
  }
  const { isPostgresUrl } = await import("./connection");
  if (isPostgresUrl(args.out!)) await seedNationalPostgres(scale.data, args.out!, args.force!);
  else await seedNational(scale.data, args.out!, args.force!);
}

async function seedDemo() {
  const { db } = await import("../app/utils/db.server");
  const { isEmpty, seedDistrict } = await import("./seed-district");
  const { todayInChina } = await import("../app/utils/clock.server");
  const { migrateToLatest } = await import("./migrator");
  try {
    await migrateToLatest(db);
    if (!(await isEmpty(db))) {
      console.error("The database already holds data; seed an empty one (set DATABASE_PATH, or run npm run db:migrate reset first).");
      process.exitCode = 1;
    } else {
      const started = performance.now();
      await db.transaction().execute((trx) => seedDistrict(trx, { today: todayInChina(), log: (step) => console.log(`seeding ${step}…`) }));
      console.log(`Seeded the demo district in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
    }
  } finally {
    await db.destroy();
  }
}

/**
 * Writes into `<out>.tmp` with the journal in memory and fsyncs off (a throwaway file being
 * built: a crash means starting again), then switches it to WAL, the mode the app
 * runs in, and renames it into place.
 */
async function seedNational(scale: number, out: string, force: boolean) {
  const { default: SQLite } = await import("better-sqlite3");
  const { openDatabase } = await import("./connection");
  const { migrateToLatest } = await import("./migrator");
  const { generateNational } = await import("./seed-national");
  const { DEMO_PASSWORD } = await import("./seed-district");
  const { hashPassword } = await import("../app/utils/password.server");
  const { todayInChina } = await import("../app/utils/clock.server");

  const remove = (file: string) => {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(file + suffix, { force: true });
  };
  if (fs.existsSync(out) && !force) {
    console.error(`${out} already exists; pass --force to replace it, or --out another file.`);
    process.exit(1);
  }
  const tmp = `${out}.tmp`;
  remove(tmp);
  const started = performance.now();

  const migrated = openDatabase(tmp);
  await migrateToLatest(migrated);
  await migrated.destroy();

  const db = new SQLite(tmp);
  if (db.pragma("journal_mode = MEMORY", { simple: true }) !== "memory") throw new Error("could not switch the journal to memory");
  db.pragma("synchronous = OFF");
  db.pragma("foreign_keys = ON");
  db.pragma("cache_size = -524288"); // 512 MiB
  db.pragma("temp_store = MEMORY");

  const progress = await progressBar({ places: "places and contact points", people: "people", opinions: "drafts and opinions", indexes: "full-text indexes and foreign keys" });
  try {
    const summary = await generateNational(db, {
      scale,
      today: todayInChina(),
      passwordHash: await hashPassword(DEMO_PASSWORD),
      onProgress: progress.update,
    });
    progress.stop();
    // Foreign keys were checked by the generator; this checks the file's structure.
    const integrity = db.pragma("quick_check", { simple: true });
    if (integrity !== "ok") throw new Error(`quick_check failed: ${String(integrity)}`);
    db.pragma("journal_mode = WAL");
    db.close();
    remove(out);
    fs.renameSync(tmp, out);
    const size = fs.statSync(out).size / 1024 ** 2;
    console.log(`Generated ${out} in ${((performance.now() - started) / 1000).toFixed(1)} s (${size.toFixed(0)} MiB): ${describe(summary)}`);
  } catch (error) {
    progress.stop();
    if (db.open) db.close();
    remove(tmp);
    throw error;
  }
}

/**
 * Generates into the PostgreSQL database at `url` (created when there is none) with
 * COPY; the database is migrated first. A run that fails leaves what it wrote: run it
 * again with --force.
 */
async function seedNationalPostgres(scale: number, url: string, force: boolean) {
  const { openDatabase } = await import("./connection");
  const { migrateToLatest } = await import("./migrator");
  const { DEMO_PASSWORD } = await import("./seed-district");
  const { SeedTargetError, generateNationalPostgres, prepareNationalTarget } = await import("./seed-national-postgres");
  const { connect, databaseName, redactUrl } = await import("./postgres-tools");
  const { hashPassword } = await import("../app/utils/password.server");
  const { todayInChina } = await import("../app/utils/clock.server");

  const started = performance.now();
  try {
    await prepareNationalTarget(url, force);
  } catch (error) {
    if (!(error instanceof SeedTargetError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
  const migrated = openDatabase(url, { poolSize: 1 });
  try {
    await migrateToLatest(migrated);
  } finally {
    await migrated.destroy();
  }

  const client = await connect(url);
  const progress = await progressBar({ places: "places and contact points", people: "people", opinions: "drafts and opinions", indexes: "running totals, sequences and statistics" });
  try {
    const summary = await generateNationalPostgres(client, {
      scale,
      today: todayInChina(),
      passwordHash: await hashPassword(DEMO_PASSWORD),
      onProgress: progress.update,
    });
    progress.stop();
    const { rows } = await client.query<{ bytes: number }>("SELECT pg_database_size(current_database()) AS bytes");
    console.log(
      `Generated database ${databaseName(url)} (${redactUrl(url)}) in ${((performance.now() - started) / 1000).toFixed(1)} s ` +
        `(${(rows[0].bytes / 1024 ** 2).toFixed(0)} MiB): ${describe(summary)}`,
    );
  } catch (error) {
    progress.stop();
    console.error(`Database ${databaseName(url)} is left incomplete: generate it again with --force.`);
    throw error;
  } finally {
    progress.stop();
    await client.end();
  }
}

/** A progress bar over the generator's phases, with a label for each. */
async function progressBar(labels: Record<NationalProgress["phase"], string>) {
  const { SingleBar, Presets } = await import("cli-progress");
  const bar = new SingleBar(
    { format: "{phase} [{bar}] {percentage}% | {value}/{total} | {duration_formatted} elapsed, ETA {eta_formatted}", hideCursor: true, etaBuffer: 20 },
    Presets.shades_classic,
  );
  let phase = "";
  return {
    update(p: NationalProgress) {
      if (p.phase !== phase) {
        if (phase) bar.stop();
        phase = p.phase;
        bar.start(p.total, p.done, { phase: labels[p.phase] });
      } else {
        bar.update(p.done);
      }
    },
    stop: () => bar.stop(),
  };
}

function describe(summary: NationalSummary): string {
  return (
    `${summary.districts} districts, ${summary.streets} streets, ${summary.communities} communities, ${summary.grids} grids, ` +
    `${summary.contactPoints} contact points, ${summary.users} accounts, ${summary.drafts} drafts, ${summary.opinions} opinions ` +
    `(${summary.forwarded} forwarded, ${summary.adopted} adopted). Demo accounts and password as in the demo.`
  );
}
