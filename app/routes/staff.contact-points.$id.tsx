import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ContactPointDetailsForm, detailValues } from "~/components/contact-points";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useResetKey } from "~/components/form";
import { contactPointDetails } from "~/domain/contact-point-details";
import { getContactPointDetails } from "~/models/contact-points.server";
import { editContactPointDetails } from "~/services/contact-points.server";
import { db } from "~/utils/db.server";
import { parseForm } from "~/utils/forms";
import { idParam, notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

/** /staff/contact-points/:id — the office edits any contact point's public details. */
async function requireOffice(request: Request) {
  const user = await requirePermission(request, "manage", "contact-point");
  if (user.scope !== "any") throw new Response("Forbidden", { status: 403 });
  return user;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  await requireOffice(request);
  const point = (await getContactPointDetails(db, idParam(params.id))) ?? notFound();
  const { t } = await getT(request);
  return { title: `${t("contactPoints:edit.title")} · ${point.name}`, point: { id: point.id, code: point.code, name: point.name }, values: detailValues(point) };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireOffice(request);
  const id = idParam(params.id);
  const parsed = parseForm(contactPointDetails, await request.formData());
  if (!parsed.ok) return data(parsed, { status: 400 });
  if (!(await editContactPointDetails(user, id, parsed.data))) notFound();
  return { ok: true as const };
}

export default function StaffContactPoint() {
  const { point, values } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const { t } = useTranslation();
  const failed = result && !result.ok ? result : null;
  // Each answer starts the form afresh: the stored values after a save, what was typed after a refusal.
  const resetKey = useResetKey(result);
  return (
    <div className="page narrow">
      <p><Link to="/staff/contact-points">{t("contactPoints:edit.back")}</Link></p>
      <h1>{t("contactPoints:edit.title")}<br /><small>{point.name} <span className="muted">{point.code}</span></small></h1>
      <p>{t("contactPoints:edit.lead")}</p>
      {result?.ok ? <p className="notice" role="status">{t("contactPoints:edit.saved")} <Link to={`/tracker/contact-points/${point.id}`}>{t("contactPoints:edit.publicPage")}</Link></p> : null}
      <ContactPointDetailsForm key={resetKey} values={failed?.values ?? values} errors={failed?.errors} />
      <p><Link to={`/tracker/contact-points/${point.id}`}>{t("contactPoints:edit.publicPage")}</Link></p>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
