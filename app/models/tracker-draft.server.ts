import { sql } from "kysely";
import { feedbackSummary, type CoverageGrid, type FeedbackSummary, type PublicDraft } from "~/domain/tracker";
import type { Db } from "~/utils/db.server";
import { camelAll } from "./rows.server";
import { facetsFrom, ownSums, publicDrafts, toCounts, toTrackerDraft, total } from "./tracker-sql.server";

// One draft on the tracker: its figures and timeline, its articles, the opinions
// the legislature adopted, its channels and the grids it reached.

export async function getTrackerDraft(db: Db, id: number): Promise<PublicDraft | undefined> {
  const row = await publicDrafts(db).selectAll("d").where("d.id", "=", id).executeTakeFirst();
  if (!row) return undefined;
  const [sent, counts] = await Promise.all([
    db.selectFrom("reports").select((eb) => [eb.fn.countAll<number>().as("n"), eb.fn.max("sent_on").as("last")])
      .where("draft_id", "=", id).where("status", "=", "sent").executeTakeFirstOrThrow(),
    db.selectFrom("tracker_draft_months as m").select(ownSums("m")).where("m.draft_id", "=", id).executeTakeFirstOrThrow(),
  ]);
  return toTrackerDraft(row, { reports: sent.n, last: sent.last }, toCounts(counts));
}

/** The reports sent upward for a draft, with how many opinions each carried. */
export async function listSentReports(db: Db, draftId: number) {
  const rows = await db
    .selectFrom("reports as r")
    .select(["r.id", "r.title", "r.recipient", "r.sent_on", "r.events_held", "r.participants"])
    .select((eb) =>
      eb.selectFrom("report_items as i").select((e) => e.fn.countAll<number>().as("n")).whereRef("i.report_id", "=", "r.id").as("opinions"),
    )
    .where("r.draft_id", "=", draftId)
    .where("r.status", "=", "sent")
    .orderBy("r.sent_on")
    .orderBy("r.id")
    .execute();
  return rows.map((r) => ({
    id: r.id, title: r.title, recipient: r.recipient, sentOn: r.sent_on!, eventsHeld: r.events_held, participants: r.participants,
    opinions: Number(r.opinions ?? 0),
  }));
}

/**
 * Counts per article, by stable key, numbered as in the latest reading (an article
 * dropped by a later reading keeps its last number and is marked so); general
 * comments last.
 */
export async function listArticleCounts(db: Db, draftId: number) {
  const counts = await db
    .selectFrom("tracker_article_counts")
    .select(["article_key", "collected", "forwarded", "adopted", "partly_adopted"])
    .where("draft_id", "=", draftId)
    .where("collected", ">", 0)
    .execute();
  const keys = counts.map((c) => c.article_key).filter(Boolean);
  const articles = keys.length
    ? await db
        .selectFrom("articles as a")
        .innerJoin("draft_versions as v", "v.id", "a.version_id")
        .select(["a.key", "a.number", "a.position", "a.chapter_title", "v.seq"])
        .where("v.draft_id", "=", draftId)
        .where("a.key", "in", keys)
        .orderBy("v.seq", "desc")
        .execute()
    : [];
  const latestSeq = await db
    .selectFrom("draft_versions")
    .select((eb) => eb.fn.max("seq").as("seq"))
    .where("draft_id", "=", draftId)
    .executeTakeFirst();
  const newest = new Map<string, (typeof articles)[number]>();
  for (const a of articles) if (!newest.has(a.key)) newest.set(a.key, a);
  const rows = counts.map((c) => {
    const article = newest.get(c.article_key);
    return {
      key: c.article_key,
      number: article?.number ?? null,
      chapterTitle: article?.chapter_title ?? null,
      dropped: Boolean(article && article.seq !== Number(latestSeq?.seq)),
      position: article ? (article.seq === Number(latestSeq?.seq) ? article.position : 1e6 + article.position) : 2e6,
      ...toCounts(c),
    };
  });
  return rows.sort((a, b) => a.position - b.position);
}

