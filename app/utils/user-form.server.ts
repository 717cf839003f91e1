import { z } from "zod";
import { getContactPoint, listContactPointGridIds } from "~/models/contact-points.server";
import type { Db } from "./db.server";

const roles = ["informant", "liaison", "staff", "cppcc", "admin"] as const;
const optionalId = z.preprocess((v) => (v === "" || v == null ? null : v), z.coerce.number().int().positive().nullable());
const ids = z.preprocess((v) => (v == null || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(z.coerce.number().int().positive()));

/** The fields an admin sets on a user: role and scope (contact point and grids). */
export const userFields = z.object({
  displayName: z.string().trim().min(1, "validation.required").max(60, "validation.tooLong"),
  role: z.enum(roles, { message: "validation.invalidChoice" }),
  contactPointId: optionalId,
  gridIds: ids,
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
  const fieldRole = fields.role === "informant" || fields.role === "liaison";
  if (!fieldRole) return null;
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
