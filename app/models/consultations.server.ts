import type { Db } from "~/utils/db.server";
import type {
  ConsultationLevel, ConsultationStatus, FollowUpStatus, OutputType, ParticipantGroup, TopicSource,
} from "../../db/schema";
import { writeAudit } from "./audit.server";

export type NewConsultation = {
  topic: string;
  topicSource: TopicSource;
  level: ConsultationLevel;
  heldOn: string;
  venue: string;
  placeId?: number | null;
  convener: string;
  draftId?: number | null;
  createdBy: number;
};

/** Plans a "民事好商量" session. */
export async function createConsultation(db: Db, input: NewConsultation, now = new Date().toISOString()): Promise<number> {
  const { id } = await db
    .insertInto("consultations")
    .values({
      topic: input.topic,
      topic_source: input.topicSource,
      level: input.level,
      held_on: input.heldOn,
      venue: input.venue,
      place_id: input.placeId ?? null,
      convener: input.convener,
      draft_id: input.draftId ?? null,
      created_by: input.createdBy,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await writeAudit(db, { userId: input.createdBy, action: "create", entity: "consultation", entityId: id, after: { topic: input.topic } }, now);
  return id;
}

/** Records the session as held: participants by group and the minutes. */
export async function recordConsultationHeld(
  db: Db,
  { id, participants, minutes, minutesPublic, internalNotes = null, userId }: {
    id: number;
    participants: Partial<Record<ParticipantGroup, number>>;
    minutes: string;
    minutesPublic: boolean;
    internalNotes?: string | null;
    userId: number;
  },
  now = new Date().toISOString(),
) {
  await db.deleteFrom("consultation_participants").where("consultation_id", "=", id).execute();
  const rows = Object.entries(participants).map(([group, count]) => ({
    consultation_id: id,
    participant_group: group as ParticipantGroup,
    count: count ?? 0,
  }));
  if (rows.length) await db.insertInto("consultation_participants").values(rows).execute();
  await db
    .updateTable("consultations")
    .set({ status: "held", minutes, minutes_public: minutesPublic ? 1 : 0, internal_notes: internalNotes, updated_at: now })
    .where("id", "=", id)
    .execute();
  await writeAudit(db, { userId, action: "held", entity: "consultation", entityId: id, after: { participants } }, now);
}

export async function setConsultationStatus(db: Db, { id, status, userId }: { id: number; status: ConsultationStatus; userId: number }, now = new Date().toISOString()) {
  const before = await db.selectFrom("consultations").select("status").where("id", "=", id).executeTakeFirstOrThrow();
  await db.updateTable("consultations").set({ status, updated_at: now }).where("id", "=", id).execute();
  await writeAudit(db, { userId, action: "status", entity: "consultation", entityId: id, before, after: { status } }, now);
}

export type NewOutput = {
  consultationId: number;
  type: OutputType;
  title: string;
  body: string;
  department?: string | null;
  isPublic?: boolean;
  draftId?: number | null;
  userId: number;
};

export async function createOutput(db: Db, input: NewOutput, now = new Date().toISOString()): Promise<number> {
  const { id } = await db
    .insertInto("consultation_outputs")
    .values({
      consultation_id: input.consultationId,
      type: input.type,
      title: input.title,
      body: input.body,
      department: input.department ?? null,
      is_public: input.isPublic === false ? 0 : 1,
      draft_id: input.draftId ?? null,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await writeAudit(db, { userId: input.userId, action: "create", entity: "consultation_output", entityId: id, after: { type: input.type, title: input.title } }, now);
  return id;
}

/** A follow-up step (办理) on an output; every change carries a dated note. */
export async function recordFollowUp(
  db: Db,
  { outputId, to, note, notedOn, userId }: { outputId: number; to: FollowUpStatus; note: string; notedOn: string; userId: number },
  now = new Date().toISOString(),
) {
  const output = await db.selectFrom("consultation_outputs").select("follow_up_status").where("id", "=", outputId).executeTakeFirstOrThrow();
  await db
    .insertInto("consultation_follow_ups")
    .values({ output_id: outputId, from_status: output.follow_up_status, to_status: to, note, noted_on: notedOn, recorded_by: userId, recorded_at: now })
    .execute();
  await db.updateTable("consultation_outputs").set({ follow_up_status: to, updated_at: now }).where("id", "=", outputId).execute();
  await writeAudit(db, { userId, action: "follow_up", entity: "consultation_output", entityId: outputId, before: { status: output.follow_up_status }, after: { status: to, note } }, now);
}
