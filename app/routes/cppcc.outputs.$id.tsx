import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { ErrorSummary, SelectField, TextAreaField, TextField } from "~/components/form";
import { canFollowUp, demoteHeadings, nextFollowUpStatuses } from "~/domain/consultations";
import { isIsoDate } from "~/domain/dates";
import { FOLLOW_UP_STATUSES } from "~/domain/vocabulary";
import { findOutputStatus, getOutput, recordFollowUp } from "~/models/consultations.server";
import { nowIso, todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { formValues, parseForm, type FieldErrors } from "~/utils/forms";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { requirePermission } from "~/utils/permissions.server";

const schema = z.object({
  to: z.enum(FOLLOW_UP_STATUSES, "validation.invalidChoice"),
  note: z.string().trim().min(1, "validation.required").max(2_000, "validation.tooLong"),
  notedOn: z.string().trim().min(1, { message: "validation.required", abort: true }).refine(isIsoDate, "consultations:errors.date"),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "read", "consultation");
  const id = idParam(params.id);
  const output = await getOutput(db, { id });
  if (!output) notFound();
  const { t } = await getT(request);
  const { body, ...rest } = output;
  return {
    title: `${output.title} · ${t("consultations:fields.outputs")}`,
    today: todayInChina(),
    done: new URL(request.url).searchParams.get("done") === "followUp",
    output: { ...rest, bodyHtml: demoteHeadings(renderMarkdown(body), 1), next: nextFollowUpStatuses(output.follow_up_status) },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "update", "consultation");
  const id = idParam(params.id);
  const form = await request.formData();
  const parsed = parseForm(schema, form);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const v = parsed.data;
  const errors: FieldErrors = {};
  if (v.notedOn > todayInChina()) errors.notedOn = ["consultations:errors.futureDate"];
  if (!Object.keys(errors).length) {
    const saved = await db.transaction().execute(async (trx) => {
      const current = await findOutputStatus(trx, id);
      if (!current) notFound();
      if (!canFollowUp(current.follow_up_status, v.to)) return false;
      await recordFollowUp(trx, { outputId: id, to: v.to, note: v.note, notedOn: v.notedOn, userId: user.id }, nowIso());
      return true;
    });
    if (saved) return redirect(`/cppcc/outputs/${id}?done=followUp`);
    errors.to = ["consultations:errors.followUpTransition"];
  }
  const values = formValues(form);
  return data({ ok: false as const, errors, values }, { status: 400 });
}

export default function OfficeOutput() {
  const { output, today, done } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const busy = useNavigation().state === "submitting";
  const errors = result && !result.ok ? result.errors : undefined;
  const values: Record<string, string> = result && !result.ok ? result.values : { notedOn: today };
  const labels = { to: t("consultations:fields.followUpTo"), note: t("consultations:fields.note"), notedOn: t("consultations:fields.notedOn") };
  return (
    <article className="consultation">
      <p><Link to={`/cppcc/sessions/${output.consultation_id}`}>{output.topic}</Link></p>
      <h1>{output.title}</h1>
      {done ? <p className="notice" role="status">{t("consultations:office.notices.followUp")}</p> : null}
      <dl className="consultation-facts">
        <div><dt>{t("consultations:fields.type")}</dt><dd>{t(`consultations:outputTypes.${output.type}`)}</dd></div>
        <div><dt>{t("consultations:fields.department")}</dt><dd>{output.department ?? "—"}</dd></div>
        <div><dt>{t("consultations:fields.followUpStatus")}</dt><dd>{t(`consultations:followUp.${output.follow_up_status}`)}</dd></div>
        <div><dt>{t("consultations:fields.isPublic")}</dt><dd>{t(output.is_public ? "consultations:export.yes" : "consultations:export.no")}</dd></div>
        <div><dt>{t("consultations:fields.recordedOn")}</dt><dd>{formatDate(output.created_at, lng)}</dd></div>
        <div>
          <dt>{t("consultations:fields.draft")}</dt>
          <dd>{output.draft ? (lng === "en" && output.draft.title_en ? output.draft.title_en : output.draft.title) : "—"}</dd>
        </div>
      </dl>
      <div className="prose" dangerouslySetInnerHTML={{ __html: output.bodyHtml }} />

      <section aria-labelledby="history">
        <h2 id="history">{t("consultations:public.followUpHistory")}</h2>
        {output.followUps.length ? (
          <ol className="consultation-history">
            {output.followUps.map((f) => (
              <li key={f.id}>
                <time dateTime={f.noted_on}>{formatDate(f.noted_on, lng)}</time>{" "}
                <strong>
                  {f.from_status ? `${t(`consultations:followUp.${f.from_status}`)} → ` : ""}
                  {t(`consultations:followUp.${f.to_status}`)}
                </strong>
                : {f.note}{" "}
                <span className="muted">({t("consultations:office.output.recordedBy", { name: f.recorded_by ?? "—", at: formatDateTime(f.recorded_at, lng) })})</span>
              </li>
            ))}
          </ol>
        ) : (
          <p>{t("consultations:office.output.noFollowUps")}</p>
        )}
      </section>

      <section aria-labelledby="follow-up">
        <h2 id="follow-up">{t("consultations:office.output.followUpTitle")}</h2>
        {output.next.length ? (
          <>
            <ErrorSummary errors={errors} labels={labels} />
            <Form method="post" className="stack page narrow" noValidate>
              <SelectField
                name="to" label={labels.to} defaultValue={values.to ?? output.next[0]} errors={errors?.to}
                options={output.next.map((s) => ({ value: s, label: t(`consultations:followUp.${s}`) }))}
              />
              <TextField
                name="notedOn" type="date" label={labels.notedOn} required max={today} defaultValue={values.notedOn} errors={errors?.notedOn}
                hint={t("consultations:office.dateHint")}
              />
              <TextAreaField
                name="note" label={labels.note} rows={4} required defaultValue={values.note} errors={errors?.note}
                hint={t("consultations:office.output.noteHint")}
              />
              <button type="submit" className="primary" disabled={busy}>{t("consultations:office.output.submitFollowUp")}</button>
            </Form>
          </>
        ) : (
          <p>{t("consultations:office.output.final")}</p>
        )}
      </section>
    </article>
  );
}
