import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { draftTitle } from "~/domain/draft-title";
import { listDraftOpinionCounts } from "~/models/opinions.server";
import { db } from "~/utils/db.server";
import { formatNumber } from "~/utils/format";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "forward", "opinion");
  const { t } = await getT(request);
  return { title: t("staff:home.title"), drafts: await listDraftOpinionCounts(db) };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function StaffHome() {
  const { drafts } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <>
      <h1>{t("staff:home.title")}</h1>
      <ul className="cards">
        <li className="card">
          <h2><Link to="/staff/drafts">{t("staff:home.drafts")}</Link></h2>
          <p>{t("staff:home.draftsLead")}</p>
        </li>
        <li className="card">
          <h2><Link to="/staff/notifications">{t("staff:notifications.title")}</Link></h2>
          <p>{t("staff:home.notificationsLead")}</p>
        </li>
        <li className="card">
          <h2><Link to="/collect/feedback">{t("feedback:list.heading")}</Link></h2>
          <p>{t("staff:home.feedbackLead")}</p>
        </li>
      </ul>
      <h2>{t("staff:home.byDraft")}</h2>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t("staff:home.draft")}</th>
              <th scope="col">{t("staff:home.status")}</th>
              <th scope="col" className="num">{t("staff:home.collected")}</th>
              <th scope="col" className="num">{t("staff:home.underReview")}</th>
              <th scope="col" className="num">{t("staff:home.forwarded")}</th>
            </tr>
          </thead>
          <tbody>
            {drafts.map((d) => (
              <tr key={d.id}>
                <td><Link to={`/staff/review/${d.id}`}>{draftTitle(d, lng)}</Link></td>
                <td>{t(`draftStatus.${d.status}`)}</td>
                <td className="num">{formatNumber(d.collected, lng)}</td>
                <td className="num">{formatNumber(d.underReview, lng)}</td>
                <td className="num">{formatNumber(d.forwarded, lng)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
