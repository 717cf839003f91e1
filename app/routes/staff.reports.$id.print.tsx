import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ReportTable } from "~/components/report-table";
import { REPORT_COLUMNS, reportInfoLines, reportRows } from "~/documents/report-documents.server";
import { getReportPreview } from "~/models/reports.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { idParam, notFound } from "~/utils/http.server";
import { requirePermission } from "~/utils/permissions.server";

// The printable report: the same title, lines and rows as the Word file.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "read", "report");
  const report = (await getReportPreview(db, idParam(params.id), todayInChina())) ?? notFound();
  return { title: report.title, lines: reportInfoLines(report), columns: REPORT_COLUMNS, rows: reportRows(report) };
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data?.title ?? "" }];

export default function PrintReport() {
  const { title, lines, columns, rows } = useLoaderData<typeof loader>();
  return (
    <article className="print-report" lang="zh-CN">
      <h1>{title}</h1>
      {lines.map((l) => <p key={l}>{l}</p>)}
      <ReportTable columns={columns} rows={rows} />
    </article>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
