import type { AppLoadContext } from "@remix-run/node";
import { fillMonths } from "~/domain/tracker";
import { trackerSearch, type DraftFilters } from "~/domain/tracker-query";
import { DATA_AREAS } from "~/domain/vocabulary";
import { getConsultationStats } from "~/models/consultations.server";
import {
  countActiveTrackerDrafts, countStreetsAndContactPoints, listContactPointCounts, listStreetCounts, listTrackerDrafts,
} from "~/models/tracker-lists.server";
import { getFeedbackSummary, getTrackerSummary, listFacetCounts, listFilterOptions, listMonthlyCounts } from "~/models/tracker-summary.server";
import { remembered } from "~/utils/data-memo.server";
import { db } from "~/utils/db.server";

// The tracker's figures over all drafts, kept in memory until the data they count
// changes (app/utils/data-memo.server.ts): each is a statement over thousands of rows.

/** How many drafts, streets and contact points the overview shows; the lists show them all. */
const OVERVIEW_ROWS = 10;

/** The years and requesting bodies to filter by, kept until a draft is published or changed. */
export function keptFilterOptions(context: AppLoadContext) {
  return remembered(context, "tracker filter options", ["drafts"], () => listFilterOptions(db));
}

/** Everything the tracker's overview shows for the drafts the filters select, on `today`. */
export function getTrackerOverview(context: AppLoadContext, filters: DraftFilters, today: string) {
  return remembered(context, `tracker overview ${today} ${trackerSearch(filters)}`, DATA_AREAS, async () => {
    const top = { order: "rank", limit: OVERVIEW_ROWS } as const;
    const [summary, feedback, drafts, activeDrafts, months, streets, contactPoints, places, facets, cppcc] = await Promise.all([
      getTrackerSummary(db, filters, today),
      getFeedbackSummary(db, filters),
      listTrackerDrafts(db, filters, { active: true, page: { limit: OVERVIEW_ROWS, offset: 0 } }),
      countActiveTrackerDrafts(db, filters),
      listMonthlyCounts(db, filters),
      listStreetCounts(db, filters, top),
      listContactPointCounts(db, filters, top, today),
      countStreetsAndContactPoints(db),
      listFacetCounts(db, filters),
      getConsultationStats(db),
    ]);
    return {
      summary,
      feedback,
      drafts: drafts.map((d) => ({ id: d.id, title: d.title, titleEn: d.titleEn, status: d.status, requestingBody: d.requestingBody, counts: d.counts })),
      activeDrafts,
      months: fillMonths(months),
      streets,
      contactPoints,
      places,
      facets,
      cppcc: cppcc.sessions > 0 ? cppcc : null,
    };
  });
}
