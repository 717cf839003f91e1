import { sql } from "kysely";
import type { Db } from "~/utils/db.server";
import type { Channel, OpinionStatus, Outcome, SubmitterCategory } from "~/domain/vocabulary";
import { writeAudit } from "./audit.server";
import { opinionMatches } from "./dialect-search.server";
import { camel, camelAll } from "./rows.server";
import { changeOpinionStatus, mergeOpinions } from "./opinions.server";

// The district congress office's work on one draft's opinions: screening,
// merging and formal wording (the outcomes after enactment: outcomes.server.ts).

export type WorkbenchFilters = {
  status?: OpinionStatus;
  article?: number | "general";
  contactPointId?: number;
  placeId?: number;
  channel?: Channel;
  submitterCategory?: SubmitterCategory;
  from?: string;
  to?: string;
  q?: string;
};

function filtered(db: Db, draftId: number, f: WorkbenchFilters) {
  let query = db
    .selectFrom("opinions")
    .innerJoin("places as grid", "grid.id", "opinions.grid_id")
    .innerJoin("places as community", "community.id", "grid.parent_id")
    .leftJoin("articles", "articles.id", "opinions.article_id")
    .where("opinions.draft_id", "=", draftId)
    .where("opinions.status", "!=", "withdrawn");
  if (f.status) query = query.where("opinions.status", "=", f.status);
  if (f.article === "general") query = query.where("opinions.article_id", "is", null);
  else if (f.article) query = query.where("articles.number", "=", f.article);
  if (f.contactPointId) query = query.where("opinions.contact_point_id", "=", f.contactPointId);
  if (f.placeId) {
    const id = f.placeId;
    query = query.where((eb) => eb.or([eb("grid.id", "=", id), eb("community.id", "=", id), eb("community.parent_id", "=", id)]));
  }
  if (f.channel) query = query.where("opinions.channel", "=", f.channel);
  if (f.submitterCategory) query = query.where("opinions.submitter_category", "=", f.submitterCategory);
  if (f.from) query = query.where("opinions.collected_on", ">=", f.from);
  if (f.to) query = query.where("opinions.collected_on", "<=", f.to);
  if (f.q) query = query.where(opinionMatches(db, f.q));
  return query;
}

/** The draft's opinions that pass the filters, with their article's number, in the text order of their articles (general comments last), then by id. */
export async function listWorkbenchIds(db: Db, draftId: number, filters: WorkbenchFilters) {
  const rows = await filtered(db, draftId, filters)
    .select(["opinions.id", "articles.number"])
    .orderBy(sql`articles.position IS NULL`)
    .orderBy("articles.position")
    .orderBy("opinions.id")
    .execute();
  return rows.map((r) => ({ id: r.id, articleNumber: r.number }));
}

/** The workbench's rows for the chosen opinions of the draft, in the text order of their articles, then by id. */
export async function listWorkbenchRows(db: Db, draftId: number, ids: number[]) {
  if (!ids.length) return [];
  const rows = await filtered(db, draftId, {})
    .innerJoin("contact_points", "contact_points.id", "opinions.contact_point_id")
    .innerJoin("users as collector", "collector.id", "opinions.collector_id")
    .leftJoin("opinions as primary", "primary.id", "opinions.merged_into_id")
    .select([
      "opinions.id", "opinions.receipt_code", "opinions.status", "opinions.opinion", "opinions.suggested_revision",
      "opinions.reason", "opinions.formal_opinion", "opinions.collected_on", "opinions.channel", "opinions.submitter_category",
      "opinions.merged_into_id", "opinions.not_forwarded_reason", "opinions.report_id", "articles.number as article_number",
      "grid.name as grid_name", "community.name as community_name", "contact_points.name as contact_point_name",
      "collector.display_name as collector_name", "primary.receipt_code as merged_into_code",
    ])
    .where("opinions.id", "in", ids)
    .orderBy(sql`articles.position IS NULL`)
    .orderBy("articles.position")
    .orderBy("opinions.id")
    .execute();
  return camelAll(rows);
}

/**
 * What the workbench's filters offer: the contact points, streets and communities the
 * draft's opinions came from (not every one in the network), each in code order.
 */
