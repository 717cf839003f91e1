import type { LoaderFunctionArgs } from "@remix-run/node";
import { totalParticipants } from "~/domain/consultations";
import { parseListQuery } from "~/domain/consultations-filters";
import { OUTPUT_TYPES, PARTICIPANT_GROUPS } from "~/domain/vocabulary";
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
  const { t } = await getT(request);
  const streets = await listPlaces(db, "street");
  const query = parseListQuery(new URL(request.url).searchParams, { streets: streets.map((s) => s.id) });
  const { sessions, outputs } = await listConsultationsForExport(db, { filters: query });

  // exceljs is large: loaded when a spreadsheet is first made.
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  workbook.created = now();
  const yes = t("consultations:export.yes");
  const no = t("consultations:export.no");

  const sheet = workbook.addWorksheet(t("consultations:export.sessionsSheet"), { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = [
    { header: t("consultations:export.id"), key: "id", width: 8 },
    { header: t("consultations:fields.heldOn"), key: "heldOn", width: 12 },
    { header: t("consultations:fields.topic"), key: "topic", width: 40 },
    { header: t("consultations:fields.topicSource"), key: "topicSource", width: 16 },
    { header: t("consultations:fields.level"), key: "level", width: 14 },
    { header: t("consultations:fields.street"), key: "street", width: 12 },
    { header: t("consultations:fields.place"), key: "place", width: 22 },
    { header: t("consultations:fields.venue"), key: "venue", width: 32 },
    { header: t("consultations:fields.convener"), key: "convener", width: 18 },
    { header: t("consultations:fields.status"), key: "status", width: 10 },
    ...PARTICIPANT_GROUPS.map((g) => ({ header: t(`consultations:participantGroups.${g}`), key: `p_${g}`, width: 10 })),
    { header: t("consultations:export.participantsTotal"), key: "participants", width: 10 },
    ...OUTPUT_TYPES.map((type) => ({ header: t(`consultations:outputTypes.${type}`), key: `o_${type}`, width: 12 })),
    { header: t("consultations:fields.minutesPublic"), key: "minutesPublic", width: 12 },
  ];
  for (const s of sessions) {
    const mine = outputs.filter((o) => o.consultation_id === s.id);
    sheet.addRow({
      id: s.id,
      heldOn: s.held_on,
      topic: s.topic,
      topicSource: t(`consultations:topicSources.${s.topic_source}`),
      level: t(`consultations:levels.${s.level}`),
      street: s.street_name ?? "",
      place: s.place_name ?? "",
      venue: s.venue,
      convener: s.convener,
      status: t(`consultations:statuses.${s.status}`),
      ...Object.fromEntries(PARTICIPANT_GROUPS.map((g) => [`p_${g}`, s.participants[g]])),
      participants: totalParticipants(s.participants),
      ...Object.fromEntries(OUTPUT_TYPES.map((type) => [`o_${type}`, mine.filter((o) => o.type === type).length])),
      minutesPublic: s.minutes_public ? yes : no,
    });
  }
  sheet.getRow(1).font = { bold: true };

  const outputSheet = workbook.addWorksheet(t("consultations:export.outputsSheet"), { views: [{ state: "frozen", ySplit: 1 }] });
  outputSheet.columns = [
    { header: t("consultations:export.sessionId"), key: "session", width: 10 },
    { header: t("consultations:export.id"), key: "id", width: 8 },
    { header: t("consultations:fields.type"), key: "type", width: 16 },
    { header: t("consultations:fields.title"), key: "title", width: 40 },
    { header: t("consultations:fields.department"), key: "department", width: 24 },
    { header: t("consultations:fields.followUpStatus"), key: "status", width: 12 },
    { header: t("consultations:fields.isPublic"), key: "public", width: 10 },
    { header: t("consultations:fields.recordedOn"), key: "recordedOn", width: 12 },
  ];
  for (const o of outputs) {
    outputSheet.addRow({
      session: o.consultation_id,
      id: o.id,
      type: t(`consultations:outputTypes.${o.type}`),
      title: o.title,
      department: o.department ?? "",
      status: t(`consultations:followUp.${o.follow_up_status}`),
      public: o.is_public ? yes : no,
      recordedOn: o.created_at.slice(0, 10),
    });
  }
  outputSheet.getRow(1).font = { bold: true };

  const buffer = await workbook.xlsx.writeBuffer();
  const name = `consultations-${todayInChina()}.xlsx`;
  const localName = `${t("consultations:export.filename")}-${todayInChina()}.xlsx`;
  return new Response(new Uint8Array(buffer as ArrayBuffer), {
    headers: {
      "Content-Type": XLSX_TYPE,
      "Content-Disposition": `attachment; filename="${name}"; filename*=UTF-8''${encodeURIComponent(localName)}`,
      "Cache-Control": "no-store",
    },
  });
}
