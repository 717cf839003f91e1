import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FollowUpBadge } from "~/components/outcome-badge";
import { daysWaiting } from "~/domain/consultations";
import { listConsultations, listOutputsAwaitingFollowUp } from "~/models/consultations.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { chinaDay, formatDate } from "~/utils/format";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

const AWAITING_SHOWN = 10;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read", "consultation");
  const { t } = await getT(request);
  const today = todayInChina();
  const [planned, held, awaiting] = await Promise.all([
    listConsultations(db, { filters: { status: "planned" }, audience: "office", order: "oldest", limit: 50 }),
    listConsultations(db, { filters: { status: "held" }, audience: "office", order: "oldest", limit: 50 }),
    listOutputsAwaitingFollowUp(db, { limit: AWAITING_SHOWN }),
  ]);
  return {
    title: t("consultations:office.home.title"),
    today,
    planned: planned.rows,
    held: held.rows,
    awaiting: awaiting.rows.map((o) => ({ ...o, days: daysWaiting(chinaDay(o.createdAt), today) })),
    awaitingTotal: awaiting.total,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function CppccHome() {
  const { today, planned, held, awaiting, awaitingTotal } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <>
      <h1>{t("consultations:office.home.title")}</h1>
      <p className="lead">{t("consultations:office.home.lead")}</p>
      <p className="consultation-actions">
        <Link to="/cppcc/sessions/new" className="button">{t("consultations:office.home.plan")}</Link>{" "}
        <Link to="/cppcc/sessions">{t("consultations:office.home.allSessions")}</Link>{" · "}
        <Link to="/cppcc/follow-ups">{t("consultations:office.followUps.title")}</Link>{" · "}
        <Link to="/consultations">{t("consultations:office.home.publicPages")}</Link>
      </p>

      <section aria-labelledby="upcoming">
        <h2 id="upcoming">{t("consultations:office.home.upcoming")}</h2>
        {planned.length ? (
          <ul className="cards">
            {planned.map((s) => (
              <li key={s.id} className="card">
                <h3><Link to={`/cppcc/sessions/${s.id}`}>{s.topic}</Link></h3>
                <p>
                  {formatDate(s.heldOn, lng)} · {t(`consultations:levels.${s.level}`)}
                  {s.heldOn < today ? <> <span className="badge warn">{t("consultations:office.home.toRecord")}</span></> : null}
                </p>
                <p className="muted">{s.venue}</p>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("consultations:office.home.noUpcoming")}</p>
        )}
      </section>

      <section aria-labelledby="to-close">
        <h2 id="to-close">{t("consultations:office.home.toClose")}</h2>
        {held.length ? (
          <ul>
            {held.map((s) => (
              <li key={s.id}>
                <Link to={`/cppcc/sessions/${s.id}`}>{s.topic}</Link>{" "}
                <span className="muted">{formatDate(s.heldOn, lng)} · {t("consultations:office.home.outputCount", { count: s.outputs })}</span>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t("consultations:office.home.noToClose")}</p>
        )}
      </section>

      <section aria-labelledby="awaiting">
        <h2 id="awaiting">{t("consultations:office.home.awaiting")}</h2>
        <p>{t("consultations:office.home.awaitingCount", { count: awaitingTotal })}</p>
        {awaiting.length ? (
          <div className="table-scroll" tabIndex={0}>
            <table aria-labelledby="awaiting" className="consultation-table">
              <thead>
                <tr>
                  <th scope="col">{t("consultations:fields.title")}</th>
                  <th scope="col">{t("consultations:fields.type")}</th>
                  <th scope="col">{t("consultations:fields.department")}</th>
                  <th scope="col">{t("consultations:fields.followUpStatus")}</th>
                  <th scope="col" className="num">{t("consultations:office.followUps.days")}</th>
                </tr>
              </thead>
              <tbody>
                {awaiting.map((o) => (
                  <tr key={o.id}>
                    <th scope="row"><Link to={`/cppcc/outputs/${o.id}`}>{o.title}</Link></th>
                    <td>{t(`consultations:outputTypes.${o.type}`)}</td>
                    <td>{o.department}</td>
                    <td><FollowUpBadge status={o.followUpStatus} /></td>
                    <td className="num">{o.days}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {awaitingTotal > awaiting.length ? (
          <p><Link to="/cppcc/follow-ups">{t("consultations:office.home.allAwaiting")}</Link></p>
        ) : null}
      </section>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
