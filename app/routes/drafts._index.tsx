import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { daysUntil } from "~/domain/dates";
import { searchQuery } from "~/domain/fields";
import { listDrafts } from "~/models/drafts.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { getT } from "~/utils/i18n.server";

const PAGE_SIZE = 30;

const querySchema = z.object({
  q: searchQuery(200),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  const { t } = await getT(request);
  const url = new URL(request.url);
  const query = querySchema.parse({ q: url.searchParams.get("q") ?? "", page: url.searchParams.get("page") ?? 1 });
  const today = todayInChina();
  const { drafts, more, total } = await listDrafts(db, { q: query.q, limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE });
  return {
    title: t("drafts:list.title"),
    query,
    more,
    total,
    drafts: drafts.map((d) => ({ ...d, open: d.status === "open" && d.deadline >= today, daysLeft: daysUntil(d.deadline, today) })),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

type Row = ReturnType<typeof useLoaderData<typeof loader>>["drafts"][number];

function DraftCard({ draft }: { draft: Row }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const english = lng === "en" && draft.titleEn;
  return (
    <li className="card draft-card">
      <h3>
        <Link to={`/drafts/${draft.id}`} lang={english ? "en" : "zh-CN"}>{english ? draft.titleEn : draft.title}</Link>
      </h3>
      <p className="muted">
        {t(`drafts:kind.${draft.kind}`)} · <span lang="zh-CN">{draft.requestingBody}</span>
        {draft.reading ? <> · {t(`drafts:reading.${draft.reading}`)}</> : null}
      </p>
      <p>
        <span className={`badge status-${draft.status}`}>{t(`draftStatus.${draft.status}`)}</span>{" "}
        {draft.open ? (
          <>
            {t("drafts:list.deadline", { date: formatDate(draft.deadline, lng) })}{" "}
            <span className="badge warn">{draft.daysLeft === 0 ? t("drafts:list.lastDay") : t("drafts:list.daysLeft", { count: draft.daysLeft })}</span>
          </>
        ) : draft.enactedOn ? (
          t("drafts:list.enactedOn", { date: formatDate(draft.enactedOn, lng) })
        ) : (
          <>
            {draft.status === "open" ? <>{t("drafts:list.periodEnded")} · </> : null}
            {t("drafts:list.deadline", { date: formatDate(draft.deadline, lng) })}
          </>
        )}
      </p>
    </li>
  );
}

export default function Drafts() {
  const { query, drafts, more, total } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const open = drafts.filter((d) => d.open);
  const other = drafts.filter((d) => !d.open);
  const pageLink = (page: number) => `?${new URLSearchParams({ ...(query.q ? { q: query.q } : {}), page: String(page) })}`;
  return (
    <>
      <h1>{t("drafts:list.title")}</h1>
      <p className="lead">{t("drafts:list.lead")}</p>
      <Form method="get" role="search" className="search-form no-print">
        <label htmlFor="q">{t("drafts:list.searchLabel")}</label>
        <div className="search-row">
          <input id="q" name="q" type="search" defaultValue={query.q} maxLength={200} aria-describedby="q-hint" />
          <button type="submit" className="primary">{t("drafts:list.searchSubmit")}</button>
        </div>
        <p id="q-hint" className="hint">{t("drafts:list.searchHint")}</p>
        {query.q ? <p><Link to="/drafts">{t("drafts:list.clear")}</Link></p> : null}
      </Form>

      {query.q ? (
        <p role="status">{total ? t("drafts:list.results", { count: total }) : t("drafts:list.none")}</p>
      ) : null}

      {open.length ? (
        <section aria-labelledby="open-heading">
          <h2 id="open-heading">{t("drafts:list.openHeading")}</h2>
          <ul className="cards">
            {open.map((d) => <DraftCard key={d.id} draft={d} />)}
          </ul>
        </section>
      ) : null}
      {other.length ? (
        <section aria-labelledby="other-heading">
          <h2 id="other-heading">{t("drafts:list.otherHeading")}</h2>
          <ul className="cards">
            {other.map((d) => <DraftCard key={d.id} draft={d} />)}
          </ul>
        </section>
      ) : null}
      {!drafts.length && !query.q ? <p>{t("drafts:list.none")}</p> : null}

      {query.page > 1 || more ? (
        <nav aria-label={t("drafts:list.pages")} className="pager no-print">
          {query.page > 1 ? <Link to={pageLink(query.page - 1)} rel="prev">{t("drafts:list.previous")}</Link> : null}
          {more ? <Link to={pageLink(query.page + 1)} rel="next">{t("drafts:list.next")}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
