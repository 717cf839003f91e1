import type { LoaderFunctionArgs } from "@remix-run/node";
import { openDataSummary } from "~/domain/tracker";
import { OPEN_DATA_HEADERS } from "~/domain/tracker-open-data";
import { getTrackerSummary } from "~/models/tracker-summary.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { jsonWithEtag } from "~/utils/http.server";

/** The tracker's headline figures: exactly draftsConsulted, opinionsForwarded, opinionsAdopted, opinionsPartlyAdopted, adoptionRate. */
export async function loader({ request }: LoaderFunctionArgs) {
  const summary = openDataSummary(await getTrackerSummary(db, {}, todayInChina()));
  return jsonWithEtag(request, summary, OPEN_DATA_HEADERS);
}
