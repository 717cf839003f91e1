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

/** The names behind campaign flags: collectors', events' and grids' by id. */
export async function findSourceNames(db: Db, { collectors, events, grids }: { collectors: number[]; events: number[]; grids: number[] }) {
  const [users, held, places] = await Promise.all([
    collectors.length ? db.selectFrom("users").select(["id", "display_name as name"]).where("id", "in", collectors).execute() : [],
    events.length ? db.selectFrom("collection_events").select(["id", "title as name"]).where("id", "in", events).execute() : [],
    grids.length ? db.selectFrom("places").select(["id", "name"]).where("id", "in", grids).execute() : [],
  ]);
  const byId = (rows: { id: number; name: string }[]) => Object.fromEntries(rows.map((r) => [r.id, r.name])) as Record<number, string>;
  return { collector: byId(users), event: byId(held), grid: byId(places) };
}

/** Receipt codes and words (formal wording where staff gave one) of the given opinions, by id. */
export async function findOpinionTexts(db: Db, ids: number[]) {
  if (!ids.length) return new Map<number, { receiptCode: string; text: string }>();
  const rows = await db.selectFrom("opinions").select(["id", "receipt_code", "opinion", "formal_opinion"]).where("id", "in", ids).execute();
  return new Map(rows.map((r) => [r.id, { receiptCode: r.receipt_code, text: r.formal_opinion ?? r.opinion }]));
}

/**
 * The opinions already recorded at a contact point on one article of a draft (by its
 * number in the current reading; null: general comments), newest first, at most
 * `limit`: what an informant's hint compares the words being typed with. Never a
 * resident's name or phone.
 */
export async function listHintCandidates(
  db: Db,
  { draftId, contactPointId, articleNumber, limit = 500 }: { draftId: number; contactPointId: number; articleNumber: number | null; limit?: number },
) {
  const latest = await getLatestVersion(db, draftId);
  if (!latest) return [];
  let query = db
    .selectFrom("opinions")
    .leftJoin("articles as current", (join) => join.onRef("current.key", "=", "opinions.article_key").on("current.version_id", "=", latest.id))
    .select(["opinions.id", "opinions.receipt_code", "opinions.opinion as text", "opinions.collected_on", "opinions.collector_id"])
    .where("opinions.draft_id", "=", draftId)
    .where("opinions.contact_point_id", "=", contactPointId)
    .where("opinions.status", "!=", "withdrawn");
  query = articleNumber === null ? query.where("opinions.article_key", "is", null) : query.where("current.number", "=", articleNumber);
  return camelAll(await query.orderBy("opinions.id", "desc").limit(limit).execute());
}
