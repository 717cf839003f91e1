import type { OpinionFields } from "~/domain/opinion-input";
import type { Db } from "~/utils/db.server";
import { writeAudit } from "./audit.server";
import { listContactPointGridIds } from "./contact-points.server";
import { getUserGridIds } from "./users.server";
import { changeOpinionStatus, createOpinion } from "./opinions.server";

// Recording opinions in the field: what a collector may record for, and the
// checks that need the database. Scope is in every query.

export type Collector = { id: number; role: "informant" | "liaison" | string; contactPointId: number | null; scope: string };

/** The grids a collector records for: an informant's own grids, a liaison's whole contact point. */
export async function listCollectorGrids(db: Db, user: Collector) {
  const gridIds =
    user.scope === "contact-point" ? await listContactPointGridIds(db, user.contactPointId ?? -1) : await getUserGridIds(db, user.id);
  if (!gridIds.length) return [];
  return db
    .selectFrom("places")
    .innerJoin("places as community", "community.id", "places.parent_id")
    .select(["places.id", "places.code", "places.name", "community.name as community_name"])
    .where("places.id", "in", gridIds)
    .orderBy("places.code")
    .execute();
}

/** The grid of the collector's latest opinion: the form starts there. */
export async function findLastGridOf(db: Db, collectorId: number): Promise<number | null> {
  const row = await db.selectFrom("opinions").select("grid_id").where("collector_id", "=", collectorId).orderBy("id", "desc").limit(1).executeTakeFirst();
  return row?.grid_id ?? null;
}

export async function listGridUnits(db: Db, gridIds: number[]) {
  if (!gridIds.length) return [];
  return db
    .selectFrom("places")
    .select(["id", "name", "parent_id"])
    .where("level", "=", "unit")
    .where("parent_id", "in", gridIds)
    .orderBy("code")
    .execute();
}

/** Drafts open for comment at the collector's contact point. */
export async function findOpenDraftForCollector(db: Db, user: Collector, draftId: number, today: string) {
  return db
    .selectFrom("drafts")
    .innerJoin("draft_contact_points", "draft_contact_points.draft_id", "drafts.id")
    .select(["drafts.id", "drafts.title", "drafts.title_en", "drafts.deadline", "drafts.received_on"])
    .where("drafts.id", "=", draftId)
    .where("draft_contact_points.contact_point_id", "=", user.contactPointId ?? -1)
    .where("drafts.status", "=", "open")
    .where("drafts.deadline", ">=", today)
    .executeTakeFirst();
}

/** The articles of a draft's latest reading, for the picker. */
export async function listCurrentArticles(db: Db, draftId: number) {
  const version = await db
    .selectFrom("draft_versions")
    .select("id")
    .where("draft_id", "=", draftId)
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!version) return { versionId: null, articles: [] };
  const articles = await db
    .selectFrom("articles")
    .select(["id", "key", "number", "text", "chapter_title"])
    .where("version_id", "=", version.id)
    .orderBy("position")
    .execute();
  return { versionId: version.id, articles };
}

export async function listEventsForCollector(db: Db, user: Collector, draftId: number) {
  return db
    .selectFrom("collection_events")
    .select(["id", "title", "held_on", "kind"])
    .where("draft_id", "=", draftId)
    .where("contact_point_id", "=", user.contactPointId ?? -1)
    .orderBy("held_on", "desc")
    .execute();
}

export type RecordResult =
  | { ok: true; id: number; receiptCode: string; created: boolean }
  | { ok: false; errors: Record<string, string[]> };

/**
 * Records an opinion after the database checks: the grid (and unit) in the
 * collector's scope, the article in the draft's current reading, the event at
 * the collector's contact point. An idempotency key already used by this
 * collector returns the earlier record instead of a second one.
 */
