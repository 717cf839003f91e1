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

/** How many collection events a draft had, and how many people took part in them. */
export async function countDraftEvents(db: Db, draftId: number) {
  const row = await db
    .selectFrom("collection_events")
    .select((eb) => [eb.fn.countAll<number>().as("events"), eb.fn.sum<number>("participants").as("participants")])
    .where("draft_id", "=", draftId)
    .executeTakeFirstOrThrow();
  return { events: Number(row.events), participants: Number(row.participants ?? 0) };
}
