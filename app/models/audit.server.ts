import { prepared, type Db } from "~/utils/db.server";
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
  await insertAudit(db, {
    at,
    userId: entry.userId,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId == null ? null : String(entry.entityId),
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
  });
}

const insertAudit = prepared(
  (db, v: { at: string; userId: number | null; action: string; entity: string; entityId: string | null; before: string | null; after: string | null }) =>
    db.insertInto("audit_log").values({ at: v.at, user_id: v.userId, action: v.action, entity: v.entity, entity_id: v.entityId, before: v.before, after: v.after }),
);

export type AuditFilters = {
  entity?: string;
  action?: string;
  userId?: number;
  /** Entries at or after this instant (ISO, UTC). */
  since?: string;
  /** Entries before this instant (ISO, UTC). */
  until?: string;
};

/** One page of the log, newest first, with who did it, and how many entries match. */
export async function listAudit(db: Db, { entity, userId, action, since, until }: AuditFilters, { limit = 50, offset = 0 }: { limit?: number; offset?: number } = {}) {
  let query = db.selectFrom("audit_log");
  if (entity) query = query.where("audit_log.entity", "=", entity);
  if (userId) query = query.where("audit_log.user_id", "=", userId);
  if (action) query = query.where("audit_log.action", "=", action);
  if (since) query = query.where("audit_log.at", ">=", since);
  if (until) query = query.where("audit_log.at", "<", until);
  const [rows, count] = await Promise.all([
    query
      .leftJoin("users", "users.id", "audit_log.user_id")
      .select([
        "audit_log.id", "audit_log.at", "audit_log.action", "audit_log.entity", "audit_log.entity_id", "audit_log.user_id",
        "audit_log.before", "audit_log.after", "users.username", "users.display_name",
      ])
      .orderBy("audit_log.at", "desc")
      .orderBy("audit_log.id", "desc")
      .limit(limit)
      .offset(offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows: camelAll(rows), total: Number(count.n) };
}
