import type { Db } from "~/utils/db.server";
import { writeAudit } from "./audit.server";

/** Opinions whose resident was told the outcome more than `days` ago and whose name or phone is still kept. */
export async function listResidentDataDue(db: Db, { days, now }: { days: number; now: Date }): Promise<number[]> {
  const cutoff = new Date(now.getTime() - days * 86_400_000).toISOString();
  const rows = await db
    .selectFrom("opinions")
    .select("id")
    .where("feedback_given_at", "is not", null)
    .where("feedback_given_at", "<=", cutoff)
    .where((eb) => eb.or([eb("resident_name", "is not", null), eb("resident_phone", "is not", null)]))
    .execute();
  return rows.map((r) => r.id);
}

/** Erases the names and phones of these opinions; each erasure is audited without the erased values. */
export async function eraseResidentData(db: Db, { ids, days, now }: { ids: number[]; days: number; now: Date }): Promise<void> {
  const at = now.toISOString();
  for (const id of ids) {
    await db.updateTable("opinions").set({ resident_name: null, resident_phone: null, personal_data_erased_at: at }).where("id", "=", id).execute();
    await writeAudit(db, { userId: null, action: "erase_personal_data", entity: "opinion", entityId: id, after: { retentionDays: days } }, at);
  }
}
