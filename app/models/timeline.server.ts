import { sql } from "kysely";
import type { TimelineFacts } from "~/domain/feedback";
import { prepared, type Db } from "~/utils/db.server";

// What an opinion went through, from collection to the resident being told, as the
// timeline behind a receipt code (and on the collector's own view) shows it: dates
// and the contact point, never who handled it.

const opinionFacts = prepared((db, { opinionId }: { opinionId: number }) =>
  db
    .selectFrom("opinions as o")
    .innerJoin("drafts as d", "d.id", "o.draft_id")
    .innerJoin("contact_points as cp", "cp.id", "o.contact_point_id")
    .select([
      "o.id", "o.draft_id", "o.status", "o.collected_on", "o.not_forwarded_reason", "o.merged_into_id", "o.report_id",
      "d.enacted_on", "d.status as draft_status", "cp.name as contact_point",
    ])
    .select((eb) =>
      eb.selectFrom("opinion_status_history as h").select((e) => e.fn.min("h.changed_at").as("on")).whereRef("h.opinion_id", "=", "o.id").where("h.to_status", "=", "under_review").as("reviewed_on"),
    )
    .where("o.id", "=", opinionId),
);

const carrierFacts = prepared((db, { carrierId }: { carrierId: number }) =>
  db
    .selectFrom("opinions as c")
    .leftJoin("reports as r", (join) => join.onRef("r.id", "=", "c.report_id").on("r.status", "=", "sent"))
    .leftJoin("opinion_outcomes as oc", "oc.opinion_id", "c.id")
    .select([
      "r.sent_on", "oc.outcome", "oc.note", "oc.final_article_number",
      sql<number>`(SELECT count(*) FROM reports x WHERE x.draft_id = r.draft_id AND x.status = 'sent'
        AND (x.sent_on < r.sent_on OR (x.sent_on = r.sent_on AND x.id <= r.id)))`.as("report_number"),
    ])
    .where("c.id", "=", carrierId),
);

const feedbackOf = prepared((db, { opinionId }: { opinionId: number }) =>
  db.selectFrom("opinion_feedback").select(["channel", "given_at"]).where("opinion_id", "=", opinionId).orderBy("given_at"),
);

/**
 * The facts of an opinion's timeline. A merged opinion shares the report and the
 * outcome of the one it was merged into; the final article's text is read from the
 * enacted reading (or the newest one, until the enacted text is on record).
 */
export async function getTimelineFacts(db: Db, opinionId: number): Promise<TimelineFacts | null> {
  const [o] = await opinionFacts(db, { opinionId });
  if (!o) return null;
  const merged = o.report_id === null && o.merged_into_id !== null && (o.status === "merged" || o.status === "feedback_given");
  const carrierId = merged ? o.merged_into_id! : o.id;
  const [[carrier], feedback] = await Promise.all([carrierFacts(db, { carrierId }), feedbackOf(db, { opinionId: o.id })]);
  const report = carrier?.sent_on ? { number: Number(carrier.report_number), sentOn: carrier.sent_on } : null;
  const finalArticleNumber = report && carrier?.outcome ? carrier.final_article_number : null;
  const finalArticle = finalArticleNumber != null ? await findFinalArticle(db, o.draft_id, finalArticleNumber) : null;
  const stoppedHere = !merged && o.report_id === null && (o.status === "not_forwarded" || o.status === "feedback_given");
  return {
    collectedOn: o.collected_on,
    contactPoint: o.contact_point,
    status: o.status,
    reviewedOn: o.reviewed_on ?? null,
    notForwardedReason: stoppedHere ? (o.not_forwarded_reason ?? "") : null,
    merged,
    report,
    enactedOn: o.draft_status === "enacted" ? o.enacted_on : null,
    outcome: report && carrier?.outcome
      ? { outcome: carrier.outcome, reason: carrier.note, finalArticleNumber, finalArticleText: finalArticle?.text ?? null }
      : null,
    feedback: feedback.map((f) => ({ channel: f.channel, on: f.given_at })),
  };
}

/** The article numbered `number` in the draft's enacted reading, or its newest reading. */
async function findFinalArticle(db: Db, draftId: number, number: number) {
  return db
    .selectFrom("articles as a")
    .innerJoin("draft_versions as v", "v.id", "a.version_id")
    .select(["a.text", "v.reading"])
    .where("v.draft_id", "=", draftId)
    .where("a.number", "=", number)
    .orderBy(sql`v.reading = 'enacted'`, "desc")
    .orderBy("v.seq", "desc")
    .limit(1)
    .executeTakeFirst();
}
