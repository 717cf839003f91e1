import { sql, type SelectQueryBuilder } from "kysely";
import { placeCounts, type PublicDraft } from "~/domain/tracker";
import { isFiltered, type DraftFilters, type Page } from "~/domain/tracker-query";
import type { Db } from "~/utils/db.server";
import { camel } from "./rows.server";
import {
  hasSentReport, lastSentOn, placeSums, publicDrafts, sentReportCount, toCounts, toTrackerDraft,
} from "./tracker-sql.server";

// The tracker's lists of drafts, streets and contact points, each with its counts:
// the most active few for the overview, or every one a page at a time.

// ---- Drafts

/**
 * Published drafts with their counts, most recent deadline first; with `active`,
 * only those that collected or forwarded something.
 */
function trackerDrafts(db: Db, filters: DraftFilters, { active = false } = {}) {
  let query = publicDrafts(db, filters).leftJoin("tracker_draft_totals as t", "t.draft_id", "d.id");
  if (active) query = query.where((eb) => eb.or([eb("t.collected", ">", 0), hasSentReport]));
  return query;
}

export async function listTrackerDrafts(db: Db, filters: DraftFilters = {}, { page, active }: { page?: Page; active?: boolean } = {}): Promise<PublicDraft[]> {
  let query = trackerDrafts(db, filters, { active })
    .select([
      "d.id", "d.title", "d.title_en", "d.kind", "d.requesting_body", "d.status", "d.received_on", "d.comment_opens_on",
      "d.deadline", "d.enacted_on", "t.collected", "t.forwarded", "t.adopted", "t.partly_adopted",
    ])
    .select([sentReportCount.as("sent_reports"), lastSentOn.as("last_sent_on")])
    .orderBy("d.deadline", "desc")
    .orderBy("d.id", "desc");
  if (page) query = query.limit(page.limit).offset(page.offset);
  const rows = await query.execute();
  return rows.map((r) => toTrackerDraft(r, { reports: r.sent_reports, last: r.last_sent_on }, toCounts(r)));
}

/** How many drafts collected or forwarded something. */
export async function countActiveTrackerDrafts(db: Db, filters: DraftFilters = {}): Promise<number> {
  const row = await trackerDrafts(db, filters, { active: true }).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

// ---- Streets and contact points

/** Lists in code order, a page at a time; or the most active first (forwarded, then collected). */
export type PlaceOrder = { order: "code"; page: Page } | { order: "rank"; limit: number };

const placeMeasures = ["collected", "forwarded", "adopted", "partly_adopted", "merged_forwarded", "merged_adopted", "merged_partly_adopted"] as const;

/** A place's figures as the derived table `t` of a list: the place's `id` with the measures. */
type PlaceTotalsTable = { [K in (typeof placeMeasures)[number]]: number } & { id: number };

const placeColumns = placeMeasures.map((m) => `t.${m}` as const);

/** Street figures as the derived table `t`. */
function streetTotals(db: Db, filters: DraftFilters) {
  const source = isFiltered(filters)
    ? db
        .selectFrom("tracker_grid_counts as g")
        .innerJoin("places as grid", "grid.id", "g.grid_id")
        .innerJoin("places as community", "community.id", "grid.parent_id")
        .select(["community.parent_id as id", ...placeSums("g")])
        .where("g.draft_id", "in", publicDrafts(db, filters).select("d.id"))
        .groupBy("community.parent_id")
    : db.selectFrom("tracker_street_totals").select(["street_id as id", ...placeMeasures]);
  return sql<PlaceTotalsTable>`(${source})`.as("t");
}

/** Contact point figures as the derived table `t`. */
function contactPointTotals(db: Db, filters: DraftFilters) {
  const source = isFiltered(filters)
    ? db
        .selectFrom("tracker_grid_counts as g")
        .select(["g.contact_point_id as id", ...placeSums("g")])
        .where("g.draft_id", "in", publicDrafts(db, filters).select("d.id"))
        .groupBy("g.contact_point_id")
    : db.selectFrom("tracker_contact_point_totals").select(["contact_point_id as id", ...placeMeasures]);
  return sql<PlaceTotalsTable>`(${source})`.as("t");
}

/**
 * A list joined to its figures `t`, in the order asked for: the most active first
 * (places that collected nothing left out), or a page in the order of `code`.
 */
function inPlaceOrder<DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>, code: string, order: PlaceOrder) {
  return order.order === "rank"
    ? query
        .where(sql<boolean>`t.collected > 0`)
        .orderBy(sql.ref("t.forwarded"), "desc").orderBy(sql.ref("t.collected"), "desc").orderBy(sql.ref(code))
        .limit(order.limit)
    : query.orderBy(sql.ref(code)).limit(order.page.limit).offset(order.page.offset);
}

/** Streets with their counts, grids credited for the opinions merged into forwarded ones. */
export async function listStreetCounts(db: Db, filters: DraftFilters, order: PlaceOrder) {
  const rows = await db
    .selectFrom("places as s")
    .leftJoin(streetTotals(db, filters), "t.id", "s.id")
    .select(["s.id", "s.name", "s.code", ...placeColumns])
    .where("s.level", "=", "street")
    .$call((query) => inPlaceOrder(query, "s.code", order))
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, code: r.code, counts: placeCounts(camel(r)) }));
}

/** Contact points with their counts and the collection events they held by `today`. */
export async function listContactPointCounts(db: Db, filters: DraftFilters, order: PlaceOrder, today: string) {
  const rows = await db
    .selectFrom("contact_points as cp")
    .leftJoin(contactPointTotals(db, filters), "t.id", "cp.id")
    .select(["cp.id", "cp.code", "cp.name", "cp.kind", ...placeColumns])
    .select((eb) => {
      let events = eb.selectFrom("collection_events as e").select((e) => e.fn.countAll<number>().as("n")).whereRef("e.contact_point_id", "=", "cp.id").where("e.held_on", "<=", today);
      if (isFiltered(filters)) events = events.where("e.draft_id", "in", publicDrafts(db, filters).select("d.id"));
      return events.as("events");
    })
    .$call((query) => inPlaceOrder(query, "cp.code", order))
    .execute();
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, kind: r.kind, counts: placeCounts(camel(r)), events: Number(r.events ?? 0) }));
}

export async function countStreetsAndContactPoints(db: Db) {
  const [streets, contactPoints] = await Promise.all([
    db.selectFrom("places").select((eb) => eb.fn.countAll<number>().as("n")).where("level", "=", "street").executeTakeFirstOrThrow(),
    db.selectFrom("contact_points").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { streets: Number(streets.n), contactPoints: Number(contactPoints.n) };
}
