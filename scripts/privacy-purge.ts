// npm run privacy:purge: erase residents' names and phones past the retention period now.
import { purgeResidentData } from "../app/services/privacy.server";
import { db } from "../app/utils/db.server";
import { getEnv } from "../app/utils/env.server";

try {
  const days = getEnv().RESIDENT_DATA_RETENTION_DAYS;
  const erased = await purgeResidentData({ days });
  console.log(`Erased the name and phone of ${erased} opinions whose feedback was given more than ${days} days ago.`);
} finally {
  await db.destroy();
}