export async function listDraftOrigins(db: Db, draftId: number) {
  const mine = db.selectFrom("opinions").where("opinions.draft_id", "=", draftId).where("opinions.status", "!=", "withdrawn");
  const [contactPoints, communities, streets] = await Promise.all([
    db
      .selectFrom("contact_points")
      .select(["id", "name"])
      .where("id", "in", mine.select("opinions.contact_point_id"))
      .orderBy("code")
      .execute(),
    db
      .selectFrom("places")
      .select(["id", "name"])
      .where("id", "in", mine.innerJoin("places as grid", "grid.id", "opinions.grid_id").select("grid.parent_id"))
      .orderBy("code")
      .execute(),
    db
      .selectFrom("places")
      .select(["id", "name"])
      .where("id", "in", mine.innerJoin("places as grid", "grid.id", "opinions.grid_id").innerJoin("places as community", "community.id", "grid.parent_id").select("community.parent_id"))
      .orderBy("code")
      .execute(),
  ]);
  return { contactPoints, places: [...streets, ...communities] };
}

/** Opinions per article in text order (general comments last), with how many are still to be screened. */
export async function countByArticle(db: Db, draftId: number) {
  const rows = await db
    .selectFrom("opinions")
    .leftJoin("articles", "articles.id", "opinions.article_id")
    .select((eb) => [
      "articles.number",
      eb.fn.min("articles.position").as("position"),
      eb.fn.countAll<number>().as("total"),
      eb.fn.sum<number>(eb.case().when("opinions.status", "in", ["collected", "under_review"]).then(1).else(0).end()).as("open"),
    ])
    .where("opinions.draft_id", "=", draftId)
    .where("opinions.status", "!=", "withdrawn")
    .groupBy("articles.number")
    .orderBy(sql`articles.number IS NULL`)
    .orderBy("position")
    .execute();
  return rows.map((r) => ({ number: r.number, total: Number(r.total), open: Number(r.open ?? 0) }));
}

/**
 * The opinions chosen for a merge that can take part in it (this draft's, under review), in
 * text order, each with how many were merged into it already: staff pick the one to keep.
 */
export async function listMergeCandidates(db: Db, draftId: number, ids: number[]) {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom("opinions")
    .leftJoin("articles", "articles.id", "opinions.article_id")
    .select((eb) => [
      "opinions.id", "opinions.receipt_code", "opinions.opinion", "opinions.formal_opinion", "articles.number as article_number",
      eb.selectFrom("opinions as m").select((e) => e.fn.countAll<number>().as("n")).whereRef("m.merged_into_id", "=", "opinions.id").where("m.status", "=", "merged").as("merged"),
    ])
    .where("opinions.draft_id", "=", draftId)
    .where("opinions.id", "in", ids)
    .where("opinions.status", "=", "under_review")
    .orderBy(sql`articles.position IS NULL`)
    .orderBy("articles.position")
    .orderBy("opinions.id")
    .execute();
  return rows.map((r) => ({ ...camel(r), merged: Number(r.merged ?? 0) }));
}

/** Only ids of this draft in one of `statuses`: anything else in a bulk selection is left alone. */
async function pick(db: Db, draftId: number, ids: number[], statuses: OpinionStatus[]) {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom("opinions")
    .select("id")
    .where("draft_id", "=", draftId)
    .where("id", "in", ids)
    .where("status", "in", statuses)
    .execute();
  return rows.map((r) => r.id);
}

export async function putUnderReview(db: Db, { draftId, ids, userId, now }: { draftId: number; ids: number[]; userId: number; now: string }) {
  const chosen = await pick(db, draftId, ids, ["collected"]);
  await changeOpinionStatus(db, { opinionIds: chosen, to: "under_review", userId }, now);
  return chosen.length;
}

export async function doNotForward(db: Db, { draftId, ids, reason, userId, now }: { draftId: number; ids: number[]; reason: string; userId: number; now: string }) {
  const chosen = await pick(db, draftId, ids, ["under_review"]);
  await changeOpinionStatus(db, { opinionIds: chosen, to: "not_forwarded", userId, reason, extra: { not_forwarded_reason: reason } }, now);
  return chosen.length;
}

