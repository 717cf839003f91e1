import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";

import { listSearch } from "~/domain/consultations-filters";
import { CONSULTATION_LEVELS, PARTICIPANT_GROUPS } from "~/domain/vocabulary";
import { formatDate, formatNumber } from "~/utils/format";
import type { ConsultationLevel, ConsultationStatus, ParticipantGroup } from "~/domain/vocabulary";

// What the public pages (/consultations) and the CPPCC office (/cppcc) show
// alike: the list of sessions with its filters and pages, and a held session's
// record (who took part, the minutes).

type Session = {
  id: number;
  heldOn: string;
  topic: string;
  level: ConsultationLevel;
  status: ConsultationStatus;
  streetName: string | null;
  placeName: string | null;
  participants: number;
  outputs: number;
};

/** "外海街道 · 金溪社区": the street and, when it is not the street itself, the place; empty for the district. */
export function placeLabel({ streetName, placeName }: { streetName: string | null; placeName: string | null }): string {
  return [streetName, placeName !== streetName ? placeName : null].filter(Boolean).join(" · ");
}

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
        <div className="table-scroll" tabIndex={0}>
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
                  <td>{formatDate(s.heldOn, lng)}</td>
                  <th scope="row"><Link to={`${path}/${s.id}`} lang={textLang}>{s.topic}</Link></th>
                  <td>{t(`consultations:levels.${s.level}`)}</td>
                  <td lang={s.streetName ? textLang : undefined}>{placeLabel(s) || t("consultations:district")}</td>
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
      <Pagination path={path} values={values} page={page} pages={pages} />
    </>
  );
}

/** Links to the previous and next pages of a list, keeping its filters; nothing when there is one page. */
export function Pagination({ path, values = {}, page, pages }: { path: string; values?: Record<string, string>; page: number; pages: number }) {
  const { t } = useTranslation();
  if (pages <= 1) return null;
  return (
    <nav className="consultation-pagination" aria-label={t("consultations:list.pagination")}>
      {page > 1 ? <Link to={`${path}${listSearch(values, page - 1)}`} rel="prev">{t("consultations:list.previous")}</Link> : null}
      <span>{t("consultations:list.page", { page, pages })}</span>
      {page < pages ? <Link to={`${path}${listSearch(values, page + 1)}`} rel="next">{t("consultations:list.next")}</Link> : null}
    </nav>
  );
}

/**
 * A held session's record: the people who took part by group, and the minutes
 * (null when the reader may not see them). `office` adds what only the CPPCC
 * office sees: whether the minutes are public, the internal notes and where to
 * correct the record.
 */
export function SessionRecord({ participants, total, minutesHtml, textLang, office }: {
  participants: Record<ParticipantGroup, number>;
  total: number;
  minutesHtml: string | null;
  /** The language of the records' text when it differs from the page's. */
  textLang?: string;
  office?: { minutesPublic: boolean; internalNotes: string | null; editTo: string | null };
}) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <>
      <section aria-labelledby="participation">
        <h2 id="participation">{t("consultations:public.participation")}</h2>
        <table aria-labelledby="participation" className="consultation-participants">
          <thead>
            <tr>
              <th scope="col">{t("consultations:fields.group")}</th>
              <th scope="col" className="num">{t("consultations:fields.people")}</th>
            </tr>
          </thead>
          <tbody>
            {PARTICIPANT_GROUPS.map((g) => (
              <tr key={g}>
                <th scope="row">{t(`consultations:participantGroups.${g}`)}</th>
                <td className="num">{formatNumber(participants[g], lng)}</td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">{t("consultations:stats.total")}</th>
              <td className="num">{formatNumber(total, lng)}</td>
            </tr>
          </tfoot>
        </table>
      </section>

      <section aria-labelledby="minutes">
        <h2 id="minutes">{t("consultations:fields.minutes")}</h2>
        {office ? (
          <p>
            <span className={`badge ${office.minutesPublic ? "ok" : "warn"}`}>
              {t(office.minutesPublic ? "consultations:office.session.minutesPublic" : "consultations:office.session.minutesInternal")}
            </span>
          </p>
        ) : null}
        {minutesHtml ? (
          <div className="prose" lang={textLang} dangerouslySetInnerHTML={{ __html: minutesHtml }} />
        ) : office ? null : (
          <p className="muted">{t("consultations:public.minutesNotPublic")}</p>
        )}
        {office?.internalNotes ? (
          <div className="consultation-internal">
            <h3>{t("consultations:fields.internalNotes")}</h3>
            <p className="consultation-pre">{office.internalNotes}</p>
          </div>
        ) : null}
        {office?.editTo ? <p><Link to={office.editTo}>{t("consultations:office.session.editRecord")}</Link></p> : null}
      </section>
    </>
  );
}
