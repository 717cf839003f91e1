import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { findReportTitle } from "~/models/reports.server";
import { reportDocument } from "~/services/reports.server";
import { db } from "~/utils/db.server";
import { idParam, notFound } from "~/utils/http.server";
import { requirePermission } from "~/utils/permissions.server";

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
  const report = (await findReportTitle(db, idParam(params.id))) ?? notFound();
  const body = (await reportDocument(report.id, format.data)) ?? notFound();
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": types[format.data],
      "Content-Disposition": `attachment; filename="report-${report.id}.${format.data}"; filename*=UTF-8''${encodeURIComponent(report.title)}.${format.data}`,
      "Cache-Control": "private, no-store",
    },
  });
}
