import { sql, type RawBuilder } from "kysely";
import { z } from "zod";
import { placeCounts, summaryOf, type Counts, type TrackerDraft, type TrackerSummary } from "~/domain/tracker";
import type { Db } from "~/utils/db.server";
import type { Channel, DraftKind, OpinionStatus, Outcome, SubmitterCategory, TrackerFacet } from "~/domain/vocabulary";

// Reads for the public adoption tracker and the open data. Figures come from the
// aggregate tables the tracker migration keeps current with triggers, never from
// a scan of the opinions; only pages about one draft or one opinion read
// opinions, through their indexes. Nothing here selects a resident's name or
// phone, or who collected an opinion.

/** The tracker's filters select drafts: by the year their comment period ended and by who asked. */
export type DraftFilters = { year?: string | null; requestingBody?: string | null };

/** Drafts the public may see (published: anything but an unpublished 'draft'), filtered. */
function publicDrafts(db: Db, filters: DraftFilters = {}) {
  let query = db.selectFrom("drafts as d").where("d.status", "!=", "draft");
  if (filters.year) query = query.where(sql<string>`substr(d.deadline, 1, 4)`, "=", filters.year);
  if (filters.requestingBody) query = query.where("d.requesting_body", "=", filters.requestingBody);
  return query;
}

/**
 * Unfiltered, the figures come from the running totals over all drafts (every draft
 * with opinions is published); filtered, from the per-draft aggregates of the drafts selected.
 */
function isFiltered(filters: DraftFilters) {
  return Boolean(filters.year || filters.requestingBody);
}

const total = (value: string | RawBuilder<unknown>) => sql<number>`coalesce(sum(${typeof value === "string" ? sql.ref(value) : value}), 0)`;

const ownSums = (alias: string) =>
  [
    total(`${alias}.collected`).as("collected"),
    total(`${alias}.forwarded`).as("forwarded"),
    total(`${alias}.adopted`).as("adopted"),
    total(`${alias}.partly_adopted`).as("partly_adopted"),
  ] as const;

const toCounts = (r: { collected: number | null; forwarded: number | null; adopted: number | null; partly_adopted: number | null }): Counts => ({
  collected: Number(r.collected ?? 0),
  forwarded: Number(r.forwarded ?? 0),
  adopted: Number(r.adopted ?? 0),
  partlyAdopted: Number(r.partly_adopted ?? 0),
});

const placeSums = (alias: string) =>
  [
    ...ownSums(alias),
    total(`${alias}.merged_forwarded`).as("merged_forwarded"),
    total(`${alias}.merged_adopted`).as("merged_adopted"),
    total(`${alias}.merged_partly_adopted`).as("merged_partly_adopted"),
  ] as const;

// ---- Filters and paging

export const TRACKER_PAGE_SIZE = 50;

