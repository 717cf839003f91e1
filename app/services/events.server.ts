import { listCollectorGrids, type Collector } from "~/models/collection.server";
import { listOpenDraftsForContactPoint } from "~/models/drafts.server";
import { createEvent, type NewEvent } from "~/models/events.server";
import { nowIso, todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import type { FieldErrors } from "~/utils/forms";

// A liaison plans a collection event (征集活动) at their contact point, for a draft
// open there, in one of their grids.

export async function organiseEvent(
  user: Collector,
  event: Omit<NewEvent, "contactPointId" | "createdBy">,
): Promise<{ ok: true; id: number } | { ok: false; errors: FieldErrors }> {
  const now = nowIso();
  const today = todayInChina();
  return db.transaction().execute(async (trx) => {
    const contactPointId = user.contactPointId ?? -1;
    const errors: FieldErrors = {};
    if (!(await listOpenDraftsForContactPoint(trx, contactPointId, today)).some((d) => d.id === event.draftId)) errors.draftId = ["validation.invalidChoice"];
    if (event.gridId && !(await listCollectorGrids(trx, user)).some((g) => g.id === event.gridId)) errors.gridId = ["collect:errors.gridScope"];
    if (Object.keys(errors).length) return { ok: false as const, errors };
    return { ok: true as const, id: await createEvent(trx, { ...event, contactPointId, createdBy: user.id }, now) };
  });
}
