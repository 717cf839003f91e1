import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildProblemRowsXlsx } from "~/documents/opinion-sheets.server";
import { getImport, problemRowsOf } from "~/services/imports.server";
import { notFound } from "~/utils/http.server";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

// The rows of an upload that had problems, as typed, with a column saying what to
// correct: corrected, the sheet imports on its own (the problem column is read as nothing).
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "import", "opinion");
  const found = params.token && /^[a-z2-7]{24}$/.test(params.token) ? await getImport(user, params.token) : null;
  const tables = found?.stored ? problemRowsOf(found.stored.check) : found?.summary?.problemRows;
  if (!found || !tables?.some((table) => table.rows.length)) notFound();
  const { t, lng } = await getT(request);
  const sheets = tables!.map((table) => ({
    name: table.sheet,
    headings: table.headings,
    rows: table.rows.map((r) => ({
      cells: r.cells,
      problems: r.errors.map((e) => `${e.column ?? t(`collect:import.field.${e.field}`)}: ${t(e.message, e.params)}`).join("；"),
    })),
  }));
  const body = await buildProblemRowsXlsx(sheets, lng === "en" ? "en" : "zh-CN");
  const name = `${found!.batch.fileName.replace(/\.[^.]+$/, "")}-${t("collect:import.problemHeading")}.xlsx`;
  return new Response(new Uint8Array(body), {
    headers: {
      "Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "Content-Disposition": `attachment; filename="problems.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}`,
      "Cache-Control": "private, no-store",
    },
  });
}
