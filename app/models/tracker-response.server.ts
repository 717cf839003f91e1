import { buildDraftResponse } from "~/domain/draft-response";
import type { Reading } from "~/domain/vocabulary";
import type { Db } from "~/utils/db.server";
import { camelAll } from "./rows.server";

// "What we heard, what changed" for one draft: its forwarded opinions with their
// outcomes and reasons, the office's responses per article, and the articles' texts
// in each reading, for the public page and the contact points' notice sheet.

/** Every forwarded opinion of the draft once (merged ones counted in `merged`), with what the public may read of it. */
export async function listAnsweredOpinions(db: Db, draftId: number) {
  const rows = await db
    .selectFrom("opinions as o")
    .innerJoin("reports as r", "r.id", "o.report_id")
    .leftJoin("opinion_outcomes as oc", "oc.opinion_id", "o.id")
    .select([
      "o.id", "o.version_id", "o.article_key", "o.opinion", "o.suggested_revision", "o.reason", "o.formal_opinion", "o.formal_revision",
      "o.formal_reason", "o.contains_personal_info", "oc.outcome", "oc.note", "oc.final_article_number",
    ])
    .select((eb) =>
      eb.selectFrom("opinions as m").select((e) => e.fn.countAll<number>().as("n")).whereRef("m.merged_into_id", "=", "o.id").where("m.status", "in", ["merged", "feedback_given"]).as("merged"),
    )
    .where("o.draft_id", "=", draftId)
    .where("r.status", "=", "sent")
    .orderBy("o.id")
    .execute();
  return camelAll(rows).map((r) => ({ ...r, merged: Number(r.merged ?? 0) }));
}

/** The readings of a draft, oldest first. */
export async function listDraftReadings(db: Db, draftId: number) {
  return camelAll(await db.selectFrom("draft_versions").select(["id", "seq", "reading"]).where("draft_id", "=", draftId).orderBy("seq").execute()) as {
    id: number; seq: number; reading: Reading;
  }[];
}

/** The articles of these readings, for the keys asked (an article keeps its key from reading to reading). */
export async function listArticlesByKey(db: Db, { versionIds, keys }: { versionIds: number[]; keys: string[] }) {
  if (!versionIds.length || !keys.length) return [];
  const rows = await db
    .selectFrom("articles")
    .select(["version_id", "key", "number", "position", "text"])
    .where("version_id", "in", versionIds)
    .where("key", "in", keys)
    .execute();
  return camelAll(rows);
}

/** The whole "what we heard, what changed" of a draft (see app/domain/draft-response.ts). */
export async function getDraftResponse(db: Db, draftId: number) {
  const [opinions, readings, responses] = await Promise.all([
    listAnsweredOpinions(db, draftId),
    listDraftReadings(db, draftId),
    db.selectFrom("article_responses").select(["article_key", "heard", "changed"]).where("draft_id", "=", draftId).execute(),
  ]);
  const keys = [...new Set(opinions.map((o) => o.articleKey).filter((k): k is string => Boolean(k)))];
  const articles = await listArticlesByKey(db, { versionIds: readings.map((r) => r.id), keys });
  return buildDraftResponse({ opinions, readings, articles, responses: camelAll(responses) });
}
