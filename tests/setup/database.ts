import fs from "node:fs";
import path from "node:path";
import { openDatabase } from "../../db/connection";
import { migrateToLatest } from "../../db/migrator";
import { seedDistrict } from "../../db/seed-district";
import { useDatabase, type Db } from "~/utils/db.server";
import { SEED_DAY } from "./clock";

// Each test gets its own database file: a copy of a migrated (or seeded) template
// made once per test file. The app's `db` is pointed at the copy.
const dir = path.dirname(process.env.DATABASE_PATH!);
let counter = 0;
const templates = new Map<string, Promise<string>>();

async function template(kind: "migrated" | "seeded"): Promise<string> {
  let made = templates.get(kind);
  if (!made) {
    made = (async () => {
      const file = path.join(dir, `template-${kind}.db`);
      const db = openDatabase(file);
      await migrateToLatest(db);
      if (kind === "seeded") await db.transaction().execute((trx) => seedDistrict(trx, { today: SEED_DAY }));
      await db.destroy(); // checkpoints the WAL into the file
      return file;
    })();
    templates.set(kind, made);
  }
  return made;
}

async function copyOf(kind: "migrated" | "seeded"): Promise<Db> {
  const file = path.join(dir, `test-${++counter}.db`);
  fs.copyFileSync(await template(kind), file);
  return useDatabase(file);
}

/** A new, migrated, empty database. */
export const freshDatabase = () => copyOf("migrated");

/** A new database holding the demo district (seeded once per test file). */
export const seededDatabase = () => copyOf("seeded");
