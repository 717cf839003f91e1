import type { Db } from "~/utils/db.server";
import { camelAll } from "./rows.server";

export type AuditEntry = {
  userId: number | null;
  action: string;
  entity: string;
  entityId?: number | string | null;
  before?: unknown;
  after?: unknown;
};

/** Writes who did what to which record, with the values before and after. */
export async function writeAudit(db: Db, entry: AuditEntry, at: string): Promise<void> {
  await db
    .insertInto("audit_log")
    .values({
      at,
      user_id: entry.userId,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId == null ? null : String(entry.entityId),
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute();
}

export async function listAudit(
  db: Db,
  { entity, userId, action, limit = 100, offset = 0 }: { entity?: string; userId?: number; action?: string; limit?: number; offset?: number },
) {
  let query = db
    .selectFrom("audit_log")
    .leftJoin("users", "users.id", "audit_log.user_id")
    .select([
      "audit_log.id", "audit_log.at", "audit_log.action", "audit_log.entity", "audit_log.entity_id",
      "audit_log.before", "audit_log.after", "users.username",
    ]);
  if (entity) query = query.where("audit_log.entity", "=", entity);
  if (userId) query = query.where("audit_log.user_id", "=", userId);
  if (action) query = query.where("audit_log.action", "=", action);
  return camelAll(await query.orderBy("audit_log.id", "desc").limit(limit).offset(offset).execute());
}
