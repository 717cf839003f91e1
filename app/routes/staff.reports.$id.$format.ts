import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { findReport, getStoredDocument } from "~/models/reports.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import { requirePermission } from "~/utils/permissions.server";
import { buildReportDocx, buildReportXlsx } from "~/utils/report-documents.server";

const types = {
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
} as const;

// A sent report is served from the bytes stored when it was sent; a report in
// preparation is built afresh from its current items.
export async function loader({ request, params }: LoaderFunctionArgs) {
  await requirePermission(request, "read", "report");
  const format = z.enum(["docx", "xlsx"]).safeParse(params.format);
  if (!format.success) notFound();
  const report = (await findReport(db, params.id)) ?? notFound();
  const stored = report.status === "sent" ? await getStoredDocument(db, report.id, format.data) : null;
  const body = stored ?? (format.data === "docx" ? await buildReportDocx(report) : await buildReportXlsx(report));
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": types[format.data],
      "Content-Disposition": `attachment; filename="report-${report.id}.${format.data}"; filename*=UTF-8''${encodeURIComponent(report.title)}.${format.data}`,
      "Cache-Control": "private, no-store",
    },
  });
}
