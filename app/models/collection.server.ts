import type { OpinionFields } from "~/domain/opinion-input";
import { prepared, type Db } from "~/utils/db.server";
import { camel, camelAll, camelMaybe } from "./rows.server";

// Opinions in the field: what a collector may record for, their own records and
// their contact point's queue. Scope is in every query.

export type Collector = { id: number; role: string; contactPointId: number | null; scope: string };

/** The grids a collector records for: an informant's own grids, a liaison's whole contact point. */
export async function listCollectorGrids(db: Db, user: Collector) {
  const rows =
    user.scope === "contact-point" ? await contactPointGrids(db, { contactPointId: user.contactPointId ?? -1 }) : await informantGrids(db, { userId: user.id });
  return camelAll(rows);
}

/** Grids with their community and street, in code order. */
const grids = (db: Db) =>
  db
    .selectFrom("places")
    .innerJoin("places as community", "community.id", "places.parent_id")
    .innerJoin("places as street", "street.id", "community.parent_id")
    .select(["places.id", "places.code", "places.name", "community.name as community_name", "street.name as street_name"])
    .orderBy("places.code");

const informantGrids = prepared((db, { userId }: { userId: number }) =>
  grids(db).where("places.id", "in", (eb) => eb.selectFrom("user_grids").select("grid_id").where("user_id", "=", userId)),
);

const contactPointGrids = prepared((db, { contactPointId }: { contactPointId: number }) =>
  grids(db).where("places.id", "in", (eb) => eb.selectFrom("contact_point_grids").select("grid_id").where("contact_point_id", "=", contactPointId)),
);

/**
 * Where, how and when the collector's last record was made — on this draft for its
 * channel, day and event, on any draft for the grid — to start the next one from.
 */
export async function findLastRecordContext(db: Db, { collectorId, draftId }: { collectorId: number; draftId: number }) {
  const last = (draft: number | null) => {
    let query = db.selectFrom("opinions").select(["grid_id", "unit_id", "channel", "collected_on", "event_id", "created_at"]).where("collector_id", "=", collectorId);
    if (draft !== null) query = query.where("draft_id", "=", draft);
    return query.orderBy("id", "desc").limit(1).executeTakeFirst();
  };
  const onDraft = await last(draftId);
  const gridId = onDraft?.grid_id ?? (await last(null))?.grid_id ?? null;
  return { gridId, onDraft: onDraft ? camel(onDraft) : null };
}

export async function listGridUnits(db: Db, gridIds: number[]) {
  if (!gridIds.length) return [];
  const rows = await db
    .selectFrom("places")
    .select(["id", "name", "parent_id"])
    .where("level", "=", "unit")
    .where("parent_id", "in", gridIds)
    .orderBy("code")
    .execute();
  return camelAll(rows);
}

/** The grid a smallest unit belongs to; undefined when the id is not a unit. */
export async function findUnitGrid(db: Db, unitId: number): Promise<number | undefined> {
  const unit = await db.selectFrom("places").select("parent_id").where("id", "=", unitId).where("level", "=", "unit").executeTakeFirst();
  return unit?.parent_id ?? undefined;
}

/** A draft open for comment at the collector's contact point. */
export async function findOpenDraftForCollector(db: Db, user: Collector, draftId: number, today: string) {
  const [row] = await openDraftAt(db, { draftId, contactPointId: user.contactPointId ?? -1, today });
  return camelMaybe(row);
}

const openDraftAt = prepared((db, v: { draftId: number; contactPointId: number; today: string }) =>
  db
    .selectFrom("drafts")
    .innerJoin("draft_contact_points", "draft_contact_points.draft_id", "drafts.id")
    .select(["drafts.id", "drafts.title", "drafts.title_en", "drafts.deadline", "drafts.received_on"])
    .where("drafts.id", "=", v.draftId)
    .where("draft_contact_points.contact_point_id", "=", v.contactPointId)
    .where("drafts.status", "=", "open")
    .where("drafts.deadline", ">=", v.today),
);

/** The articles of a draft's latest reading, for the picker. */
export async function listCurrentArticles(db: Db, draftId: number) {
  const [version] = await latestVersion(db, { draftId });
  if (!version) return { versionId: null, articles: [] };
  const articles = await articlesOf(db, { versionId: version.id });
  return { versionId: version.id, articles: camelAll(articles) };
}

