import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { Pagination } from "~/components/consultations";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FollowUpBadge } from "~/components/outcome-badge";
import { daysWaiting } from "~/domain/consultations";
import { PAGE_SIZE, pageCount, parseListQuery } from "~/domain/consultations-filters";
import { listOutputsAwaitingFollowUp } from "~/models/consultations.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { chinaDay, formatDate } from "~/utils/format";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read", "consultation");
  const { t } = await getT(request);
  const { page } = parseListQuery(new URL(request.url).searchParams, { streets: [] });
  const today = todayInChina();
  const { rows, total } = await listOutputsAwaitingFollowUp(db, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return {
    title: t("consultations:office.followUps.title"),
    outputs: rows.map((o) => ({ ...o, days: daysWaiting(chinaDay(o.createdAt), today) })),
    total,
    page,
    pages: pageCount(total),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function FollowUps() {
  const { outputs, total, page, pages } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <>
      <p><Link to="/cppcc">{t("consultations:office.home.title")}</Link></p>
      <h1>{t("consultations:office.followUps.title")}</h1>
      <p>{t("consultations:office.followUps.lead")}</p>
      <p role="status">{t("consultations:office.home.awaitingCount", { count: total })}</p>
      {outputs.length ? (
        <div className="table-scroll" tabIndex={0}>
          <table aria-label={t("consultations:office.followUps.title")} className="consultation-table">
            <thead>
              <tr>
                <th scope="col">{t("consultations:fields.recordedOn")}</th>
                <th scope="col">{t("consultations:fields.title")}</th>
                <th scope="col">{t("consultations:fields.type")}</th>
                <th scope="col">{t("consultations:fields.session")}</th>
                <th scope="col">{t("consultations:fields.department")}</th>
                <th scope="col">{t("consultations:fields.followUpStatus")}</th>
                <th scope="col">{t("consultations:office.followUps.lastNote")}</th>
                <th scope="col" className="num">{t("consultations:office.followUps.days")}</th>
              </tr>
            </thead>
            <tbody>
              {outputs.map((o) => (
                <tr key={o.id}>
                  <td>{formatDate(o.createdAt, lng)}</td>
                  <th scope="row"><Link to={`/cppcc/outputs/${o.id}`}>{o.title}</Link></th>
                  <td>{t(`consultations:outputTypes.${o.type}`)}</td>
                  <td><Link to={`/cppcc/sessions/${o.consultationId}`}>{o.topic}</Link></td>
                  <td>{o.department}</td>
                  <td><FollowUpBadge status={o.followUpStatus} /></td>
                  <td>{o.lastNotedOn ? formatDate(o.lastNotedOn, lng) : "—"}</td>
                  <td className="num">{o.days}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t("consultations:office.followUps.none")}</p>
      )}
      <Pagination path="/cppcc/follow-ups" page={page} pages={pages} />
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
