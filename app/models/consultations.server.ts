import { sql } from "kysely";
import {
  assertFollowUp, assertSessionMove, canAddOutput, canRecordHeld, ConsultationTransitionError, OPEN_FOLLOW_UP_STATUSES, placeSuitsLevel,
  PUBLIC_SESSION_STATUSES, type PlaceTree,
} from "~/domain/consultations";
import {
  CONSULTATION_LEVELS, FOLLOW_UP_STATUSES, OUTPUT_TYPES, PARTICIPANT_GROUPS, type ConsultationLevel, type ConsultationStatus, type FollowUpStatus,
  type OutputType, type ParticipantGroup, type TopicSource,
} from "~/domain/vocabulary";
import type { Db } from "~/utils/db.server";
import { writeAudit } from "./audit.server";
import { getDraft, listDrafts } from "./drafts.server";
import { listPlaces } from "./places.server";
import { camel, camelAll, camelMaybe } from "./rows.server";
import { contains } from "./dialect-search.server";

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
export async function createConsultation(db: Db, input: NewConsultation, now: string): Promise<number> {
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
  { id, participants, minutes, minutesPublic, internalNotes = null, heldOn, userId }: {
    id: number;
    participants: Partial<Record<ParticipantGroup, number>>;
    minutes: string;
    minutesPublic: boolean;
    internalNotes?: string | null;
    /** The day it actually took place, when that differs from the planned one. */
    heldOn?: string;
    userId: number;
  },
  now: string,
) {
  const before = await db.selectFrom("consultations").select(["status", "held_on"]).where("id", "=", id).executeTakeFirstOrThrow();
  if (!canRecordHeld(before.status)) throw new ConsultationTransitionError("session", before.status, "held");
  await db.deleteFrom("consultation_participants").where("consultation_id", "=", id).execute();
  const rows = Object.entries(participants).map(([group, count]) => ({
    consultation_id: id,
    participant_group: group as ParticipantGroup,
    count: count ?? 0,
  }));
  if (rows.length) await db.insertInto("consultation_participants").values(rows).execute();
  await db
    .updateTable("consultations")
    .set({ status: "held", minutes, minutes_public: minutesPublic ? 1 : 0, internal_notes: internalNotes, held_on: heldOn ?? before.held_on, updated_at: now })
    .where("id", "=", id)
    .execute();
  await writeAudit(
    db,
    { userId, action: "held", entity: "consultation", entityId: id, before: { status: before.status, heldOn: before.held_on }, after: { participants, minutesPublic, heldOn: heldOn ?? before.held_on } },
    now,
  );
}

