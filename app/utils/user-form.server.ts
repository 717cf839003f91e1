import { z } from "zod";
import { idList, optionalId } from "~/domain/fields";
import { FIELD_ROLES, isOneOf, ROLES } from "~/domain/vocabulary";
import { getContactPoint, listContactPointGridIds } from "~/models/contact-points.server";
import type { Db } from "./db.server";


/** The fields an admin sets on a user: role and scope (contact point and grids). */
export const userFields = z.object({
  displayName: z.string().trim().min(1, "validation.required").max(60, "validation.tooLong"),
  role: z.enum(ROLES, { message: "validation.invalidChoice" }),
  contactPointId: optionalId,
  gridIds: idList,
});

export const newUserFields = userFields.extend({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9._-]{3,32}$/, "admin:users.usernameFormat"),
});

/** Scope rules that need the database: field roles need a contact point, informants grids inside it. */
export async function checkScope(db: Db, fields: z.infer<typeof userFields>): Promise<Record<string, string[]> | null> {
  if (!isOneOf(FIELD_ROLES, fields.role)) return null;
  if (!fields.contactPointId) return { contactPointId: ["admin:users.contactPointRequired"] };
  if (!(await getContactPoint(db, fields.contactPointId))) return { contactPointId: ["validation.invalidChoice"] };
  const grids = await listContactPointGridIds(db, fields.contactPointId);
  if (fields.role === "informant") {
    if (!fields.gridIds.length) return { gridIds: ["admin:users.gridsRequired"] };
    if (fields.gridIds.some((g) => !grids.includes(g))) return { gridIds: ["admin:users.gridOutsideContactPoint"] };
  }
  return null;
}

/** A one-time password an admin reads out: no look-alike characters. */
export function temporaryPassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}
