import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { CONSULTATION_LEVELS, CONSULTATION_STATUSES } from "~/domain/consultations";
import { listQueryValues, listSearch, PAGE_SIZE, pageCount, parseListQuery } from "~/domain/consultations-filters";
import { listConsultations, listConsultationYears } from "~/models/consultations.server";
import { listPlaces } from "~/models/places.server";
import { db } from "~/utils/db.server";
import { formatDate, formatNumber } from "~/utils/format";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read", "consultation");
  const { t } = await getT(request);
  const streets = await listPlaces(db, "street");
  const query = parseListQuery(new URL(request.url).searchParams, { streets: streets.map((s) => s.id) });
  const [list, years] = await Promise.all([
    listConsultations(db, { filters: query, audience: "office", limit: PAGE_SIZE, offset: (query.page - 1) * PAGE_SIZE }),
    listConsultationYears(db, { audience: "office" }),
  ]);
  return {
    title: t("consultations:office.sessions.title"),
    streets: streets.map((s) => ({ id: s.id, name: s.name })),
    years,
    values: listQueryValues(query),
    page: query.page,
    pages: pageCount(list.total),
    total: list.total,
    sessions: list.rows,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function OfficeSessions() {
  const { streets, years, values, page, pages, total, sessions } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const filtered = Object.keys(values).length > 0;
  return (
    <>
      <p><Link to="/cppcc">{t("consultations:office.home.title")}</Link></p>
      <h1>{t("consultations:office.sessions.title")}</h1>
      <p className="consultation-actions">
        <Link to="/cppcc/sessions/new" className="button">{t("consultations:office.home.plan")}</Link>{" "}
        <a href={`/cppcc/sessions.xlsx${listSearch(values)}`} download>{t("consultations:office.sessions.export")}</a>
      </p>

      <Form method="get" className="consultation-filters" aria-label={t("consultations:filters.label")}>
        <div className="field">
          <label htmlFor="q">{t("consultations:filters.q")}</label>
          <input id="q" name="q" type="search" defaultValue={values.q ?? ""} maxLength={100} />
        </div>
        <div className="field">
          <label htmlFor="level">{t("consultations:fields.level")}</label>
          <select id="level" name="level" defaultValue={values.level ?? ""}>
            <option value="">{t("consultations:filters.all")}</option>
            {CONSULTATION_LEVELS.map((l) => <option key={l} value={l}>{t(`consultations:levels.${l}`)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="street">{t("consultations:fields.street")}</label>
          <select id="street" name="street" defaultValue={values.street ?? ""}>
            <option value="">{t("consultations:filters.all")}</option>
            {streets.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="status">{t("consultations:fields.status")}</label>
          <select id="status" name="status" defaultValue={values.status ?? ""}>
            <option value="">{t("consultations:filters.all")}</option>
            {CONSULTATION_STATUSES.map((s) => <option key={s} value={s}>{t(`consultations:statuses.${s}`)}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="year">{t("consultations:fields.year")}</label>
          <select id="year" name="year" defaultValue={values.year ?? ""}>
            <option value="">{t("consultations:filters.all")}</option>
            {years.map((y) => <option key={y} value={y}>{y}</option>)}
          </select>
        </div>
        <div className="consultation-filter-actions">
          <button type="submit" className="primary">{t("consultations:filters.apply")}</button>
          {filtered ? <Link to="/cppcc/sessions">{t("consultations:filters.reset")}</Link> : null}
        </div>
      </Form>

      <p role="status">{t("consultations:list.count", { count: total })}</p>
      {sessions.length ? (
        <div className="table-scroll">
          <table aria-label={t("consultations:office.sessions.title")} className="consultation-table">
            <thead>
              <tr>
                <th scope="col">{t("consultations:fields.heldOn")}</th>
                <th scope="col">{t("consultations:fields.topic")}</th>
                <th scope="col">{t("consultations:fields.level")}</th>
                <th scope="col">{t("consultations:fields.place")}</th>
                <th scope="col">{t("consultations:fields.status")}</th>
                <th scope="col" className="num">{t("consultations:fields.participants")}</th>
                <th scope="col" className="num">{t("consultations:fields.outputs")}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td>{formatDate(s.held_on, lng)}</td>
                  <th scope="row"><Link to={`/cppcc/sessions/${s.id}`}>{s.topic}</Link></th>
                  <td>{t(`consultations:levels.${s.level}`)}</td>
                  <td>{[s.street_name, s.place_name !== s.street_name ? s.place_name : null].filter(Boolean).join(" · ") || "—"}</td>
                  <td><span className={`badge consultation-status-${s.status}`}>{t(`consultations:statuses.${s.status}`)}</span></td>
                  <td className="num">{formatNumber(s.participants, lng)}</td>
                  <td className="num">{formatNumber(s.outputs, lng)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t("consultations:list.none")}</p>
      )}
      {pages > 1 ? (
        <nav className="consultation-pagination" aria-label={t("consultations:list.pagination")}>
          {page > 1 ? <Link to={`/cppcc/sessions${listSearch(values, page - 1)}`} rel="prev">{t("consultations:list.previous")}</Link> : null}
          <span>{t("consultations:list.page", { page, pages })}</span>
          {page < pages ? <Link to={`/cppcc/sessions${listSearch(values, page + 1)}`} rel="next">{t("consultations:list.next")}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
