import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { draftTitle } from "~/domain/draft-title";
import { listDraftOpinionCounts } from "~/models/opinions.server";
import { getStaffToDo } from "~/models/stats.server";
import { db } from "~/utils/db.server";
import { formatNumber } from "~/utils/format";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

// The congress office's desk: what waits for it, counted from the records, each with
// a link to the page where the work is done; then the way to every part of its work.

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "forward", "opinion");
  const { t } = await getT(request);
  const [todo, drafts] = await Promise.all([getStaffToDo(db), listDraftOpinionCounts(db)]);
  return { title: t("staff:home.title"), todo, drafts };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function StaffHome() {
  const { todo, drafts } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <>
      <h1>{t("staff:home.title")}</h1>
      <ToDo todo={todo} />
      <h2>{t("staff:home.sections")}</h2>
      <ul className="cards">
        <li className="card">
          <h3><Link to="/staff/drafts">{t("staff:home.drafts")}</Link></h3>
          <p>{t("staff:home.draftsLead")}</p>
        </li>
        <li className="card">
          <h3><Link to="/staff/reports">{t("staff:reportList.title")}</Link></h3>
          <p>{t("staff:home.reportsLead")}</p>
        </li>
        <li className="card">
          <h3><Link to="/staff/notifications">{t("staff:notifications.title")}</Link></h3>
          <p>{t("staff:home.notificationsLead")}</p>
        </li>
        <li className="card">
          <h3><Link to="/collect/feedback">{t("feedback:list.heading")}</Link></h3>
          <p>{t("staff:home.feedbackLead")}</p>
        </li>
      </ul>
      <h2>{t("staff:home.byDraft")}</h2>
      <div className="table-scroll" tabIndex={0}>
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

type ToDoData = ReturnType<typeof useLoaderData<typeof loader>>["todo"];

/** Each kind of waiting work with its count; every line links to where it is done. */
function ToDo({ todo }: { todo: ToDoData }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const n = (v: number) => formatNumber(v, lng);
  const screening = todo.screening.reduce((sum, d) => sum + d.collected + d.underReview, 0);
  const outcomes = todo.outcomesPending.reduce((sum, d) => sum + d.count, 0);
  const nothing = !screening && !todo.unsentReports.length && !outcomes && !todo.notTold && !todo.failedMessages;
  return (
    <section className="todo" aria-labelledby="todo-heading">
      <h2 id="todo-heading">{t("staff:home.todo.title")}</h2>
      {nothing ? <p>{t("staff:home.todo.none")}</p> : null}
      {screening ? (
        <section className="todo-group" aria-labelledby="todo-screening">
          <h3 id="todo-screening">{t("staff:home.todo.screening")} <span className="badge warn">{n(screening)}</span></h3>
          <ul className="plain-list">
            {todo.screening.map((d) => (
              <li key={d.draftId} data-testid="todo-screening">
                <Link to={`/staff/review/${d.draftId}`}>{draftTitle(d, lng)}</Link>{" "}
                <span className="muted">{t("staff:home.todo.screeningItem", { collected: n(d.collected), underReview: n(d.underReview) })}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {todo.unsentReports.length ? (
        <section className="todo-group" aria-labelledby="todo-reports">
          <h3 id="todo-reports">{t("staff:home.todo.unsentReports")} <span className="badge warn">{n(todo.unsentReports.length)}</span></h3>
          <ul className="plain-list">
            {todo.unsentReports.map((r) => (
              <li key={r.id}>
                <Link to={`/staff/reports/${r.id}`}>{r.title}</Link>{" "}
                <span className="muted">{draftTitle({ title: r.draftTitle, titleEn: r.draftTitleEn }, lng)} · {t("staff:home.todo.items", { count: r.items, n: n(r.items) })}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {outcomes ? (
        <section className="todo-group" aria-labelledby="todo-outcomes">
          <h3 id="todo-outcomes">{t("staff:home.todo.outcomes")} <span className="badge warn">{n(outcomes)}</span></h3>
          <ul className="plain-list">
            {todo.outcomesPending.map((d) => (
              <li key={d.draftId}>
                <Link to={`/staff/outcomes/${d.draftId}`}>{draftTitle(d, lng)}</Link>{" "}
                <span className="muted">{t("staff:home.todo.outcomesItem", { count: d.count, n: n(d.count) })}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      {todo.notTold || todo.failedMessages ? (
        <ul className="plain-list todo-group">
          {todo.notTold ? (
            <li><Link to="/collect/feedback">{t("staff:home.todo.notTold", { count: todo.notTold, n: n(todo.notTold) })}</Link></li>
          ) : null}
          {todo.failedMessages ? (
            <li><Link to="/staff/notifications?status=failed">{t("staff:home.todo.failed", { count: todo.failedMessages, n: n(todo.failedMessages) })}</Link></li>
          ) : null}
        </ul>
      ) : null}
    </section>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
