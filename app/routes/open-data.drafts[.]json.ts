import type { LoaderFunctionArgs } from "@remix-run/node";
import { adoptionRate, isConsulted, roundRate } from "~/domain/tracker";
import { etagMatches, etagOf, OPEN_DATA_CACHE_CONTROL } from "~/domain/tracker-open-data";
import { listTrackerDrafts } from "~/models/tracker.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";

/** Every published draft with its dates and counts; the adoption rate only once a draft is enacted. */
export async function loader({ request }: LoaderFunctionArgs) {
  const today = todayInChina();
  const drafts = (await listTrackerDrafts(db)).map((d) => {
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
    };
  });
  const body = JSON.stringify(drafts);
  const etag = await etagOf(body);
  const headers = {
    ETag: etag,
    "Cache-Control": OPEN_DATA_CACHE_CONTROL,
    "Access-Control-Allow-Origin": "*",
  };
  if (etagMatches(request.headers.get("if-none-match"), etag)) return new Response(null, { status: 304, headers });
  return new Response(body, { headers: { ...headers, "Content-Type": "application/json; charset=utf-8" } });
}
