import { randomInt } from "node:crypto";
import { assertTransition } from "~/domain/opinion-status";
import { generateReceiptCode } from "~/domain/receipt-code";
import type { Insertable } from "kysely";
import { prepared, type Database, type Db } from "~/utils/db.server";
import { camelAll } from "./rows.server";
import type { Channel, OpinionStatus, Outcome, SubmitterCategory } from "~/domain/vocabulary";
import { writeAudit } from "./audit.server";

export type NewOpinionInput = {
  draftId: number;
  versionId: number;
  articleId: number | null;
  articleKey: string | null;
  quotedText?: string | null;
  opinion: string;
  suggestedRevision?: string | null;
  reason?: string | null;
  collectedOn: string;
  channel: Channel;
  eventId?: number | null;
  gridId: number;
  unitId?: number | null;
  contactPointId: number;
  collectorId: number;
  submitterCategory: SubmitterCategory;
  residentName?: string | null;
  residentPhone?: string | null;
  consent?: boolean;
  containsPersonalInfo?: boolean;
  idempotencyKey?: string | null;
  importFingerprint?: string | null;
  importBatchId?: number | null;
  /** The part of the article named beside it (第二款), as written. */
  articlePart?: string | null;
};

/** The columns a new opinion is recorded with; the others take their defaults. */
const NEW_OPINION_COLUMNS = [
  "receipt_code", "draft_id", "version_id", "article_id", "article_key", "quoted_text", "opinion", "suggested_revision", "reason",
  "collected_on", "channel", "event_id", "grid_id", "unit_id", "contact_point_id", "collector_id", "submitter_category",
  "resident_name", "resident_phone", "consent", "contains_personal_info", "idempotency_key", "import_fingerprint", "import_batch_id",
  "article_part", "created_at", "updated_at",
] as const;
type NewOpinionRow = Required<Pick<Insertable<Database["opinions"]>, (typeof NEW_OPINION_COLUMNS)[number]>>;

const opinionWithCode = prepared((db, { receiptCode }: { receiptCode: string }) => db.selectFrom("opinions").select("id").where("receipt_code", "=", receiptCode));

const insertOpinion = prepared((db, row: NewOpinionRow) =>
  db
    .insertInto("opinions")
    .values(Object.fromEntries(NEW_OPINION_COLUMNS.map((column) => [column, row[column]])) as NewOpinionRow)
    .returning("id"),
);

const insertFirstHistory = prepared((db, v: { opinionId: number; collectorId: number; now: string }) =>
  db
    .insertInto("opinion_status_history")
    .values({ opinion_id: v.opinionId, from_status: null, to_status: "collected", changed_by: v.collectorId, changed_at: v.now, reason: null }),
);

/**
 * Records an opinion as "collected", with a fresh receipt code, its first history
 * row and its audit entry. The caller holds the transaction, so all three reach
 * the disk in one commit.
 */
export async function createOpinion(
  db: Db,
  input: NewOpinionInput,
  // By default from the system's CSPRNG, without bias (Node draws its bytes a few kilobytes at a time).
  { now, random = randomInt }: { now: string; random?: (n: number) => number },
): Promise<{ id: number; receiptCode: string }> {
  for (let attempt = 0; ; attempt++) {
    const receiptCode = generateReceiptCode(random);
    const [clash] = await opinionWithCode(db, { receiptCode });
    if (clash) {
      if (attempt > 20) throw new Error("Could not find a free receipt code");
      continue;
    }
    const consent = Boolean(input.consent);
    const [{ id }] = await insertOpinion(db, {
      receipt_code: receiptCode,
      draft_id: input.draftId,
      version_id: input.versionId,
      article_id: input.articleId,
      article_key: input.articleKey,
      quoted_text: input.quotedText ?? null,
      opinion: input.opinion,
      suggested_revision: input.suggestedRevision ?? null,
      reason: input.reason ?? null,
      collected_on: input.collectedOn,
      channel: input.channel,
      event_id: input.eventId ?? null,
      grid_id: input.gridId,
      unit_id: input.unitId ?? null,
      contact_point_id: input.contactPointId,
      collector_id: input.collectorId,
      submitter_category: input.submitterCategory,
      resident_name: consent ? (input.residentName ?? null) : null,
      resident_phone: consent ? (input.residentPhone ?? null) : null,
      consent: consent ? 1 : 0,
      contains_personal_info: input.containsPersonalInfo ? 1 : 0,
      idempotency_key: input.idempotencyKey ?? null,
      import_fingerprint: input.importFingerprint ?? null,
      import_batch_id: input.importBatchId ?? null,
      article_part: input.articlePart ?? null,
      created_at: now,
      updated_at: now,
    });
    await insertFirstHistory(db, { opinionId: id, collectorId: input.collectorId, now });
    await writeAudit(db, { userId: input.collectorId, action: "create", entity: "opinion", entityId: id, after: { receipt_code: receiptCode } }, now);
    return { id, receiptCode };
  }
}

/**
 * Moves opinions to a new status, checking the lifecycle, and keeps who, when and
 * why in the status history and the audit log. `extra` sets the columns that go
 * with the status (the merge target, the report, the reason not forwarded).
 */
