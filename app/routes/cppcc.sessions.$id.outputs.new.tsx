import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { CheckboxField, ErrorSummary, SelectField, TextAreaField, TextField } from "~/components/form";
import { canAddOutput } from "~/domain/consultations";
import { draftTitle } from "~/domain/draft-title";
import { checkbox, optionalId, requiredText } from "~/domain/fields";
import { OUTPUT_TYPES } from "~/domain/vocabulary";
import { getConsultation, listDraftOptions } from "~/models/consultations.server";
import { addOutput } from "~/services/consultations.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm } from "~/utils/forms";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

const schema = z.object({
  type: z.enum(OUTPUT_TYPES, "validation.invalidChoice"),
  title: requiredText(200),
  body: requiredText(20_000),
  department: requiredText(100),
  isPublic: checkbox,
  draftId: optionalId,
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "create", "consultation");
  const id = idParam(params.id);
  const session = await getConsultation(db, { id });
  if (!session) notFound();
  const { t } = await getT(request);
  return {
    title: `${t("consultations:office.output.newTitle")} · ${session.topic}`,
    session: { id: session.id, topic: session.topic, draftId: session.draftId },
    open: canAddOutput(session.status),
    drafts: await listDraftOptions(db),
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "create", "consultation");
  const id = idParam(params.id);
  const form = await request.formData();
  const parsed = parseForm(schema, form);
  if (!parsed.ok) return data(parsed, { status: 400 });
  const result = await addOutput({ ...parsed.data, consultationId: id, userId: user.id });
  if (!result.ok) return data({ ok: false as const, errors: result.errors, values: formValues(form) }, { status: 400 });
  return redirect(`/cppcc/sessions/${id}?done=output`);
}

export default function NewOutput() {
  const { session, open, drafts } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const errors = result && !result.ok ? result.errors : undefined;
  const values: Record<string, string> = result && !result.ok ? result.values : { isPublic: "on" };
  const labels = {
    type: t("consultations:fields.type"),
    title: t("consultations:fields.title"),
    body: t("consultations:fields.body"),
    department: t("consultations:fields.department"),
    isPublic: t("consultations:fields.isPublic"),
    draftId: t("consultations:fields.draft"),
  };
  return (
    <div className="page narrow">
      <p><Link to={`/cppcc/sessions/${session.id}`}>{session.topic}</Link></p>
      <h1>{t("consultations:office.output.newTitle")}</h1>
      {open ? (
        <>
          <ErrorSummary errors={errors} labels={labels} />
          <Form method="post" className="stack" noValidate>
            <SelectField
              name="type" label={labels.type} defaultValue={values.type ?? "suggestion"} errors={errors?.type}
              options={OUTPUT_TYPES.map((type) => ({ value: type, label: t(`consultations:outputTypes.${type}`) }))}
            />
            <TextField name="title" label={labels.title} required maxLength={200} defaultValue={values.title} errors={errors?.title} />
            <TextAreaField
              name="body" label={labels.body} rows={8} required defaultValue={values.body} errors={errors?.body}
              hint={t("consultations:office.output.bodyHint")}
            />
            <TextField
              name="department" label={labels.department} required maxLength={100} defaultValue={values.department} errors={errors?.department}
              hint={t("consultations:office.output.departmentHint")}
            />
            <CheckboxField
              name="isPublic" label={labels.isPublic} defaultChecked={values.isPublic === "on"} errors={errors?.isPublic}
              hint={t("consultations:office.output.isPublicHint")}
            />
            <SelectField
              name="draftId" label={labels.draftId} defaultValue={values.draftId ?? ""} errors={errors?.draftId}
              hint={t(session.draftId ? "consultations:office.output.draftInherits" : "consultations:office.draftHint")}
              options={[
                { value: "", label: t("consultations:office.noDraft") },
                ...drafts.map((d) => ({ value: String(d.id), label: draftTitle(d, i18n.language) })),
              ]}
            />
            <button type="submit" className="primary" disabled={busy}>{t("consultations:office.output.submit")}</button>
          </Form>
        </>
      ) : (
        <p className="notice">{t("consultations:errors.cannotAddOutput")}</p>
      )}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
