import type { NewUserFields, UserFields } from "~/domain/user-input";
import { FIELD_ROLES, isOneOf } from "~/domain/vocabulary";
import { getContactPoint, listContactPointGridIds } from "~/models/contact-points.server";
import { createUser, findUserByUsername, getPasswordHash, setPassword, setUserActive, updateUserRole } from "~/models/users.server";
import { nowIso } from "~/utils/clock.server";
import { db, type Db } from "~/utils/db.server";
import type { FieldErrors } from "~/utils/forms";
import { hashPassword, verifyPassword } from "~/utils/password.server";

// Accounts: an admin creates and changes them; each user changes their own password.

/** Scope rules that need the database: field roles need a contact point, informants grids inside it. */
async function checkScope(trx: Db, fields: UserFields): Promise<FieldErrors | null> {
  if (!isOneOf(FIELD_ROLES, fields.role)) return null;
  if (!fields.contactPointId) return { contactPointId: ["admin:users.contactPointRequired"] };
  if (!(await getContactPoint(trx, fields.contactPointId))) return { contactPointId: ["validation.invalidChoice"] };
  const grids = await listContactPointGridIds(trx, fields.contactPointId);
  if (fields.role === "informant") {
    if (!fields.gridIds.length) return { gridIds: ["admin:users.gridsRequired"] };
    if (fields.gridIds.some((g) => !grids.includes(g))) return { gridIds: ["admin:users.gridOutsideContactPoint"] };
  }
  return null;
}

/** A one-time password an admin reads out: no look-alike characters. */
function temporaryPassword(): string {
  const alphabet = "abcdefghjkmnpqrstuvwxyz23456789";
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}

/** A new account with a temporary password, shown once to the admin and stored only as a hash. */
export async function createAccount(fields: NewUserFields, adminId: number): Promise<{ ok: true; id: number; password: string } | { ok: false; errors: FieldErrors }> {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const now = nowIso();
  return db.transaction().execute(async (trx) => {
    const scopeErrors = await checkScope(trx, fields);
    const taken = (await findUserByUsername(trx, fields.username)) ? { username: ["admin:users.usernameTaken"] } : null;
    if (scopeErrors || taken) return { ok: false as const, errors: { ...scopeErrors, ...taken } };
    const { role, contactPointId, gridIds } = fields;
    const id = await createUser(trx, {
      username: fields.username,
      displayName: fields.displayName,
      role,
      contactPointId: isOneOf(FIELD_ROLES, role) ? contactPointId : null,
      gridIds: role === "informant" ? gridIds : [],
      passwordHash,
      mustChangePassword: true,
      byUserId: adminId,
    }, now);
    return { ok: true as const, id, password };
  });
}

/** Changes an account's name, role and scope. */
export async function updateAccount(id: number, fields: UserFields, adminId: number): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  const now = nowIso();
  return db.transaction().execute(async (trx) => {
    const errors = await checkScope(trx, fields);
    if (errors) return { ok: false as const, errors };
    await updateUserRole(trx, { id, ...fields, byUserId: adminId }, now);
    return { ok: true as const };
  });
}

/** Deactivating an account ends all its sessions at once. */
export async function setAccountActive(id: number, active: boolean, adminId: number): Promise<void> {
  const now = nowIso();
  await db.transaction().execute((trx) => setUserActive(trx, { id, active, byUserId: adminId }, now));
}

/** A new temporary password that must be changed at the next sign-in; every session of the account ends. */
export async function resetPassword(id: number, adminId: number): Promise<string> {
  const password = temporaryPassword();
  const passwordHash = await hashPassword(password);
  const now = nowIso();
  await db.transaction().execute((trx) => setPassword(trx, { id, passwordHash, mustChange: true, byUserId: adminId }, now));
  return password;
}

/** A user changes their own password, keeping the session they do it from; false when the current password is wrong. */
export async function changeOwnPassword({ userId, sessionId, current, next }: { userId: number; sessionId: string; current: string; next: string }): Promise<boolean> {
  const stored = await getPasswordHash(db, userId);
  if (!stored || !(await verifyPassword(stored, current))) return false;
  const passwordHash = await hashPassword(next);
  const now = nowIso();
  await db.transaction().execute((trx) => setPassword(trx, { id: userId, passwordHash, mustChange: false, byUserId: userId, keepSessionId: sessionId }, now));
  return true;
}
