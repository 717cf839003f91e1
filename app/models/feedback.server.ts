import { sql } from "kysely";
import { TOLD_FROM } from "~/domain/feedback";
import type { FeedbackChannel, Outcome } from "~/domain/vocabulary";
import type { Db } from "~/utils/db.server";
import { commaList } from "./dialect-text.server";
import { changeOpinionStatus } from "./opinions.server";
import { camelAll } from "./rows.server";

// How residents learned what became of their opinion: one row per opinion and
// channel (a text message, in person or on paper, a receipt lookup). The first
// channel moves the opinion to "feedback given" (已反馈).

/** The outcome that answers an opinion: its own, or that of the opinion it was merged into. */
const answeringId = sql<number>`coalesce(o.merged_into_id, o.id)`;

/**
 * Records that these opinions' residents were told by `channel`, once per opinion and
 * channel; those with an answer (an outcome, their merged opinion's outcome, or a
 * reason not to forward) and not yet marked move to "feedback given". How many were
 * newly told by this channel.
 */
export async function recordFeedback(
  db: Db,
  { opinionIds, channel, userId, now }: { opinionIds: number[]; channel: FeedbackChannel; userId: number | null; now: string },
): Promise<number> {
  if (!opinionIds.length) return 0;
  const answered = await db
    .selectFrom("opinions as o")
    .leftJoin("opinion_outcomes as oc", (join) => join.on("oc.opinion_id", "=", answeringId))
    .select(["o.id", "o.status"])
    .where("o.id", "in", opinionIds)
    .where((eb) => eb.or([eb("oc.outcome", "is not", null), eb("o.status", "=", "not_forwarded")]))
    .execute();
  if (!answered.length) return 0;
  const inserted = await db
    .insertInto("opinion_feedback")
    .values(answered.map((o) => ({ opinion_id: o.id, channel, given_at: now, given_by: userId })))
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  const moving = answered.filter((o) => (TOLD_FROM as readonly string[]).includes(o.status) || o.status === "merged").map((o) => o.id);
  await changeOpinionStatus(db, { opinionIds: moving, to: "feedback_given", userId, extra: { feedback_given_at: now } }, now);
  return Number(inserted.numInsertedOrUpdatedRows ?? 0);
}

/** How the resident behind an opinion was told, earliest first. */
export async function listFeedback(db: Db, opinionId: number) {
  const rows = await db
    .selectFrom("opinion_feedback")
    .select(["channel", "given_at"])
    .where("opinion_id", "=", opinionId)
    .orderBy("given_at")
    .execute();
  return camelAll(rows);
}

export type FeedbackListFilters = { contactPointId: number; draftId?: number | null };

/**
 * A contact point's opinions that have an answer (an outcome, directly or through the
 * opinion they were merged into), by receipt code: what the liaison hands out or posts.
 * No names, no phones, no opinion text: the receipt code is the resident's key.
 */
export async function listContactPointAnswers(db: Db, { contactPointId, draftId = null }: FeedbackListFilters, { limit = 500 } = {}) {
  let query = db
    .selectFrom("opinions as o")
    .innerJoin("drafts as d", "d.id", "o.draft_id")
    .innerJoin("opinion_outcomes as oc", (join) => join.on("oc.opinion_id", "=", answeringId))
    .leftJoin("articles as a", "a.id", "o.article_id")
    .select([
      "o.id", "o.receipt_code", "o.collected_on", "d.id as draft_id", "d.title as draft_title", "d.title_en as draft_title_en",
      "a.number as article_number", "oc.outcome", "oc.note", "oc.final_article_number",
    ])
    .select((eb) => [
      eb.selectFrom("opinion_feedback as f").select(commaList(db, "f.channel").as("c")).whereRef("f.opinion_id", "=", "o.id").as("channels"),
    ])
    .where("o.contact_point_id", "=", contactPointId)
    .where("o.status", "in", [...TOLD_FROM, "merged", "feedback_given"]);
  if (draftId) query = query.where("o.draft_id", "=", draftId);
  const rows = await query.orderBy("d.enacted_on", "desc").orderBy("d.id").orderBy("o.receipt_code").limit(limit).execute();
  return rows.map(({ channels, ...row }) => ({
    ...camelAll([row])[0],
    outcome: row.outcome as Outcome,
    channels: (channels ? channels.split(",") : []) as FeedbackChannel[],
  }));
}

/** The enacted drafts with answers at a contact point, for the feedback list's choice of draft. */
export async function listAnsweredDrafts(db: Db, contactPointId: number) {
  const rows = await db
    .selectFrom("drafts as d")
    .select(["d.id", "d.title", "d.title_en", "d.enacted_on"])
    .where("d.status", "=", "enacted")
    .where((eb) =>
      eb.exists(
        eb.selectFrom("opinions as o")
          .innerJoin("opinion_outcomes as oc", (join) => join.on("oc.opinion_id", "=", answeringId))
          .select("o.id")
          .whereRef("o.draft_id", "=", "d.id")
          .where("o.contact_point_id", "=", contactPointId),
      ),
    )
    .orderBy("d.enacted_on", "desc")
    .execute();
  return camelAll(rows);
}

/** Opinions among `ids` at the contact point (any when null) that have an answer: those a liaison may mark as told. */
export async function pickAnswered(db: Db, { ids, contactPointId }: { ids: number[]; contactPointId: number | null }) {
  if (!ids.length) return [];
  let query = db
    .selectFrom("opinions as o")
    .innerJoin("opinion_outcomes as oc", (join) => join.on("oc.opinion_id", "=", answeringId))
    .select("o.id")
    .where("o.id", "in", ids);
  if (contactPointId !== null) query = query.where("o.contact_point_id", "=", contactPointId);
  return (await query.execute()).map((r) => r.id);
}
