import { z } from "zod";
import { searchQuery } from "./fields";
import type { ConsultationLevel, ConsultationStatus } from "./vocabulary";
import { CONSULTATION_LEVELS, CONSULTATION_STATUSES } from "./vocabulary";

// The query string of the consultation lists and the export: what cannot be
// understood is dropped, so a hand-edited address shows an unfiltered list
// rather than an error.

export const PAGE_SIZE = 20;

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const querySchema = z.object({
  level: z.preprocess(blank, z.enum(CONSULTATION_LEVELS).optional()).catch(undefined),
  street: z.preprocess(blank, z.string().regex(/^\d{1,9}$/).transform(Number).optional()).catch(undefined),
  status: z.preprocess(blank, z.enum(CONSULTATION_STATUSES).optional()).catch(undefined),
  year: z.preprocess(blank, z.string().regex(/^\d{4}$/).optional()).catch(undefined),
  q: searchQuery(100).transform((v) => v || undefined),
  page: z.preprocess(blank, z.string().regex(/^\d{1,5}$/).transform(Number).optional()).catch(undefined),
});

export type ListQuery = {
  level?: ConsultationLevel;
  streetId?: number;
  status?: ConsultationStatus;
  year?: string;
  topic?: string;
  page: number;
};

/**
 * The filters of a list address. `streets` are the ids a street filter may name;
 * `statuses` those a status filter may (the public sees no planned sessions).
 */
export function parseListQuery(
  params: URLSearchParams,
  { streets, statuses = CONSULTATION_STATUSES }: { streets: readonly number[]; statuses?: readonly ConsultationStatus[] },
): ListQuery {
  const raw = querySchema.parse(Object.fromEntries(params));
  return {
    level: raw.level,
    streetId: raw.street !== undefined && streets.includes(raw.street) ? raw.street : undefined,
    status: raw.status && statuses.includes(raw.status) ? raw.status : undefined,
    year: raw.year,
    topic: raw.q,
    page: raw.page && raw.page >= 1 ? raw.page : 1,
  };
}

/** The query values to put back into the filter form and the paging links. */
export function listQueryValues(query: ListQuery): Record<string, string> {
  const values: Record<string, string> = {};
  if (query.level) values.level = query.level;
  if (query.streetId) values.street = String(query.streetId);
  if (query.status) values.status = query.status;
  if (query.year) values.year = query.year;
  if (query.topic) values.q = query.topic;
  return values;
}

/** `?…` for the list with the same filters on another page (or for the export). */
export function listSearch(values: Record<string, string>, page?: number): string {
  const params = new URLSearchParams(values);
  if (page && page > 1) params.set("page", String(page));
  const search = params.toString();
  return search ? `?${search}` : "";
}

export function pageCount(total: number, size = PAGE_SIZE): number {
  return Math.max(1, Math.ceil(total / size));
}
