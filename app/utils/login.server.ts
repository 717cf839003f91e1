import type { Role } from "~/domain/vocabulary";
import { db } from "./db.server";
import { hashPassword, verifyPassword } from "./password.server";
import { failedLoginsByAccount, loginAttemptsByAddress, tooManyRequests } from "./rate-limit.server";
import { createSession, generateSessionToken, invalidateSession, sessionCookie, blankSessionCookie, readSessionToken, sessionIdFromToken } from "./session.server";

// Verifying against this hash when the username is unknown keeps the answer's
// timing the same for a wrong username and a wrong password.
let dummyHash: Promise<string> | undefined;

export const roleHome: Record<Role, string> = {
  informant: "/collect",
  liaison: "/collect",
  staff: "/staff",
  cppcc: "/cppcc",
  admin: "/admin",
};

/**
 * Checks a username and password. Returns the Set-Cookie header of a new session
 * (never a reused one: no fixation) and where to go, or null for any failure, so
 * that a wrong username and a wrong password look the same.
 */
export async function signIn(
  { username, password, address, userAgent, previousToken }: { username: string; password: string; address: string; userAgent: string | null; previousToken: string | null },
): Promise<{ cookie: string; home: string; mustChangePassword: boolean } | null> {
  if (!loginAttemptsByAddress.hit(address)) tooManyRequests();
  const account = username.trim().toLowerCase();
  if (failedLoginsByAccount.isBlocked(account)) tooManyRequests();
  const user = await db
    .selectFrom("users")
    .select(["id", "role", "password_hash", "active", "must_change_password"])
    .where("username", "=", account)
    .executeTakeFirst();
  dummyHash ??= hashPassword(generateSessionToken());
  const ok = await verifyPassword(user?.password_hash ?? (await dummyHash), password);
  if (!user || !ok || !user.active) {
    failedLoginsByAccount.hit(account);
    return null;
  }
  if (previousToken) await invalidateSession(db, sessionIdFromToken(previousToken));
  const token = generateSessionToken();
  const session = await createSession(db, { token, userId: user.id, role: user.role, userAgent });
  return { cookie: sessionCookie(token, session.expiresAt), home: roleHome[user.role], mustChangePassword: user.must_change_password === 1 };
}

export async function signOut(request: Request): Promise<string> {
  const token = readSessionToken(request);
  if (token) await invalidateSession(db, sessionIdFromToken(token));
  return blankSessionCookie();
}
