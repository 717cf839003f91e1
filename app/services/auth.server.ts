import type { Role } from "~/domain/vocabulary";
import { writeAudit } from "~/models/audit.server";
import { nowIso } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import { loginThrottle } from "~/utils/login-throttle.server";
import { hashPassword, verifyPassword } from "~/utils/password.server";
import { loginAttemptsByAddress, tooManyRequests } from "~/utils/rate-limit.server";
import {
  blankSessionCookie, createSession, deviceCookie, generateSessionToken, invalidateSession, readDeviceToken, readSessionToken, sessionCookie,
  sessionIdFromToken,
} from "~/utils/session.server";

// Signing in and out.

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

export type SignInResult =
  | { ok: true; cookies: string[]; home: string; mustChangePassword: boolean }
  | { ok: false; reason: "failed" }
  | { ok: false; reason: "wait"; retryAfterSeconds: number };

/**
 * Checks a username and password. A success sets the cookie of a new session (never a
 * reused one: no fixation) and of the trusted device; any failure looks the same for a
 * wrong username and a wrong password. After a few failures the address waits before
 * trying that account again (utils/login-throttle.server.ts); failed attempts on an
 * existing account go into the audit log, with the address.
 */
export async function signIn({ username, password, address, userAgent, request }: {
  username: string; password: string; address: string; userAgent: string | null; request: Request;
}): Promise<SignInResult> {
  if (!(await loginAttemptsByAddress.hit(address))) tooManyRequests();
  const account = username.trim().toLowerCase();
  const device = readDeviceToken(request);
  const wait = await loginThrottle.waitFor({ account, address, device });
  if (wait > 0) return { ok: false, reason: "wait", retryAfterSeconds: Math.ceil(wait / 1000) };
  const user = await db
    .selectFrom("users")
    .select(["id", "role", "password_hash", "active", "must_change_password"])
    .where("username", "=", account)
    .executeTakeFirst();
  dummyHash ??= hashPassword(generateSessionToken());
  const ok = await verifyPassword(user?.password_hash ?? (await dummyHash), password);
  if (!user || !ok || !user.active) {
    const waitNow = await loginThrottle.fail({ account, address });
    if (user) {
      await db.transaction().execute((trx) =>
        writeAudit(trx, { userId: null, action: waitNow ? "sign_in_throttled" : "sign_in_failed", entity: "user", entityId: user.id, after: { address } }, nowIso()),
      );
    }
    return waitNow ? { ok: false, reason: "wait", retryAfterSeconds: Math.ceil(waitNow / 1000) } : { ok: false, reason: "failed" };
  }
  const previous = readSessionToken(request);
  if (previous) await invalidateSession(db, sessionIdFromToken(previous));
  const token = generateSessionToken();
  const session = await createSession(db, { token, userId: user.id, role: user.role, userAgent });
  const trusted = device ?? generateSessionToken();
  await loginThrottle.succeed({ account, address, device: trusted });
  return {
    ok: true,
    cookies: [sessionCookie(token, session.expiresAt), deviceCookie(trusted)],
    home: roleHome[user.role],
    mustChangePassword: user.must_change_password === 1,
  };
}

export async function signOut(request: Request): Promise<string> {
  const token = readSessionToken(request);
  if (token) await invalidateSession(db, sessionIdFromToken(token));
  return blankSessionCookie();
}