export async function recordOpinion(
  db: Db,
  { user, draftId, fields, idempotencyKey = null, importFingerprint = null, now }: {
    user: Collector;
    draftId: number;
    fields: OpinionFields;
    idempotencyKey?: string | null;
    importFingerprint?: string | null;
    now: string;
  },
): Promise<RecordResult> {
  if (idempotencyKey) {
    const earlier = await findByIdempotencyKey(db, user.id, idempotencyKey);
    if (earlier) return { ok: true, id: earlier.id, receiptCode: earlier.receipt_code, created: false };
  }
  const errors: Record<string, string[]> = {};
  const grids = await listCollectorGrids(db, user);
  if (!grids.some((g) => g.id === fields.gridId)) errors.gridId = ["collect:errors.gridScope"];
  if (fields.unitId) {
    const unit = await db.selectFrom("places").select("parent_id").where("id", "=", fields.unitId).where("level", "=", "unit").executeTakeFirst();
    if (unit?.parent_id !== fields.gridId) errors.unitId = ["collect:errors.unit"];
  }
  const { versionId, articles } = await listCurrentArticles(db, draftId);
  const article = fields.article === null ? null : articles.find((a) => a.number === fields.article);
  if (fields.article !== null && !article) errors.article = ["collect:errors.articleMissing"];
  if (fields.eventId) {
    const events = await listEventsForCollector(db, user, draftId);
    if (!events.some((e) => e.id === fields.eventId)) errors.eventId = ["validation.invalidChoice"];
  }
  if (!versionId) errors._form = ["collect:errors.draft"];
  if (Object.keys(errors).length || !versionId) return { ok: false, errors };

  try {
    const { id, receiptCode } = await createOpinion(
      db,
      {
        draftId,
        versionId,
        articleId: article?.id ?? null,
        articleKey: article?.key ?? null,
        quotedText: article?.text ?? null,
        opinion: fields.opinion,
        suggestedRevision: fields.suggestedRevision,
        reason: fields.reason,
        collectedOn: fields.collectedOn,
        channel: fields.channel,
        eventId: fields.eventId,
        gridId: fields.gridId,
        unitId: fields.unitId,
        contactPointId: user.contactPointId!,
        collectorId: user.id,
        submitterCategory: fields.submitterCategory,
        residentName: fields.residentName,
        residentPhone: fields.residentPhone,
        consent: fields.consent,
        containsPersonalInfo: fields.containsPersonalInfo,
        idempotencyKey: idempotencyKey ? `${user.id}:${idempotencyKey}` : null,
        importFingerprint,
      },
      { now },
    );
    return { ok: true, id, receiptCode, created: true };
  } catch (error) {
    // Two submissions with one key racing each other: the second finds the first.
    if (idempotencyKey && String(error).includes("UNIQUE") && String(error).includes("idempotency_key")) {
      const earlier = await findByIdempotencyKey(db, user.id, idempotencyKey);
      if (earlier) return { ok: true, id: earlier.id, receiptCode: earlier.receipt_code, created: false };
    }
    throw error;
  }
}

function findByIdempotencyKey(db: Db, userId: number, key: string) {
  return db.selectFrom("opinions").select(["id", "receipt_code"]).where("idempotency_key", "=", `${userId}:${key}`).executeTakeFirst();
}

/** One opinion as its collector (or their liaison) sees it, personal data included; undefined when out of scope. */
export async function getOwnOpinion(db: Db, user: Collector, id: number) {
  let query = db
    .selectFrom("opinions")
    .innerJoin("drafts", "drafts.id", "opinions.draft_id")
    .innerJoin("places as grid", "grid.id", "opinions.grid_id")
    .leftJoin("articles", "articles.id", "opinions.article_id")
    .leftJoin("opinion_outcomes", (join) =>
      join.on((eb) => eb("opinion_outcomes.opinion_id", "=", eb.fn.coalesce("opinions.merged_into_id", "opinions.id"))),
    )
    .selectAll("opinions")
    .select([
      "drafts.title as draft_title", "drafts.title_en as draft_title_en", "grid.name as grid_name",
      "articles.number as article_number", "opinion_outcomes.outcome", "opinion_outcomes.note as outcome_note",
    ])
    .where("opinions.id", "=", id);
  query =
    user.scope === "contact-point"
      ? query.where("opinions.contact_point_id", "=", user.contactPointId ?? -1)
      : query.where("opinions.collector_id", "=", user.id);
  const opinion = await query.executeTakeFirst();
  if (!opinion) return undefined;
  // Names and phones are for the person who recorded them only.
  const mine = opinion.collector_id === user.id;
  return { ...opinion, resident_name: mine ? opinion.resident_name : null, resident_phone: mine ? opinion.resident_phone : null };
}

