import { z } from "zod";

// The tracker's filters and page as its addresses carry them (?year=2022&body=…&page=2):
// read from the query parameters, and written back into links.

/** The tracker's filters select drafts: by the year their comment period ended and by who asked. */
export type DraftFilters = { year?: string | null; requestingBody?: string | null };

/** The values the filters may take: those of the published drafts. */
export type FilterOptions = { years: string[]; requestingBodies: string[] };

/** A slice of a list. */
export type Page = { limit: number; offset: number };

export const TRACKER_PAGE_SIZE = 50;

export function isFiltered(filters: DraftFilters): boolean {
  return Boolean(filters.year || filters.requestingBody);
}

const trackerQuerySchema = z.object({
  year: z.string().regex(/^\d{4}$/).optional().catch(undefined),
  body: z.string().max(200).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).optional().catch(undefined),
});

/** Query parameters, each name with all its values (URLSearchParams is one). */
export type QueryParams = { getAll(name: string): string[] };

/**
 * The tracker's filters and page from the query parameters. A value that matches no
 * option is ignored rather than refused, so a hand-edited address shows the unfiltered figures.
 */
export function parseTrackerQuery(params: QueryParams, options: FilterOptions) {
  // A parameter given twice is as unclear as one that matches nothing.
  const single = (name: string) => {
    const values = params.getAll(name);
    return values.length === 1 ? values[0] : undefined;
  };
  const query = trackerQuerySchema.parse({ year: single("year"), body: single("body"), page: single("page") });
  const filters: DraftFilters = {
    year: query.year && options.years.includes(query.year) ? query.year : null,
    requestingBody: query.body && options.requestingBodies.includes(query.body) ? query.body : null,
  };
  const page = query.page ?? 1;
  const pageRange: Page = { limit: TRACKER_PAGE_SIZE, offset: (page - 1) * TRACKER_PAGE_SIZE };
  return { filters, page, pageRange };
}

/** The query string of a tracker address with these filters (and page); empty when there are none. */
export function trackerSearch(filters: DraftFilters, page?: number): string {
  const params = new URLSearchParams();
  if (filters.year) params.set("year", filters.year);
  if (filters.requestingBody) params.set("body", filters.requestingBody);
  if (page && page > 1) params.set("page", String(page));
  const search = params.toString();
  return search ? `?${search}` : "";
}
