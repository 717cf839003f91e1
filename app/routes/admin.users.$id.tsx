import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorSummary } from "~/components/form";
import { UserFields } from "~/components/user-fields";
import { userFields } from "~/domain/user-input";
import { getUser, listGridChoices } from "~/models/users.server";
import { resetPassword, setAccountActive, updateAccount } from "~/services/users.server";
import { db } from "~/utils/db.server";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

async function loadUser(params: { id?: string }) {
  const user = await getUser(db, idParam(params.id));
  return user ?? notFound();
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "manage", "user");
  const { t } = await getT(request);
  const user = await loadUser(params);
  return { title: `${t("admin:users.edit")} ${user.username}`, user, points: await listGridChoices(db) };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function action({ request, params }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "manage", "user");
  const user = await loadUser(params);
  const form = await request.formData();
  switch (form.get("intent")) {
    case "deactivate":
    case "reactivate": {
      const active = form.get("intent") === "reactivate";
      if (!active && user.id === admin.id) return data({ ok: false as const, errors: { _form: ["admin:users.cannotDeactivateSelf"] } as FieldErrors, values: {} }, { status: 400 });
      await setAccountActive(user.id, active, admin.id);
      return { ok: true as const, message: active ? "admin:users.reactivated" : "admin:users.deactivated", password: null };
    }
    case "resetPassword": {
      const password = await resetPassword(user.id, admin.id);
      return { ok: true as const, message: "admin:users.resetDone", password };
    }
    default: {
      const parsed = parseForm(userFields, form);
      if (!parsed.ok) return data(parsed, { status: 400 });
      const saved = await updateAccount(user.id, parsed.data, admin.id);
      if (!saved.ok) {
        const values = { ...parsed.data, contactPointId: String(parsed.data.contactPointId ?? ""), gridIds: parsed.data.gridIds.join(",") };
        return data({ ok: false as const, errors: saved.errors, values }, { status: 400 });
      }
      return { ok: true as const, message: "admin:users.saved", password: null };
    }
  }
}

export default function EditUser() {
  const { user, points } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const errors = result && !result.ok ? result.errors : undefined;
  const values =
    result && !result.ok && Object.keys(result.values).length
      ? result.values
      : { displayName: user.displayName, role: user.role, contactPointId: String(user.contactPointId ?? ""), gridIds: user.gridIds.join(",") };
  const labels = { displayName: t("admin:users.displayName"), role: t("admin:users.role"), contactPointId: t("admin:users.contactPoint"), gridIds: t("admin:users.grids") };
  return (
    <div className="page narrow">
      <h1>{user.username}</h1>
      <p>
        {user.active ? t("admin:users.active") : <span className="badge warn">{t("admin:users.inactive")}</span>} · <a href="/admin">{t("admin:users.title")}</a>
      </p>
      {result?.ok ? <p className="notice" role="status">{t(result.message, { password: result.password })}</p> : null}
      <ErrorSummary errors={errors} labels={labels} />
      <Form method="post" className="stack">
        <UserFields points={points} values={values} errors={errors} />
        <button type="submit" className="primary">{t("admin:users.save")}</button>
      </Form>
      <h2>{t("admin:users.status")}</h2>
      <Form method="post" className="inline-actions">
        <button type="submit" name="intent" value={user.active ? "deactivate" : "reactivate"} className="secondary">
          {user.active ? t("admin:users.deactivate") : t("admin:users.reactivate")}
        </button>{" "}
        <button type="submit" name="intent" value="resetPassword" className="secondary">{t("admin:users.resetPassword")}</button>
      </Form>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
