import { lockJob } from "~/models/dialect-locks.server";
import { deleteNotifications } from "~/models/notifications.server";
import { eraseResidentData, listResidentDataDue } from "~/models/privacy.server";
import { now } from "~/utils/clock.server";
import { db } from "~/utils/db.server";

/**
 * Erases residents' names and phone numbers `days` after they were told the
 * outcome (PIPL: kept for that purpose only), and the text messages sent to those
 * phones; the opinion itself stays. Run at
 * start and daily by the server, and by `npm run privacy:purge`. How many were erased.
 */
export async function purgeResidentData({ days }: { days: number }): Promise<number> {
  const at = now();
  return db.transaction().execute(async (trx) => {
    // Every instance runs the purge: the second to start waits, then finds nothing due.
    await lockJob(trx, "residentDataPurge");
    const due = await listResidentDataDue(trx, { days, now: at });
    await eraseResidentData(trx, { ids: due, days, now: at });
    await deleteNotifications(trx, due);
    return due.length;
  });
}
