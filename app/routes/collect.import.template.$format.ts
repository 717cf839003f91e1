import type { LoaderFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { buildTemplate } from "~/documents/opinion-sheets.server";
import { listCollectorGrids } from "~/models/collection.server";
import { listOpenDraftsForContactPoint } from "~/models/drafts.server";
import { todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { notFound } from "~/utils/http.server";
import { getLocale } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

const types = { xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", csv: "text/csv; charset=utf-8" } as const;

// The import template, headed in the reader's language, its example row filled
// with one of the collector's own drafts and grids.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "import", "opinion");
  const format = z.enum(["xlsx", "csv"]).safeParse(params.format);
  if (!format.success) notFound();
  const lng = z.enum(["zh-CN", "en"]).catch(await getLocale(request)).parse(new URL(request.url).searchParams.get("lng"));
  const [draft] = await listOpenDraftsForContactPoint(db, user.contactPointId ?? -1, todayInChina());
  const [grid] = await listCollectorGrids(db, user);
  const body = await buildTemplate(lng, format.data, { draft: draft?.title ?? "", grid: grid?.code ?? "" });
  const name = lng === "en" ? "opinion-import-template" : "意见导入模板";
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": types[format.data],
      "Content-Disposition": `attachment; filename="template.${format.data}"; filename*=UTF-8''${encodeURIComponent(name)}.${format.data}`,
      "Cache-Control": "no-store",
    },
  });
}
