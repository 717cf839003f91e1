import type { LoaderFunctionArgs } from "@remix-run/node";
import { buildConsultationsXlsx } from "~/documents/consultations-xlsx.server";
import { parseListQuery } from "~/domain/consultations-filters";
import { listConsultationsForExport } from "~/models/consultations.server";
import { listPlaces } from "~/models/places.server";
import { now, todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { getT } from "~/utils/i18n.server";
import { requirePermission } from "~/utils/permissions.server";

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** The office's spreadsheet of the sessions the list's filters select, and their outputs. */
export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "read", "consultation");
  const { t, lng } = await getT(request);
  const streets = await listPlaces(db, "street");
  const query = parseListQuery(new URL(request.url).searchParams, { streets: streets.map((s) => s.id) });
  const { sessions, outputs } = await listConsultationsForExport(db, { filters: query });
  const workbook = await buildConsultationsXlsx({ sessions, outputs, lng, created: now() });
  const today = todayInChina();
  const name = `consultations-${today}.xlsx`;
  const localName = `${t("consultations:export.filename")}-${today}.xlsx`;
  return new Response(workbook, {
    headers: {
      "Content-Type": XLSX_TYPE,
      "Content-Disposition": `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(localName)}`,
      "Cache-Control": "no-store",
    },
  });
}
