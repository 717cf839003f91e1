import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { EventList, PointDetails } from "~/components/contact-points";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { PlaceDraftTable, PlaceFigures } from "~/components/tracker";
import { qrSvg } from "~/documents/qr-code.server";
import { mapLinks, positionOf } from "~/domain/contact-point-details";
import { draftTitle } from "~/domain/draft-title";
import { can } from "~/domain/permissions";
import { getContactPointDetails } from "~/models/contact-points.server";
import { listUpcomingEvents } from "~/models/events.server";
import { getTrackerContactPoint } from "~/models/tracker-places.server";
import { getOptionalUser } from "~/utils/auth.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { formatNumber } from "~/utils/format";
import { idParam, notFound, publicUrl } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";

/** The most upcoming events a point's page lists; the events page has them all. */
const UPCOMING_LIMIT = 20;

/**
 * A contact point's page: where and when to be heard there (address, opening hours,
 * the office's phone, map, QR code of this page for its notice board, upcoming events),
 * then its record: opinions, forwarded, adopted (with merged credit), events held.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = idParam(params.id);
  const today = todayInChina();
  const [found, details, upcoming, user] = await Promise.all([
    getTrackerContactPoint(db, id, todayInChina()),
    getContactPointDetails(db, id),
    listUpcomingEvents(db, { today, contactPointId: id }, { limit: UPCOMING_LIMIT, offset: 0 }),
    getOptionalUser(request),
  ]);
  if (!found || !details) notFound();
  const { t, lng } = await getT(request);
  const { point, grids, counts, drafts, events, participants } = found;
  const pageUrl = publicUrl(request, `/tracker/contact-points/${id}`);
  const position = positionOf(details);
  // Who may change these details sees the way to: the office, or the point's own liaison.
  const editable = user && can(user.role, "manage", "contact-point", "any")
    ? `/staff/contact-points/${id}`
    : user && can(user.role, "manage", "contact-point", "contact-point") && user.contactPointId === id ? "/collect/contact-point" : null;
  return {
    title: `${point.name} · ${t("tracker:title")}`,
    point: {
      id: point.id, code: point.code, name: point.name, kind: point.kind, host: point.hostOrganisation, active: Boolean(point.active),
      // The place it sits in: a community (with its street) or the district itself.
      place: point.placeLevel === "community" ? { id: point.placeId, name: point.placeName } : null,
      street: point.placeLevel === "community" && point.parentLevel === "street" ? { id: point.parentId!, name: point.parentName! } : null,
    },
    details: { address: details.address, openingHours: details.openingHours, phone: details.phone },
    map: position ? mapLinks(position, point.name) : null,
    pageUrl,
    qr: await qrSvg(pageUrl),
    upcoming: upcoming.map((e) => {
      const title = draftTitle({ title: e.draftTitle, titleEn: e.draftTitleEn }, lng);
      return { id: e.id, title: e.title, kind: e.kind, heldOn: e.heldOn, venue: e.venue, draft: { id: e.draftId, title, chinese: title === e.draftTitle } };
    }),
    editable,
    grids,
    counts,
    drafts,
    events,
    participants,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function TrackerContactPoint() {
  const { point, details, map, pageUrl, qr, upcoming, editable, grids, counts, drafts, events, participants } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const textLang = i18n.language === "zh-CN" ? undefined : "zh-CN";
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

      <section aria-labelledby="point-visit" className="point-visit">
        <h2 id="point-visit">{t("contactPoints:point.details")}</h2>
        <div className="point-visit-body">
          <div>
            <PointDetails point={details} textLang={textLang} />
            {map ? (
              <p>
                <span className="visually-hidden">{t("contactPoints:point.map")}: </span>
                <a href={map.amap} rel="noopener noreferrer">{t("contactPoints:point.amap")}</a>
                {" · "}
                <a href={map.osm} rel="noopener noreferrer">{t("contactPoints:point.osm")}</a>
              </p>
            ) : null}
            {editable ? <p className="no-print"><Link to={editable}>{t("contactPoints:point.edit")}</Link></p> : null}
          </div>
          <figure className="point-qr">
            <div className="qr" role="img" aria-label={t("contactPoints:point.qr")} dangerouslySetInnerHTML={{ __html: qr }} />
            <figcaption>{t("contactPoints:point.qrCaption")}<br /><span className="url">{pageUrl}</span></figcaption>
          </figure>
        </div>
        <h3>{t("contactPoints:point.upcoming")}</h3>
        {upcoming.length ? <EventList events={upcoming} textLang={textLang} /> : <p>{t("contactPoints:point.noUpcoming")}</p>}
        <p className="no-print"><Link to="/events">{t("contactPoints:draft.allEvents")}</Link></p>
      </section>

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
