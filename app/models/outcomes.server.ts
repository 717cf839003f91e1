import { sql } from "kysely";
import type { Outcome } from "~/domain/vocabulary";
import type { Db } from "~/utils/db.server";
import { recordOutcome } from "./opinions.server";
import { camelAll } from "./rows.server";

// After the law is passed: the legislature's answer to each forwarded opinion with
// its public reason, the office's response per article, and the phrases staff keep
// to answer many opinions at once.

export type ForwardedFilters = { articleKey?: string | null; pendingOnly?: boolean };

/**
 * Forwarded opinions of a draft in text order (general comments last), with their
 * outcome and how many opinions were merged into each; `articleKey` '' selects the
 * general comments.
 */
export async function listForwarded(db: Db, draftId: number, { articleKey = null, pendingOnly = false }: ForwardedFilters = {}, { limit = 1000 } = {}) {
  let query = db
    .selectFrom("opinions as o")
    .innerJoin("reports as r", "r.id", "o.report_id")
    .leftJoin("articles as a", "a.id", "o.article_id")
    .leftJoin("opinion_outcomes as oc", "oc.opinion_id", "o.id")
    .select([
      "o.id", "o.receipt_code", "o.status", "o.opinion", "o.formal_opinion", "o.article_key", "o.contains_personal_info",
      "a.number as article_number", "oc.outcome", "oc.note", "oc.final_article_number",
    ])
    .select((eb) =>
      eb.selectFrom("opinions as m").select((e) => e.fn.countAll<number>().as("n")).whereRef("m.merged_into_id", "=", "o.id").where("m.status", "in", ["merged", "feedback_given"]).as("merged"),
    )
    .where("o.draft_id", "=", draftId)
    .where("r.status", "=", "sent");
  if (articleKey !== null) query = articleKey === "" ? query.where("o.article_key", "is", null) : query.where("o.article_key", "=", articleKey);
  if (pendingOnly) query = query.where("o.status", "=", "forwarded");
  const rows = await query.orderBy(sql`a.position IS NULL`).orderBy("a.position").orderBy("o.id").limit(limit).execute();
  return camelAll(rows).map((r) => ({ ...r, merged: Number(r.merged ?? 0) }));
}

/** The articles of a draft that have forwarded opinions, with how many still await an outcome. */
export async function listForwardedArticles(db: Db, draftId: number) {
  const rows = await db
    .selectFrom("opinions as o")
    .innerJoin("reports as r", "r.id", "o.report_id")
    .leftJoin("articles as a", "a.id", "o.article_id")
    .select((eb) => [
      sql<string>`coalesce(o.article_key, '')`.as("key"),
      eb.fn.min("a.number").as("number"),
      eb.fn.min("a.position").as("position"),
      eb.fn.countAll<number>().as("forwarded"),
      eb.fn.sum<number>(eb.case().when("o.status", "=", "forwarded").then(1).else(0).end()).as("pending"),
    ])
    .where("o.draft_id", "=", draftId)
    .where("r.status", "=", "sent")
    .groupBy(sql`coalesce(o.article_key, '')`)
    .orderBy(sql`min(a.position) IS NULL`)
    .orderBy(sql`min(a.position)`)
    .execute();
  return rows.map((r) => ({ key: r.key, number: r.number as number | null, forwarded: Number(r.forwarded), pending: Number(r.pending ?? 0) }));
}

export type OutcomeEntry = { id: number; outcome: Outcome; note: string | null; finalArticleNumber: number | null };

