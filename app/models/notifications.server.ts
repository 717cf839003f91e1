import { sql } from "kysely";
import { MAX_ATTEMPTS, retryDelayMs } from "~/domain/feedback";
import type { NotificationKind, NotificationStatus, Outcome } from "~/domain/vocabulary";
import type { Db } from "~/utils/db.server";
import { claimsSkipLocked } from "./dialect-locks.server";
import { camelAll } from "./rows.server";

// The outbox of text messages to residents. A message is queued in the transaction
// that records the outcome (or the enactment), claimed by the sender, and marked
// sent, or failed with the next try after a growing wait, or given up after
// MAX_ATTEMPTS. The phone is read from the opinion when the message is sent, so a
// message outlives no phone: the retention purge deletes both together.

/**
 * The residents to tell about these opinions of a draft: those who consented and gave
 * a phone, and those of the opinions merged into them, with what the message needs.
 * `opinionIds` null means every forwarded opinion of the draft (the enactment).
 */
export async function listRecipients(db: Db, { draftId, opinionIds }: { draftId: number; opinionIds: number[] | null }) {
  if (opinionIds && !opinionIds.length) return [];
  let query = db
    .selectFrom("opinions as o")
    .leftJoin("opinions as p", "p.id", "o.merged_into_id")
    .leftJoin("opinion_outcomes as oc", (join) => join.on("oc.opinion_id", "=", sql<number>`coalesce(o.merged_into_id, o.id)`))
    .select(["o.id", "o.receipt_code", "oc.outcome"])
    .where("o.draft_id", "=", draftId)
    .where("o.consent", "=", 1)
    .where("o.resident_phone", "is not", null)
    .where("o.resident_phone", "!=", "");
  query = opinionIds
    ? query.where((eb) => eb.or([eb("o.id", "in", opinionIds), eb.and([eb("o.merged_into_id", "in", opinionIds), eb("o.status", "=", "merged")])]))
    : query.where((eb) => eb.or([eb("o.report_id", "is not", null), eb.and([eb("p.report_id", "is not", null), eb("o.status", "=", "merged")])]));
  const rows = await query.orderBy("o.id").execute();
  return rows.map((r) => ({ opinionId: r.id, receiptCode: r.receipt_code, outcome: (r.outcome ?? null) as Outcome | null }));
}

