import type { OpinionCsvSource } from "~/domain/tracker-open-data";
import type { Db } from "~/utils/db.server";
import { camelAll } from "./rows.server";

// The open data's reads: the version its ETags follow, and the forwarded opinions
// of opinions.csv a page at a time. The drafts and figures of the JSON files are
// the tracker's own (tracker-lists, tracker-summary).

/** Moves with every change the open data depends on (kept by triggers). */
export async function getDataVersion(db: Db): Promise<number> {
  const row = await db.selectFrom("tracker_version").select("version").where("id", "=", 1).executeTakeFirst();
  return Number(row?.version ?? 0);
}

/**
 * One page of forwarded opinions for the CSV, after `afterId` in id order. Pages
 * are read by key, each query short, so a long download never holds the database
 * connection that every other request shares.
 */
export async function listForwardedOpinionsPage(db: Db, { afterId, limit }: { afterId: number; limit: number }): Promise<OpinionCsvSource[]> {
  const rows = await db
    .selectFrom("opinions as o")
    .innerJoin("reports as r", "r.id", "o.report_id")
    .innerJoin("drafts as d", "d.id", "o.draft_id")
    .innerJoin("places as g", "g.id", "o.grid_id")
    .innerJoin("places as c", "c.id", "g.parent_id")
    .innerJoin("places as s", "s.id", "c.parent_id")
    .innerJoin("contact_points as cp", "cp.id", "o.contact_point_id")
    .leftJoin("articles as a", "a.id", "o.article_id")
    .leftJoin("opinion_outcomes as oc", "oc.opinion_id", "o.id")
    .select([
      "o.id", "o.draft_id", "d.title as draft_title", "d.requesting_body", "a.number as article_number",
      "s.name as street", "c.name as community", "g.code as grid_code", "cp.code as contact_point_code",
      "o.channel", "o.submitter_category", "o.collected_on", "r.sent_on", "o.status",
      "oc.outcome", "oc.final_article_number", "d.enacted_on",
      "o.opinion", "o.suggested_revision", "o.reason", "o.formal_opinion", "o.formal_revision", "o.formal_reason",
      "o.contains_personal_info",
    ])
    .select((eb) =>
      eb.selectFrom("opinions as m").select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("m.merged_into_id", "=", "o.id").where("m.report_id", "is", null).as("merged_opinions"),
    )
    .where("r.status", "=", "sent")
    .where("o.id", ">", afterId)
    .orderBy("o.id")
    .limit(limit)
    .execute();
  return camelAll(rows);
}
