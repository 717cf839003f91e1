import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PlaceCountsTable, PlaceDraftTable, PlaceFigures } from "~/components/tracker";
import { getTrackerPlace } from "~/models/tracker-places.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";

/** A street's or a community's record: its parts, opinions by draft, events, contact points. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = idParam(params.id);
  const found = await getTrackerPlace(db, id, todayInChina());
  if (!found) notFound();
  const { t } = await getT(request);
  const { place } = found;
  return {
    title: `${place.name} · ${t("tracker:title")}`,
    place: {
      id: place.id, code: place.code, name: place.name, level: place.level as "street" | "community",
      sampleName: Boolean(place.sampleName),
      street: place.level === "community" && place.parentId != null ? { id: place.parentId, name: place.parentName ?? "" } : null,
    },
    children: found.children,
    counts: found.counts,
    drafts: found.drafts,
    events: found.events,
    participants: found.participants,
    contactPoints: found.contactPoints,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function TrackerPlace() {
  const { place, children, counts, drafts, events, participants, contactPoints } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const childColumn = place.level === "street" ? t("tracker:columns.community") : t("tracker:columns.grid");
  return (
    <>
      <p>
        <Link to="/tracker">{t("tracker:backToTracker")}</Link>
        {place.street ? <> · <Link to={`/tracker/places/${place.street.id}`}>{place.street.name}</Link></> : null}
      </p>
      <h1>{place.name}</h1>
      <p className="muted">
        {t(`tracker:place.levels.${place.level}`)} · {t("tracker:place.code", { code: place.code })}
        {place.sampleName ? <> · {t("tracker:place.sampleName")}</> : null}
      </p>

      <PlaceFigures counts={counts} events={events} participants={participants} />

      <section aria-labelledby="place-children">
        <h2 id="place-children">{place.level === "street" ? t("tracker:place.communities") : t("tracker:place.grids")}</h2>
        <PlaceCountsTable
          places={children} labelledBy="place-children" head={childColumn}
          label={(c) => (
            <>
              {c.level === "community" ? <Link to={`/tracker/places/${c.id}`}>{c.name}</Link> : c.name}
              {c.level === "grid" ? <span className="muted"> ({c.code})</span> : null}
            </>
          )}
        />
        <p className="muted">{t("tracker:creditNote")}</p>
      </section>

      <section aria-labelledby="place-drafts">
        <h2 id="place-drafts">{t("tracker:place.byDraft")}</h2>
        <PlaceDraftTable labelledBy="place-drafts" drafts={drafts} />
      </section>

      <section aria-labelledby="place-points">
        <h2 id="place-points">{t("tracker:place.contactPoints")}</h2>
        {contactPoints.length ? (
          <ul className="tracker-links">
            {contactPoints.map((p) => <li key={p.id}><Link to={`/tracker/contact-points/${p.id}`}>{p.name}</Link></li>)}
          </ul>
        ) : (
          <p>{t("tracker:none")}</p>
        )}
      </section>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
