import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { listAudit } from "~/models/audit.server";
import { findUserByUsername } from "~/models/users.server";
import { db } from "~/utils/db.server";
import { formatDateTime } from "~/utils/format";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

const filters = z.object({
  entity: z.string().regex(/^[a-z_-]{1,40}$/).optional().catch(undefined),
  action: z.string().regex(/^[a-z_-]{1,40}$/).optional().catch(undefined),
  user: z.string().trim().max(40).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
const PAGE = 100;

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read", "audit");
  const { t } = await getT(request);
  const params = filters.parse(Object.fromEntries(new URL(request.url).searchParams));
  const user = params.user ? await findUserByUsername(db, params.user) : undefined;
  const entries =
    params.user && !user
      ? []
      : await listAudit(db, { entity: params.entity, action: params.action, userId: user?.id, limit: PAGE, offset: (params.page - 1) * PAGE });
  return { title: t("admin:audit.title"), entries, params };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

const ENTITIES = ["user", "draft", "opinion", "report", "collection_event", "consultation", "consultation_output", "database"];
const ACTIONS = ["create", "update", "status", "send", "deactivate", "reactivate", "reset_password", "change_password", "held", "follow_up", "erase_personal_data"];

export default function AuditLog() {
  const { entries, params } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  return (
    <>
      <h1>{t("admin:audit.title")}</h1>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="entity">{t("admin:audit.entity")}</label>
          <select id="entity" name="entity" defaultValue={params.entity ?? ""}>
            <option value="">{t("admin:audit.anyEntity")}</option>
            {ENTITIES.map((e) => <option key={e} value={e}>{e}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="action">{t("admin:audit.action")}</label>
          <select id="action" name="action" defaultValue={params.action ?? ""}>
            <option value="">{t("admin:audit.anyAction")}</option>
            {ACTIONS.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="user">{t("admin:audit.user")}</label>
          <input id="user" name="user" type="search" defaultValue={params.user ?? ""} />
        </div>
        <button type="submit" className="secondary">{t("admin:users.filter")}</button>
      </Form>
      {entries.length ? (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">{t("admin:audit.when")}</th>
                <th scope="col">{t("admin:audit.who")}</th>
                <th scope="col">{t("admin:audit.action")}</th>
                <th scope="col">{t("admin:audit.entity")}</th>
                <th scope="col">{t("admin:audit.change")}</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.id}>
                  <td>{formatDateTime(e.at, i18n.language)}</td>
                  <td>{e.username ?? t("admin:audit.system")}</td>
                  <td>{e.action}</td>
                  <td>{e.entity} {e.entityId}</td>
                  <td><code className="audit-change">{e.before ?? ""}{e.before && e.after ? " → " : ""}{e.after ?? ""}</code></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t("admin:audit.none")}</p>
      )}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
