import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { TextField } from "~/components/form";
import { idList } from "~/domain/fields";
import { listForwardable } from "~/models/reports.server";
import { findDraftHeading } from "~/models/drafts.server";
import { prepareReport } from "~/services/reports.server";
import { db } from "~/utils/db.server";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

const schema = z.object({
  title: z.string().trim().min(1, "validation.required").max(200, "validation.tooLong"),
  ids: idList.refine((v) => v.length > 0, "staff:reports.nothingChosen"),
});

async function loadDraft(request: Request) {
  const id = new URL(request.url).searchParams.get("draft") ?? undefined;
  return (await findDraftHeading(db, idParam(id))) ?? notFound();
}

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "create", "report");
  const draft = await loadDraft(request);
  const { t } = await getT(request);
  return { title: t("staff:reports.new", { draft: draft.title }), draft, opinions: await listForwardable(db, draft.id) };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "create", "report");
  const draft = await loadDraft(request);
  const parsed = parseForm(schema, await request.formData());
  if (!parsed.ok) return data(parsed, { status: 400 });
  // Only opinions still forwardable for this draft go in, whatever was posted.
  const id = await prepareReport({ draftId: draft.id, title: parsed.data.title, opinionIds: parsed.data.ids, userId: user.id });
  if (!id) return data({ ok: false as const, errors: { ids: ["staff:reports.nothingChosen"] } as FieldErrors, values: {} }, { status: 400 });
  return redirect(`/staff/reports/${id}`, 303);
}

export default function NewReport() {
  const { draft, opinions } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const errors = result && !result.ok ? result.errors : undefined;
  return (
    <div className="page">
      <h1>{t("staff:reports.new", { draft: draft.title })}</h1>
      {opinions.length ? (
        <Form method="post" className="stack">
          <TextField name="title" label={t("staff:reports.titleField")} defaultValue={`关于${draft.title.replace(/^中华人民共和国/, "")}的意见建议汇总`} required errors={errors?.title} />
          <fieldset>
            <legend>{t("staff:reports.choose")}</legend>
            {errors?.ids ? <p className="field-error" role="alert">{errors.ids.map((e) => t(e)).join(" ")}</p> : null}
            <ul className="plain-list">
              {opinions.map((o) => (
                <li key={o.id} className="field checkbox">
                  <input type="checkbox" id={`o-${o.id}`} name="ids" value={o.id} defaultChecked />
                  <label htmlFor={`o-${o.id}`}>
                    <strong>{o.articleNumber ? `第${o.articleNumber}条` : t("generalComment")}</strong> {o.formalOpinion ?? o.opinion}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <button type="submit" className="primary">{t("staff:reports.create")}</button>
        </Form>
      ) : (
        <p>{t("staff:reports.none")}</p>
      )}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