const latestVersion = prepared((db, { draftId }: { draftId: number }) =>
  db.selectFrom("draft_versions").select("id").where("draft_id", "=", draftId).orderBy("seq", "desc").limit(1),
);

const articlesOf = prepared((db, { versionId }: { versionId: number }) =>
  db.selectFrom("articles").select(["id", "key", "number", "text", "chapter_title"]).where("version_id", "=", versionId).orderBy("position"),
);

export async function listEventsForCollector(db: Db, user: Collector, draftId: number) {
  const rows = await db
    .selectFrom("collection_events")
    .select(["id", "title", "held_on", "kind"])
    .where("draft_id", "=", draftId)
    .where("contact_point_id", "=", user.contactPointId ?? -1)
    .orderBy("held_on", "desc")
    .execute();
  return camelAll(rows);
}

/** The opinion a collector already recorded under an idempotency key (stored as `<user>:<key>`). */
export async function findByIdempotencyKey(db: Db, storedKey: string) {
  return (await byIdempotencyKey(db, { storedKey }))[0];
}

const byIdempotencyKey = prepared((db, { storedKey }: { storedKey: string }) =>
  db.selectFrom("opinions").select(["id", "receipt_code as receiptCode"]).where("idempotency_key", "=", storedKey),
);

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
  return camel({ ...opinion, resident_name: mine ? opinion.resident_name : null, resident_phone: mine ? opinion.resident_phone : null });
}

/** The collector's own record as it stands, for a change; undefined when it is not theirs. */
export async function findOwnRecord(db: Db, user: Collector, id: number) {
  const row = await db
    .selectFrom("opinions")
    .select(["id", "draft_id", "status", "receipt_code", "opinion", "suggested_revision", "reason", "grid_id", "article_id"])
    .where("id", "=", id)
    .where("collector_id", "=", user.id)
    .executeTakeFirst();
  return camelMaybe(row);
}

/** Writes a collector's changed fields onto a record still "collected"; false when it moved on meanwhile. */
export async function updateOpinionFields(
  db: Db,
  { id, fields, article, now }: { id: number; fields: OpinionFields; article: { id: number; key: string; text: string } | null; now: string },
): Promise<boolean> {
  const result = await db
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
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * A liaison's queue: the contact point's records still "collected", oldest first;
 * `waiting` (sent back to their collector, until the collector changes them) or not.
 */
export async function listQueue(db: Db, contactPointId: number, { waiting = false } = {}) {
  const rows = await db
    .selectFrom("opinions")
    .innerJoin("drafts", "drafts.id", "opinions.draft_id")
    .innerJoin("users", "users.id", "opinions.collector_id")
    .innerJoin("places as grid", "grid.id", "opinions.grid_id")
    .leftJoin("articles", "articles.id", "opinions.article_id")
    .select([
      "opinions.id", "opinions.receipt_code", "opinions.opinion", "opinions.suggested_revision", "opinions.collected_on",
      "opinions.returned_comment", "drafts.title as draft_title", "drafts.title_en as draft_title_en", "users.display_name as collector",
      "grid.name as grid_name", "articles.number as article_number",
    ])
    .where("opinions.contact_point_id", "=", contactPointId)
    .where("opinions.status", "=", "collected")
    .where("opinions.returned_comment", waiting ? "is not" : "is", null)
    .orderBy("opinions.created_at")
    .execute();
  return camelAll(rows);
}

/** Of `ids`, those at the contact point still "collected" and not sent back to their collector. */
export async function listCollectedAt(db: Db, contactPointId: number, ids: number[]): Promise<number[]> {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom("opinions")
    .select("id")
    .where("id", "in", ids)
    .where("contact_point_id", "=", contactPointId)
    .where("status", "=", "collected")
    .where("returned_comment", "is", null)
    .execute();
  return rows.map((r) => r.id);
}

/** A liaison's comment on a record sent back to its collector; false when the record is not theirs to send back. */
export async function setReturnedComment(db: Db, { contactPointId, id, comment, now }: { contactPointId: number; id: number; comment: string; now: string }) {
  const result = await db
    .updateTable("opinions")
    .set({ returned_comment: comment, updated_at: now })
    .where("id", "=", id)
    .where("contact_point_id", "=", contactPointId)
    .where("status", "=", "collected")
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
