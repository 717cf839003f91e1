// npm run db:stats: the live figures of the database at DATABASE_PATH, as one JSON object.
import { getDistrictStats } from "../app/models/stats.server";
import { todayInChina } from "../app/utils/clock.server";
import { db } from "../app/utils/db.server";

try {
  console.log(JSON.stringify(await getDistrictStats(db, todayInChina()), null, 2));
} finally {
  await db.destroy();
}
