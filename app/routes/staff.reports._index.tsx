import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { SelectField } from "~/components/form";
import { pageCount, Pager } from "~/components/pager";
import { draftTitle } from "~/domain/draft-title";
import { optionalId } from "~/domain/fields";
import { REPORT_STATUSES } from "~/domain/vocabulary";
import { countReports, listReportedDrafts, listReports } from "~/models/reports.server";
import { db } from "~/utils/db.server";
import { formatDate, formatNumber } from "~/utils/format";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

// Every report the office has put together, those still to send first: with the
// draft, the recipient and date once sent, how many items, and its documents.

const PAGE = 50;

const querySchema = z.object({
  status: z.enum(REPORT_STATUSES).optional().catch(undefined),
  draft: optionalId.catch(null),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read", "report");
  const { t } = await getT(request);
  const query = querySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const filters = { status: query.status, draftId: query.draft ?? undefined };
  const [reports, total, drafts] = await Promise.all([
    listReports(db, filters, { limit: PAGE, offset: (query.page - 1) * PAGE }),
    countReports(db, filters),
    listReportedDrafts(db),
  ]);
  return {
    title: t("staff:reportList.title"),
    filters: { status: query.status ?? "", draft: query.draft ? String(query.draft) : "" },
    page: query.page,
    pages: pageCount(total, PAGE),
    total,
    reports,
    drafts,
  };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function ReportList() {
  const { filters, page, pages, total, reports, drafts } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const href = (p: number) => `?${new URLSearchParams({ ...(filters.status ? { status: filters.status } : {}), ...(filters.draft ? { draft: filters.draft } : {}), page: String(p) })}`;
  return (
    <>
      <p className="no-print"><Link to="/staff">{t("staff:home.title")}</Link></p>
      <h1>{t("staff:reportList.title")}</h1>
      <p>{t("staff:reportList.lead")}</p>
      <Form method="get" className="inline-form filters no-print" aria-label={t("staff:reportList.filters")}>
        <SelectField
          name="status" label={t("staff:reportList.status")} defaultValue={filters.status}
          options={[{ value: "", label: t("staff:reportList.anyStatus") }, ...REPORT_STATUSES.map((s) => ({ value: s, label: t(`staff:reportList.statusOptions.${s}`) }))]}
        />
        <SelectField
          name="draft" label={t("staff:reportList.draft")} defaultValue={filters.draft}
          options={[{ value: "", label: t("staff:reportList.anyDraft") }, ...drafts.map((d) => ({ value: String(d.id), label: draftTitle(d, lng) }))]}
        />
        <button type="submit" className="secondary">{t("staff:reportList.apply")}</button>
      </Form>
      <p role="status">{t("staff:reportList.count", { count: total, n: formatNumber(total, lng) })}</p>
      {reports.length ? (
        <div className="table-scroll" tabIndex={0}>
          <table className="report-list">
            <thead>
              <tr>
                <th scope="col">{t("staff:reportList.titleColumn")}</th>
                <th scope="col">{t("staff:reportList.draft")}</th>
                <th scope="col">{t("staff:reportList.status")}</th>
                <th scope="col">{t("staff:reportList.sent")}</th>
                <th scope="col" className="num">{t("staff:reportList.items")}</th>
                <th scope="col">{t("staff:reportList.documents")}</th>
              </tr>
            </thead>
            <tbody>
              {reports.map((r) => (
                <tr key={r.id}>
                  <td><Link to={`/staff/reports/${r.id}`}>{r.title}</Link></td>
                  <td><Link to={`/staff/review/${r.draftId}`}>{draftTitle({ title: r.draftTitle, titleEn: r.draftTitleEn }, lng)}</Link></td>
                  <td>
                    <span className={`badge${r.status === "sent" ? " ok" : " warn"}`}>{t(`staff:reportList.statusOptions.${r.status}`)}</span>
                  </td>
                  <td>{r.status === "sent" && r.sentOn ? t("staff:reportList.sentTo", { date: formatDate(r.sentOn, lng), recipient: r.recipient ?? "" }) : "—"}</td>
                  <td className="num">{formatNumber(r.items, lng)}</td>
                  <td>
                    <span className="inline-actions">
                      <a href={`/staff/reports/${r.id}/docx`} download aria-label={t("staff:reportList.docxOf", { title: r.title })}>Word</a>
                      <a href={`/staff/reports/${r.id}/xlsx`} download aria-label={t("staff:reportList.xlsxOf", { title: r.title })}>Excel</a>
                      <Link to={`/staff/reports/${r.id}/print`} aria-label={t("staff:reportList.printOf", { title: r.title })}>{t("staff:reports.print")}</Link>
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t("staff:reportList.none")}</p>
      )}
      <Pager page={page} pages={pages} href={href} />
    </>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
