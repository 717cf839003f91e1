import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, SelectField, TextAreaField, TextField } from "~/components/form";
import { FollowUpBadge } from "~/components/outcome-badge";
import { demoteHeadings, nextFollowUpStatuses } from "~/domain/consultations";
import { draftTitle } from "~/domain/draft-title";
import { isoDate, requiredText } from "~/domain/fields";
import { FOLLOW_UP_STATUSES } from "~/domain/vocabulary";
import { getOutput } from "~/models/consultations.server";
import { recordOutputFollowUp } from "~/services/consultations.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { formatDate, formatDateTime } from "~/utils/format";
import { formValues, parseForm } from "~/utils/forms";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { renderMarkdown } from "~/utils/markdown.server";
import { requirePermission } from "~/utils/permissions.server";

const schema = z.object({
  to: z.enum(FOLLOW_UP_STATUSES, "validation.invalidChoice"),
  note: requiredText(2_000),
  notedOn: isoDate,
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
    output: { ...rest, bodyHtml: demoteHeadings(renderMarkdown(body), 1), next: nextFollowUpStatuses(output.followUpStatus) },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "update", "consultation");
  const id = idParam(params.id);
  const form = await request.formData();
  const parsed = parseForm(schema, form);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const result = await recordOutputFollowUp({ ...parsed.data, outputId: id, userId: user.id });
  if (!result.ok) return data({ ok: false as const, errors: result.errors, values: formValues(form) }, { status: 400 });
  return redirect(`/cppcc/outputs/${id}?done=followUp`);
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
      <p><Link to={`/cppcc/sessions/${output.consultationId}`}>{output.topic}</Link></p>
      <h1>{output.title}</h1>
      {done ? <p className="notice" role="status">{t("consultations:office.notices.followUp")}</p> : null}
      <dl className="consultation-facts">
        <div><dt>{t("consultations:fields.type")}</dt><dd>{t(`consultations:outputTypes.${output.type}`)}</dd></div>
        <div><dt>{t("consultations:fields.department")}</dt><dd>{output.department ?? "—"}</dd></div>
        <div><dt>{t("consultations:fields.followUpStatus")}</dt><dd><FollowUpBadge status={output.followUpStatus} /></dd></div>
        <div><dt>{t("consultations:fields.isPublic")}</dt><dd>{t(output.isPublic ? "consultations:export.yes" : "consultations:export.no")}</dd></div>
        <div><dt>{t("consultations:fields.recordedOn")}</dt><dd>{formatDate(output.createdAt, lng)}</dd></div>
        <div>
          <dt>{t("consultations:fields.draft")}</dt>
          <dd>{output.draft ? draftTitle(output.draft, lng) : "—"}</dd>
        </div>
      </dl>
      <div className="prose" dangerouslySetInnerHTML={{ __html: output.bodyHtml }} />

      <section aria-labelledby="history">
        <h2 id="history">{t("consultations:public.followUpHistory")}</h2>
        {output.followUps.length ? (
          <ol className="consultation-history">
            {output.followUps.map((f) => (
              <li key={f.id}>
                <time dateTime={f.notedOn}>{formatDate(f.notedOn, lng)}</time>{" "}
                <strong>
                  {f.fromStatus ? `${t(`consultations:followUp.${f.fromStatus}`)} → ` : ""}
                  {t(`consultations:followUp.${f.toStatus}`)}
                </strong>
                : {f.note}{" "}
                <span className="muted">({t("consultations:office.output.recordedBy", { name: f.recordedBy ?? "—", at: formatDateTime(f.recordedAt, lng) })})</span>
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

export const ErrorBoundary = GeneralErrorBoundary;
