import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Pager, pageCount } from "~/components/pager";
import { optionalId } from "~/domain/fields";
import { draftTitle } from "~/domain/draft-title";
import { countUpcomingEvents, listUpcomingEvents } from "~/models/events.server";
import { listPlaces } from "~/models/places.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { formatDate, formatNumber } from "~/utils/format";
import { getT } from "~/utils/i18n.server";

/** Events a page lists. */
const PAGE_SIZE = 20;

/** What a visitor may ask of the list; what cannot be read is ignored. */
const querySchema = z.object({
  street: optionalId.catch(null),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

/**
 * /events — the collection events (征集活动) still to come at every contact point:
 * when, where, in what form, at which point and on which draft; by street, in pages.
 */
export async function loader({ request }: LoaderFunctionArgs) {
  const { t, lng } = await getT(request);
  const url = new URL(request.url);
  const query = querySchema.parse({ street: url.searchParams.get("street") ?? "", page: url.searchParams.get("page") ?? "1" });
  const streets = await listPlaces(db, "street");
  const street = streets.find((s) => s.id === query.street) ?? null;
  const filters = { today: todayInChina(), ...(street ? { streetId: street.id } : {}) };
  const total = await countUpcomingEvents(db, filters);
  const pages = pageCount(total, PAGE_SIZE);
  const page = Math.min(query.page, pages);
  const events = await listUpcomingEvents(db, filters, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return {
    title: t("contactPoints:events.title"),
    streets: streets.map((s) => ({ id: s.id, name: s.name })),
    street: street?.id ?? null,
    total,
    page,
    pages,
    events: events.map((e) => {
      const title = draftTitle({ title: e.draftTitle, titleEn: e.draftTitleEn }, lng);
      return {
        id: e.id, title: e.title, kind: e.kind, heldOn: e.heldOn, venue: e.venue,
        contactPoint: { id: e.contactPointId, name: e.contactPointName, address: e.contactPointAddress },
        draft: { id: e.draftId, title, chinese: title === e.draftTitle },
      };
    }),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function UpcomingEvents() {
  const { streets, street, total, page, pages, events } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const textLang = lng === "zh-CN" ? undefined : "zh-CN";
  const href = (p: number) => `/events?${new URLSearchParams({ ...(street ? { street: String(street) } : {}), ...(p > 1 ? { page: String(p) } : {}) })}`;
  return (
    <>
      <h1>{t("contactPoints:events.title")}</h1>
      <p className="lead">{t("contactPoints:events.lead")}</p>
      <Form method="get" className="inline-form" role="search">
        <div className="field">
          <label htmlFor="street">{t("contactPoints:events.street")}</label>
          <select id="street" name="street" defaultValue={street ?? ""}>
            <option value="">{t("contactPoints:events.allStreets")}</option>
            {streets.map((s) => <option key={s.id} value={s.id} lang={textLang}>{s.name}</option>)}
          </select>
        </div>
        <button type="submit" className="secondary">{t("contactPoints:events.filter")}</button>
      </Form>
      <p role="status">{total ? t("contactPoints:events.count", { count: total, n: formatNumber(total, lng) }) : t("contactPoints:events.none")}</p>
      {events.length ? (
        <ol className="record-list event-cards">
          {events.map((e) => (
            <li key={e.id} className="card">
              <h2 lang={textLang}>{e.title}</h2>
              <dl className="facts">
                <dt>{t("contactPoints:events.date")}</dt>
                <dd>{formatDate(e.heldOn, lng)}</dd>
                <dt>{t("contactPoints:events.kind")}</dt>
                <dd>{t(`contactPoints:eventKinds.${e.kind}`)}</dd>
                <dt>{t("contactPoints:events.place")}</dt>
                <dd>
                  {e.venue ? <span lang={textLang}>{e.venue}</span>
                    : e.kind === "door_to_door" ? t("contactPoints:events.doorToDoor")
                    : e.contactPoint.address ? t("contactPoints:events.atPoint", { address: e.contactPoint.address })
                    : <span lang={textLang}>{e.contactPoint.name}</span>}
                </dd>
                <dt>{t("contactPoints:events.contactPoint")}</dt>
                <dd><Link to={`/tracker/contact-points/${e.contactPoint.id}`} lang={textLang}>{e.contactPoint.name}</Link></dd>
                <dt>{t("contactPoints:events.draft")}</dt>
                <dd><Link to={`/drafts/${e.draft.id}`} lang={e.draft.chinese ? textLang : undefined}>{e.draft.title}</Link></dd>
              </dl>
            </li>
          ))}
        </ol>
      ) : null}
      <Pager page={page} pages={pages} href={href} />
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
