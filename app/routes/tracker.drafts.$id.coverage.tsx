import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CoverageMap } from "~/components/charts";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { groupCoverage, SHADE_THRESHOLDS } from "~/domain/tracker";
import { draftTitle } from "~/domain/draft-title";
import { getTrackerDraft, listDraftGridCoverage } from "~/models/tracker-draft.server";
import { db } from "~/utils/db.server";
import { formatNumber } from "~/utils/format";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";

/** Which grids gave opinions on a draft and which gave none (gaps), grouped by community and street. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = idParam(params.id);
  const draft = await getTrackerDraft(db, id);
  if (!draft) notFound();
  const { t, lng } = await getT(request);
  const coverage = groupCoverage(await listDraftGridCoverage(db, draft.id));
  return {
    title: `${t("tracker:coverage.title")} · ${draftTitle(draft, lng)}`,
    draft: { id: draft.id, title: draft.title, titleEn: draft.titleEn },
    coverage,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function DraftCoverage() {
  const { draft, coverage } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const n = (v: number) => formatNumber(v, lng);
  const [one, few, some, many] = SHADE_THRESHOLDS;
  const gapsByCommunity = coverage.streets.flatMap((s) =>
    s.communities.map((c) => ({ street: s.name, community: c.name, id: c.id, gaps: c.grids.filter((g) => g.collected === 0).length, total: c.grids.length })),
  );
  return (
    <>
      <p><Link to={`/tracker/drafts/${draft.id}`}>{t("tracker:coverage.back", { title: draftTitle(draft, lng) })}</Link></p>
      <h1>{t("tracker:coverage.title")}</h1>
      <p className="lead">{draftTitle(draft, lng)}</p>
      <p>{t("tracker:coverage.summary", { covered: n(coverage.covered), total: n(coverage.total), gaps: n(coverage.gaps) })}</p>

      {coverage.total ? (
        <CoverageMap
          id="coverage-map"
          title={t("tracker:coverage.mapTitle")}
          description={t("tracker:coverage.mapDesc", {
            covered: n(coverage.covered), total: n(coverage.total), gaps: n(coverage.gaps),
            list: gapsByCommunity.filter((c) => c.gaps).map((c) => t("tracker:coverage.gapItem", { community: c.community, gaps: c.gaps, total: c.total })).join(t("tracker:listSeparator")),
          })}
          streets={coverage.streets}
          legend={[
            t("tracker:coverage.legend.gap"),
            few - 1 === one ? t("tracker:coverage.legend.exactly", { count: one }) : t("tracker:coverage.legend.range", { from: one, to: few - 1 }),
            t("tracker:coverage.legend.range", { from: few, to: some - 1 }),
            t("tracker:coverage.legend.range", { from: some, to: many - 1 }),
            t("tracker:coverage.legend.atLeast", { count: many }),
          ]}
          gridLabel={(g) => (g.collected ? t("tracker:coverage.gridLabel", { name: g.name, count: g.collected }) : t("tracker:coverage.gridGap", { name: g.name }))}
          table={{
            head: [t("tracker:columns.community"), t("tracker:coverage.gridsWithOpinions"), t("tracker:coverage.gaps")],
            rows: gapsByCommunity.map((c) => ({ key: String(c.id), header: `${c.street} · ${c.community}`, cells: [n(c.total - c.gaps), n(c.gaps)] })),
          }}
        />
      ) : null}

      <section aria-labelledby="coverage-table">
        <h2 id="coverage-table">{t("tracker:coverage.tableTitle")}</h2>
        {coverage.streets.map((street) => (
          <div key={street.id}>
            <h3 id={`coverage-street-${street.id}`}>
              <Link to={`/tracker/places/${street.id}`}>{street.name}</Link>
            </h3>
            <div className="table-scroll" tabIndex={0}>
              <table aria-labelledby={`coverage-street-${street.id}`}>
                <thead>
                  <tr>
                    <th scope="col">{t("tracker:columns.community")}</th>
                    <th scope="col">{t("tracker:columns.grid")}</th>
                    <th scope="col">{t("tracker:columns.gridCode")}</th>
                    <th scope="col" className="num">{t("tracker:series.collected")}</th>
                    <th scope="col" className="num">{t("tracker:series.forwarded")}</th>
                    <th scope="col">{t("tracker:coverage.status")}</th>
                  </tr>
                </thead>
                <tbody>
                  {street.communities.flatMap((community) =>
                    community.grids.map((grid, i) => (
                      <tr key={grid.id} className={grid.collected ? undefined : "tracker-gap"}>
                        {i === 0 ? (
                          <th scope="rowgroup" rowSpan={community.grids.length}>
                            <Link to={`/tracker/places/${community.id}`}>{community.name}</Link>
                          </th>
                        ) : null}
                        <th scope="row">{grid.name}</th>
                        <td>{grid.code}</td>
                        <td className="num">{n(grid.collected)}</td>
                        <td className="num">{n(grid.forwarded)}</td>
                        <td>{grid.collected ? t("tracker:coverage.gaveOpinions") : <strong>{t("tracker:coverage.gap")}</strong>}</td>
                      </tr>
                    )),
                  )}
                </tbody>
              </table>
            </div>
          </div>
        ))}
      </section>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
