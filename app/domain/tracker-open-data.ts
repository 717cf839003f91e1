import { escapeSpreadsheetCell, forwardedWording, publicText } from "./tracker";

// The shape of the open data: the columns of opinions.csv and the HTTP caching
// rules of every open-data file. No name, phone or collector ever reaches a row.

/** Caches may keep a copy but must ask again each time; the ETag makes asking cheap. */
export const OPEN_DATA_CACHE_CONTROL = "public, no-cache";

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

export type OpinionCsvSource = {
  id: number; draft_id: number; draft_title: string; requesting_body: string; article_number: number | null;
  street: string; community: string; grid_code: string; contact_point_code: string;
  channel: string; submitter_category: string; collected_on: string; sent_on: string | null; status: string;
  outcome: string | null; final_article_number: number | null; enacted_on: string | null; merged_opinions: number | null;
  opinion: string; suggested_revision: string | null; reason: string | null;
  formal_opinion: string | null; formal_revision: string | null; formal_reason: string | null;
  contains_personal_info: number;
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
    return publicText(value, row.contains_personal_info) == null ? withheld : escapeSpreadsheetCell(value);
  };
  const cell = (value: string | null) => (value == null ? null : escapeSpreadsheetCell(value));
  const record: Record<(typeof OPINION_CSV_COLUMNS)[number], string | number | null> = {
    id: row.id,
    draft_id: row.draft_id,
    draft_title: cell(row.draft_title),
    requesting_body: cell(row.requesting_body),
    article_number: row.article_number,
    street: cell(row.street),
    community: cell(row.community),
    grid_code: cell(row.grid_code),
    contact_point_code: cell(row.contact_point_code),
    channel: row.channel,
    submitter_category: row.submitter_category,
    collected_on: row.collected_on,
    forwarded_on: row.sent_on,
    status: row.status,
    outcome: row.outcome,
    final_article_number: row.final_article_number,
    draft_enacted_on: row.enacted_on,
    merged_opinions: Number(row.merged_opinions ?? 0),
    opinion: text(wording.opinion),
    suggested_revision: text(wording.revision),
    reason: text(wording.reason),
  };
  return OPINION_CSV_COLUMNS.map((c) => record[c]);
}