/** Records outcomes for those of `entries` still awaiting one (forwarded, of this enacted draft). The ids recorded. */
export async function recordOutcomes(db: Db, { draftId, entries, userId, now }: { draftId: number; entries: OutcomeEntry[]; userId: number; now: string }): Promise<number[]> {
  if (!entries.length) return [];
  const draft = await db.selectFrom("drafts").select("status").where("id", "=", draftId).executeTakeFirst();
  if (draft?.status !== "enacted") return [];
  const open = new Set(
    (await db.selectFrom("opinions").select("id").where("draft_id", "=", draftId).where("id", "in", entries.map((e) => e.id)).where("status", "=", "forwarded").where("report_id", "is not", null).execute())
      .map((r) => r.id),
  );
  const done: number[] = [];
  for (const entry of entries) {
    if (!open.has(entry.id)) continue;
    open.delete(entry.id);
    await recordOutcome(db, { opinionId: entry.id, outcome: entry.outcome, note: entry.note, finalArticleNumber: entry.finalArticleNumber, userId }, now);
    done.push(entry.id);
  }
  return done;
}

/** The names and phones kept for a draft's residents: what no public text may contain. */
export async function listResidentIdentities(db: Db, draftId: number) {
  const rows = await db
    .selectFrom("opinions")
    .select(["resident_name", "resident_phone"])
    .where("draft_id", "=", draftId)
    .where((eb) => eb.or([eb("resident_name", "is not", null), eb("resident_phone", "is not", null)]))
    .execute();
  return rows.flatMap((r) => [r.resident_name, r.resident_phone]).filter((v): v is string => Boolean(v));
}

// ---- Responses per article ("what we heard / what changed")

export async function listArticleResponses(db: Db, draftId: number) {
  const rows = await db
    .selectFrom("article_responses")
    .select(["article_key", "heard", "changed", "updated_at"])
    .where("draft_id", "=", draftId)
    .execute();
  return camelAll(rows);
}

/** Writes the office's response to one article (key '' for the general comments); both texts empty removes it. */
export async function saveArticleResponse(
  db: Db,
  { draftId, articleKey, heard, changed, userId, now }: { draftId: number; articleKey: string; heard: string | null; changed: string | null; userId: number; now: string },
): Promise<void> {
  if (!heard && !changed) {
    await db.deleteFrom("article_responses").where("draft_id", "=", draftId).where("article_key", "=", articleKey).execute();
    return;
  }
  await db
    .insertInto("article_responses")
    .values({ draft_id: draftId, article_key: articleKey, heard, changed, updated_by: userId, updated_at: now })
    .onConflict((oc) => oc.columns(["draft_id", "article_key"]).doUpdateSet({ heard, changed, updated_by: userId, updated_at: now }))
    .execute();
}

/** Whether the draft has forwarded opinions on this article (key '' for the general comments). */
export async function hasForwardedOn(db: Db, { draftId, articleKey }: { draftId: number; articleKey: string }): Promise<boolean> {
  let query = db.selectFrom("opinions").select("id").where("draft_id", "=", draftId).where("report_id", "is not", null);
  query = articleKey === "" ? query.where("article_key", "is", null) : query.where("article_key", "=", articleKey);
  return Boolean(await query.limit(1).executeTakeFirst());
}

// ---- Saved phrases for answering many opinions at once

export async function listAnswerTemplates(db: Db) {
  return camelAll(await db.selectFrom("answer_templates").select(["id", "outcome", "text"]).orderBy("outcome").orderBy("id").execute());
}

export async function addAnswerTemplate(db: Db, { outcome, text, userId, now }: { outcome: Outcome; text: string; userId: number; now: string }) {
  await db.insertInto("answer_templates").values({ outcome, text, created_by: userId, created_at: now }).execute();
}

export async function deleteAnswerTemplate(db: Db, id: number): Promise<boolean> {
  const result = await db.deleteFrom("answer_templates").where("id", "=", id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The numbers of a draft's articles in its enacted reading (or newest, until that is on record), by key. */
export async function listFinalNumbers(db: Db, draftId: number): Promise<Map<string, number>> {
  const version = await db
    .selectFrom("draft_versions")
    .select("id")
    .where("draft_id", "=", draftId)
    .orderBy(sql`reading = 'enacted'`, "desc")
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!version) return new Map();
  const rows = await db.selectFrom("articles").select(["key", "number"]).where("version_id", "=", version.id).execute();
  return new Map(rows.map((r) => [r.key, r.number]));
}
