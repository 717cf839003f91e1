import { sql, type RawBuilder } from "kysely";
import { feedbackSummary, summaryOf, type FeedbackSummary, type TrackerSummary } from "~/domain/tracker";
import { isFiltered, type DraftFilters, type FilterOptions } from "~/domain/tracker-query";
import { DRAFT_STATUSES } from "~/domain/vocabulary";
import type { Db } from "~/utils/db.server";
import { countWhere, facetsFrom, hasSentReport, ownSums, publicDrafts, toCounts, total } from "./tracker-sql.server";

// The tracker's figures over all drafts or the drafts its filters select: the
// headline figures, the months, the channels and submitter categories.

/** The years and requesting bodies of the published drafts, newest year first. */
export async function listFilterOptions(db: Db): Promise<FilterOptions> {
  const [years, bodies] = await Promise.all([
    publicDrafts(db).select(sql<string>`substr(d.deadline, 1, 4)`.as("year")).distinct().orderBy("year", "desc").execute(),
    publicDrafts(db).select("d.requesting_body").distinct().orderBy("d.requesting_body").execute(),
  ]);
  return { years: years.map((y) => y.year), requestingBodies: bodies.map((b) => b.requesting_body) };
}

/** The statuses of drafts consulted once their deadline has passed with a report sent (isConsulted in app/domain/tracker.ts). */
const CONSULTABLE = DRAFT_STATUSES.filter((s) => s !== "draft" && s !== "withdrawn");

type SummaryRow = {
  consulted: number; enacted: number; collected: number; forwarded: number; adopted: number; partly_adopted: number;
  enacted_collected: number; enacted_forwarded: number; enacted_adopted: number; enacted_partly_adopted: number;
};

/** The sums of a draft aggregate's own counts over enacted drafts only. */
const enactedSums = (alias: string, enacted: RawBuilder<unknown>) =>
  [
    total(sql`CASE WHEN ${enacted} THEN ${sql.ref(`${alias}.collected`)} END`).as("enacted_collected"),
    total(sql`CASE WHEN ${enacted} THEN ${sql.ref(`${alias}.forwarded`)} END`).as("enacted_forwarded"),
    total(sql`CASE WHEN ${enacted} THEN ${sql.ref(`${alias}.adopted`)} END`).as("enacted_adopted"),
    total(sql`CASE WHEN ${enacted} THEN ${sql.ref(`${alias}.partly_adopted`)} END`).as("enacted_partly_adopted"),
  ] as const;

const toSummary = (row: SummaryRow): TrackerSummary =>
  summaryOf({
    draftsConsulted: Number(row.consulted),
    draftsEnacted: Number(row.enacted),
    counts: toCounts(row),
    enacted: toCounts({
      collected: row.enacted_collected, forwarded: row.enacted_forwarded, adopted: row.enacted_adopted, partly_adopted: row.enacted_partly_adopted,
    }),
  });

/**
 * The headline figures (docs/domain.md, "The public adoption tracker"): the one
 * definition the tracker, the open data, the home page and `npm run db:stats` all
 * show. Over all drafts they come from the running totals per draft status; over the
 * drafts some filters select, from those drafts' totals.
 */
export async function getTrackerSummary(db: Db, filters: DraftFilters, today: string): Promise<TrackerSummary> {
  return isFiltered(filters) ? getDraftsSummary(db, filters, today) : getAllDraftsSummary(db, today);
}

/** The headline figures over the drafts the filters select, in one statement over their running totals. */
async function getDraftsSummary(db: Db, filters: DraftFilters, today: string): Promise<TrackerSummary> {
  const enacted = sql`d.status = 'enacted'`;
  const row = await publicDrafts(db, filters)
    .leftJoin("tracker_draft_totals as t", "t.draft_id", "d.id")
    .select([
      // isConsulted in app/domain/tracker.ts, in SQL.
      countWhere(sql`d.status <> 'withdrawn' AND d.deadline < ${today} AND ${hasSentReport}`).as("consulted"),
      countWhere(enacted).as("enacted"),
      ...ownSums("t"),
      ...enactedSums("t", enacted),
    ])
    .executeTakeFirstOrThrow();
  return toSummary(row);
}

/**
 * The headline figures over all drafts from the running totals per draft status
 * (db/migrations/2026-12-05T00-00-summary-totals.ts): a few rows, whatever the number
 * of drafts. Drafts consulted are those with a report sent, less those whose deadline
 * is still to come (read through the drafts' status and deadline index: a few at most).
 */
async function getAllDraftsSummary(db: Db, today: string): Promise<TrackerSummary> {
  const [row, notYet] = await Promise.all([
    db
      .selectFrom("tracker_status_totals as s")
      .where("s.status", "!=", "draft")
      .select([
        total(sql`CASE WHEN s.status <> 'withdrawn' THEN s.reported END`).as("reported"),
        total(sql`CASE WHEN s.status = 'enacted' THEN s.drafts END`).as("enacted"),
        ...ownSums("s"),
        ...enactedSums("s", sql`s.status = 'enacted'`),
      ])
      .executeTakeFirstOrThrow(),
    db
      .selectFrom("drafts as d")
      .where("d.status", "in", CONSULTABLE)
      .where("d.deadline", ">=", today)
      .where(hasSentReport)
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow(),
  ]);
  return toSummary({ ...row, consulted: Number(row.reported) - Number(notYet.n) });
}

/**
 * "Feedback given" over the drafts the filters select: the forwarded opinions of
 * enacted drafts (only they have outcomes to tell), and how many of their residents
 * were told, in all (each opinion once) and by each channel.
 */
export async function getFeedbackSummary(db: Db, filters: DraftFilters): Promise<FeedbackSummary> {
  const row = await publicDrafts(db, filters)
    .where("d.status", "=", "enacted")
    .leftJoin("tracker_draft_totals as t", "t.draft_id", "d.id")
    .leftJoin("tracker_draft_feedback as f", "f.draft_id", "d.id")
    .select([total("t.forwarded").as("forwarded"), total("f.told").as("told"), total("f.sms").as("sms"), total("f.in_person").as("in_person"), total("f.lookup").as("lookup")])
    .executeTakeFirstOrThrow();
  return feedbackSummary({
    forwarded: Number(row.forwarded), told: Number(row.told), sms: Number(row.sms), inPerson: Number(row.in_person), lookup: Number(row.lookup),
  });
}

/** Collected, forwarded and adopted per month, each counted in the month it happened. */
export async function listMonthlyCounts(db: Db, filters: DraftFilters = {}) {
  const rows = isFiltered(filters)
    ? await db
        .selectFrom("tracker_draft_months as m")
        .select(["m.month", ...ownSums("m")])
        .where("m.draft_id", "in", publicDrafts(db, filters).select("d.id"))
        .groupBy("m.month")
        .orderBy("m.month")
        .execute()
    : await db.selectFrom("tracker_month_totals").selectAll().orderBy("month").execute();
  return rows.map((r) => ({ month: r.month, collected: Number(r.collected), forwarded: Number(r.forwarded), adopted: Number(r.adopted) }));
}

/** Counts per channel (征集方式) and per submitter category, each opinion once. */
export async function listFacetCounts(db: Db, filters: DraftFilters = {}) {
  const rows = isFiltered(filters)
    ? await db
        .selectFrom("tracker_facet_counts as f")
        .select(["f.facet", "f.value", ...ownSums("f")])
        .where("f.draft_id", "in", publicDrafts(db, filters).select("d.id"))
        .groupBy(["f.facet", "f.value"])
        .execute()
    : await db.selectFrom("tracker_facet_totals").selectAll().execute();
  return facetsFrom(rows);
}
