import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { searchQuery } from "~/domain/fields";
import { ROLES } from "~/domain/vocabulary";
import { listContactPoints } from "~/models/contact-points.server";
import { listUsers } from "~/models/users.server";
import { db } from "~/utils/db.server";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

const PAGE = 50;
const filters = z.object({
  role: z.enum(ROLES).optional().catch(undefined),
  contactPointId: z.coerce.number().int().positive().optional().catch(undefined),
  active: z.enum(["1", "0"]).optional().catch(undefined),
  q: searchQuery(40).transform((v) => v || undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "manage", "user");
  const { t } = await getT(request);
  const params = filters.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [{ rows, total }, points] = await Promise.all([
    listUsers(db, { role: params.role, contactPointId: params.contactPointId, active: params.active === undefined ? undefined : params.active === "1", q: params.q || undefined }, { limit: PAGE, offset: (params.page - 1) * PAGE }),
    listContactPoints(db),
  ]);
  return { title: t("admin:users.title"), users: rows, total, params, pages: Math.max(1, Math.ceil(total / PAGE)), points };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function AdminUsers() {
  const { users, total, params, pages, points } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const pageLink = (page: number) => {
    const search = new URLSearchParams(Object.entries({ ...params, page: String(page) }).filter(([, v]) => v !== undefined && v !== "") as [string, string][]);
    return `?${search}`;
  };
  return (
    <>
      <h1>{t("admin:title")}</h1>
      <p>
        <Link to="/admin/users/new" className="button">{t("admin:users.new")}</Link>{" "}
        <Link to="/admin/audit">{t("admin:audit.title")}</Link>
      </p>
      <h2>{t("admin:users.title")}</h2>
      <Form method="get" className="filters">
        <div className="field">
          <label htmlFor="role">{t("admin:users.role")}</label>
          <select id="role" name="role" defaultValue={params.role ?? ""}>
            <option value="">{t("admin:users.anyRole")}</option>
            {ROLES.map((r) => (
              <option key={r} value={r}>{t(`account:roles.${r}`)}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="contactPointId">{t("admin:users.contactPoint")}</label>
          <select id="contactPointId" name="contactPointId" defaultValue={params.contactPointId ?? ""}>
            <option value="">{t("admin:users.anyContactPoint")}</option>
            {points.map((p) => (
              <option key={p.id} value={p.id}>{p.code} {p.name}</option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="active">{t("admin:users.status")}</label>
          <select id="active" name="active" defaultValue={params.active ?? ""}>
            <option value="">{t("admin:users.anyStatus")}</option>
            <option value="1">{t("admin:users.active")}</option>
            <option value="0">{t("admin:users.inactive")}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor="q">{t("admin:users.search")}</label>
          <input id="q" name="q" type="search" defaultValue={params.q ?? ""} />
        </div>
        <button type="submit" className="secondary">{t("admin:users.filter")}</button>
      </Form>
      <p>{t("admin:users.total", { count: total })}</p>
      {users.length ? (
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("admin:users.username")}</th>
                <th scope="col">{t("admin:users.displayName")}</th>
                <th scope="col">{t("admin:users.role")}</th>
                <th scope="col">{t("admin:users.contactPoint")}</th>
                <th scope="col">{t("admin:users.status")}</th>
              </tr>
            </thead>
            <tbody>
              {users.map((u) => (
                <tr key={u.id}>
                  <td><Link to={`/admin/users/${u.id}`}>{u.username}</Link></td>
                  <td>{u.displayName}</td>
                  <td>{t(`account:roles.${u.role}`)}</td>
                  <td>{u.contactPointName ?? ""}</td>
                  <td>{u.active ? t("admin:users.active") : <span className="badge warn">{t("admin:users.inactive")}</span>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t("admin:users.none")}</p>
      )}
      <nav className="pager" aria-label={t("admin:users.title")}>
        {params.page > 1 ? <Link to={pageLink(params.page - 1)}>{t("admin:users.previous")}</Link> : null}
        <span> {params.page} / {pages} </span>
        {params.page < pages ? <Link to={pageLink(params.page + 1)}>{t("admin:users.next")}</Link> : null}
      </nav>
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