/** The adopted and partly adopted opinions of a draft as forwarded; never who voiced or collected them. */
export async function listAdoptedOpinions(db: Db, draftId: number, limit = 300) {
  const rows = await db
    .selectFrom("opinions as o")
    .innerJoin("reports as r", "r.id", "o.report_id")
    .innerJoin("opinion_outcomes as oc", "oc.opinion_id", "o.id")
    .leftJoin("articles as a", "a.id", "o.article_id")
    .select([
      "o.id", "o.opinion", "o.suggested_revision", "o.reason", "o.formal_opinion", "o.formal_revision", "o.formal_reason",
      "o.contains_personal_info", "a.number as article_number", "oc.outcome", "oc.note", "oc.final_article_number",
    ])
    .select((eb) =>
      eb.selectFrom("opinions as m").select((e) => e.fn.countAll<number>().as("n"))
        .whereRef("m.merged_into_id", "=", "o.id").where("m.report_id", "is", null).as("merged"),
    )
    .where("o.draft_id", "=", draftId)
    .where("r.status", "=", "sent")
    .where("oc.outcome", "in", ["adopted", "partly_adopted"])
    .orderBy(sql`CASE oc.outcome WHEN 'adopted' THEN 0 ELSE 1 END`)
    .orderBy(sql`a.position IS NULL`)
    .orderBy("a.position")
    .orderBy("o.id")
    .limit(limit)
    .execute();
  return camelAll(rows);
}

/** Draft counts by channel and submitter category. */
export async function listDraftFacetCounts(db: Db, draftId: number) {
  const rows = await db
    .selectFrom("tracker_facet_counts as f")
    .select(["f.facet", "f.value", "f.collected", "f.forwarded", "f.adopted", "f.partly_adopted"])
    .where("f.draft_id", "=", draftId)
    .execute();
  return facetsFrom(rows);
}

/**
 * The grids asked about a draft (those of its contact points, and any other that
 * gave opinions on it) with what each gave, under their community and street.
 */
export async function listDraftGridCoverage(db: Db, draftId: number): Promise<CoverageGrid[]> {
  const counted = db
    .selectFrom("tracker_grid_counts")
    .select(["grid_id", total("collected").as("collected"), total("forwarded").as("forwarded")])
    .where("draft_id", "=", draftId)
    .groupBy("grid_id");
  const rows = await db
    .selectFrom("places as g")
    .innerJoin("places as c", "c.id", "g.parent_id")
    .innerJoin("places as s", "s.id", "c.parent_id")
    .leftJoin(counted.as("t"), "t.grid_id", "g.id")
    .select([
      "g.id", "g.code", "g.name", "c.id as community_id", "c.name as community_name", "s.id as street_id", "s.name as street_name",
      "t.collected", "t.forwarded",
    ])
    .where("g.level", "=", "grid")
    .where((eb) =>
      eb.or([
        eb("g.id", "in", eb.selectFrom("draft_contact_points as dcp")
          .innerJoin("contact_point_grids as cpg", "cpg.contact_point_id", "dcp.contact_point_id")
          .select("cpg.grid_id").where("dcp.draft_id", "=", draftId)),
        eb("t.collected", ">", 0),
      ]),
    )
    .orderBy("g.code")
    .execute();
  return rows.map((r) => ({
    id: r.id, code: r.code, name: r.name,
    communityId: r.community_id, communityName: r.community_name, streetId: r.street_id, streetName: r.street_name,
    collected: Number(r.collected ?? 0), forwarded: Number(r.forwarded ?? 0),
  }));
}

/** "Feedback given" for one draft: of its `forwarded` opinions, those whose resident was told, in all and by channel. */
export async function getDraftFeedback(db: Db, draftId: number, forwarded: number): Promise<FeedbackSummary> {
  const row = await db.selectFrom("tracker_draft_feedback").select(["told", "sms", "in_person", "lookup"]).where("draft_id", "=", draftId).executeTakeFirst();
  return feedbackSummary({ forwarded, told: row?.told ?? 0, sms: row?.sms ?? 0, inPerson: row?.in_person ?? 0, lookup: row?.lookup ?? 0 });
}
