import type { Db } from "~/utils/db.server";
import type { EventKind } from "~/domain/vocabulary";
import { writeAudit } from "./audit.server";
import { camel } from "./rows.server";

export type NewEvent = {
  draftId: number;
  contactPointId: number;
  kind: EventKind;
  title: string;
  heldOn: string;
  venue?: string | null;
  gridId?: number | null;
  participants: number;
  notes?: string | null;
  createdBy: number;
};

/** A collection event (征集活动): seminar, bench meeting, door-to-door round or questionnaire drive. */
export async function createEvent(db: Db, input: NewEvent, now: string): Promise<number> {
  const { id } = await db
    .insertInto("collection_events")
    .values({
      draft_id: input.draftId,
      contact_point_id: input.contactPointId,
      kind: input.kind,
      title: input.title,
      held_on: input.heldOn,
      venue: input.venue ?? null,
      grid_id: input.gridId ?? null,
      participants: input.participants,
      notes: input.notes ?? null,
      created_by: input.createdBy,
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await writeAudit(db, { userId: input.createdBy, action: "create", entity: "collection_event", entityId: id, after: { title: input.title } }, now);
  return id;
}

/** A contact point's events with the opinions that point to them, newest first. */
export async function listContactPointEvents(db: Db, contactPointId: number) {
  const rows = await db
    .selectFrom("collection_events")
    .innerJoin("drafts", "drafts.id", "collection_events.draft_id")
    .leftJoin("opinions", "opinions.event_id", "collection_events.id")
    .select((eb) => [
      "collection_events.id", "collection_events.title", "collection_events.kind", "collection_events.held_on",
      "collection_events.venue", "collection_events.participants", "drafts.title as draft_title",
      eb.fn.count("opinions.id").as("opinions"),
    ])
    .where("collection_events.contact_point_id", "=", contactPointId)
    .groupBy("collection_events.id")
    .orderBy("collection_events.held_on", "desc")
    .execute();
  return rows.map((r) => camel({ ...r, opinions: Number(r.opinions) }));
}

/** How many collection events a draft had by `asOf` (planned ones are not yet held), and how many people took part. */
export async function countDraftEvents(db: Db, draftId: number, asOf: string) {
  const row = await db
    .selectFrom("collection_events")
    .select((eb) => [eb.fn.countAll<number>().as("events"), eb.fn.sum<number>("participants").as("participants")])
    .where("draft_id", "=", draftId)
    .where("held_on", "<=", asOf)
    .executeTakeFirstOrThrow();
  return { events: Number(row.events), participants: Number(row.participants ?? 0) };
}

/** Which upcoming events to list: from `today` on, for one draft, one contact point or the points of one street. */
export type UpcomingEventFilters = { today: string; draftId?: number; contactPointId?: number; contactPointIds?: number[]; streetId?: number };

/**
 * Collection events from today on, of published drafts, as the public may see them:
 * what, when, where, at which contact point and on which draft; never the notes, the
 * organiser or who came.
 */
function upcomingEvents(db: Db, { today, draftId, contactPointId, contactPointIds, streetId }: UpcomingEventFilters) {
  let query = db
    .selectFrom("collection_events as e")
    .innerJoin("drafts as d", "d.id", "e.draft_id")
    .innerJoin("contact_points as cp", "cp.id", "e.contact_point_id")
    .innerJoin("places as p", "p.id", "cp.place_id")
    .where("e.held_on", ">=", today)
    .where("d.status", "not in", ["draft", "withdrawn"]);
  if (draftId !== undefined) query = query.where("e.draft_id", "=", draftId);
  if (contactPointId !== undefined) query = query.where("e.contact_point_id", "=", contactPointId);
  if (contactPointIds !== undefined) query = query.where("e.contact_point_id", "in", contactPointIds.length ? contactPointIds : [-1]);
  // A point of the street sits in one of its communities or in the street itself.
  if (streetId !== undefined) query = query.where((eb) => eb.or([eb("p.id", "=", streetId), eb("p.parent_id", "=", streetId)]));
  return query;
}

export async function listUpcomingEvents(db: Db, filters: UpcomingEventFilters, page?: { limit: number; offset: number }) {
  let query = upcomingEvents(db, filters)
    .select([
      "e.id", "e.title", "e.kind", "e.held_on", "e.venue", "e.draft_id", "d.title as draft_title", "d.title_en as draft_title_en",
      "e.contact_point_id", "cp.name as contact_point_name", "cp.address as contact_point_address",
    ])
    .orderBy("e.held_on")
    .orderBy("cp.code")
    .orderBy("e.id");
  if (page) query = query.limit(page.limit).offset(page.offset);
  return (await query.execute()).map(camel);
}

export async function countUpcomingEvents(db: Db, filters: UpcomingEventFilters): Promise<number> {
  const row = await upcomingEvents(db, filters).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}