export async function setConsultationStatus(db: Db, { id, status, userId }: { id: number; status: ConsultationStatus; userId: number }, now: string) {
  const before = await db.selectFrom("consultations").select("status").where("id", "=", id).executeTakeFirstOrThrow();
  assertSessionMove(before.status, status);
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

export async function createOutput(db: Db, input: NewOutput, now: string): Promise<number> {
  const session = await db.selectFrom("consultations").select("status").where("id", "=", input.consultationId).executeTakeFirstOrThrow();
  if (!canAddOutput(session.status)) throw new ConsultationTransitionError("session", session.status, "output");
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
  now: string,
) {
  const output = await db.selectFrom("consultation_outputs").select("follow_up_status").where("id", "=", outputId).executeTakeFirstOrThrow();
  assertFollowUp(output.follow_up_status, to);
  await db
    .insertInto("consultation_follow_ups")
    .values({ output_id: outputId, from_status: output.follow_up_status, to_status: to, note, noted_on: notedOn, recorded_by: userId, recorded_at: now })
    .execute();
  await db.updateTable("consultation_outputs").set({ follow_up_status: to, updated_at: now }).where("id", "=", outputId).execute();
  await writeAudit(db, { userId, action: "follow_up", entity: "consultation_output", entityId: outputId, before: { status: output.follow_up_status }, after: { status: to, note } }, now);
}

// ---- Reading: the office sees everything; the public sees held and closed
// sessions, never internal notes, minutes only when marked public and outputs
// only when marked public. The public filters live in the SQL, not after it.

export type Audience = "office" | "public";

export type ConsultationFilters = {
  level?: ConsultationLevel;
  streetId?: number;
  status?: ConsultationStatus;
  year?: string;
  topic?: string;
};

/** Sessions with the place they concern and that place's street, filtered. */
function sessionsQuery(db: Db, filters: ConsultationFilters, audience: Audience) {
  let query = db
    .selectFrom("consultations as c")
    .leftJoin("places as p", "p.id", "c.place_id")
    .leftJoin("places as pp", "pp.id", "p.parent_id")
    .leftJoin("places as ppp", "ppp.id", "pp.parent_id");
  if (audience === "public") query = query.where("c.status", "in", PUBLIC_SESSION_STATUSES);
  if (filters.level) query = query.where("c.level", "=", filters.level);
  if (filters.status) query = query.where("c.status", "=", filters.status);
  if (filters.year) query = query.where(sql<string>`substr(c.held_on, 1, 4)`, "=", filters.year);
  if (filters.topic) query = query.where(contains(db, "c.topic", filters.topic));
  const streetId = filters.streetId;
  if (streetId) {
    // The street is the place itself, the community's parent or the grid's grandparent.
    query = query.where((eb) =>
      eb.or([
        eb.and([eb("p.level", "=", "street"), eb("p.id", "=", streetId)]),
        eb.and([eb("p.level", "=", "community"), eb("pp.id", "=", streetId)]),
        eb.and([eb("p.level", "=", "grid"), eb("ppp.id", "=", streetId)]),
      ]),
    );
  }
  return query;
}

const streetName = sql<string | null>`CASE p.level WHEN 'street' THEN p.name WHEN 'community' THEN pp.name WHEN 'grid' THEN ppp.name END`;
const participantTotal = sql<number>`(SELECT COALESCE(SUM(cp.count), 0) FROM consultation_participants cp WHERE cp.consultation_id = c.id)`;

function outputCount(audience: Audience) {
  return audience === "public"
    ? sql<number>`(SELECT COUNT(*) FROM consultation_outputs o WHERE o.consultation_id = c.id AND o.is_public = 1)`
    : sql<number>`(SELECT COUNT(*) FROM consultation_outputs o WHERE o.consultation_id = c.id)`;
}

/** One page of sessions, newest first (or soonest first with order "oldest"), and how many match. */
export async function listConsultations(
  db: Db,
  { filters = {}, audience, limit = 20, offset = 0, order = "newest" }: {
    filters?: ConsultationFilters; audience: Audience; limit?: number; offset?: number; order?: "newest" | "oldest";
  },
) {
  const direction = order === "newest" ? "desc" : "asc";
  const [rows, count] = await Promise.all([
    sessionsQuery(db, filters, audience)
      .select([
        "c.id", "c.topic", "c.topic_source", "c.level", "c.held_on", "c.venue", "c.status", "p.name as place_name",
        streetName.as("street_name"), participantTotal.as("participants"), outputCount(audience).as("outputs"),
      ])
      .orderBy("c.held_on", direction)
      .orderBy("c.id", direction)
      .limit(limit)
      .offset(offset)
      .execute(),
    sessionsQuery(db, filters, audience).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows: camelAll(rows).map((r) => ({ ...r, participants: Number(r.participants), outputs: Number(r.outputs) })), total: Number(count.n) };
}

/** The years sessions were (or are to be) held in, newest first, for the year filter. */
export async function listConsultationYears(db: Db, { audience }: { audience: Audience }): Promise<string[]> {
  let query = db.selectFrom("consultations").select(sql<string>`substr(held_on, 1, 4)`.as("year")).distinct();
  if (audience === "public") query = query.where("status", "in", PUBLIC_SESSION_STATUSES);
  const rows = await query.orderBy("year", "desc").execute();
  return rows.map((r) => r.year);
}

async function participantsOf(db: Db, consultationIds: number[]) {
  const byId = new Map<number, Record<ParticipantGroup, number>>();
  for (const id of consultationIds) byId.set(id, Object.fromEntries(PARTICIPANT_GROUPS.map((g) => [g, 0])) as Record<ParticipantGroup, number>);
  if (!consultationIds.length) return byId;
  const rows = await db
    .selectFrom("consultation_participants")
    .select(["consultation_id", "participant_group", "count"])
    .where("consultation_id", "in", consultationIds)
    .execute();
  for (const r of rows) byId.get(r.consultation_id)![r.participant_group] = r.count;
  return byId;
}

/** A linked draft; for the public only one that has been published. */
async function draftSummary(db: Db, draftId: number | null, audience: Audience) {
  const draft = draftId == null ? undefined : await getDraft(db, draftId);
  if (!draft || (audience === "public" && draft.status === "draft")) return null;
  return { id: draft.id, title: draft.title, titleEn: draft.titleEn };
}

/** A session's status, or null when there is no such session. */
export async function findConsultationStatus(db: Db, id: number): Promise<ConsultationStatus | null> {
  const row = await db.selectFrom("consultations").select("status").where("id", "=", id).executeTakeFirst();
  return row?.status ?? null;
}

/** Everything the office keeps on one session, or null. */
export async function getConsultation(db: Db, { id }: { id: number }) {
  const row = await sessionsQuery(db, {}, "office")
    .select([
      "c.id", "c.topic", "c.topic_source", "c.level", "c.held_on", "c.venue", "c.place_id", "c.convener", "c.status",
      "c.minutes", "c.minutes_public", "c.internal_notes", "c.draft_id", "c.created_at", "c.updated_at",
      "p.name as place_name", "p.level as place_level", streetName.as("street_name"),
    ])
    .where("c.id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  const [participants, outputs, draft] = await Promise.all([
    participantsOf(db, [id]),
    db.selectFrom("consultation_outputs").selectAll().where("consultation_id", "=", id).orderBy("id").execute(),
    draftSummary(db, row.draft_id, "office"),
  ]);
  return { ...camel(row), participants: participants.get(id)!, outputs: camelAll(outputs), draft };
}

/** What the public may see of one held or closed session, or null. */
export async function getPublicConsultation(db: Db, { id }: { id: number }) {
  const row = await sessionsQuery(db, {}, "public")
    .select([
      "c.id", "c.topic", "c.topic_source", "c.level", "c.held_on", "c.venue", "c.status", "c.draft_id",
      "p.name as place_name", streetName.as("street_name"),
      sql<string | null>`CASE WHEN c.minutes_public = 1 THEN c.minutes END`.as("minutes"),
    ])
    .where("c.id", "=", id)
    .executeTakeFirst();
  if (!row) return null;
  const [participants, outputs, draft] = await Promise.all([
    participantsOf(db, [id]),
    db
      .selectFrom("consultation_outputs")
      .select(["id", "type", "title", "body", "department", "follow_up_status", "draft_id"])
      .where("consultation_id", "=", id)
      .where("is_public", "=", 1)
      .orderBy("id")
      .execute(),
    draftSummary(db, row.draft_id, "public"),
  ]);
  const followUps = outputs.length
    ? await db
        .selectFrom("consultation_follow_ups")
        .select(["output_id", "to_status", "note", "noted_on"])
        .where("output_id", "in", outputs.map((o) => o.id))
        .orderBy("id")
        .execute()
    : [];
  const { draft_id: _draftId, ...session } = row;
  return {
    ...camel(session),
    participants: participants.get(id)!,
    draft,
    outputs: outputs.map(({ draft_id: _d, ...o }) => ({ ...camel(o), followUps: camelAll(followUps.filter((f) => f.output_id === o.id)) })),
  };
}

/**
 * The held or closed sessions related to a draft, for the draft's public page:
 * those linked to it and those with a public output linked to it. Each lists its
 * public outputs about the draft; an output without a link of its own follows its
 * session's.
 */
export async function listConsultationsForDraft(db: Db, draftId: number) {
  const sessions = await db
    .selectFrom("consultations as c")
    .select(["c.id", "c.topic", "c.level", "c.held_on", "c.venue", "c.status", "c.draft_id", participantTotal.as("participants")])
    .where("c.status", "in", PUBLIC_SESSION_STATUSES)
    .where((eb) =>
      eb.or([
        eb("c.draft_id", "=", draftId),
        eb.exists(
          eb.selectFrom("consultation_outputs as o").select("o.id")
            .whereRef("o.consultation_id", "=", "c.id").where("o.is_public", "=", 1).where("o.draft_id", "=", draftId),
        ),
      ]),
    )
    .orderBy("c.held_on", "desc")
    .orderBy("c.id", "desc")
    .execute();
  if (!sessions.length) return [];
  const outputs = await db
    .selectFrom("consultation_outputs")
    .select(["id", "consultation_id", "type", "title", "department", "follow_up_status", "draft_id"])
    .where("consultation_id", "in", sessions.map((s) => s.id))
    .where("is_public", "=", 1)
    .orderBy("id")
    .execute();
  return sessions.map((s) => ({
    id: s.id,
    topic: s.topic,
    level: s.level,
    heldOn: s.held_on,
    venue: s.venue,
    status: s.status,
    participants: Number(s.participants),
    url: `/consultations/${s.id}`,
    outputs: outputs
      .filter((o) => o.consultation_id === s.id && (o.draft_id === draftId || (o.draft_id == null && s.draft_id === draftId)))
      .map((o) => ({ id: o.id, type: o.type, title: o.title, department: o.department, followUpStatus: o.follow_up_status })),
  }));
}

/** Outputs still being followed up (pending or in progress), the longest waiting first. */
export async function listOutputsAwaitingFollowUp(db: Db, { limit = 20, offset = 0 }: { limit?: number; offset?: number } = {}) {
  const base = () =>
    db
      .selectFrom("consultation_outputs as o")
      .innerJoin("consultations as c", "c.id", "o.consultation_id")
      .where("o.follow_up_status", "in", OPEN_FOLLOW_UP_STATUSES);
  const [rows, count] = await Promise.all([
    base()
      .select([
        "o.id", "o.type", "o.title", "o.department", "o.follow_up_status", "o.created_at", "o.is_public",
        "c.id as consultation_id", "c.topic", "c.held_on",
        sql<string | null>`(SELECT MAX(f.noted_on) FROM consultation_follow_ups f WHERE f.output_id = o.id)`.as("last_noted_on"),
      ])
      .orderBy("o.created_at")
      .orderBy("o.id")
      .limit(limit)
      .offset(offset)
      .execute(),
    base().select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows: camelAll(rows), total: Number(count.n) };
}

/** An output's follow-up status and its session's status, or null. */
export async function findOutputStatus(db: Db, id: number) {
  const row = await db
    .selectFrom("consultation_outputs as o")
    .innerJoin("consultations as c", "c.id", "o.consultation_id")
    .select(["o.follow_up_status", "c.status as session_status"])
    .where("o.id", "=", id)
    .executeTakeFirst();
  return camelMaybe(row) ?? null;
}

/** One output with its session and its follow-up history, for the office, or null. */
export async function getOutput(db: Db, { id }: { id: number }) {
  const output = await db
    .selectFrom("consultation_outputs as o")
    .innerJoin("consultations as c", "c.id", "o.consultation_id")
    .selectAll("o")
    .select(["c.topic", "c.status as session_status", "c.held_on", "c.level"])
    .where("o.id", "=", id)
    .executeTakeFirst();
  if (!output) return null;
  const [followUps, draft] = await Promise.all([
    db
      .selectFrom("consultation_follow_ups as f")
      .leftJoin("users as u", "u.id", "f.recorded_by")
      .select(["f.id", "f.from_status", "f.to_status", "f.note", "f.noted_on", "f.recorded_at", "u.display_name as recorded_by"])
      .where("f.output_id", "=", id)
      .orderBy("f.id")
      .execute(),
    draftSummary(db, output.draft_id, "office"),
  ]);
  return { ...camel(output), followUps: camelAll(followUps), draft };
}

/**
 * The CPPCC figures for the public pages and the tracker: sessions held (held or
 * closed) by level and year, their outputs by type and by follow-up status, and
 * the people who took part. All counts; no text of any record.
 */
export async function getConsultationStats(db: Db) {
  const [byLevelYear, byType, byStatus, people] = await Promise.all([
    db
      .selectFrom("consultations")
      .select(["level", sql<string>`substr(held_on, 1, 4)`.as("year"), (eb) => eb.fn.countAll<number>().as("n")])
      .where("status", "in", PUBLIC_SESSION_STATUSES)
      .groupBy(["year", "level"])
      .orderBy("year")
      .execute(),
    db
      .selectFrom("consultation_outputs as o")
      .innerJoin("consultations as c", "c.id", "o.consultation_id")
      .select(["o.type", (eb) => eb.fn.countAll<number>().as("n")])
      .where("c.status", "in", PUBLIC_SESSION_STATUSES)
      .groupBy("o.type")
      .execute(),
    db
      .selectFrom("consultation_outputs as o")
      .innerJoin("consultations as c", "c.id", "o.consultation_id")
      .select(["o.follow_up_status", (eb) => eb.fn.countAll<number>().as("n")])
      .where("c.status", "in", PUBLIC_SESSION_STATUSES)
      .groupBy("o.follow_up_status")
      .execute(),
    db
      .selectFrom("consultation_participants as cp")
      .innerJoin("consultations as c", "c.id", "cp.consultation_id")
      .select(sql<number>`COALESCE(SUM(cp.count), 0)`.as("n"))
      .where("c.status", "in", PUBLIC_SESSION_STATUSES)
      .executeTakeFirstOrThrow(),
  ]);
  const byLevel = Object.fromEntries(CONSULTATION_LEVELS.map((l) => [l, 0])) as Record<ConsultationLevel, number>;
  const years = new Map<string, Record<ConsultationLevel, number>>();
  for (const r of byLevelYear) {
    const n = Number(r.n);
    byLevel[r.level] += n;
    let year = years.get(r.year);
    if (!year) years.set(r.year, (year = Object.fromEntries(CONSULTATION_LEVELS.map((l) => [l, 0])) as Record<ConsultationLevel, number>));
    year[r.level] += n;
  }
  const outputsByType = Object.fromEntries(OUTPUT_TYPES.map((t) => [t, 0])) as Record<OutputType, number>;
  for (const r of byType) outputsByType[r.type] = Number(r.n);
  const followUpByStatus = Object.fromEntries(FOLLOW_UP_STATUSES.map((s) => [s, 0])) as Record<FollowUpStatus, number>;
  for (const r of byStatus) followUpByStatus[r.follow_up_status] = Number(r.n);
  return {
    sessions: Object.values(byLevel).reduce((a, b) => a + b, 0),
    participants: Number(people.n),
    byLevel,
    byYear: [...years.entries()].map(([year, levels]) => ({ year, ...levels, total: Object.values(levels).reduce((a, b) => a + b, 0) })),
    outputsByType,
    outputs: Object.values(outputsByType).reduce((a, b) => a + b, 0),
    followUpByStatus,
  };
}

/** All sessions matching the filters with participants by group and outputs, for the office's spreadsheet. */
export async function listConsultationsForExport(db: Db, { filters = {} }: { filters?: ConsultationFilters }) {
  const sessions = await sessionsQuery(db, filters, "office")
    .select([
      "c.id", "c.topic", "c.topic_source", "c.level", "c.held_on", "c.venue", "c.convener", "c.status", "c.minutes_public",
      "p.name as place_name", streetName.as("street_name"),
    ])
    .orderBy("c.held_on", "desc")
    .orderBy("c.id", "desc")
    .execute();
  const ids = sessions.map((s) => s.id);
  const [participants, outputs] = await Promise.all([
    participantsOf(db, ids),
    ids.length
      ? db
          .selectFrom("consultation_outputs")
          .select(["id", "consultation_id", "type", "title", "department", "follow_up_status", "is_public", "created_at"])
          .where("consultation_id", "in", ids)
          .orderBy("consultation_id", "desc")
          .orderBy("id")
          .execute()
      : Promise.resolve([]),
  ]);
  return { sessions: sessions.map((s) => ({ ...camel(s), participants: participants.get(s.id)! })), outputs: camelAll(outputs) };
}

// ---- Choices for the office's forms

/**
 * The places a session may concern, for the office's form: the district, its
 * streets, and each community with its grids (in code order).
 */
export async function listPlaceOptions(db: Db): Promise<PlaceTree> {
  const [districts, streets, communities, grids] = await Promise.all([
    listPlaces(db, "district"), listPlaces(db, "street"), listPlaces(db, "community"), listPlaces(db, "grid"),
  ]);
  const streetNames = new Map(streets.map((p) => [p.id, p.name]));
  const gridsOf = new Map<number, { id: number; name: string }[]>();
  for (const g of grids) {
    if (g.parentId == null) continue;
    let list = gridsOf.get(g.parentId);
    if (!list) gridsOf.set(g.parentId, (list = []));
    list.push({ id: g.id, name: g.name });
  }
  const district = districts[0];
  return {
    district: district ? { id: district.id, name: district.name } : null,
    streets: streets.map((s) => ({ id: s.id, name: s.name })),
    communities: communities.map((c) => ({ id: c.id, name: c.name, street: streetNames.get(c.parentId ?? 0) ?? "", grids: gridsOf.get(c.id) ?? [] })),
  };
}

/** Whether the place (null: none chosen) suits the session's level; an unknown place suits none. */
export async function placeFitsLevel(db: Db, { level, placeId }: { level: ConsultationLevel; placeId: number | null }): Promise<boolean> {
  if (placeId == null) return placeSuitsLevel(level, null);
  const place = await db.selectFrom("places").select("level").where("id", "=", placeId).executeTakeFirst();
  return place != null && placeSuitsLevel(level, place.level);
}

/** Drafts a session or output may be linked to. */
export async function listDraftOptions(db: Db) {
  const { drafts } = await listDrafts(db, { includeUnpublished: true, limit: 1000 });
  return drafts.map((d) => ({ id: d.id, title: d.title, titleEn: d.titleEn }));
}

export async function draftExists(db: Db, id: number): Promise<boolean> {
  return Boolean(await getDraft(db, id));
}
