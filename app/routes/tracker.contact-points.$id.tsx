import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PlaceDraftTable, PlaceFigures } from "~/components/tracker";
import { getTrackerContactPoint } from "~/models/tracker-places.server";
import { db } from "~/utils/db.server";
import { formatNumber } from "~/utils/format";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";

/** A contact point's record: opinions, forwarded, adopted (with merged credit), events held. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = idParam(params.id);
  const found = await getTrackerContactPoint(db, id);
  if (!found) notFound();
  const { t } = await getT(request);
  const { point, grids, counts, drafts, events, participants } = found;
  return {
    title: `${point.name} · ${t("tracker:title")}`,
    point: {
      id: point.id, code: point.code, name: point.name, kind: point.kind, host: point.hostOrganisation, active: Boolean(point.active),
      // The place it sits in: a community (with its street) or the district itself.
      place: point.placeLevel === "community" ? { id: point.placeId, name: point.placeName } : null,
      street: point.placeLevel === "community" && point.parentLevel === "street" ? { id: point.parentId!, name: point.parentName! } : null,
    },
    grids,
    counts,
    drafts,
    events,
    participants,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function TrackerContactPoint() {
  const { point, grids, counts, drafts, events, participants } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <>
      <p><Link to="/tracker">{t("tracker:backToTracker")}</Link></p>
      <h1>{point.name}</h1>
      <dl className="tracker-facts">
        <div><dt>{t("tracker:contactPoint.kind")}</dt><dd>{t(`tracker:contactPoint.kinds.${point.kind}`)}</dd></div>
        <div><dt>{t("tracker:contactPoint.host")}</dt><dd>{point.host}</dd></div>
        <div>
          <dt>{t("tracker:contactPoint.place")}</dt>
          <dd>
            {point.street ? <><Link to={`/tracker/places/${point.street.id}`}>{point.street.name}</Link> · </> : null}
            {point.place ? <Link to={`/tracker/places/${point.place.id}`}>{point.place.name}</Link> : t("tracker:contactPoint.district")}
          </dd>
        </div>
        <div><dt>{t("tracker:contactPoint.code")}</dt><dd>{point.code}</dd></div>
      </dl>

      <PlaceFigures counts={counts} events={events} participants={participants} />

      <section aria-labelledby="point-drafts">
        <h2 id="point-drafts">{t("tracker:place.byDraft")}</h2>
        <PlaceDraftTable labelledBy="point-drafts" drafts={drafts} />
      </section>

      <section aria-labelledby="point-grids">
        <h2 id="point-grids">{t("tracker:contactPoint.grids", { count: grids.length })}</h2>
        <ul className="tracker-links">
          {grids.map((g) => <li key={g.id}>{g.name} <span className="muted">({g.code})</span></li>)}
        </ul>
        <p className="muted">{t("tracker:creditNote")}</p>
        <p className="muted">{t("tracker:place.eventsNote", { count: events, participants: n(participants) })}</p>
      </section>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
