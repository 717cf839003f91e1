import { totalParticipants } from "~/domain/consultations";
import {
  OUTPUT_TYPES, PARTICIPANT_GROUPS, type ConsultationLevel, type ConsultationStatus, type FollowUpStatus, type OutputType,
  type ParticipantGroup, type TopicSource,
} from "~/domain/vocabulary";
import { resources } from "~/locales";
import { chinaDay } from "~/utils/format";

// The CPPCC office's spreadsheet of its sessions (one row each, with head counts
// by group and outputs by type) and of their outputs, headed in the reader's
// language. exceljs is large: loaded when a spreadsheet is first made.

export type SheetSession = {
  id: number;
  heldOn: string;
  topic: string;
  topicSource: TopicSource;
  level: ConsultationLevel;
  streetName: string | null;
  placeName: string | null;
  venue: string;
  convener: string;
  status: ConsultationStatus;
  participants: Record<ParticipantGroup, number>;
  minutesPublic: number;
};

export type SheetOutput = {
  id: number;
  consultationId: number;
  type: OutputType;
  title: string;
  department: string | null;
  followUpStatus: FollowUpStatus;
  isPublic: number;
  createdAt: string;
};

export async function buildConsultationsXlsx({ sessions, outputs, lng, created }: {
  sessions: SheetSession[];
  outputs: SheetOutput[];
  lng: keyof typeof resources;
  /** When the workbook is made, for its properties. */
  created: Date;
}): Promise<Uint8Array<ArrayBuffer>> {
  const text = resources[lng].consultations;
  const yesNo = (value: unknown) => (value ? text.export.yes : text.export.no);

  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  workbook.created = created;

  const sheet = workbook.addWorksheet(text.export.sessionsSheet, { views: [{ state: "frozen", ySplit: 1 }] });
  sheet.columns = [
    { header: text.export.id, key: "id", width: 8 },
    { header: text.fields.heldOn, key: "heldOn", width: 12 },
    { header: text.fields.topic, key: "topic", width: 40 },
    { header: text.fields.topicSource, key: "topicSource", width: 16 },
    { header: text.fields.level, key: "level", width: 14 },
    { header: text.fields.street, key: "street", width: 12 },
    { header: text.fields.place, key: "place", width: 22 },
    { header: text.fields.venue, key: "venue", width: 32 },
    { header: text.fields.convener, key: "convener", width: 18 },
    { header: text.fields.status, key: "status", width: 10 },
    ...PARTICIPANT_GROUPS.map((g) => ({ header: text.participantGroups[g], key: `p_${g}`, width: 10 })),
    { header: text.export.participantsTotal, key: "participants", width: 10 },
    ...OUTPUT_TYPES.map((type) => ({ header: text.outputTypes[type], key: `o_${type}`, width: 12 })),
    { header: text.fields.minutesPublic, key: "minutesPublic", width: 12 },
  ];
  for (const s of sessions) {
    const mine = outputs.filter((o) => o.consultationId === s.id);
    sheet.addRow({
      id: s.id,
      heldOn: s.heldOn,
      topic: s.topic,
      topicSource: text.topicSources[s.topicSource],
      level: text.levels[s.level],
      street: s.streetName ?? "",
      place: s.placeName ?? "",
      venue: s.venue,
      convener: s.convener,
      status: text.statuses[s.status],
      ...Object.fromEntries(PARTICIPANT_GROUPS.map((g) => [`p_${g}`, s.participants[g]])),
      participants: totalParticipants(s.participants),
      ...Object.fromEntries(OUTPUT_TYPES.map((type) => [`o_${type}`, mine.filter((o) => o.type === type).length])),
      minutesPublic: yesNo(s.minutesPublic),
    });
  }
  sheet.getRow(1).font = { bold: true };

  const outputSheet = workbook.addWorksheet(text.export.outputsSheet, { views: [{ state: "frozen", ySplit: 1 }] });
  outputSheet.columns = [
    { header: text.export.sessionId, key: "session", width: 10 },
    { header: text.export.id, key: "id", width: 8 },
    { header: text.fields.type, key: "type", width: 16 },
    { header: text.fields.title, key: "title", width: 40 },
    { header: text.fields.department, key: "department", width: 24 },
    { header: text.fields.followUpStatus, key: "status", width: 12 },
    { header: text.fields.isPublic, key: "public", width: 10 },
    { header: text.fields.recordedOn, key: "recordedOn", width: 12 },
  ];
  for (const o of outputs) {
    outputSheet.addRow({
      session: o.consultationId,
      id: o.id,
      type: text.outputTypes[o.type],
      title: o.title,
      department: o.department ?? "",
      status: text.followUp[o.followUpStatus],
      public: yesNo(o.isPublic),
      recordedOn: chinaDay(o.createdAt),
    });
  }
  outputSheet.getRow(1).font = { bold: true };

  return new Uint8Array((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
}