export async function changeOpinionStatus(
  db: Db,
  {
    opinionIds,
    to,
    userId,
    reason = null,
    extra = {},
  }: {
    opinionIds: number[];
    to: OpinionStatus;
    userId: number | null;
    reason?: string | null;
    extra?: { merged_into_id?: number | null; report_id?: number | null; not_forwarded_reason?: string | null; returned_comment?: string | null; feedback_given_at?: string | null };
  },
  now: string,
): Promise<void> {
  if (!opinionIds.length) return;
  const rows = await db.selectFrom("opinions").select(["id", "status"]).where("id", "in", opinionIds).execute();
  if (rows.length !== new Set(opinionIds).size) throw new Error("Unknown opinion");
  for (const row of rows) assertTransition(row.status, to);
  await db
    .updateTable("opinions")
    .set({ status: to, updated_at: now, ...extra })
    .where("id", "in", opinionIds)
    .execute();
  await db
    .insertInto("opinion_status_history")
    .values(rows.map((row) => ({ opinion_id: row.id, from_status: row.status, to_status: to, changed_by: userId, changed_at: now, reason })))
    .execute();
  for (const row of rows) {
    await writeAudit(db, { userId, action: "status", entity: "opinion", entityId: row.id, before: { status: row.status }, after: { status: to, reason, ...extra } }, now);
  }
}

/** Merges duplicates into a primary opinion; each keeps its own record and history. */
export async function mergeOpinions(
  db: Db,
  { primaryId, mergedIds, userId }: { primaryId: number; mergedIds: number[]; userId: number },
  now: string,
): Promise<void> {
  const others = mergedIds.filter((id) => id !== primaryId);
  await changeOpinionStatus(db, { opinionIds: others, to: "merged", userId, extra: { merged_into_id: primaryId } }, now);
  if (others.length) {
    await db
      .insertInto("opinion_merges")
      .values(others.map((merged_id) => ({ primary_id: primaryId, merged_id, merged_by: userId, merged_at: now })))
      .execute();
  }
}

/** Records the legislature's response to a forwarded opinion (after enactment). */
export async function recordOutcome(
  db: Db,
  { opinionId, outcome, note = null, finalArticleNumber = null, userId }: { opinionId: number; outcome: Outcome; note?: string | null; finalArticleNumber?: number | null; userId: number },
  now: string,
): Promise<void> {
  await changeOpinionStatus(db, { opinionIds: [opinionId], to: outcome, userId, reason: note }, now);
  await db
    .insertInto("opinion_outcomes")
    .values({ opinion_id: opinionId, outcome, note, final_article_number: finalArticleNumber, recorded_by: userId, recorded_at: now })
    .execute();
}

export async function countOpinions(db: Db): Promise<number> {
  const row = await db.selectFrom("opinions").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

export type OpinionScope = { scope: "own" | "own-grids" | "contact-point" | "any"; userId: number; contactPointId: number | null };

/** Opinions a user may see: their own, their contact point's, or all. Scope is part of the query. */
export function scopedOpinions(db: Db, { scope, userId, contactPointId }: OpinionScope) {
  const query = db.selectFrom("opinions");
  if (scope === "any") return query;
  if (scope === "contact-point") return query.where("opinions.contact_point_id", "=", contactPointId ?? -1);
  return query.where("opinions.collector_id", "=", userId);
}

/** A collector's latest records with their status and, once known, their outcome. */
export async function listRecentOpinions(db: Db, who: OpinionScope, limit = 20) {
  const rows = await scopedOpinions(db, who)
    .innerJoin("drafts", "drafts.id", "opinions.draft_id")
    .leftJoin("articles", "articles.id", "opinions.article_id")
    .leftJoin("opinion_outcomes", (join) =>
      join.on((eb) => eb("opinion_outcomes.opinion_id", "=", eb.fn.coalesce("opinions.merged_into_id", "opinions.id"))),
    )
    .select([
      "opinions.id", "opinions.receipt_code", "opinions.status", "opinions.opinion", "opinions.collected_on",
      "opinions.returned_comment", "drafts.title as draft_title", "drafts.title_en as draft_title_en", "articles.number as article_number",
      "opinion_outcomes.outcome",
    ])
    .orderBy("opinions.created_at", "desc")
    .orderBy("opinions.id", "desc")
    .limit(limit)
    .execute();
  return camelAll(rows);
}

/** For the staff desk: each draft with its opinions counted by stage. */
export async function listDraftOpinionCounts(db: Db) {
  const rows = await db
    .selectFrom("drafts")
    .leftJoin("opinions", "opinions.draft_id", "drafts.id")
    .select((eb) => [
      "drafts.id", "drafts.title", "drafts.title_en", "drafts.status", "drafts.deadline",
      eb.fn.sum<number>(eb.case().when("opinions.status", "=", "collected").then(1).else(0).end()).as("collected"),
      eb.fn.sum<number>(eb.case().when("opinions.status", "=", "under_review").then(1).else(0).end()).as("under_review"),
      eb.fn.sum<number>(eb.case().when("opinions.report_id", "is not", null).then(1).else(0).end()).as("forwarded"),
    ])
    .groupBy("drafts.id")
    .orderBy("drafts.deadline", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id, title: r.title, titleEn: r.title_en, status: r.status, deadline: r.deadline,
    collected: Number(r.collected ?? 0), underReview: Number(r.under_review ?? 0), forwarded: Number(r.forwarded ?? 0),
  }));
}

export async function listStatusHistory(db: Db, opinionId: number) {
  const rows = await db
    .selectFrom("opinion_status_history")
    .select(["id", "from_status", "to_status", "changed_at", "reason"])
    .where("opinion_id", "=", opinionId)
    .orderBy("id")
    .execute();
  return camelAll(rows);
}
