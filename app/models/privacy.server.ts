import type { Db } from "~/utils/db.server";
import { writeAudit } from "./audit.server";

/**
 * Erases residents' names and phone numbers a set number of days after they
 * were told the outcome; the opinion itself stays. Each erasure is audited
 * without the erased values.
 */
export async function purgeResidentData(db: Db, { days, now }: { days: number; now: Date }): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  const due = await db
    .selectFrom("opinions")
    .select("id")
    .where("feedback_given_at", "is not", null)
    .where("feedback_given_at", "<=", cutoff)
    .where((eb) => eb.or([eb("resident_name", "is not", null), eb("resident_phone", "is not", null)]))
    .execute();
  if (!due.length) return 0;
  const at = now.toISOString();
  const erase = async (trx: Db) => {
    for (const { id } of due) {
      await trx.updateTable("opinions").set({ resident_name: null, resident_phone: null, personal_data_erased_at: at }).where("id", "=", id).execute();
      await writeAudit(trx, { userId: null, action: "erase_personal_data", entity: "opinion", entityId: id, after: { retentionDays: days } }, at);
    }
  };
  await (db.isTransaction ? erase(db) : db.transaction().execute(erase));
  return due.length;
}
