import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ConsultationList } from "~/components/consultations";
import { PUBLIC_SESSION_STATUSES } from "~/domain/consultations";
import { listQueryValues, PAGE_SIZE, pageCount, parseListQuery } from "~/domain/consultations-filters";
import { CONSULTATION_LEVELS, FOLLOW_UP_STATUSES, OUTPUT_TYPES } from "~/domain/vocabulary";
import { getConsultationStats, listConsultations, listConsultationYears } from "~/models/consultations.server";
import { listPlaces } from "~/models/places.server";
import { db } from "~/utils/db.server";
import { formatNumber } from "~/utils/format";
import { getT } from "~/utils/i18n.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getT(request);
  const streets = await listPlaces(db, "street");
  const query = parseListQuery(new URL(request.url).searchParams, { streets: streets.map((s) => s.id), statuses: PUBLIC_SESSION_STATUSES });
  const [list, years, stats] = await Promise.all([
    listConsultations(db, { filters: query, audience: "public", limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE }),
    listConsultationYears(db, { audience: "public" }),
    getConsultationStats(db),
  ]);
  return {
    title: t("consultations:public.title"),
    streets: streets.map((s) => ({ id: s.id, name: s.name })),
    years,
    stats,
    values: listQueryValues(query),
    page: query.page,
    pages: pageCount(list.total),
    total: list.total,
    sessions: list.rows,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

type Bar = { label: string; value: number };

/** A horizontal bar chart drawn on the server; the table next to it carries the same figures. */
function BarChart({ id, title, bars }: { id: string; title: string; bars: Bar[] }) {
  const { i18n } = useTranslation();
  const max = Math.max(1, ...bars.map((b) => b.value));
  const row = 30;
  const labelWidth = 190;
  const barWidth = 300;
  const desc = bars.map((b) => `${b.label} ${formatNumber(b.value, i18n.language)}`).join("; ");
  return (
    <div className="chart-frame" tabIndex={0}>
      <svg
        className="consultation-chart" role="img" aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${labelWidth + barWidth + 60} ${bars.length * row}`} width={labelWidth + barWidth + 60} height={bars.length * row}
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{desc}</desc>
        {bars.map((b, i) => {
          const width = (b.value / max) * barWidth;
          return (
            <g key={b.label} transform={`translate(0 ${i * row})`}>
              <text x={labelWidth - 8} y={row / 2} textAnchor="end" dominantBaseline="middle">{b.label}</text>
              <rect x={labelWidth} y={5} width={width} height={row - 10} rx={2} />
              <text x={labelWidth + width + 6} y={row / 2} dominantBaseline="middle">{formatNumber(b.value, i18n.language)}</text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}

export default function Consultations() {
  const { streets, years, stats, values, page, pages, total, sessions } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const n = (value: number) => formatNumber(value, lng);
  const typeBars = OUTPUT_TYPES.map((type) => ({ label: t(`consultations:outputTypes.${type}`), value: stats.outputsByType[type] }));
  const followUpBars = FOLLOW_UP_STATUSES.map((s) => ({ label: t(`consultations:followUp.${s}`), value: stats.followUpByStatus[s] }));
  return (
    <>
      <h1>{t("consultations:public.title")}</h1>
      <p className="lead">{t("consultations:public.lead")}</p>

      <section aria-labelledby="consultation-figures">
        <h2 id="consultation-figures">{t("consultations:stats.title")}</h2>
        <ul className="figures">
          <li className="figure">
            <span className="figure-value">{n(stats.sessions)}</span>
            <span className="figure-label">{t("consultations:stats.sessions")}</span>
          </li>
          <li className="figure">
            <span className="figure-value">{n(stats.participants)}</span>
            <span className="figure-label">{t("consultations:stats.participants")}</span>
          </li>
          {OUTPUT_TYPES.map((type) => (
            <li className="figure" key={type}>
              <span className="figure-value">{n(stats.outputsByType[type])}</span>
              <span className="figure-label">{t(`consultations:outputTypesPlural.${type}`)}</span>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="consultation-list">
        <h2 id="consultation-list">{t("consultations:public.listTitle")}</h2>
        <ConsultationList
          path="/consultations" statuses={PUBLIC_SESSION_STATUSES} showStatus={false} labelledBy="consultation-list"
          streets={streets} years={years} values={values} page={page} pages={pages} total={total} sessions={sessions}
        />
      </section>

      <section aria-labelledby="consultation-stats">
        <h2 id="consultation-stats">{t("consultations:stats.detailTitle")}</h2>
        <h3 id="stats-by-year">{t("consultations:stats.byYearLevel")}</h3>
        <div className="table-scroll" tabIndex={0}>
          <table aria-labelledby="stats-by-year">
            <thead>
              <tr>
                <th scope="col">{t("consultations:fields.year")}</th>
                {CONSULTATION_LEVELS.map((l) => <th key={l} scope="col" className="num">{t(`consultations:levels.${l}`)}</th>)}
                <th scope="col" className="num">{t("consultations:stats.total")}</th>
              </tr>
            </thead>
            <tbody>
              {stats.byYear.map((y) => (
                <tr key={y.year}>
                  <th scope="row">{y.year}</th>
                  {CONSULTATION_LEVELS.map((l) => <td key={l} className="num">{n(y[l])}</td>)}
                  <td className="num">{n(y.total)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">{t("consultations:stats.total")}</th>
                {CONSULTATION_LEVELS.map((l) => <td key={l} className="num">{n(stats.byLevel[l])}</td>)}
                <td className="num">{n(stats.sessions)}</td>
              </tr>
            </tfoot>
          </table>
        </div>

        <div className="consultation-stat-pair">
          <div>
            <h3 id="stats-by-type">{t("consultations:stats.byType")}</h3>
            <BarChart id="chart-by-type" title={t("consultations:stats.byType")} bars={typeBars} />
            <table aria-labelledby="stats-by-type">
              <thead>
                <tr>
                  <th scope="col">{t("consultations:fields.type")}</th>
                  <th scope="col" className="num">{t("consultations:stats.count")}</th>
                </tr>
              </thead>
              <tbody>
                {typeBars.map((b) => (
                  <tr key={b.label}><th scope="row">{b.label}</th><td className="num">{n(b.value)}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
          <div>
            <h3 id="stats-by-follow-up">{t("consultations:stats.byFollowUp")}</h3>
            <BarChart id="chart-by-follow-up" title={t("consultations:stats.byFollowUp")} bars={followUpBars} />
            <table aria-labelledby="stats-by-follow-up">
              <thead>
                <tr>
                  <th scope="col">{t("consultations:fields.followUpStatus")}</th>
                  <th scope="col" className="num">{t("consultations:stats.count")}</th>
                </tr>
              </thead>
              <tbody>
                {followUpBars.map((b) => (
                  <tr key={b.label}><th scope="row">{b.label}</th><td className="num">{n(b.value)}</td></tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </section>
    </>
  );
}
