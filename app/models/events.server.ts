import type { Db } from "~/utils/db.server";
import type { EventKind } from "../../db/schema";
import { writeAudit } from "./audit.server";

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
export async function createEvent(db: Db, input: NewEvent, now = new Date().toISOString()): Promise<number> {
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
