import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { BarChart, LineChart } from "~/components/charts";
import { ContactPointCountsTable, DraftCountsTable, FacetTables, FeedbackFigure, rateText, TrackerFilters } from "~/components/tracker";
import { adoptionRate, MONTH_ROWS_MAX, yearTotals } from "~/domain/tracker";
import { draftTitle } from "~/domain/draft-title";
import { isFiltered, parseTrackerQuery, trackerSearch } from "~/domain/tracker-query";
import { CONSULTATION_LEVELS, FOLLOW_UP_STATUSES, OUTPUT_TYPES } from "~/domain/vocabulary";
import { getTrackerOverview, keptFilterOptions } from "~/services/tracker.server";
import { todayInChina } from "~/utils/clock.server";
import { formatMonth, formatNumber, formatYear } from "~/utils/format";
import { getT } from "~/utils/i18n.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const { t } = await getT(request);
  const options = await keptFilterOptions(context);
  const { filters } = parseTrackerQuery(new URL(request.url).searchParams, options);
  const overview = await getTrackerOverview(context, filters, todayInChina());
  return { title: t("tracker:title"), options, filters, ...overview };
}

// Read-only figures and GET forms: the page is complete without the app's scripts, which a
// phone on a poor connection would otherwise download with the page's data (app/root.tsx).
export const handle = { hydrate: false };

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function Tracker() {
  const { options, filters, summary, feedback, drafts, activeDrafts, months, streets, contactPoints, places, facets, cppcc } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const n = (v: number) => formatNumber(v, lng);
  const filtered = isFiltered(filters);
  const search = trackerSearch(filters);
  const forwardedDrafts = drafts.filter((d) => d.counts.forwarded > 0);

  return (
    <>
      <h1>{t("tracker:title")}</h1>
      <p className="lead">{t("tracker:lead")}</p>

      <TrackerFilters options={options} filters={filters} />

      <section aria-labelledby="tracker-figures">
        <h2 id="tracker-figures">{filtered ? t("tracker:figures.titleFiltered") : t("tracker:figures.title")}</h2>
        <ul className="figures">
          <li className="figure">
            <span className="figure-value">{n(summary.draftsConsulted)}</span>
            <span className="figure-label">{t("tracker:figures.draftsConsulted")}</span>
          </li>
          <li className="figure">
            <span className="figure-value">{n(summary.counts.collected)}</span>
            <span className="figure-label">{t("tracker:figures.collected")}</span>
          </li>
          <li className="figure">
            <span className="figure-value">{n(summary.counts.forwarded)}</span>
            <span className="figure-label">{t("tracker:figures.forwarded")}</span>
          </li>
          <li className="figure">
            <span className="figure-value">{n(summary.counts.adopted)}</span>
            <span className="figure-label">{t("tracker:figures.adopted")}</span>
          </li>
          <li className="figure">
            <span className="figure-value">{n(summary.counts.partlyAdopted)}</span>
            <span className="figure-label">{t("tracker:figures.partlyAdopted")}</span>
          </li>
          <li className="figure">
            <span className="figure-value">{rateText(summary.adoptionRate, lng)}</span>
            <span className="figure-label">{t("tracker:figures.rate")}</span>
          </li>
          <li className="figure">
            <span className="figure-value">{rateText(summary.enacted.adoptionRate, lng)}</span>
            <span className="figure-label">{t("tracker:figures.rateEnacted", { count: summary.draftsEnacted })}</span>
          </li>
          <FeedbackFigure feedback={feedback} />
        </ul>
        <details className="tracker-method">
          <summary>{t("tracker:method.title")}</summary>
          <ul>
            <li>{t("tracker:method.consulted")}</li>
            <li>{t("tracker:method.collected")}</li>
            <li>{t("tracker:method.forwarded")}</li>
            <li>{t("tracker:method.adopted")}</li>
            <li>{t("tracker:method.rate")}</li>
            <li>{t("tracker:method.feedback")}</li>
            <li>{t("tracker:method.filters")}</li>
            <li>{t("tracker:method.credit")}</li>
          </ul>
        </details>
      </section>

      <section aria-labelledby="tracker-months">
        <h2 id="tracker-months">{t("tracker:charts.monthly.heading")}</h2>
        {months.length ? (
          <LineChart
            id="chart-months"
            title={t("tracker:charts.monthly.title")}
            description={t("tracker:charts.monthly.desc", {
              from: formatMonth(months[0].month, lng), to: formatMonth(months[months.length - 1].month, lng),
              collected: n(summary.counts.collected), forwarded: n(summary.counts.forwarded), adopted: n(summary.counts.adopted),
            })}
            categories={months.map((m) => m.month)}
            categoryLabel={(month, i) =>
              months.length <= 18 ? (i % 3 === 0 ? formatMonth(month, lng) : null) : month.endsWith("-01") || i === 0 ? month.slice(0, 4) : null
            }
            series={[
              { label: t("tracker:series.collected"), style: "primary", values: months.map((m) => m.collected) },
              { label: t("tracker:series.forwarded"), style: "secondary", values: months.map((m) => m.forwarded) },
              { label: t("tracker:series.adopted"), style: "tertiary", values: months.map((m) => m.adopted) },
            ]}
            table={
              months.length > MONTH_ROWS_MAX
                ? {
                    label: t("tracker:charts.monthly.byYear"),
                    head: [t("tracker:columns.year"), t("tracker:series.collected"), t("tracker:series.forwarded"), t("tracker:series.adopted")],
                    rows: yearTotals(months).map((y) => ({ key: y.year, header: formatYear(y.year, lng), cells: [n(y.collected), n(y.forwarded), n(y.adopted)] })),
                  }
                : {
                    head: [t("tracker:columns.month"), t("tracker:series.collected"), t("tracker:series.forwarded"), t("tracker:series.adopted")],
                    // Months with nothing in them are left out of the table; the chart shows them as zeros.
                    rows: months
                      .filter((m) => m.collected || m.forwarded || m.adopted)
                      .map((m) => ({ key: m.month, header: formatMonth(m.month, lng), cells: [n(m.collected), n(m.forwarded), n(m.adopted)] })),
                  }
            }
          />
        ) : (
          <p>{t("tracker:none")}</p>
        )}
      </section>

      <section aria-labelledby="tracker-drafts">
        <h2 id="tracker-drafts">{t("tracker:charts.byDraft.heading")}</h2>
        {forwardedDrafts.length ? (
          <BarChart
            id="chart-drafts"
            mode="stacked"
            title={t("tracker:charts.byDraft.title")}
            description={t("tracker:charts.byDraft.desc", { count: forwardedDrafts.length })}
            series={[
              { label: t("tracker:series.adoptedInFull"), style: "primary" },
              { label: t("tracker:series.partlyAdopted"), style: "secondary" },
              { label: t("tracker:series.notAdopted"), style: "tertiary" },
            ]}
            rows={forwardedDrafts.map((d) => ({
              key: String(d.id),
              label: draftTitle(d, lng),
              values: [d.counts.adopted - d.counts.partlyAdopted, d.counts.partlyAdopted, d.counts.forwarded - d.counts.adopted],
              note: `${n(d.counts.adopted)} / ${n(d.counts.forwarded)}`,
            }))}
            table={{
              head: [t("tracker:columns.draft"), t("tracker:series.forwarded"), t("tracker:series.adopted"), t("tracker:series.partlyAdopted"), t("tracker:columns.rate")],
              rows: forwardedDrafts.map((d) => ({
                key: String(d.id),
                header: <Link to={`/tracker/drafts/${d.id}`}>{draftTitle(d, lng)}</Link>,
                cells: [n(d.counts.forwarded), n(d.counts.adopted), n(d.counts.partlyAdopted), d.status === "enacted" ? rateText(adoptionRate(d.counts.adopted, d.counts.forwarded), lng) : t("tracker:notEnacted")],
              })),
            }}
          />
        ) : null}
        {drafts.length ? (
          <>
            <DraftCountsTable drafts={drafts} labelledBy="tracker-drafts" />
            <p className="muted">{t("tracker:lists.recentDrafts", { count: drafts.length })}</p>
            <p><Link to={`/tracker/drafts${search}`}>{t("tracker:lists.allDrafts", { count: activeDrafts, n: n(activeDrafts) })}</Link></p>
          </>
        ) : (
          <p>{t("tracker:none")}</p>
        )}
      </section>

      <section aria-labelledby="tracker-streets">
        <h2 id="tracker-streets">{t("tracker:charts.byStreet.heading")}</h2>
        <BarChart
          id="chart-streets"
          mode="grouped"
          title={t("tracker:charts.byStreet.title")}
          description={t("tracker:charts.byStreet.desc", {
            list: streets.map((s) => t("tracker:charts.byStreet.item", { name: s.name, forwarded: n(s.counts.forwarded), adopted: n(s.counts.adopted) })).join(t("tracker:listSeparator")),
          })}
          series={[
            { label: t("tracker:series.forwarded"), style: "tertiary" },
            { label: t("tracker:series.adoptedCredited"), style: "primary" },
          ]}
          rows={streets.map((s) => ({ key: String(s.id), label: s.name, values: [s.counts.forwarded, s.counts.adopted] }))}
          table={{
            head: [t("tracker:columns.street"), t("tracker:series.collected"), t("tracker:series.forwarded"), t("tracker:series.adoptedCredited"), t("tracker:series.partlyAdopted")],
            rows: streets.map((s) => ({
              key: String(s.id),
              header: s.name,
              cells: [n(s.counts.collected), n(s.counts.forwarded), n(s.counts.adopted), n(s.counts.partlyAdopted)],
            })),
          }}
        />
        <ul className="tracker-links">
          {streets.map((s) => (
            <li key={s.id}><Link to={`/tracker/places/${s.id}`}>{t("tracker:place.linkTo", { name: s.name })}</Link></li>
          ))}
        </ul>
        <p className="muted">{t("tracker:lists.mostActive", { count: streets.length })}</p>
        <p><Link to={`/tracker/places${search}`}>{t("tracker:lists.allStreets", { count: places.streets, n: n(places.streets) })}</Link></p>
        <p className="muted">{t("tracker:creditNote")}</p>
      </section>

      <section aria-labelledby="tracker-facets">
        <h2 id="tracker-facets">{t("tracker:facets.heading")}</h2>
        <FacetTables idPrefix="facet" facets={facets} />
      </section>

      <section aria-labelledby="tracker-points">
        <h2 id="tracker-points">{t("tracker:contactPoints.heading")}</h2>
        {contactPoints.length ? <ContactPointCountsTable points={contactPoints} labelledBy="tracker-points" /> : <p>{t("tracker:none")}</p>}
        <p className="muted">{t("tracker:lists.mostActive", { count: contactPoints.length })}</p>
        <p><Link to={`/tracker/contact-points${search}`}>{t("tracker:lists.allContactPoints", { count: places.contactPoints, n: n(places.contactPoints) })}</Link></p>
      </section>

      {cppcc ? (
        <section aria-labelledby="tracker-cppcc">
          <h2 id="tracker-cppcc">{t("tracker:cppcc.heading")}</h2>
          <p>{t("tracker:cppcc.lead")}</p>
          <div className="tracker-trio">
            <CountTable
              id="cppcc-levels" title={t("tracker:cppcc.byLevel")} head={t("tracker:cppcc.level")}
              rows={CONSULTATION_LEVELS.map((l) => ({ key: l, label: t(`tracker:cppcc.levels.${l}`), value: cppcc.byLevel[l] }))}
              total={cppcc.sessions}
            />
            <CountTable
              id="cppcc-types" title={t("tracker:cppcc.byType")} head={t("tracker:cppcc.type")}
              rows={OUTPUT_TYPES.map((type) => ({ key: type, label: t(`tracker:cppcc.outputTypes.${type}`), value: cppcc.outputsByType[type] }))}
              total={cppcc.outputs}
            />
            <CountTable
              id="cppcc-follow-up" title={t("tracker:cppcc.byFollowUp")} head={t("tracker:cppcc.followUp")}
              rows={FOLLOW_UP_STATUSES.map((s) => ({ key: s, label: t(`tracker:cppcc.followUpStatuses.${s}`), value: cppcc.followUpByStatus[s] }))}
              total={cppcc.outputs}
            />
          </div>
          <p><Link to="/consultations">{t("tracker:cppcc.link")}</Link></p>
        </section>
      ) : null}

      <section aria-labelledby="tracker-receipt">
        <h2 id="tracker-receipt">{t("tracker:receipt.heading")}</h2>
        <p>{t("tracker:receipt.lead")}</p>
        <Form method="get" action="/tracker/receipt" className="inline-form">
          <label htmlFor="receipt-code">{t("tracker:receipt.label")}</label>
          <input id="receipt-code" name="code" type="text" autoComplete="off" maxLength={20} />
          <button type="submit" className="primary">{t("tracker:receipt.submit")}</button>
        </Form>
      </section>

      <p><Link to="/open-data">{t("tracker:openDataLink")}</Link></p>
    </>
  );
}

function CountTable({ id, title, head, rows, total }: { id: string; title: string; head: string; rows: { key: string; label: string; value: number }[]; total: number }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  return (
    <div>
      <h3 id={id}>{title}</h3>
      <table aria-labelledby={id}>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            <th scope="col" className="num">{t("tracker:columns.count")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}><th scope="row">{r.label}</th><td className="num">{n(r.value)}</td></tr>
          ))}
        </tbody>
        <tfoot>
          <tr><th scope="row">{t("tracker:columns.total")}</th><td className="num">{n(total)}</td></tr>
        </tfoot>
      </table>
    </div>
  );
}
