import { Form, Link, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { Counts, PlaceCounts } from "~/domain/tracker";
import { draftTitle, rateText } from "~/domain/tracker-format";
import { formatNumber } from "~/utils/format";
import type { DraftStatus } from "../../db/schema";

// Pieces shared by the tracker's overview and its lists of drafts, streets and contact points.

export type Filters = { year?: string | null; requestingBody?: string | null };

/** The query string of a tracker address with these filters (and page). */
export function trackerSearch(filters: Filters, page?: number): string {
  const params = new URLSearchParams();
  if (filters.year) params.set("year", filters.year);
  if (filters.requestingBody) params.set("body", filters.requestingBody);
  if (page && page > 1) params.set("page", String(page));
  const search = params.toString();
  return search ? `?${search}` : "";
}

export function isFiltered(filters: Filters): boolean {
  return Boolean(filters.year || filters.requestingBody);
}

/** The year and requesting-body filters, submitted to the page they are on. */
export function TrackerFilters({ options, filters }: { options: { years: string[]; requestingBodies: string[] }; filters: Filters }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  return (
    <Form method="get" className="filters tracker-filters" aria-label={t("tracker:filters.label")}>
      <div className="field">
        <label htmlFor="year">{t("tracker:filters.year")}</label>
        <select id="year" name="year" defaultValue={filters.year ?? ""} aria-describedby="year-hint">
          <option value="">{t("tracker:filters.allYears")}</option>
          {options.years.map((y) => <option key={y} value={y}>{y}</option>)}
        </select>
        <p id="year-hint" className="hint">{t("tracker:filters.yearHint")}</p>
      </div>
      <div className="field">
        <label htmlFor="body">{t("tracker:filters.body")}</label>
        <select id="body" name="body" defaultValue={filters.requestingBody ?? ""}>
          <option value="">{t("tracker:filters.allBodies")}</option>
          {options.requestingBodies.map((b) => <option key={b} value={b}>{b}</option>)}
        </select>
      </div>
      <div className="inline-actions">
        <button type="submit" className="primary">{t("tracker:filters.apply")}</button>
        {isFiltered(filters) ? <Link to={pathname}>{t("tracker:filters.reset")}</Link> : null}
      </div>
    </Form>
  );
}

type DraftRow = { id: number; title: string; titleEn: string | null; status: DraftStatus; counts: Counts };

export function DraftCountsTable({ drafts, labelledBy }: { drafts: DraftRow[]; labelledBy: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const n = (v: number) => formatNumber(v, lng);
  return (
    <div className="table-scroll">
      <table aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col">{t("tracker:columns.draft")}</th>
            <th scope="col">{t("tracker:columns.status")}</th>
            <th scope="col" className="num">{t("tracker:series.collected")}</th>
            <th scope="col" className="num">{t("tracker:series.forwarded")}</th>
            <th scope="col" className="num">{t("tracker:series.adopted")}</th>
            <th scope="col" className="num">{t("tracker:series.partlyAdopted")}</th>
            <th scope="col" className="num">{t("tracker:columns.rate")}</th>
          </tr>
        </thead>
        <tbody>
          {drafts.map((d) => (
            <tr key={d.id}>
              <th scope="row"><Link to={`/tracker/drafts/${d.id}`}>{draftTitle(d, lng)}</Link></th>
              <td>{t(`draftStatus.${d.status}`)}</td>
              <td className="num">{n(d.counts.collected)}</td>
              <td className="num">{n(d.counts.forwarded)}</td>
              <td className="num">{n(d.counts.adopted)}</td>
              <td className="num">{n(d.counts.partlyAdopted)}</td>
              <td className="num">{d.status === "enacted" ? rateText(d.counts.forwarded ? d.counts.adopted / d.counts.forwarded : null, lng) : t("tracker:notEnacted")}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

type PlaceRow = { id: number; name: string; counts: PlaceCounts };

export function StreetCountsTable({ streets, labelledBy }: { streets: PlaceRow[]; labelledBy: string }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <div className="table-scroll">
      <table aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col">{t("tracker:columns.street")}</th>
            <th scope="col" className="num">{t("tracker:series.collected")}</th>
            <th scope="col" className="num">{t("tracker:series.forwarded")}</th>
            <th scope="col" className="num">{t("tracker:series.adoptedCredited")}</th>
            <th scope="col" className="num">{t("tracker:series.partlyAdopted")}</th>
          </tr>
        </thead>
        <tbody>
          {streets.map((s) => (
            <tr key={s.id}>
              <th scope="row"><Link to={`/tracker/places/${s.id}`}>{s.name}</Link></th>
              <td className="num">{n(s.counts.collected)}</td>
              <td className="num">{n(s.counts.forwarded)}</td>
              <td className="num">{n(s.counts.adopted)}</td>
              <td className="num">{n(s.counts.partlyAdopted)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ContactPointCountsTable({ points, labelledBy }: { points: (PlaceRow & { events: number })[]; labelledBy: string }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <div className="table-scroll">
      <table aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col">{t("tracker:columns.contactPoint")}</th>
            <th scope="col" className="num">{t("tracker:series.collected")}</th>
            <th scope="col" className="num">{t("tracker:series.forwarded")}</th>
            <th scope="col" className="num">{t("tracker:series.adoptedCredited")}</th>
            <th scope="col" className="num">{t("tracker:columns.events")}</th>
          </tr>
        </thead>
        <tbody>
          {points.map((p) => (
            <tr key={p.id}>
              <th scope="row"><Link to={`/tracker/contact-points/${p.id}`}>{p.name}</Link></th>
              <td className="num">{n(p.counts.collected)}</td>
              <td className="num">{n(p.counts.forwarded)}</td>
              <td className="num">{n(p.counts.adopted)}</td>
              <td className="num">{n(p.events)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
