import { sql } from "kysely";
import type { Db } from "~/utils/db.server";
import { getLatestVersion } from "./drafts.server";
import { camelAll } from "./rows.server";

// What the grouping of similar opinions reads (app/domain/similarity.ts): the
// collected words of a draft's opinions with where, when and by whom they were
// collected. Withdrawn opinions were never put to staff and are left out; every
// other status stays in, so a group counts all the residents who said it.

/**
 * The draft's opinions in the text order of their articles in the current reading
 * (general comments and articles since dropped last), then by id; with `article`,
 * only those on the article that has that number in the current reading.
 */
export async function listOpinionsForGrouping(db: Db, { draftId, article }: { draftId: number; article?: number }) {
  const latest = await getLatestVersion(db, draftId);
  if (!latest) return [];
  let query = db
    .selectFrom("opinions")
    // Opinions keep the key of their article across readings; the current reading says where it stands now.
    .leftJoin("articles as current", (join) => join.onRef("current.key", "=", "opinions.article_key").on("current.version_id", "=", latest.id))
    .select([
      "opinions.id", "opinions.opinion as text", "opinions.article_key", "current.number as article_number", "opinions.contact_point_id",
      "opinions.grid_id", "opinions.collector_id", "opinions.event_id", "opinions.collected_on", "opinions.created_at",
    ])
    .where("opinions.draft_id", "=", draftId)
    .where("opinions.status", "!=", "withdrawn");
  if (article !== undefined) query = query.where("current.number", "=", article);
  const rows = await query.orderBy(sql`current.position IS NULL`).orderBy("current.position").orderBy("opinions.id").execute();
  return camelAll(rows);
}