/** Merges duplicates into the primary; all must be under review in the same draft. */
export async function mergeInto(db: Db, { draftId, primaryId, ids, userId, now }: { draftId: number; primaryId: number; ids: number[]; userId: number; now: string }) {
  const [primary] = await pick(db, draftId, [primaryId], ["under_review"]);
  if (!primary) return 0;
  const others = (await pick(db, draftId, ids, ["under_review"])).filter((id) => id !== primary);
  // An opinion that others were merged into brings them along to the new primary.
  const children = others.length
    ? await db.selectFrom("opinions").select("id").where("merged_into_id", "in", others).where("status", "=", "merged").execute()
    : [];
  await mergeOpinions(db, { primaryId: primary, mergedIds: others, userId }, now);
  if (children.length) {
    await db.updateTable("opinions").set({ merged_into_id: primary }).where("id", "in", children.map((c) => c.id)).execute();
  }
  return others.length;
}

export async function undoMerge(db: Db, { draftId, id, userId, now }: { draftId: number; id: number; userId: number; now: string }) {
  const [merged] = await pick(db, draftId, [id], ["merged"]);
  if (!merged) return false;
  const primary = await db
    .selectFrom("opinions")
    .innerJoin("opinions as p", "p.id", "opinions.merged_into_id")
    .select("p.status as primary_status")
    .where("opinions.id", "=", merged)
    .executeTakeFirst();
  // Once the primary has been forwarded the merge is part of a sent report.
  if (primary?.primary_status !== "under_review") return false;
  await changeOpinionStatus(db, { opinionIds: [merged], to: "under_review", userId, reason: null, extra: { merged_into_id: null } }, now);
  await db
    .updateTable("opinion_merges")
    .set({ undone_by: userId, undone_at: now })
    .where("merged_id", "=", merged)
    .where("undone_at", "is", null)
    .execute();
  return true;
}

/** Staff's formal wording for the report; the collected text stays as it was. */
export async function setFormalWording(
  db: Db,
  { id, opinion, revision, reason, userId, now }: { id: number; opinion: string | null; revision: string | null; reason: string | null; userId: number; now: string },
) {
  const before = await db.selectFrom("opinions").select(["formal_opinion", "formal_revision", "formal_reason", "status"]).where("id", "=", id).executeTakeFirst();
  if (!before || before.status !== "under_review") return false;
  await db
    .updateTable("opinions")
    .set({ formal_opinion: opinion, formal_revision: revision, formal_reason: reason, updated_at: now })
    .where("id", "=", id)
    .execute();
  await writeAudit(db, { userId, action: "formal_wording", entity: "opinion", entityId: id, before, after: { formal_opinion: opinion, formal_revision: revision, formal_reason: reason } }, now);
  return true;
}

/** Staff's full view of one opinion, with what was merged into it. */
export async function getOpinionForStaff(db: Db, id: number) {
  const opinion = await db
    .selectFrom("opinions")
    .innerJoin("drafts", "drafts.id", "opinions.draft_id")
    .innerJoin("places as grid", "grid.id", "opinions.grid_id")
    .innerJoin("contact_points", "contact_points.id", "opinions.contact_point_id")
    .innerJoin("users", "users.id", "opinions.collector_id")
    .leftJoin("articles", "articles.id", "opinions.article_id")
    .leftJoin("opinion_outcomes", "opinion_outcomes.opinion_id", "opinions.id")
    .selectAll("opinions")
    .select([
      "drafts.title as draft_title", "drafts.status as draft_status", "grid.name as grid_name", "contact_points.name as contact_point_name",
      "users.display_name as collector_name", "articles.number as article_number", "opinion_outcomes.outcome",
      "opinion_outcomes.note as outcome_note", "opinion_outcomes.final_article_number",
    ])
    .where("opinions.id", "=", id)
    .executeTakeFirst();
  if (!opinion) return undefined;
  const merged = await db
    .selectFrom("opinions")
    .select(["id", "receipt_code", "opinion", "status"])
    .where("merged_into_id", "=", id)
    .where("status", "=", "merged")
    .orderBy("id")
    .execute();
  return { ...camel(opinion), merged: camelAll(merged) };
}

