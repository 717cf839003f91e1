import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { OutcomeBadge } from "~/components/outcome-badge";
import { FacetTables, FeedbackFigure, rateText } from "~/components/tracker";
import { adoptionRate, forwardedWording, groupCoverage, publicText } from "~/domain/tracker";
import { draftTitle } from "~/domain/draft-title";
import { countDraftEvents } from "~/models/events.server";
import {
  getDraftFeedback, getTrackerDraft, listAdoptedOpinions, listArticleCounts, listDraftFacetCounts, listDraftGridCoverage, listSentReports,
} from "~/models/tracker-draft.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { formatDate, formatNumber } from "~/utils/format";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const id = idParam(params.id);
  const draft = await getTrackerDraft(db, id);
  if (!draft) notFound();
  const { t, lng } = await getT(request);
  const [reports, events, articles, adopted, facets, grids, feedback] = await Promise.all([
    listSentReports(db, draft.id),
    countDraftEvents(db, draft.id, todayInChina()),
    listArticleCounts(db, draft.id),
    listAdoptedOpinions(db, draft.id),
    listDraftFacetCounts(db, draft.id),
    listDraftGridCoverage(db, draft.id),
    getDraftFeedback(db, draft.id, draft.counts.forwarded),
  ]);
  const coverage = groupCoverage(grids);
  return {
    title: `${draftTitle(draft, lng)} · ${t("tracker:title")}`,
    today: todayInChina(),
    draft,
    rate: draft.status === "enacted" ? adoptionRate(draft.counts.adopted, draft.counts.forwarded) : null,
    feedback: draft.status === "enacted" ? feedback : null,
    reports,
    events,
    articles,
    adopted: adopted.map((o) => {
      const wording = forwardedWording(o);
      const personal = o.containsPersonalInfo;
      return {
        id: o.id,
        articleNumber: o.articleNumber,
        outcome: o.outcome,
        opinion: publicText(wording.opinion, personal),
        revision: publicText(wording.revision, personal),
        reason: publicText(wording.reason, personal),
        withheld: Boolean(personal),
        note: o.note,
        finalArticleNumber: o.finalArticleNumber,
        merged: Number(o.merged ?? 0),
      };
    }),
    facets,
    coverage: { total: coverage.total, covered: coverage.covered, gaps: coverage.gaps },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function TrackerDraft() {
  const { draft, rate, feedback, reports, events, articles, adopted, facets, coverage } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const n = (v: number) => formatNumber(v, lng);
  const date = (d: string) => formatDate(d, lng);
  const article = (number: number | null) => (number == null ? t("generalComment") : t("tracker:article", { number }));

  return (
    <article className="tracker-draft">
      <p><Link to="/tracker">{t("tracker:backToTracker")}</Link></p>
      <h1>{draftTitle(draft, lng)}</h1>
      <p className="muted">
        {draft.requestingBody} · {t(`draftStatus.${draft.status}`)} · <Link to={`/drafts/${draft.id}`}>{t("tracker:draft.textLink")}</Link>
      </p>

      <section aria-labelledby="draft-figures">
        <h2 id="draft-figures">{t("tracker:draft.figures")}</h2>
        <ul className="figures">
          <li className="figure"><span className="figure-value">{n(draft.counts.collected)}</span><span className="figure-label">{t("tracker:figures.collected")}</span></li>
          <li className="figure"><span className="figure-value">{n(draft.counts.forwarded)}</span><span className="figure-label">{t("tracker:figures.forwarded")}</span></li>
          <li className="figure"><span className="figure-value">{n(draft.counts.adopted)}</span><span className="figure-label">{t("tracker:figures.adopted")}</span></li>
          <li className="figure"><span className="figure-value">{n(draft.counts.partlyAdopted)}</span><span className="figure-label">{t("tracker:figures.partlyAdopted")}</span></li>
          <li className="figure">
            <span className="figure-value">{draft.status === "enacted" ? rateText(rate, lng) : "—"}</span>
            <span className="figure-label">{draft.status === "enacted" ? t("tracker:figures.rateDraft") : t("tracker:figures.rateAfterEnactment")}</span>
          </li>
          {feedback ? <FeedbackFigure feedback={feedback} /> : null}
          <li className="figure"><span className="figure-value">{n(events.events)}</span><span className="figure-label">{t("tracker:figures.events")}</span></li>
        </ul>
        {reports.length ? <p><Link to={`/tracker/drafts/${draft.id}/response`}>{t("feedback:response.link")}</Link></p> : null}
      </section>

      <section aria-labelledby="draft-timeline">
        <h2 id="draft-timeline">{t("tracker:draft.timeline")}</h2>
        <ol className="tracker-timeline">
          <li>
            <time dateTime={draft.receivedOn}>{date(draft.receivedOn)}</time>
            <span>{t("tracker:draft.received", { body: draft.requestingBody })}</span>
          </li>
          <li>
            <time dateTime={draft.commentOpensOn ?? draft.receivedOn}>{date(draft.commentOpensOn ?? draft.receivedOn)}</time>
            <span>{t("tracker:draft.commentPeriod", { from: date(draft.commentOpensOn ?? draft.receivedOn), to: date(draft.deadline) })}</span>
          </li>
          {events.events ? (
            <li className="tracker-timeline-note">
              <span>{t("tracker:draft.events", { count: events.events, participants: n(events.participants) })}</span>
            </li>
          ) : null}
          {reports.map((r) => (
            <li key={r.id}>
              <time dateTime={r.sentOn}>{date(r.sentOn)}</time>
              <span>{t("tracker:draft.reportSent", { recipient: r.recipient ?? "", count: r.opinions })}</span>
            </li>
          ))}
          {draft.enactedOn ? (
            <li>
              <time dateTime={draft.enactedOn}>{date(draft.enactedOn)}</time>
              <span>{t("tracker:draft.enacted")}</span>
            </li>
          ) : null}
        </ol>
      </section>

      <section aria-labelledby="draft-articles">
        <h2 id="draft-articles">{t("tracker:draft.articles")}</h2>
        {articles.length ? (
          <div className="table-scroll" tabIndex={0}>
            <table aria-labelledby="draft-articles">
              <thead>
                <tr>
                  <th scope="col">{t("tracker:columns.article")}</th>
                  <th scope="col" className="num">{t("tracker:series.collected")}</th>
                  <th scope="col" className="num">{t("tracker:series.forwarded")}</th>
                  <th scope="col" className="num">{t("tracker:series.adopted")}</th>
                  <th scope="col" className="num">{t("tracker:series.partlyAdopted")}</th>
                </tr>
              </thead>
              <tbody>
                {articles.map((a) => (
                  <tr key={a.key || "general"}>
                    <th scope="row">
                      {a.key ? article(a.number) : t("generalComment")}
                      {a.chapterTitle ? <span className="muted"> · {a.chapterTitle}</span> : null}
                      {a.dropped ? <span className="badge">{t("tracker:draft.dropped")}</span> : null}
                    </th>
                    <td className="num">{n(a.collected)}</td>
                    <td className="num">{n(a.forwarded)}</td>
                    <td className="num">{n(a.adopted)}</td>
                    <td className="num">{n(a.partlyAdopted)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t("tracker:draft.noOpinions")}</p>
        )}
      </section>

      <section aria-labelledby="draft-adopted">
        <h2 id="draft-adopted">{t("tracker:draft.adopted")}</h2>
        <p>{t("tracker:draft.adoptedLead")}</p>
        {adopted.length < draft.counts.adopted ? (
          <p className="muted">{t("tracker:draft.adoptedShown", { shown: n(adopted.length), total: n(draft.counts.adopted) })}</p>
        ) : null}
        {adopted.length ? (
          <ul className="record-list">
            {adopted.map((o) => (
              <li key={o.id} className="card">
                <p>
                  <OutcomeBadge outcome={o.outcome} />{" "}
                  <strong>{article(o.articleNumber)}</strong>
                </p>
                {o.withheld ? (
                  <p className="muted">{t("tracker:withheld")}</p>
                ) : (
                  <dl className="tracker-wording">
                    <dt>{t("tracker:wording.opinion")}</dt>
                    <dd>{o.opinion}</dd>
                    {o.revision ? (<><dt>{t("tracker:wording.revision")}</dt><dd>{o.revision}</dd></>) : null}
                    {o.reason ? (<><dt>{t("tracker:wording.reason")}</dt><dd>{o.reason}</dd></>) : null}
                  </dl>
                )}
                <dl className="tracker-wording">
                  {o.note ? (<><dt>{t("tracker:wording.note")}</dt><dd>{o.note}</dd></>) : null}
                  {o.finalArticleNumber != null ? (<><dt>{t("tracker:wording.finalArticle")}</dt><dd>{t("tracker:article", { number: o.finalArticleNumber })}</dd></>) : null}
                </dl>
                {o.merged ? <p className="muted">{t("tracker:draft.merged", { count: o.merged })}</p> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{draft.status === "enacted" ? t("tracker:draft.noneAdopted") : t("tracker:draft.notYetEnacted")}</p>
        )}
      </section>

      <section aria-labelledby="draft-coverage">
        <h2 id="draft-coverage">{t("tracker:coverage.heading")}</h2>
        <p>{t("tracker:coverage.summary", { covered: n(coverage.covered), total: n(coverage.total), gaps: n(coverage.gaps) })}</p>
        <p><Link to={`/tracker/drafts/${draft.id}/coverage`}>{t("tracker:coverage.link")}</Link></p>
      </section>

      <section aria-labelledby="draft-facets">
        <h2 id="draft-facets">{t("tracker:facets.heading")}</h2>
        <FacetTables idPrefix="draft" facets={facets} />
      </section>
    </article>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
