import type { LoaderFunctionArgs } from "@remix-run/node";
import { OPEN_DATA_HEADERS, openDataDraft } from "~/domain/tracker-open-data";
import { listTrackerDrafts } from "~/models/tracker-lists.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { jsonWithEtag } from "~/utils/http.server";

/** Every published draft with its dates and counts; the adoption rate only once a draft is enacted. */
export async function loader({ request }: LoaderFunctionArgs) {
  const today = todayInChina();
  const drafts = (await listTrackerDrafts(db)).map((d) => openDataDraft(d, today));
  return jsonWithEtag(request, drafts, OPEN_DATA_HEADERS);
}
