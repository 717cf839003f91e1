import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary, TextField } from "~/components/form";
import { UserFields } from "~/components/user-fields";
import { newUserFields } from "~/domain/user-input";
import { listGridChoices } from "~/models/users.server";
import { createAccount } from "~/services/users.server";
import { db } from "~/utils/db.server";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage", "user");
  const { t } = await getT(request);
  return { title: t("admin:users.new"), points: await listGridChoices(db) };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function action({ request }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "manage", "user");
  const parsed = parseForm(newUserFields, await request.formData());
  if (!parsed.ok) return data(parsed, { status: 400 });
  const created = await createAccount(parsed.data, admin.id);
  if (!created.ok) {
    const values = { ...parsed.data, contactPointId: String(parsed.data.contactPointId ?? ""), gridIds: parsed.data.gridIds.join(",") };
    return data({ ok: false as const, errors: created.errors, values }, { status: 400 });
  }
  // The temporary password is shown once, in the answer to this post, and stored only as a hash.
  return created;
}

export default function NewUser() {
  const { points } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  if (result?.ok) {
    return (
      <div className="page narrow">
        <h1>{t("admin:users.new")}</h1>
        <p className="notice" role="status">{t("admin:users.created", { password: result.password })}</p>
        <p><a href={`/admin/users/${result.id}`}>{t("admin:users.edit")}</a> · <a href="/admin">{t("admin:users.title")}</a></p>
      </div>
    );
  }
  const errors = result?.errors;
  const values = result?.values ?? {};
  const labels = { username: t("admin:users.username"), displayName: t("admin:users.displayName"), role: t("admin:users.role"), contactPointId: t("admin:users.contactPoint"), gridIds: t("admin:users.grids") };
  return (
    <div className="page narrow">
      <h1>{t("admin:users.new")}</h1>
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="post" className="stack">
        <TextField name="username" label={labels.username} defaultValue={values.username} required autoCapitalize="none" hint={t("admin:users.usernameFormat")} errors={errors?.username} />
        <UserFields points={points} values={values} errors={errors} />
        <button type="submit" className="primary">{t("admin:users.create")}</button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
