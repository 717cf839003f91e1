import { Form, Link, useLocation } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { adoptionRate, type Counts, type FeedbackSummary, type PlaceCounts } from "~/domain/tracker";
import { draftTitle } from "~/domain/draft-title";
import { isFiltered, trackerSearch, type DraftFilters, type FilterOptions } from "~/domain/tracker-query";
import { FEEDBACK_CHANNELS, type DraftStatus, type FeedbackChannel } from "~/domain/vocabulary";
import { formatNumber, formatPercent } from "~/utils/format";
import { Pager } from "./pager";

// Pieces shared by the tracker's overview and its lists of drafts, streets and contact points.

/** An adoption rate as a percentage; a dash when there is no rate (nothing forwarded). */
export function rateText(rate: number | null, lng: string): string {
  return rate == null || !Number.isFinite(rate) ? "—" : formatPercent(rate, lng);
}

/**
 * "Feedback given": the share of forwarded opinions (of enacted drafts) whose resident
 * was told, with the count by channel beneath.
 */
export function FeedbackFigure({ feedback }: { feedback: FeedbackSummary }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <li className="figure">
      <span className="figure-value">{rateText(feedback.share, lng)}</span>
      <span className="figure-label">{t("tracker:figures.feedback", { told: formatNumber(feedback.told, lng), forwarded: formatNumber(feedback.forwarded, lng) })}</span>
      <span className="figure-note">
        {FEEDBACK_CHANNELS.map((c) => t("tracker:figures.feedbackChannel", { channel: t(`feedback:channel.${c}`), n: formatNumber(feedback[CHANNEL_FIELD[c]], lng) })).join(t("feedback:listSeparator"))}
      </span>
    </li>
  );
}

const CHANNEL_FIELD = { sms: "sms", in_person: "inPerson", lookup: "lookup" } as const satisfies Record<FeedbackChannel, keyof FeedbackSummary>;

