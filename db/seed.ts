// npm run db:seed: migrates the database at DATABASE_PATH and fills it with the
// demo district. It refuses a database that already holds data.
import { db } from "../app/utils/db.server";
import { isEmpty, seedDistrict } from "./seed-district";
import { migrateToLatest } from "./migrator";

try {
  await migrateToLatest(db);
  if (!(await isEmpty(db))) {
    console.error("The database already holds data; seed an empty one (set DATABASE_PATH, or run npm run db:migrate reset first).");
    process.exitCode = 1;
  } else {
    const started = Date.now();
    await db.transaction().execute((trx) => seedDistrict(trx, { log: (step) => console.log(`seeding ${step}…`) }));
    console.log(`Seeded the demo district in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  }
} finally {
  await db.destroy();
}
