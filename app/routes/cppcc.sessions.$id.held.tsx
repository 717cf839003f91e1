import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CheckboxField, ErrorSummary, FieldMessages, TextAreaField, TextField } from "~/components/form";
import { canRecordHeld, MAX_PARTICIPANTS } from "~/domain/consultations";
import { checkbox, isoDate, optionalText, requiredText } from "~/domain/fields";
import { PARTICIPANT_GROUPS, type ParticipantGroup } from "~/domain/vocabulary";
import { getConsultation } from "~/models/consultations.server";
import { recordSessionHeld } from "~/services/consultations.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { formatDate } from "~/utils/format";
import { formValues, parseForm } from "~/utils/forms";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

/** A head count: a whole number typed in, 0 to MAX_PARTICIPANTS. */
const count = z
  .string()
  .trim()
  .min(1, { message: "validation.required", abort: true })
  .regex(/^\d{1,5}$/, { message: "consultations:errors.count", abort: true })
  .transform(Number)
  .refine((n) => n <= MAX_PARTICIPANTS, "consultations:errors.count");

const schema = z.object({
  heldOn: isoDate,
  ...(Object.fromEntries(PARTICIPANT_GROUPS.map((g) => [g, count])) as Record<ParticipantGroup, typeof count>),
  minutes: requiredText(20_000),
  minutesPublic: checkbox,
  internalNotes: optionalText(5_000),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "update", "consultation");
  const id = idParam(params.id);
  const session = await getConsultation(db, { id });
  if (!session) notFound();
  const { t } = await getT(request);
  const recorded = session.status !== "planned";
  const today = todayInChina();
  return {
    title: `${t("consultations:office.held.title")} · ${session.topic}`,
    session: { id: session.id, topic: session.topic, status: session.status },
    open: canRecordHeld(session.status),
    today,
    // A session planned for a day still to come cannot be recorded yet (unless it took place earlier than planned).
    plannedAhead: !recorded && session.heldOn > today ? session.heldOn : null,
    // What is on record, for a correction; a planned session starts empty (and public minutes).
    defaults: {
      heldOn: session.heldOn,
      ...Object.fromEntries(PARTICIPANT_GROUPS.map((g) => [g, recorded ? String(session.participants[g]) : "0"])),
      minutes: session.minutes ?? "",
      minutesPublic: !recorded || session.minutesPublic === 1 ? "on" : "",
      internalNotes: session.internalNotes ?? "",
    } as Record<string, string>,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "update", "consultation");
  const id = idParam(params.id);
  const form = await request.formData();
  const parsed = parseForm(schema, form);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const { heldOn, minutes, minutesPublic, internalNotes, ...participants } = parsed.data;
  const result = await recordSessionHeld({ id, heldOn, participants, minutes, minutesPublic, internalNotes, userId: user.id });
  if (!result.ok) return data({ ok: false as const, errors: result.errors, values: formValues(form) }, { status: 400 });
  return redirect(`/cppcc/sessions/${id}?done=held`);
}

export default function RecordHeld() {
  const { session, open, defaults, today, plannedAhead } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const errors = result && !result.ok ? result.errors : undefined;
  const values: Record<string, string> = result && !result.ok ? result.values : defaults;
  const labels: Record<string, string> = {
    heldOn: t("consultations:fields.heldOnActual"),
    minutes: t("consultations:fields.minutes"),
    minutesPublic: t("consultations:fields.minutesPublic"),
    internalNotes: t("consultations:fields.internalNotes"),
    participants: t("consultations:fields.participants"),
    ...Object.fromEntries(PARTICIPANT_GROUPS.map((g) => [g, t(`consultations:participantGroups.${g}`)])),
  };
  return (
    <div className="page narrow">
      <p><Link to={`/cppcc/sessions/${session.id}`}>{session.topic}</Link></p>
      <h1>{t("consultations:office.held.title")}</h1>
      {open ? (
        <>
          <p>{t("consultations:office.held.lead")}</p>
          {plannedAhead ? (
            <p className="notice warn">{t("consultations:office.held.plannedAhead", { date: formatDate(plannedAhead, i18n.language) })}</p>
          ) : null}
          <ErrorSummary errors={errors} labels={labels} />
          <Form method="post" className="stack" noValidate>
            <TextField
              name="heldOn" type="date" label={labels.heldOn} required defaultValue={values.heldOn} errors={errors?.heldOn} max={today}
              hint={t("consultations:office.held.heldOnHint")}
            />
            <fieldset
              id="participants" className="consultation-counts" tabIndex={-1}
              aria-describedby={errors?.participants?.length ? "participants-hint participants-error" : "participants-hint"}
            >
              <legend>{t("consultations:fields.participants")}</legend>
              <FieldMessages name="participants" hint={t("consultations:office.held.countHint", { max: MAX_PARTICIPANTS })} errors={errors?.participants} />
              {PARTICIPANT_GROUPS.map((g) => (
                <TextField
                  key={g} name={g} type="number" inputMode="numeric" min={0} max={MAX_PARTICIPANTS} step={1} required
                  label={labels[g]} defaultValue={values[g]} errors={errors?.[g]}
                />
              ))}
            </fieldset>
            <TextAreaField
              name="minutes" label={labels.minutes} rows={12} required defaultValue={values.minutes} errors={errors?.minutes}
              hint={t("consultations:office.held.minutesHint")}
            />
            <CheckboxField
              name="minutesPublic" label={labels.minutesPublic} defaultChecked={values.minutesPublic === "on"} errors={errors?.minutesPublic}
              hint={t("consultations:office.held.minutesPublicHint")}
            />
            <TextAreaField
              name="internalNotes" label={labels.internalNotes} rows={4} defaultValue={values.internalNotes} errors={errors?.internalNotes}
              hint={t("consultations:office.held.internalNotesHint")}
            />
            <button type="submit" className="primary" disabled={busy}>{t("consultations:office.held.submit")}</button>
          </Form>
        </>
      ) : (
        <p className="notice">{t("consultations:errors.sessionClosed")}</p>
      )}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