/** A collector changes their record while it is still "collected". */
export async function updateOwnOpinion(
  db: Db,
  { user, id, fields, now }: { user: Collector; id: number; fields: OpinionFields; now: string },
): Promise<RecordResult> {
  const current = await db
    .selectFrom("opinions")
    .select(["id", "draft_id", "status", "receipt_code", "opinion", "suggested_revision", "reason", "grid_id", "article_id"])
    .where("id", "=", id)
    .where("collector_id", "=", user.id)
    .executeTakeFirst();
  if (!current) return { ok: false, errors: { _form: ["collect:errors.notFound"] } };
  if (current.status !== "collected") return { ok: false, errors: { _form: ["collect:errors.locked"] } };
  const grids = await listCollectorGrids(db, user);
  if (!grids.some((g) => g.id === fields.gridId)) return { ok: false, errors: { gridId: ["collect:errors.gridScope"] } };
  const { articles } = await listCurrentArticles(db, current.draft_id);
  const article = fields.article === null ? null : articles.find((a) => a.number === fields.article);
  if (fields.article !== null && !article) return { ok: false, errors: { article: ["collect:errors.articleMissing"] } };
  await db
    .updateTable("opinions")
    .set({
      article_id: article?.id ?? null,
      article_key: article?.key ?? null,
      quoted_text: article?.text ?? null,
      opinion: fields.opinion,
      suggested_revision: fields.suggestedRevision,
      reason: fields.reason,
      collected_on: fields.collectedOn,
      channel: fields.channel,
      event_id: fields.eventId,
      grid_id: fields.gridId,
      unit_id: fields.unitId,
      submitter_category: fields.submitterCategory,
      consent: fields.consent ? 1 : 0,
      resident_name: fields.consent ? fields.residentName : null,
      resident_phone: fields.consent ? fields.residentPhone : null,
      contains_personal_info: fields.containsPersonalInfo ? 1 : 0,
      returned_comment: null,
      updated_at: now,
    })
    .where("id", "=", id)
    .where("status", "=", "collected")
    .execute();
  await writeAudit(db, {
    userId: user.id, action: "update", entity: "opinion", entityId: id,
    before: { opinion: current.opinion, suggested_revision: current.suggested_revision, reason: current.reason, grid_id: current.grid_id, article_id: current.article_id },
    after: { opinion: fields.opinion, suggested_revision: fields.suggestedRevision, reason: fields.reason, grid_id: fields.gridId, article_id: article?.id ?? null },
  }, now);
  return { ok: true, id, receiptCode: current.receipt_code, created: false };
}

export async function withdrawOwnOpinion(db: Db, { user, id, now }: { user: Collector; id: number; now: string }): Promise<boolean> {
  const current = await db.selectFrom("opinions").select(["status"]).where("id", "=", id).where("collector_id", "=", user.id).executeTakeFirst();
  if (current?.status !== "collected") return false;
  await changeOpinionStatus(db, { opinionIds: [id], to: "withdrawn", userId: user.id, reason: null }, now);
  return true;
}

/** A liaison's queue: the contact point's records still "collected", oldest first. */
export async function listQueue(db: Db, contactPointId: number) {
  return db
    .selectFrom("opinions")
    .innerJoin("drafts", "drafts.id", "opinions.draft_id")
    .innerJoin("users", "users.id", "opinions.collector_id")
    .innerJoin("places as grid", "grid.id", "opinions.grid_id")
    .leftJoin("articles", "articles.id", "opinions.article_id")
    .select([
      "opinions.id", "opinions.receipt_code", "opinions.opinion", "opinions.suggested_revision", "opinions.collected_on",
      "opinions.returned_comment", "drafts.title as draft_title", "users.display_name as collector", "grid.name as grid_name",
      "articles.number as article_number",
    ])
    .where("opinions.contact_point_id", "=", contactPointId)
    .where("opinions.status", "=", "collected")
    .orderBy("opinions.created_at")
    .execute();
}

/** Marks records ready for review (审核中); ids outside the contact point or no longer "collected" are left alone. */
export async function markReadyForReview(db: Db, { user, ids, now }: { user: Collector; ids: number[]; now: string }): Promise<number> {
  if (!ids.length) return 0;
  const inScope = await db
    .selectFrom("opinions")
    .select("id")
    .where("id", "in", ids)
    .where("contact_point_id", "=", user.contactPointId ?? -1)
    .where("status", "=", "collected")
    .execute();
  await changeOpinionStatus(db, { opinionIds: inScope.map((r) => r.id), to: "under_review", userId: user.id }, now);
  return inScope.length;
}

/** Sends a record back to its collector with a comment; it stays "collected" and editable. */
export async function sendBack(db: Db, { user, id, comment, now }: { user: Collector; id: number; comment: string; now: string }): Promise<boolean> {
  const result = await db
    .updateTable("opinions")
    .set({ returned_comment: comment, updated_at: now })
    .where("id", "=", id)
    .where("contact_point_id", "=", user.contactPointId ?? -1)
    .where("status", "=", "collected")
    .executeTakeFirst();
  if (!Number(result.numUpdatedRows)) return false;
  await writeAudit(db, { userId: user.id, action: "send_back", entity: "opinion", entityId: id, after: { comment } }, now);
  return true;
}
