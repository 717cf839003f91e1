import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { DraftDetailsFields, useDetailLabels } from "~/components/draft-fields";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/form";
import { checkDetails, draftDetails } from "~/domain/draft-input";
import { getDraft } from "~/models/drafts.server";
import { editDraftDetails } from "~/services/drafts.server";
import { db } from "~/utils/db.server";
import { parseForm } from "~/utils/forms";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "update", "draft");
  const draft = (await getDraft(db, idParam(params.id))) ?? notFound();
  const { t } = await getT(request);
  return {
    title: `${t("drafts:manage.edit")} · ${draft.title}`,
    draft: { id: draft.id, title: draft.title },
    values: {
      title: draft.title,
      titleEn: draft.titleEn ?? "",
      kind: draft.kind,
      requestingBody: draft.requestingBody,
      receivedOn: draft.receivedOn,
      commentOpensOn: draft.commentOpensOn ?? "",
      deadline: draft.deadline,
      keyQuestions: draft.keyQuestions ?? "",
    },
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requirePermission(request, "update", "draft");
  const draft = (await getDraft(db, idParam(params.id))) ?? notFound();
  const parsed = parseForm(draftDetails, await request.formData());
  if (!parsed.ok) return data(parsed, { status: 400 });
  const errors = checkDetails(parsed.data);
  if (errors) {
    const values = Object.fromEntries(Object.entries(parsed.data).map(([k, v]) => [k, v ?? ""]));
    return data({ ok: false as const, errors, values }, { status: 400 });
  }
  await editDraftDetails({ draftId: draft.id, details: parsed.data, userId: user.id });
  throw redirect(`/staff/drafts/${draft.id}?notice=updated`);
}

export default function EditDraft() {
  const { draft, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const busy = useNavigation().state === "submitting";
  const labels = useDetailLabels();
  const errors = result && !result.ok ? result.errors : undefined;
  return (
    <div className="page narrow">
      <p><Link to={`/staff/drafts/${draft.id}`}>{draft.title}</Link></p>
      <h1>{t("drafts:manage.edit")}</h1>
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="post" className="stack">
        <DraftDetailsFields values={result && !result.ok ? result.values : values} errors={errors} />
        <button type="submit" className="primary" disabled={busy}>{t("drafts:create.save")}</button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
