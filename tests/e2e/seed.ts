// Before the browser tests: a new database seeded with the demo district, which
// the production server (build/server.js, started next by playwright.config.ts) serves.
import fs from "node:fs";
import { openDatabase } from "../../db/connection";
import { migrateToLatest } from "../../db/migrator";
import { seedDistrict } from "../../db/seed-district";
import { todayInChina } from "../../app/utils/clock.server";
import { getEnv } from "../../app/utils/env.server";

const file = getEnv().DATABASE_PATH;
for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
const db = openDatabase(file);
await migrateToLatest(db);
await db.transaction().execute((trx) => seedDistrict(trx, { today: todayInChina() }));
await db.destroy();
