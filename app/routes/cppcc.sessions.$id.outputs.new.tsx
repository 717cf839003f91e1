import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { CheckboxField, ErrorSummary, SelectField, TextAreaField, TextField } from "~/components/form";
import { canAddOutput } from "~/domain/consultations";
import { OUTPUT_TYPES } from "~/domain/vocabulary";
import { createOutput, draftExists, findConsultationStatus, getConsultation, listDraftOptions } from "~/models/consultations.server";
import { nowIso } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { formValues, parseForm, type FieldErrors } from "~/utils/forms";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

const blank = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

const schema = z.object({
  type: z.enum(OUTPUT_TYPES, "validation.invalidChoice"),
  title: z.string().trim().min(1, "validation.required").max(200, "validation.tooLong"),
  body: z.string().trim().min(1, "validation.required").max(20_000, "validation.tooLong"),
  department: z.string().trim().min(1, "validation.required").max(100, "validation.tooLong"),
  isPublic: z.preprocess((v) => v === "on", z.boolean()),
  draftId: z.preprocess(blank, z.string().regex(/^[1-9]\d{0,8}$/, "validation.invalidChoice").transform(Number).optional()),
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "create", "consultation");
  const id = idParam(params.id);
  const session = await getConsultation(db, { id });
  if (!session) notFound();
  const { t } = await getT(request);
  return {
    title: `${t("consultations:office.output.newTitle")} · ${session.topic}`,
    session: { id: session.id, topic: session.topic, draftId: session.draft_id },
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
  const v = parsed.data;
  const errors: FieldErrors = {};
  if (v.draftId != null && !(await draftExists(db, v.draftId))) errors.draftId = ["validation.invalidChoice"];
  if (!Object.keys(errors).length) {
    const saved = await db.transaction().execute(async (trx) => {
      const status = await findConsultationStatus(trx, id);
      if (!status) notFound();
      if (!canAddOutput(status)) return false;
      await createOutput(trx, {
        consultationId: id, type: v.type, title: v.title, body: v.body, department: v.department, isPublic: v.isPublic,
        draftId: v.draftId ?? null, userId: user.id,
      }, nowIso());
      return true;
    });
    if (saved) return redirect(`/cppcc/sessions/${id}?done=output`);
    errors._form = ["consultations:errors.cannotAddOutput"];
  }
  const values = formValues(form);
  return data({ ok: false as const, errors, values }, { status: 400 });
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
                ...drafts.map((d) => ({ value: String(d.id), label: i18n.language === "en" && d.title_en ? d.title_en : d.title })),
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
