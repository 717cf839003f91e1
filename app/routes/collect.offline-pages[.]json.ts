import type { LoaderFunctionArgs } from "@remix-run/node";
import { listOpenDraftsForContactPoint } from "~/models/drafts.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { requirePermission } from "~/utils/permissions.server";

/**
 * GET /collect/offline-pages.json — the pages the field app's service worker (public/sw.js)
 * keeps on the phone for this collector, refreshed whenever it is online: the form for every
 * draft open at their contact point (its articles, their grids and units, the channels and
 * categories are all in the page), the draft chooser and the outbox. None of them shows
 * another resident's name or phone.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "create", "opinion");
  const drafts = await listOpenDraftsForContactPoint(db, user.contactPointId ?? -1, todayInChina());
  const pages = ["/collect/new", "/collect/outbox", ...drafts.map((d) => `/collect/new?draft=${d.id}`)];
  return Response.json({ username: user.username, pages }, { headers: { "Cache-Control": "no-store" } });
}