/** The year and requesting-body filters, submitted to the page they are on. */
export function TrackerFilters({ options, filters }: { options: FilterOptions; filters: DraftFilters }) {
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

/** The frame of the tracker's paged lists: the way back, the filters, the list, the pages. */
export function TrackerList({ title, summary, options, filters, page, pages, children }: {
  title: string;
  summary: string;
  options: FilterOptions;
  filters: DraftFilters;
  page: number;
  pages: number;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      <p><Link to={`/tracker${trackerSearch(filters)}`}>{t("tracker:backToTracker")}</Link></p>
      <h1 id="list-title">{title}</h1>
      <TrackerFilters options={options} filters={filters} />
      <p>{summary}</p>
      {children}
      <Pager page={page} pages={pages} href={(p) => trackerSearch(filters, p) || "?page=1"} />
    </>
  );
}

/** A table of things (drafts, places, contact points) with a column per figure. */
export function CountsTable<R extends { id: number | string }>({ labelledBy, head, rows, label, columns }: {
  labelledBy: string;
  head: string;
  rows: R[];
  label: (row: R) => ReactNode;
  columns: { head: string; cell: (row: R) => ReactNode; text?: boolean }[];
}) {
  return (
    <div className="table-scroll" tabIndex={0}>
      <table aria-labelledby={labelledBy}>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            {columns.map((c) => <th key={c.head} scope="col" className={c.text ? undefined : "num"}>{c.head}</th>)}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id}>
              <th scope="row">{label(row)}</th>
              {columns.map((c) => <td key={c.head} className={c.text ? undefined : "num"}>{c.cell(row)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The usual columns: collected, forwarded, adopted (with merged credit for places) and the rest as asked. */
function useCountColumns() {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const column = <R,>(head: string, value: (row: R) => number) => ({ head, cell: (row: R) => n(value(row)) });
  return {
    t,
    lng: i18n.language,
    collected: <R extends { counts: Counts }>() => column<R>(t("tracker:series.collected"), (r) => r.counts.collected),
    forwarded: <R extends { counts: Counts }>() => column<R>(t("tracker:series.forwarded"), (r) => r.counts.forwarded),
    adopted: <R extends { counts: Counts }>() => column<R>(t("tracker:series.adopted"), (r) => r.counts.adopted),
    adoptedCredited: <R extends { counts: Counts }>() => column<R>(t("tracker:series.adoptedCredited"), (r) => r.counts.adopted),
    partlyAdopted: <R extends { counts: Counts }>() => column<R>(t("tracker:series.partlyAdopted"), (r) => r.counts.partlyAdopted),
    events: <R extends { events: number }>() => column<R>(t("tracker:columns.events"), (r) => r.events),
  };
}

type DraftRow = { id: number; title: string; titleEn: string | null; status: DraftStatus; counts: Counts };

const draftLink = (d: DraftRow, lng: string) => <Link to={`/tracker/drafts/${d.id}`}>{draftTitle(d, lng)}</Link>;

export function DraftCountsTable({ drafts, labelledBy }: { drafts: DraftRow[]; labelledBy: string }) {
  const c = useCountColumns();
  const { t, lng } = c;
  return (
    <CountsTable
      labelledBy={labelledBy} head={t("tracker:columns.draft")} rows={drafts} label={(d) => draftLink(d, lng)}
      columns={[
        { head: t("tracker:columns.status"), cell: (d) => t(`draftStatus.${d.status}`), text: true },
        c.collected(), c.forwarded(), c.adopted(), c.partlyAdopted(),
        {
          head: t("tracker:columns.rate"),
          cell: (d) => (d.status === "enacted" ? rateText(adoptionRate(d.counts.adopted, d.counts.forwarded), lng) : t("tracker:notEnacted")),
        },
      ]}
    />
  );
}

/** A place's or contact point's figures per draft. */
export function PlaceDraftTable({ labelledBy, drafts }: { labelledBy: string; drafts: (DraftRow & { events: number })[] }) {
  const c = useCountColumns();
  if (!drafts.length) return <p>{c.t("tracker:none")}</p>;
  return (
    <CountsTable
      labelledBy={labelledBy} head={c.t("tracker:columns.draft")} rows={drafts} label={(d) => draftLink(d, c.lng)}
      columns={[c.collected(), c.forwarded(), c.adoptedCredited(), c.partlyAdopted(), c.events()]}
    />
  );
}

type PlaceRow = { id: number; name: string; counts: PlaceCounts };

/** Streets, villages and communities, or grids, with their figures. */
export function PlaceCountsTable<R extends PlaceRow>({ places, labelledBy, head, label }: {
  places: R[];
  labelledBy: string;
  head: string;
  label: (place: R) => ReactNode;
}) {
  const c = useCountColumns();
  return (
    <CountsTable
      labelledBy={labelledBy} head={head} rows={places} label={label}
      columns={[c.collected(), c.forwarded(), c.adoptedCredited(), c.partlyAdopted()]}
    />
  );
}

export function StreetCountsTable({ streets, labelledBy }: { streets: PlaceRow[]; labelledBy: string }) {
  const { t } = useTranslation();
  return (
    <PlaceCountsTable
      places={streets} labelledBy={labelledBy} head={t("tracker:columns.street")}
      label={(s) => <Link to={`/tracker/places/${s.id}`}>{s.name}</Link>}
    />
  );
}

export function ContactPointCountsTable({ points, labelledBy }: { points: (PlaceRow & { events: number })[]; labelledBy: string }) {
  const c = useCountColumns();
  return (
    <CountsTable
      labelledBy={labelledBy} head={c.t("tracker:columns.contactPoint")} rows={points}
      label={(p) => <Link to={`/tracker/contact-points/${p.id}`}>{p.name}</Link>}
      columns={[c.collected(), c.forwarded(), c.adoptedCredited(), c.events()]}
    />
  );
}

type FacetRow = Counts & { value: string };

/** Counts by channel (征集方式) and by who raised the opinions, side by side. */
export function FacetTables({ idPrefix, facets }: { idPrefix: string; facets: { channels: FacetRow[]; submitterCategories: FacetRow[] } }) {
  const c = useCountColumns();
  const { t } = c;
  const tables = [
    { id: `${idPrefix}-channel`, title: t("tracker:facets.channel"), rows: facets.channels.map((f) => ({ id: f.value, label: t(`channel.${f.value}`), counts: f })) },
    { id: `${idPrefix}-submitter`, title: t("tracker:facets.submitter"), rows: facets.submitterCategories.map((f) => ({ id: f.value, label: t(`submitter.${f.value}`), counts: f })) },
  ];
  return (
    <div className="tracker-pair">
      {tables.map(({ id, title, rows }) => (
        <div key={id}>
          <h3 id={id}>{title}</h3>
          <CountsTable labelledBy={id} head={title} rows={rows} label={(r) => r.label} columns={[c.collected(), c.forwarded(), c.adopted()]} />
        </div>
      ))}
    </div>
  );
}

/** The headline figures of a contact point or place page. */
export function PlaceFigures({ counts, events, participants }: { counts: PlaceCounts; events: number; participants: number }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const items: [number, string][] = [
    [counts.collected, t("tracker:figures.collected")],
    [counts.forwarded, t("tracker:figures.forwarded")],
    [counts.adopted, t("tracker:figures.adoptedCredited")],
    [counts.partlyAdopted, t("tracker:figures.partlyAdopted")],
    [counts.mergedForwarded, t("tracker:figures.mergedForwarded")],
    [events, t("tracker:figures.events")],
    [participants, t("tracker:figures.participants")],
  ];
  return (
    <section aria-labelledby="place-figures">
      <h2 id="place-figures">{t("tracker:place.figures")}</h2>
      <ul className="figures">
        {items.map(([value, label]) => (
          <li key={label} className="figure">
            <span className="figure-value">{n(value)}</span>
            <span className="figure-label">{label}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
