import { escapeFormula } from "./spreadsheet-cells";
import { adoptionRate, forwardedWording, isConsulted, publicText, roundRate, type PublicDraft } from "./tracker";
import { OUTCOMES, type Channel, type OpinionStatus, type Outcome, type SubmitterCategory } from "./vocabulary";

// The shape of the open data: the columns of opinions.csv and the HTTP caching
// rules of every open-data file. No name, phone or collector ever reaches a row.

/**
 * The headers of every open-data file: caches may keep a copy but must ask again each
 * time (the ETag makes asking cheap), and any site may read the files.
 */
export const OPEN_DATA_HEADERS = { "Cache-Control": "public, no-cache", "Access-Control-Allow-Origin": "*" } as const;

/** A strong ETag from the SHA-256 of a body. */
export async function etagOf(body: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(body));
  const hex = [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `"${hex.slice(0, 32)}"`;
}

/** Whether an If-None-Match header names the current ETag (weak comparison, as RFC 9110 asks for GET). */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, "");
  return ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || bare(tag) === bare(etag));
}

export const OPINION_CSV_COLUMNS = [
  "id", "draft_id", "draft_title", "requesting_body", "article_number", "street", "community", "grid_code",
  "contact_point_code", "channel", "submitter_category", "collected_on", "forwarded_on", "status", "outcome",
  "final_article_number", "draft_enacted_on", "merged_opinions", "opinion", "suggested_revision", "reason",
] as const;

/** The fields of each draft in drafts.json, in order. */
export const OPEN_DATA_DRAFT_FIELDS = [
  "id", "title", "titleEn", "kind", "requestingBody", "status", "receivedOn", "commentOpensOn", "deadline", "enactedOn", "consulted",
  "reportsSent", "lastReportSentOn", "opinionsCollected", "opinionsForwarded", "opinionsAdopted", "opinionsPartlyAdopted",
  "adoptionRate", "trackerPath",
] as const;

/** One draft as drafts.json publishes it: its dates and counts, and the adoption rate only once it is enacted. */
export function openDataDraft(d: PublicDraft, today: string) {
  const rate = d.status === "enacted" ? adoptionRate(d.counts.adopted, d.counts.forwarded) : null;
  return {
    id: d.id,
    title: d.title,
    titleEn: d.titleEn,
    kind: d.kind,
    requestingBody: d.requestingBody,
    status: d.status,
    receivedOn: d.receivedOn,
    commentOpensOn: d.commentOpensOn,
    deadline: d.deadline,
    enactedOn: d.enactedOn,
    consulted: isConsulted(d, today),
    reportsSent: d.sentReports,
    lastReportSentOn: d.lastSentOn,
    opinionsCollected: d.counts.collected,
    opinionsForwarded: d.counts.forwarded,
    opinionsAdopted: d.counts.adopted,
    opinionsPartlyAdopted: d.counts.partlyAdopted,
    adoptionRate: rate == null ? null : roundRate(rate),
    trackerPath: `/tracker/drafts/${d.id}`,
  } satisfies Record<(typeof OPEN_DATA_DRAFT_FIELDS)[number], unknown>;
}

/** The statuses a forwarded opinion can have: the values of the CSV's status column. */
export const FORWARDED_STATUSES = ["forwarded", ...OUTCOMES, "feedback_given"] as const satisfies readonly OpinionStatus[];

export type OpinionCsvSource = {
  id: number; draftId: number; draftTitle: string; requestingBody: string; articleNumber: number | null;
  street: string; community: string; gridCode: string; contactPointCode: string;
  channel: Channel; submitterCategory: SubmitterCategory; collectedOn: string; sentOn: string | null; status: OpinionStatus;
  outcome: Outcome | null; finalArticleNumber: number | null; enactedOn: string | null; mergedOpinions: number | null;
  opinion: string; suggestedRevision: string | null; reason: string | null;
  formalOpinion: string | null; formalRevision: string | null; formalReason: string | null;
  containsPersonalInfo: number;
};

/**
 * One forwarded opinion as a CSV record: the wording that went upward, or `withheld`
 * in its place when the collector flagged personal information; every text cell
 * escaped so that a spreadsheet shows it rather than runs it.
 */
export function opinionCsvRecord(row: OpinionCsvSource, withheld: string): (string | number | null)[] {
  const wording = forwardedWording(row);
  const text = (value: string | null) => {
    if (value == null) return null;
    return publicText(value, row.containsPersonalInfo) == null ? withheld : escapeFormula(value);
  };
  const cell = (value: string | null) => (value == null ? null : escapeFormula(value));
  const record: Record<(typeof OPINION_CSV_COLUMNS)[number], string | number | null> = {
    id: row.id,
    draft_id: row.draftId,
    draft_title: cell(row.draftTitle),
    requesting_body: cell(row.requestingBody),
    article_number: row.articleNumber,
    street: cell(row.street),
    community: cell(row.community),
    grid_code: cell(row.gridCode),
    contact_point_code: cell(row.contactPointCode),
    channel: row.channel,
    submitter_category: row.submitterCategory,
    collected_on: row.collectedOn,
    forwarded_on: row.sentOn,
    status: row.status,
    outcome: row.outcome,
    final_article_number: row.finalArticleNumber,
    draft_enacted_on: row.enactedOn,
    merged_opinions: Number(row.mergedOpinions ?? 0),
    opinion: text(wording.opinion),
    suggested_revision: text(wording.revision),
    reason: text(wording.reason),
  };
  return OPINION_CSV_COLUMNS.map((c) => record[c]);
}
