import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { listSearch } from "~/domain/consultations-filters";
import { CONSULTATION_LEVELS } from "~/domain/vocabulary";
import { formatDate, formatNumber } from "~/utils/format";
import type { ConsultationStatus } from "~/domain/vocabulary";

// The list of consultation sessions with its filters and pages, as the public
// (/consultations) and the CPPCC office (/cppcc/sessions) see it.

type Session = {
  id: number;
  held_on: string;
  topic: string;
  level: (typeof CONSULTATION_LEVELS)[number];
  status: ConsultationStatus;
  street_name: string | null;
  place_name: string | null;
  participants: number;
  outputs: number;
};

export function ConsultationList({ path, statuses, showStatus, labelledBy, streets, years, values, page, pages, total, sessions }: {
  /** The list's own address, which its links and filters keep to. */
  path: string;
  /** The statuses a reader may filter by. */
  statuses: readonly ConsultationStatus[];
  showStatus: boolean;
  labelledBy: string;
  streets: { id: number; name: string }[];
  years: string[];
  values: Record<string, string>;
  page: number;
  pages: number;
  total: number;
  sessions: Session[];
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const n = (value: number) => formatNumber(value, lng);
  const filtered = Object.keys(values).length > 0;
  // The records are written in Chinese whatever language the page is read in.
  const textLang = lng === "zh-CN" ? undefined : "zh-CN";
  return (
    <>
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
            {streets.map((s) => <option key={s.id} value={s.id} lang={textLang}>{s.name}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="status">{t("consultations:fields.status")}</label>
          <select id="status" name="status" defaultValue={values.status ?? ""}>
            <option value="">{t("consultations:filters.all")}</option>
            {statuses.map((s) => <option key={s} value={s}>{t(`consultations:statuses.${s}`)}</option>)}
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
          {filtered ? <Link to={path}>{t("consultations:filters.reset")}</Link> : null}
        </div>
      </Form>

      <p role="status">{t("consultations:list.count", { count: total })}</p>
      {sessions.length ? (
        <div className="table-scroll">
          <table aria-labelledby={labelledBy} className="consultation-table">
            <thead>
              <tr>
                <th scope="col">{t("consultations:fields.heldOn")}</th>
                <th scope="col">{t("consultations:fields.topic")}</th>
                <th scope="col">{t("consultations:fields.level")}</th>
                <th scope="col">{t("consultations:fields.place")}</th>
                {showStatus ? <th scope="col">{t("consultations:fields.status")}</th> : null}
                <th scope="col" className="num">{t("consultations:fields.participants")}</th>
                <th scope="col" className="num">{t("consultations:fields.outputs")}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <td>{formatDate(s.held_on, lng)}</td>
                  <th scope="row"><Link to={`${path}/${s.id}`} lang={textLang}>{s.topic}</Link></th>
                  <td>{t(`consultations:levels.${s.level}`)}</td>
                  <td lang={s.street_name ? textLang : undefined}>{[s.street_name, s.place_name !== s.street_name ? s.place_name : null].filter(Boolean).join(" · ") || t("consultations:district")}</td>
                  {showStatus ? <td><span className={`badge consultation-status-${s.status}`}>{t(`consultations:statuses.${s.status}`)}</span></td> : null}
                  <td className="num">{n(s.participants)}</td>
                  <td className="num">{n(s.outputs)}</td>
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
          {page > 1 ? <Link to={`${path}${listSearch(values, page - 1)}`} rel="prev">{t("consultations:list.previous")}</Link> : null}
          <span>{t("consultations:list.page", { page, pages })}</span>
          {page < pages ? <Link to={`${path}${listSearch(values, page + 1)}`} rel="next">{t("consultations:list.next")}</Link> : null}
        </nav>
      ) : null}
    </>
  );
}