const querySchema = z.object({
  year: z.string().regex(/^\d{4}$/).optional().catch(undefined),
  body: z.string().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

export async function listFilterOptions(db: Db) {
  const [years, bodies] = await Promise.all([
    publicDrafts(db).select(sql<string>`substr(d.deadline, 1, 4)`.as("year")).distinct().orderBy("year", "desc").execute(),
    publicDrafts(db).select("d.requesting_body").distinct().orderBy("d.requesting_body").execute(),
  ]);
  return { years: years.map((y) => y.year), requestingBodies: bodies.map((b) => b.requesting_body) };
}

/**
 * The tracker's filters and page from an address. A value that matches no option
 * is ignored rather than refused, so a hand-edited address shows the unfiltered figures.
 */
export async function readTrackerQuery(db: Db, url: URL) {
  const options = await listFilterOptions(db);
  // A parameter given twice is as unclear as one that matches nothing.
  const single = (name: string) => {
    const values = url.searchParams.getAll(name);
    return values.length === 1 ? values[0] : undefined;
  };
  const query = querySchema.parse({ year: single("year"), body: single("body"), page: single("page") });
  const filters: DraftFilters = {
    year: query.year && options.years.includes(query.year) ? query.year : null,
    requestingBody: query.body && options.requestingBodies.includes(query.body) ? query.body : null,
  };
  const page = query.page ?? 1;
  return { options, filters, page, pageRange: { limit: TRACKER_PAGE_SIZE, offset: (page - 1) * TRACKER_PAGE_SIZE } };
}

// ---- Drafts and the headline figures

export type TrackerDraftRow = TrackerDraft & {
  id: number;
  title: string;
  titleEn: string | null;
  kind: DraftKind;
  requestingBody: string;
  receivedOn: string;
  commentOpensOn: string | null;
  enactedOn: string | null;
  lastSentOn: string | null;
};

type DraftColumns = {
  id: number; title: string; title_en: string | null; kind: DraftKind; requesting_body: string; status: TrackerDraft["status"];
  received_on: string; comment_opens_on: string | null; deadline: string; enacted_on: string | null;
};

function toTrackerDraft(d: DraftColumns, sent: { reports: unknown; last: unknown }, counts: Counts): TrackerDraftRow {
  return {
    id: d.id,
    title: d.title,
    titleEn: d.title_en,
    kind: d.kind,
    requestingBody: d.requesting_body,
    status: d.status,
    receivedOn: d.received_on,
    commentOpensOn: d.comment_opens_on,
    deadline: d.deadline,
    enactedOn: d.enacted_on,
    sentReports: Number(sent.reports ?? 0),
    lastSentOn: (sent.last as string | null) ?? null,
    counts,
  };
}

/** Paging for the tracker's lists. */
export type Page = { limit: number; offset: number };

// A draft's reports sent upward, for queries over `drafts as d`.
const hasSentReport = sql<boolean>`EXISTS (SELECT 1 FROM reports r WHERE r.draft_id = d.id AND r.status = 'sent')`;
const sentReportCount = sql<number>`(SELECT count(*) FROM reports r WHERE r.draft_id = d.id AND r.status = 'sent')`;
const lastSentOn = sql<string | null>`(SELECT max(r.sent_on) FROM reports r WHERE r.draft_id = d.id AND r.status = 'sent')`;

/**
 * Published drafts with their counts, most recent deadline first; with `active`,
 * only those that collected or forwarded something.
 */
function trackerDrafts(db: Db, filters: DraftFilters, { active = false } = {}) {
  let query = publicDrafts(db, filters).leftJoin("tracker_draft_totals as t", "t.draft_id", "d.id");
  if (active) query = query.where((eb) => eb.or([eb("t.collected", ">", 0), hasSentReport]));
  return query;
}

export async function listTrackerDrafts(db: Db, filters: DraftFilters = {}, { page, active }: { page?: Page; active?: boolean } = {}): Promise<TrackerDraftRow[]> {
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

/**
 * The headline figures (DOMAIN.md, "The public adoption tracker") in one statement
 * over the drafts' running totals.
 */
export async function getTrackerSummary(db: Db, filters: DraftFilters, today: string): Promise<TrackerSummary> {
  const enacted = sql`d.status = 'enacted'`;
  const row = await publicDrafts(db, filters)
    .leftJoin("tracker_draft_totals as t", "t.draft_id", "d.id")
    .select([
      // isConsulted in app/domain/tracker.ts, in SQL.
      total(sql`d.status <> 'withdrawn' AND d.deadline < ${today} AND ${hasSentReport}`).as("consulted"),
      total(enacted).as("enacted"),
      ...ownSums("t"),
      total(sql`CASE WHEN ${enacted} THEN t.collected END`).as("enacted_collected"),
      total(sql`CASE WHEN ${enacted} THEN t.forwarded END`).as("enacted_forwarded"),
      total(sql`CASE WHEN ${enacted} THEN t.adopted END`).as("enacted_adopted"),
      total(sql`CASE WHEN ${enacted} THEN t.partly_adopted END`).as("enacted_partly_adopted"),
    ])
    .executeTakeFirstOrThrow();
  return summaryOf({
    draftsConsulted: Number(row.consulted),
    draftsEnacted: Number(row.enacted),
    counts: toCounts(row),
    enacted: toCounts({
      collected: row.enacted_collected, forwarded: row.enacted_forwarded, adopted: row.enacted_adopted, partly_adopted: row.enacted_partly_adopted,
    }),
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

function facetsFrom(rows: { facet: TrackerFacet; value: string; collected: number; forwarded: number; adopted: number; partly_adopted: number }[]) {
  const pick = <T extends string>(facet: TrackerFacet) =>
    rows.filter((r) => r.facet === facet).map((r) => ({ value: r.value as T, ...toCounts(r) })).sort((a, b) => b.collected - a.collected);
  return { channels: pick<Channel>("channel"), submitterCategories: pick<SubmitterCategory>("submitter_category") };
}

// ---- Streets and contact points

/** Lists in code order, a page at a time; or the most active first (forwarded, then collected). */
export type PlaceOrder = { order: "code"; page: Page } | { order: "rank"; limit: number };

const placeMeasures = ["collected", "forwarded", "adopted", "partly_adopted", "merged_forwarded", "merged_adopted", "merged_partly_adopted"] as const;

type PlaceTotals = { [K in (typeof placeMeasures)[number]]: number };

/** Street figures as the derived table `t`: `street_id` with the place measures. */
function streetTotals(db: Db, filters: DraftFilters) {
  const source = isFiltered(filters)
    ? db
        .selectFrom("tracker_grid_counts as g")
        .innerJoin("places as grid", "grid.id", "g.grid_id")
        .innerJoin("places as community", "community.id", "grid.parent_id")
        .select(["community.parent_id as street_id", ...placeSums("g")])
        .where("g.draft_id", "in", publicDrafts(db, filters).select("d.id"))
        .groupBy("community.parent_id")
    : db.selectFrom("tracker_street_totals").selectAll();
  return sql<PlaceTotals & { street_id: number }>`(${source})`.as("t");
}

/** Contact point figures as the derived table `t`: `contact_point_id` with the place measures. */
function contactPointTotals(db: Db, filters: DraftFilters) {
  const source = isFiltered(filters)
    ? db
        .selectFrom("tracker_grid_counts as g")
        .select(["g.contact_point_id", ...placeSums("g")])
        .where("g.draft_id", "in", publicDrafts(db, filters).select("d.id"))
        .groupBy("g.contact_point_id")
    : db.selectFrom("tracker_contact_point_totals").selectAll();
  return sql<PlaceTotals & { contact_point_id: number }>`(${source})`.as("t");
}

const placeColumns = placeMeasures.map((m) => `t.${m}` as const);

/** Streets with their counts, grids credited for the opinions merged into forwarded ones. */
export async function listStreetCounts(db: Db, filters: DraftFilters, order: PlaceOrder) {
  const base = db.selectFrom("places as s").where("s.level", "=", "street").select(["s.id", "s.name", "s.code"]);
  const totals = streetTotals(db, filters);
  const rows = order.order === "rank"
    ? await base.innerJoin(totals, "t.street_id", "s.id").select(placeColumns)
        .where("t.collected", ">", 0)
        .orderBy("t.forwarded", "desc").orderBy("t.collected", "desc").orderBy("s.code").limit(order.limit).execute()
    : await base.leftJoin(totals, "t.street_id", "s.id").select(placeColumns)
        .orderBy("s.code").limit(order.page.limit).offset(order.page.offset).execute();
  return rows.map((r) => ({ id: r.id, name: r.name, code: r.code, counts: placeCounts(r) }));
}

/** Contact points with their counts and the collection events they held. */
export async function listContactPointCounts(db: Db, filters: DraftFilters, order: PlaceOrder) {
  const base = db
    .selectFrom("contact_points as cp")
    .select(["cp.id", "cp.code", "cp.name", "cp.kind"])
    .select((eb) => {
      let events = eb.selectFrom("collection_events as e").select((e) => e.fn.countAll<number>().as("n")).whereRef("e.contact_point_id", "=", "cp.id");
      if (isFiltered(filters)) events = events.where("e.draft_id", "in", publicDrafts(db, filters).select("d.id"));
      return events.as("events");
    });
  const totals = contactPointTotals(db, filters);
  const rows = order.order === "rank"
    ? await base.innerJoin(totals, "t.contact_point_id", "cp.id").select(placeColumns)
        .where("t.collected", ">", 0)
        .orderBy("t.forwarded", "desc").orderBy("t.collected", "desc").orderBy("cp.code").limit(order.limit).execute()
    : await base.leftJoin(totals, "t.contact_point_id", "cp.id").select(placeColumns)
        .orderBy("cp.code").limit(order.page.limit).offset(order.page.offset).execute();
  return rows.map((r) => ({ id: r.id, code: r.code, name: r.name, kind: r.kind, counts: placeCounts(r), events: Number(r.events ?? 0) }));
}

export async function countStreetsAndContactPoints(db: Db) {
  const [streets, contactPoints] = await Promise.all([
    db.selectFrom("places").select((eb) => eb.fn.countAll<number>().as("n")).where("level", "=", "street").executeTakeFirstOrThrow(),
    db.selectFrom("contact_points").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { streets: Number(streets.n), contactPoints: Number(contactPoints.n) };
}

// ---- One draft

export async function getTrackerDraft(db: Db, id: number): Promise<TrackerDraftRow | undefined> {
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
  return rows.map((r) => ({ ...r, sent_on: r.sent_on!, opinions: Number(r.opinions ?? 0) }));
}

export async function countDraftEvents(db: Db, draftId: number) {
  const row = await db
    .selectFrom("collection_events")
    .select((eb) => [eb.fn.countAll<number>().as("events"), eb.fn.sum<number>("participants").as("participants")])
    .where("draft_id", "=", draftId)
    .executeTakeFirstOrThrow();
  return { events: Number(row.events), participants: Number(row.participants ?? 0) };
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
  return db
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
export async function listDraftGridCoverage(db: Db, draftId: number) {
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

// ---- One contact point

export async function getTrackerContactPoint(db: Db, id: number) {
  const point = await db
    .selectFrom("contact_points as cp")
    .innerJoin("places as p", "p.id", "cp.place_id")
    .leftJoin("places as pp", "pp.id", "p.parent_id")
    .select([
      "cp.id", "cp.code", "cp.name", "cp.kind", "cp.host_organisation", "cp.active",
      "p.id as place_id", "p.name as place_name", "p.level as place_level", "pp.id as parent_id", "pp.name as parent_name", "pp.level as parent_level",
    ])
    .where("cp.id", "=", id)
    .executeTakeFirst();
  if (!point) return undefined;
  const [grids, totals, perDraft, events] = await Promise.all([
    db.selectFrom("contact_point_grids as cpg").innerJoin("places as g", "g.id", "cpg.grid_id")
      .select(["g.id", "g.code", "g.name"]).where("cpg.contact_point_id", "=", id).orderBy("g.code").execute(),
    db.selectFrom("tracker_grid_counts as g").select(placeSums("g")).where("g.contact_point_id", "=", id).executeTakeFirstOrThrow(),
    perDraftCounts(db, (q) => q.where("g.contact_point_id", "=", id)),
    db.selectFrom("collection_events")
      .select(["draft_id", (eb) => eb.fn.countAll<number>().as("events"), (eb) => eb.fn.sum<number>("participants").as("participants")])
      .where("contact_point_id", "=", id).groupBy("draft_id").execute(),
  ]);
  return { point, grids, counts: placeCounts(totals), ...withEvents(perDraft, events) };
}

type GridCountsQuery = ReturnType<typeof gridCountsForDrafts>;

function gridCountsForDrafts(db: Db) {
  return db
    .selectFrom("tracker_grid_counts as g")
    .innerJoin("drafts as d", "d.id", "g.draft_id")
    .where("d.status", "!=", "draft");
}

async function perDraftCounts(db: Db, scope: (q: GridCountsQuery) => GridCountsQuery) {
  const rows = await scope(gridCountsForDrafts(db))
    .select(["d.id", "d.title", "d.title_en", "d.status", "d.deadline", ...placeSums("g")])
    .groupBy("d.id")
    .orderBy("d.deadline", "desc")
    .execute();
  return rows
    .map((r) => ({ id: r.id, title: r.title, titleEn: r.title_en, status: r.status, deadline: r.deadline, counts: placeCounts(r) }))
    .filter((r) => r.counts.collected > 0);
}

function withEvents<T extends { id: number }>(drafts: T[], events: { draft_id: number; events: number; participants: number | null }[]) {
  const byDraft = new Map(events.map((e) => [e.draft_id, e]));
  return {
    drafts: drafts.map((d) => ({ ...d, events: Number(byDraft.get(d.id)?.events ?? 0) })),
    events: events.reduce((n, e) => n + Number(e.events), 0),
    participants: events.reduce((n, e) => n + Number(e.participants ?? 0), 0),
  };
}

// ---- One street or community

export async function getTrackerPlace(db: Db, id: number) {
  const place = await db
    .selectFrom("places as p")
    .leftJoin("places as pp", "pp.id", "p.parent_id")
    .select(["p.id", "p.code", "p.name", "p.level", "p.kind", "p.sample_name", "pp.id as parent_id", "pp.name as parent_name", "pp.level as parent_level"])
    .where("p.id", "=", id)
    .where("p.level", "in", ["street", "community"])
    .executeTakeFirst();
  if (!place) return undefined;
  // The grids under the place, and the communities a street is made of.
  const communityIds = place.level === "street"
    ? db.selectFrom("places").select("id").where("parent_id", "=", id).where("level", "=", "community")
    : db.selectFrom("places").select("id").where("id", "=", id);
  const gridIds = db.selectFrom("places").select("id").where("level", "=", "grid").where("parent_id", "in", communityIds);

  const childLevel = place.level === "street" ? "community" : "grid";
  const children = await db
    .selectFrom("places as child")
    .leftJoin(
      (eb) => {
        const base = eb
          .selectFrom("tracker_grid_counts as g")
          .innerJoin("places as grid", "grid.id", "g.grid_id")
          .where("g.grid_id", "in", gridIds);
        return place.level === "street"
          ? base.select(["grid.parent_id as child_id", ...placeSums("g")]).groupBy("grid.parent_id").as("t")
          : base.select(["grid.id as child_id", ...placeSums("g")]).groupBy("grid.id").as("t");
      },
      (join) => join.onRef("t.child_id", "=", "child.id"),
    )
    .select([
      "child.id", "child.code", "child.name", "child.level", "t.collected", "t.forwarded", "t.adopted", "t.partly_adopted",
      "t.merged_forwarded", "t.merged_adopted", "t.merged_partly_adopted",
    ])
    .where("child.parent_id", "=", id)
    .where("child.level", "=", childLevel)
    .orderBy("child.code")
    .execute();

  const [totals, perDraft, events, points] = await Promise.all([
    db.selectFrom("tracker_grid_counts as g").select(placeSums("g")).where("g.grid_id", "in", gridIds).executeTakeFirstOrThrow(),
    perDraftCounts(db, (q) => q.where("g.grid_id", "in", gridIds)),
    // An event counts where its grid is, or where its contact point is when it names no grid.
    db.selectFrom("collection_events as e")
      .leftJoin("places as eg", "eg.id", "e.grid_id")
      .innerJoin("contact_points as cp", "cp.id", "e.contact_point_id")
      .select(["e.draft_id", (eb) => eb.fn.countAll<number>().as("events"), (eb) => eb.fn.sum<number>("e.participants").as("participants")])
      .where((eb) =>
        eb.or([
          eb("e.grid_id", "in", gridIds),
          eb.and([eb("e.grid_id", "is", null), eb.or([eb("cp.place_id", "in", communityIds), eb("cp.place_id", "=", id)])]),
        ]),
      )
      .groupBy("e.draft_id")
      .execute(),
    db.selectFrom("contact_points as cp")
      .select(["cp.id", "cp.code", "cp.name", "cp.kind"])
      .where((eb) => eb.or([eb("cp.place_id", "in", communityIds), eb("cp.place_id", "=", id)]))
      .orderBy("cp.code")
      .execute(),
  ]);
  return {
    place,
    children: children.map((c) => ({ id: c.id, code: c.code, name: c.name, level: c.level, counts: placeCounts(c) })),
    counts: placeCounts(totals),
    contactPoints: points,
    ...withEvents(perDraft, events),
  };
}

// ---- One opinion, by its receipt code

export type ReceiptView = {
  receiptCode: string;
  draft: { id: number; title: string; titleEn: string | null };
  articleNumber: number | null;
  collectedOn: string;
  status: OpinionStatus;
  text: string | null;
  history: { status: OpinionStatus; on: string }[];
  notForwardedReason: string | null;
  merged: boolean;
  forwardedOn: string | null;
  outcome: { outcome: Outcome; note: string | null; finalArticleNumber: number | null } | null;
};

/**
 * What a resident may see of the opinion behind a receipt code: its draft, article,
 * status history (statuses and dates, not who changed them) and outcome. A merged
 * opinion shares the report and outcome of the one it was merged into.
 */
export async function findReceipt(db: Db, receiptCode: string): Promise<ReceiptView | null> {
  const o = await db
    .selectFrom("opinions as o")
    .innerJoin("drafts as d", "d.id", "o.draft_id")
    .leftJoin("articles as a", "a.id", "o.article_id")
    .select([
      "o.id", "o.receipt_code", "o.status", "o.opinion", "o.contains_personal_info", "o.collected_on", "o.not_forwarded_reason",
      "o.merged_into_id", "o.report_id", "d.id as draft_id", "d.title", "d.title_en", "a.number as article_number",
    ])
    .where("o.receipt_code", "=", receiptCode)
    .executeTakeFirst();
  if (!o) return null;
  const merged = o.report_id == null && o.merged_into_id != null && (o.status === "merged" || o.status === "feedback_given");
  const carrierId = merged ? o.merged_into_id! : o.id;
  const [history, carrier] = await Promise.all([
    db.selectFrom("opinion_status_history").select(["to_status", "changed_at"]).where("opinion_id", "=", o.id).orderBy("id").execute(),
    db
      .selectFrom("opinions as c")
      .leftJoin("reports as r", (join) => join.onRef("r.id", "=", "c.report_id").on("r.status", "=", "sent"))
      .leftJoin("opinion_outcomes as oc", "oc.opinion_id", "c.id")
      .select(["r.sent_on", "oc.outcome", "oc.note", "oc.final_article_number"])
      .where("c.id", "=", carrierId)
      .executeTakeFirst(),
  ]);
  return {
    receiptCode: o.receipt_code,
    draft: { id: o.draft_id, title: o.title, titleEn: o.title_en },
    articleNumber: o.article_number ?? null,
    collectedOn: o.collected_on,
    status: o.status,
    text: o.contains_personal_info ? null : o.opinion,
    history: history.map((h) => ({ status: h.to_status, on: h.changed_at })),
    notForwardedReason: o.status === "not_forwarded" ? o.not_forwarded_reason : null,
    merged,
    forwardedOn: carrier?.sent_on ?? null,
    outcome: carrier?.sent_on && carrier.outcome
      ? { outcome: carrier.outcome, note: carrier.note, finalArticleNumber: carrier.final_article_number }
      : null,
  };
}

// ---- Open data

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
export async function listForwardedOpinionsPage(db: Db, { afterId, limit }: { afterId: number; limit: number }) {
  return db
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
}

export type ForwardedOpinionRow = Awaited<ReturnType<typeof listForwardedOpinionsPage>>[number];
