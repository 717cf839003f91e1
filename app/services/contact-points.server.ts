import type { ContactPointDetails } from "~/domain/contact-point-details";
import type { Scope } from "~/domain/permissions";
import { updateContactPointDetails } from "~/models/contact-points.server";
import { nowIso } from "~/utils/clock.server";
import { db } from "~/utils/db.server";

// The congress office keeps every contact point's public details (address, opening
// hours, the office's phone, its map position); a liaison keeps their own point's.

export type DetailsEditor = { id: number; scope: Scope; contactPointId: number | null };

/** Saves the details if the point is within the editor's reach; false when it is not (or does not exist). */
export async function editContactPointDetails(editor: DetailsEditor, contactPointId: number, details: ContactPointDetails): Promise<boolean> {
  const now = nowIso();
  const ownContactPointId = editor.scope === "any" ? undefined : editor.contactPointId;
  return db.transaction().execute((trx) => updateContactPointDetails(trx, { contactPointId, ownContactPointId, details, userId: editor.id }, now));
}
