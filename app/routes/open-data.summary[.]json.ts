import type { LoaderFunctionArgs } from "@remix-run/node";
import { openDataSummary } from "~/domain/tracker";
import { etagMatches, etagOf, OPEN_DATA_CACHE_CONTROL } from "~/domain/tracker-open-data";
import { getTrackerSummary } from "~/models/tracker.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";

/** The tracker's headline figures: exactly draftsConsulted, opinionsForwarded, opinionsAdopted, opinionsPartlyAdopted, adoptionRate. */
export async function loader({ request }: LoaderFunctionArgs) {
  const summary = openDataSummary(await getTrackerSummary(db, {}, todayInChina()));
  const body = JSON.stringify(summary);
  const etag = await etagOf(body);
  const headers = {
    ETag: etag,
    "Cache-Control": OPEN_DATA_CACHE_CONTROL,
    "Access-Control-Allow-Origin": "*",
  };
  if (etagMatches(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  return new Response(body, { headers: { ...headers, "Content-Type": "application/json; charset=utf-8" } });
}
