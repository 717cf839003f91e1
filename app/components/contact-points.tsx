import { Form, Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ADDRESS_MAX, OPENING_HOURS_MAX } from "~/domain/contact-point-details";
import type { EventKind } from "~/domain/vocabulary";
import { formatDate } from "~/utils/format";
import type { FieldErrors } from "~/utils/forms";
import { ErrorSummary, FieldMessages, TextAreaField, TextField } from "./form";

// A contact point as the public meets it (address, opening hours, the office's
// phone, its upcoming events) and the form on which the office and the point's
// liaison keep those details.

type Details = { address: string | null; openingHours: string | null; phone: string | null };

/** The number to dial: digits of the main number, without the extension. */
function telHref(phone: string): string {
  return `tel:${phone.split("转")[0].replace(/[^\d+]/g, "")}`;
}

/** Address, opening hours and phone as a definition list; what is missing says so. */
export function PointDetails({ point, textLang }: { point: Details; textLang?: string }) {
  const { t } = useTranslation();
  const missing = <span className="muted">{t("contactPoints:fields.notGiven")}</span>;
  return (
    <dl className="facts point-details">
      <dt>{t("contactPoints:fields.address")}</dt>
      <dd lang={point.address ? textLang : undefined}>{point.address ?? missing}</dd>
      <dt>{t("contactPoints:fields.openingHours")}</dt>
      <dd lang={point.openingHours ? textLang : undefined}>{point.openingHours ?? missing}</dd>
      <dt>{t("contactPoints:fields.phone")}</dt>
      <dd>{point.phone ? <a href={telHref(point.phone)}>{point.phone}</a> : missing}</dd>
    </dl>
  );
}

export type PublicEvent = {
  id: number;
  title: string;
  kind: EventKind;
  heldOn: string;
  venue: string | null;
  /** The draft, where the list is not a single draft's. */
  draft?: { id: number; title: string; chinese: boolean };
};

/** Upcoming collection events: date, format, what and where. */
export function EventList({ events, textLang }: { events: PublicEvent[]; textLang?: string }) {
  const { t, i18n } = useTranslation();
  return (
    <ul className="event-list">
      {events.map((e) => (
        <li key={e.id}>
          <strong>{formatDate(e.heldOn, i18n.language)}</strong> · {t(`contactPoints:eventKinds.${e.kind}`)} · <span lang={textLang}>{e.title}</span>
          {e.venue ? <> · <span lang={textLang}>{e.venue}</span></> : null}
          {e.draft ? <><br /><Link to={`/drafts/${e.draft.id}`} lang={e.draft.chinese ? textLang : undefined}>{e.draft.title}</Link></> : null}
        </li>
      ))}
    </ul>
  );
}

export type PointCard = Details & {
  id: number;
  name: string;
  communityName: string | null;
  streetName: string | null;
  events: PublicEvent[];
};

/** One contact point on a draft's page: its details, a link to its page and its events for the draft. */
export function ContactPointCard({ point, headingLevel = 3, textLang }: { point: PointCard; headingLevel?: 3 | 4; textLang?: string }) {
  const { t } = useTranslation();
  const Heading = `h${headingLevel}` as const;
  const where = [point.streetName, point.communityName].filter(Boolean).join(" · ");
  return (
    <li className="card contact-point-card">
      <Heading lang={textLang}>{point.name}</Heading>
      {where ? <p className="muted" lang={textLang}>{where}</p> : null}
      <PointDetails point={point} textLang={textLang} />
      {point.events.length ? (
        <>
          <p className="event-heading">{t("contactPoints:draft.upcoming")}</p>
          <EventList events={point.events} textLang={textLang} />
        </>
      ) : null}
      <p>
        <Link to={`/tracker/contact-points/${point.id}`}>
          {t("contactPoints:draft.pointPage")}<span className="visually-hidden"> · {point.name}</span>
        </Link>
      </p>
    </li>
  );
}

export function useDetailLabels() {
  const { t } = useTranslation();
  return {
    address: t("contactPoints:fields.address"),
    openingHours: t("contactPoints:fields.openingHours"),
    phone: t("contactPoints:fields.phone"),
    latitude: t("contactPoints:fields.latitude"),
    longitude: t("contactPoints:fields.longitude"),
  };
}

/** The details form, with errors beside each field and what was typed kept. */
export function ContactPointDetailsForm({ values, errors }: { values: Record<string, string>; errors?: FieldErrors }) {
  const { t } = useTranslation();
  const labels = useDetailLabels();
  return (
    <>
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="post" className="stack" noValidate>
        <TextAreaField name="address" label={labels.address} hint={t("contactPoints:fields.addressHint")} rows={2} maxLength={ADDRESS_MAX} defaultValue={values.address} errors={errors?.address} />
        <TextAreaField name="openingHours" label={labels.openingHours} hint={t("contactPoints:fields.openingHoursHint")} rows={2} maxLength={OPENING_HOURS_MAX} defaultValue={values.openingHours} errors={errors?.openingHours} />
        <TextField name="phone" type="tel" autoComplete="off" label={labels.phone} hint={t("contactPoints:fields.phoneHint")} maxLength={40} defaultValue={values.phone} errors={errors?.phone} />
        <fieldset aria-describedby="position-hint">
          <legend>{t("contactPoints:fields.position")}</legend>
          <FieldMessages name="position" hint={t("contactPoints:fields.positionHint")} />
          <TextField name="latitude" inputMode="decimal" autoComplete="off" label={labels.latitude} defaultValue={values.latitude} errors={errors?.latitude} />
          <TextField name="longitude" inputMode="decimal" autoComplete="off" label={labels.longitude} defaultValue={values.longitude} errors={errors?.longitude} />
        </fieldset>
        <button type="submit" className="primary">{t("contactPoints:edit.save")}</button>
      </Form>
    </>
  );
}

/** What a point's details form starts with: the stored values, coordinates as text. */
export function detailValues(p: Details & { latitude: number | null; longitude: number | null }): Record<string, string> {
  return {
    address: p.address ?? "",
    openingHours: p.openingHours ?? "",
    phone: p.phone ?? "",
    latitude: p.latitude === null ? "" : String(p.latitude),
    longitude: p.longitude === null ? "" : String(p.longitude),
  };
}
