// npm run db:stats: the live figures of the database at DATABASE_PATH, as one JSON object.
import { getDistrictStats } from "../app/models/stats.server";
import { todayInChina } from "../app/utils/clock.server";
import { db } from "../app/utils/db.server";
import { pendingMigrations } from "./migrator";

try {
  const pending = await pendingMigrations(db);
  if (pending.length) {
    console.error(`The database is behind the code by ${pending.length} migration(s) (${pending.join(", ")}): run npm run db:migrate first.`);
    process.exitCode = 1;
  } else {
    console.log(JSON.stringify(await getDistrictStats(db, todayInChina()), null, 2));
  }
} finally {
  await db.destroy();
}
