import { sql, type RawBuilder } from "kysely";
import type { Counts, PublicDraft, TrackerDraft } from "~/domain/tracker";
import type { DraftFilters } from "~/domain/tracker-query";
import type { Channel, DraftKind, SubmitterCategory, TrackerFacet } from "~/domain/vocabulary";
import type { Db } from "~/utils/db.server";

// The pieces of SQL the tracker's models share. Figures come from the aggregate
// tables the tracker migration keeps current with triggers, never from a scan of
// the opinions; only pages about one draft or one opinion read opinions, through
// their indexes. Unfiltered, figures come from the running totals over all drafts
// (every draft with opinions is published); filtered, from the per-draft aggregates
// of the drafts selected. Nothing in the tracker's models selects a resident's name
// or phone, or who collected an opinion.

/** Drafts the public may see (published: anything but an unpublished 'draft'), filtered. */
export function publicDrafts(db: Db, filters: DraftFilters = {}) {
  let query = db.selectFrom("drafts as d").where("d.status", "!=", "draft");
  if (filters.year) query = query.where(sql<string>`substr(d.deadline, 1, 4)`, "=", filters.year);
  if (filters.requestingBody) query = query.where("d.requesting_body", "=", filters.requestingBody);
  return query;
}

export const total = (value: string | RawBuilder<unknown>) => sql<number>`coalesce(sum(${typeof value === "string" ? sql.ref(value) : value}), 0)`;

/** How many rows meet a condition (PostgreSQL cannot sum booleans as SQLite does). */
export const countWhere = (condition: RawBuilder<unknown>) => sql<number>`coalesce(sum(CASE WHEN ${condition} THEN 1 ELSE 0 END), 0)`;

/** The sums of a draft aggregate's own counts. */
export const ownSums = (alias: string) =>
  [
    total(`${alias}.collected`).as("collected"),
    total(`${alias}.forwarded`).as("forwarded"),
    total(`${alias}.adopted`).as("adopted"),
    total(`${alias}.partly_adopted`).as("partly_adopted"),
  ] as const;

/** The sums of a place aggregate: own counts and those credited through merged opinions. */
export const placeSums = (alias: string) =>
  [
    ...ownSums(alias),
    total(`${alias}.merged_forwarded`).as("merged_forwarded"),
    total(`${alias}.merged_adopted`).as("merged_adopted"),
    total(`${alias}.merged_partly_adopted`).as("merged_partly_adopted"),
  ] as const;

export const toCounts = (r: { collected: number | null; forwarded: number | null; adopted: number | null; partly_adopted: number | null }): Counts => ({
  collected: Number(r.collected ?? 0),
  forwarded: Number(r.forwarded ?? 0),
  adopted: Number(r.adopted ?? 0),
  partlyAdopted: Number(r.partly_adopted ?? 0),
});

// A draft's reports sent upward, for queries over `drafts as d`.
export const hasSentReport = sql<boolean>`EXISTS (SELECT 1 FROM reports r WHERE r.draft_id = d.id AND r.status = 'sent')`;
export const sentReportCount = sql<number>`(SELECT count(*) FROM reports r WHERE r.draft_id = d.id AND r.status = 'sent')`;
export const lastSentOn = sql<string | null>`(SELECT max(r.sent_on) FROM reports r WHERE r.draft_id = d.id AND r.status = 'sent')`;

// ---- A draft as the tracker shows it

type DraftColumns = {
  id: number; title: string; title_en: string | null; kind: DraftKind; requesting_body: string; status: TrackerDraft["status"];
  received_on: string; comment_opens_on: string | null; deadline: string; enacted_on: string | null;
};

export function toTrackerDraft(d: DraftColumns, sent: { reports: unknown; last: unknown }, counts: Counts): PublicDraft {
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

// ---- Channels and submitter categories

type FacetRow = { facet: TrackerFacet; value: string; collected: number; forwarded: number; adopted: number; partly_adopted: number };

/** Facet rows as the two breakdowns, each most collected first. */
export function facetsFrom(rows: FacetRow[]) {
  const pick = <T extends string>(facet: TrackerFacet) =>
    rows.filter((r) => r.facet === facet).map((r) => ({ value: r.value as T, ...toCounts(r) })).sort((a, b) => b.collected - a.collected);
  return { channels: pick<Channel>("channel"), submitterCategories: pick<SubmitterCategory>("submitter_category") };
}