/** Queues messages, one per opinion and kind: a message already queued or sent is not queued again. How many were queued. */
export async function queueNotifications(db: Db, messages: { opinionId: number; kind: NotificationKind; body: string; params: string[] }[], now: string): Promise<number> {
  let queued = 0;
  for (let i = 0; i < messages.length; i += 200) {
    const result = await db
      .insertInto("notifications")
      .values(messages.slice(i, i + 200).map((m) => ({ opinion_id: m.opinionId, kind: m.kind, body: m.body, params: JSON.stringify(m.params), next_attempt_at: now, created_at: now })))
      .onConflict((oc) => oc.columns(["opinion_id", "kind"]).doNothing())
      .executeTakeFirst();
    queued += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return queued;
}

export type OutgoingMessage = { id: number; opinionId: number; receiptCode: string; kind: NotificationKind; body: string; params: string[]; attempts: number; phone: string | null };

/**
 * Claims up to `limit` messages due by `now` for sending, with the phone to send them
 * to. A message left "sending" by a sender that stopped (longer than `staleMs`) is due
 * again.
 */
export async function claimDue(db: Db, { now, limit, staleMs = 10 * 60_000 }: { now: Date; limit: number; staleMs?: number }): Promise<OutgoingMessage[]> {
  const at = now.toISOString();
  const stale = new Date(now.getTime() - staleMs).toISOString();
  let claim = db
    .selectFrom("notifications as n")
    .innerJoin("opinions as o", "o.id", "n.opinion_id")
    .select(["n.id", "n.opinion_id", "n.kind", "n.body", "n.params", "n.attempts", "o.receipt_code", "o.resident_phone", "o.consent"])
    .where((eb) =>
      eb.or([
        eb.and([eb("n.status", "=", "queued"), eb("n.next_attempt_at", "<=", at)]),
        eb.and([eb("n.status", "=", "sending"), eb("n.next_attempt_at", "<=", stale)]),
      ]),
    )
    .orderBy("n.next_attempt_at")
    .orderBy("n.id")
    .limit(limit);
  // Another instance's sender may be claiming at the same moment: each takes other rows.
  if (claimsSkipLocked(db)) claim = claim.forUpdate("n").skipLocked();
  const rows = await claim.execute();
  if (!rows.length) return [];
  await db
    .updateTable("notifications")
    .set({ status: "sending", next_attempt_at: at })
    .where("id", "in", rows.map((r) => r.id))
    .execute();
  return rows.map((r) => ({
    id: r.id, opinionId: r.opinion_id, receiptCode: r.receipt_code, kind: r.kind, body: r.body, params: JSON.parse(r.params) as string[],
    attempts: r.attempts, phone: r.consent === 1 ? r.resident_phone : null,
  }));
}

export async function markSent(db: Db, { id, providerId, now }: { id: number; providerId: string | null; now: string }): Promise<void> {
  await db
    .updateTable("notifications")
    .set((eb) => ({ status: "sent", attempts: eb("attempts", "+", 1), provider_id: providerId, last_error: null, sent_at: now }))
    .where("id", "=", id)
    .execute();
}

/** A failed attempt: tried again after a growing wait, or given up (failed) after MAX_ATTEMPTS. */
export async function markFailed(db: Db, { id, attempts, error, now }: { id: number; attempts: number; error: string; now: Date }): Promise<NotificationStatus> {
  const tried = attempts + 1;
  const status: NotificationStatus = tried >= MAX_ATTEMPTS ? "failed" : "queued";
  await db
    .updateTable("notifications")
    .set({ status, attempts: tried, last_error: error.slice(0, 500), next_attempt_at: new Date(now.getTime() + retryDelayMs(tried)).toISOString() })
    .where("id", "=", id)
    .execute();
  return status;
}

/** A message that can no longer be sent (no phone or no consent any more). */
export async function markCancelled(db: Db, { id, reason }: { id: number; reason: string }): Promise<void> {
  await db.updateTable("notifications").set({ status: "cancelled", last_error: reason }).where("id", "=", id).execute();
}

/** Puts a failed or cancelled message back in the queue, due now, with its attempts counted afresh. Whether it was. */
export async function requeue(db: Db, { id, now }: { id: number; now: string }): Promise<boolean> {
  const result = await db
    .updateTable("notifications")
    .set({ status: "queued", attempts: 0, next_attempt_at: now, last_error: null })
    .where("id", "=", id)
    .where("status", "in", ["failed", "cancelled"])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deletes the messages to these opinions' residents (their phones were erased). */
export async function deleteNotifications(db: Db, opinionIds: number[]): Promise<void> {
  for (let i = 0; i < opinionIds.length; i += 500) {
    await db.deleteFrom("notifications").where("opinion_id", "in", opinionIds.slice(i, i + 500)).execute();
  }
}

/** The outbox for staff: messages by status, newest first, with the receipt code and draft (never the phone). */
export async function listOutbox(db: Db, { status, limit, offset }: { status: NotificationStatus | null; limit: number; offset: number }) {
  let query = db
    .selectFrom("notifications as n")
    .innerJoin("opinions as o", "o.id", "n.opinion_id")
    .innerJoin("drafts as d", "d.id", "o.draft_id")
    .select([
      "n.id", "n.kind", "n.body", "n.status", "n.attempts", "n.next_attempt_at", "n.last_error", "n.created_at", "n.sent_at",
      "o.receipt_code", "d.id as draft_id", "d.title as draft_title", "d.title_en as draft_title_en",
    ]);
  if (status) query = query.where("n.status", "=", status);
  return camelAll(await query.orderBy("n.id", "desc").limit(limit).offset(offset).execute());
}

export async function countOutbox(db: Db) {
  const rows = await db.selectFrom("notifications").select(["status", (eb) => eb.fn.countAll<number>().as("n")]).groupBy("status").execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)])) as Partial<Record<NotificationStatus, number>>;
}
