// The server the browser tests talk to: the production build on a new database
// seeded with the demo district.
import fs from "node:fs";
import { openDatabase } from "../../db/connection";
import { migrateToLatest } from "../../db/migrator";
import { seedDistrict } from "../../db/seed-district";
import { getEnv } from "../../app/utils/env.server";
import { startServer } from "../../server";

const file = getEnv().DATABASE_PATH;
for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
const db = openDatabase(file);
await migrateToLatest(db);
await db.transaction().execute((trx) => seedDistrict(trx));
await db.destroy();
await startServer();
