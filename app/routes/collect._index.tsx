import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { daysUntil } from "~/domain/dates";
import { draftTitle } from "~/domain/draft-title";
import { listOpenDraftsForContactPoint } from "~/models/drafts.server";
import { listRecentOpinions } from "~/models/opinions.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

// The informant's or liaison's home, on a phone in the field.
export async function loader({ request }: LoaderFunctionArgs) {
  // Collecting is the field roles' work: the permission to record opinions opens this page.
  const user = await requirePermission(request, "create", "opinion");
  const { t } = await getT(request);
  const today = todayInChina();
  const [drafts, recent] = await Promise.all([
    user.contactPointId ? listOpenDraftsForContactPoint(db, user.contactPointId, today) : [],
    listRecentOpinions(db, { scope: user.scope === "contact-point" ? "contact-point" : "own", userId: user.id, contactPointId: user.contactPointId }),
  ]);
  return {
    title: t("collect:home.title"),
    wholeContactPoint: user.scope === "contact-point",
    drafts: drafts.map((d) => ({ ...d, daysLeft: daysUntil(d.deadline, today) })),
    recent,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function CollectHome() {
  const { drafts, recent, wholeContactPoint } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <div className="page narrow">
      <h1>{t("collect:home.title")}</h1>
      <p>
        <Link to="/collect/new" className="button big">{t("collect:home.record")}</Link>
      </p>
      <ul className="inline-actions plain-links">
        {wholeContactPoint ? (
          <>
            <li><Link to="/collect/queue">{t("collect:queue.title")}</Link></li>
            <li><Link to="/collect/events">{t("collect:events.title")}</Link></li>
            <li><Link to="/collect/feedback">{t("feedback:list.heading")}</Link></li>
            <li><Link to="/collect/contact-point">{t("contactPoints:edit.ownTitle")}</Link></li>
          </>
        ) : null}
        <li><Link to="/collect/import">{t("collect:import.title")}</Link></li>
      </ul>
      <h2>{t("collect:home.openDrafts")}</h2>
      {drafts.length ? (
        <ul className="plain-list">
          {drafts.map((d) => (
            <li key={d.id}>
              <Link to={`/drafts/${d.id}`}>{draftTitle(d, lng)}</Link>{" "}
              <span className="badge warn">{t("collect:home.daysLeft", { count: d.daysLeft })}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("collect:home.noOpenDrafts")}</p>
      )}
      <h2>{wholeContactPoint ? t("collect:home.recentContactPoint") : t("collect:home.recent")}</h2>
      {recent.length ? (
        <ul className="record-list">
          {recent.map((o) => (
            <li key={o.id} className="card">
              <p className="record-meta">
                <Link to={`/collect/opinions/${o.id}`} className="receipt">{o.receiptCode}</Link> ·{" "}
                <span className={`badge${o.outcome === "adopted" || o.outcome === "partly_adopted" ? " ok" : ""}`}>
                  {o.outcome && o.status !== "merged" ? t(`outcome.${o.outcome}`) : t(`opinionStatus.${o.status}`)}
                </span>{" "}
                · {formatDate(o.collectedOn, lng)}
              </p>
              <p className="muted">
                {draftTitle({ title: o.draftTitle, titleEn: o.draftTitleEn }, lng)} · {o.articleNumber ? `${t("collect:home.article")} ${o.articleNumber}` : t("generalComment")}
              </p>
              <p>{o.opinion}</p>
              {o.outcome === "adopted" || o.outcome === "partly_adopted" ? <p className="notice">🎉 {t("collect:home.adopted")}</p> : null}
              {o.returnedComment && o.status === "collected" ? <p className="field-error">{t("collect:home.returned", { comment: o.returnedComment })}</p> : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>{t("collect:home.none")}</p>
      )}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
