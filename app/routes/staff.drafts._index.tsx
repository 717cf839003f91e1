import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { searchQuery } from "~/domain/fields";
import { listDrafts } from "~/models/drafts.server";
import { db } from "~/utils/db.server";
import { formatDate, formatNumber } from "~/utils/format";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";
import { DRAFT_STATUSES } from "~/domain/vocabulary";

const querySchema = z.object({
  q: searchQuery(200),
  status: z.enum(DRAFT_STATUSES).nullable().catch(null),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read", "draft");
  const { t } = await getT(request);
  const url = new URL(request.url);
  const query = querySchema.parse({ q: url.searchParams.get("q") ?? "", status: url.searchParams.get("status") || null });
  const { drafts, more } = await listDrafts(db, { q: query.q, status: query.status, includeUnpublished: true, limit: 500 });
  return { title: t("drafts:staff.title"), query, drafts, more };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function StaffDrafts() {
  const { query, drafts } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  return (
    <>
      <h1>{t("drafts:staff.title")}</h1>
      <p>{t("drafts:staff.lead")}</p>
      <p>
        <Link to="/staff/drafts/new" className="button">{t("drafts:staff.new")}</Link>
      </p>
      <Form method="get" className="filters" role="search">
        <div className="field">
          <label htmlFor="q">{t("drafts:staff.searchLabel")}</label>
          <input id="q" name="q" type="search" defaultValue={query.q} maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor="status">{t("drafts:staff.statusFilter")}</label>
          <select id="status" name="status" defaultValue={query.status ?? ""}>
            <option value="">{t("drafts:staff.allStatuses")}</option>
            {DRAFT_STATUSES.map((s) => (
              <option key={s} value={s}>{t(`draftStatus.${s}`)}</option>
            ))}
          </select>
        </div>
        <button type="submit" className="secondary">{t("drafts:staff.filter")}</button>
      </Form>
      {drafts.length ? (
        <div className="table-scroll" tabIndex={0}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t("drafts:staff.colTitle")}</th>
                <th scope="col">{t("drafts:staff.colStatus")}</th>
                <th scope="col">{t("drafts:staff.colDeadline")}</th>
                <th scope="col" className="num">{t("drafts:staff.colReadings")}</th>
              </tr>
            </thead>
            <tbody>
              {drafts.map((d) => (
                <tr key={d.id}>
                  <td>
                    <Link to={`/staff/drafts/${d.id}`}>{d.title}</Link>
                    <br />
                    <span className="muted">{t(`drafts:kind.${d.kind}`)} · {d.requestingBody}</span>
                  </td>
                  <td><span className={`badge status-${d.status}`}>{t(`draftStatus.${d.status}`)}</span></td>
                  <td>{formatDate(d.deadline, lng)}</td>
                  <td className="num">{formatNumber(d.readings, lng)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t("drafts:staff.none")}</p>
      )}
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
