// Sessions as Lucia's guide designs them (the `lucia` package itself is
// deprecated; see docs/decisions/002-sessions-without-lucia.md): a random token
// in the cookie, only its SHA-256 stored as the session id, an expiry that slides
// with use, and the row deleted to end the session.
import { sha256 } from "@oslojs/crypto/sha2";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from "@oslojs/encoding";
import { nextExpiry, sessionPolicy } from "~/domain/session-policy";
import type { Role } from "~/domain/vocabulary";
import { prepared } from "../../db/prepared-query";
import { nowMs } from "./clock.server";
import type { Db } from "./db.server";
import { getEnv } from "./env.server";

export type SessionUser = {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  contactPointId: number | null;
  mustChangePassword: boolean;
};
export type Session = { id: string; userId: number; createdAt: number; expiresAt: number };

// Writing last_seen on every request would turn every page view into a write.
const TOUCH_AFTER_MS = 60_000;

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

export function sessionIdFromToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)));
}

export async function createSession(
  db: Db,
  { token, userId, role, userAgent = null }: { token: string; userId: number; role: Role; userAgent?: string | null },
  now = nowMs(),
): Promise<Session> {
  const session = { id: sessionIdFromToken(token), userId, createdAt: now, expiresAt: nextExpiry(sessionPolicy(role), now, now) };
  await db
    .insertInto("sessions")
    .values({
      id: session.id,
      user_id: userId,
      created_at: new Date(now).toISOString(),
      last_seen_at: new Date(now).toISOString(),
      expires_at: new Date(session.expiresAt).toISOString(),
      user_agent: userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return session;
}

/** A session and its user (every signed-in request asks). */
const sessionWithUser = prepared((db, { id }: { id: string }) =>
  db
    .selectFrom("sessions")
    .innerJoin("users", "users.id", "sessions.user_id")
    .select([
      "sessions.id", "sessions.created_at", "sessions.last_seen_at", "sessions.expires_at",
      "users.id as user_id", "users.username", "users.display_name", "users.role", "users.contact_point_id",
      "users.must_change_password", "users.active",
    ])
    .where("sessions.id", "=", id),
);

/** The session and its user for a cookie token, sliding the expiry; null when unknown, expired or the user is inactive. */
export async function validateSessionToken(db: Db, token: string, now = nowMs()): Promise<{ session: Session; user: SessionUser } | null> {
  const id = sessionIdFromToken(token);
  const [row] = await sessionWithUser(db, { id });
  if (!row) return null;
  const expiresAt = Date.parse(row.expires_at);
  if (now >= expiresAt || !row.active) {
    await invalidateSession(db, id);
    return null;
  }
  const createdAt = Date.parse(row.created_at);
  let session: Session = { id, userId: row.user_id, createdAt, expiresAt };
  if (now - Date.parse(row.last_seen_at) >= TOUCH_AFTER_MS) {
    session = { ...session, expiresAt: nextExpiry(sessionPolicy(row.role), createdAt, now) };
    await db
      .updateTable("sessions")
      .set({ last_seen_at: new Date(now).toISOString(), expires_at: new Date(session.expiresAt).toISOString() })
      .where("id", "=", id)
      .execute();
  }
  return {
    session,
    user: {
      id: row.user_id,
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      contactPointId: row.contact_point_id,
      mustChangePassword: row.must_change_password === 1,
    },
  };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom("sessions").where("id", "=", sessionId).execute();
}

/** Ends every session of a user, or every one but `except`. */
export async function invalidateUserSessions(db: Db, userId: number, except?: string): Promise<void> {
  let query = db.deleteFrom("sessions").where("user_id", "=", userId);
  if (except) query = query.where("id", "!=", except);
  await query.execute();
}

export function sessionCookieName(): string {
  return getEnv().NODE_ENV === "production" ? "__Host-session" : "session";
}

/**
 * The session cookie, kept by the browser until `expiresAt`. Max-Age, not Expires:
 * a lifetime counted from now holds whatever the browser's own clock says.
 */
export function sessionCookie(token: string, expiresAt: number, now = nowMs()): string {
  const secure = getEnv().NODE_ENV === "production";
  const parts = [`${sessionCookieName()}=${token}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (Number.isFinite(expiresAt)) parts.push(`Max-Age=${Math.max(0, Math.floor((expiresAt - now) / 1000))}`);
  if (secure) parts.push("Secure");
  return parts.join("; ");
}

export function blankSessionCookie(): string {
  const secure = getEnv().NODE_ENV === "production";
  return [`${sessionCookieName()}=`, "Path=/", "HttpOnly", "SameSite=Lax", "Max-Age=0", ...(secure ? ["Secure"] : [])].join("; ");
}

function readCookie(request: Request, name: string): string | null {
  const header = request.headers.get("cookie");
  if (!header) return null;
  for (const part of header.split(";")) {
    const [key, ...rest] = part.trim().split("=");
    if (key === name) return rest.join("=") || null;
  }
  return null;
}

export function readSessionToken(request: Request): string | null {
  return readCookie(request, sessionCookieName());
}

// A browser an account has signed in from: remembered so that failed sign-ins
// elsewhere never slow its user down (utils/login-throttle.server.ts). It holds a
// random value only, and grants nothing by itself.
const DEVICE_MAX_AGE_S = 90 * 24 * 60 * 60;
const deviceCookieName = () => (getEnv().NODE_ENV === "production" ? "__Host-device" : "device");

export function readDeviceToken(request: Request): string | null {
  const token = readCookie(request, deviceCookieName());
  return token && /^[a-z2-7]{32}$/.test(token) ? token : null;
}

export function deviceCookie(token: string): string {
  const parts = [`${deviceCookieName()}=${token}`, "Path=/", "HttpOnly", "SameSite=Lax", `Max-Age=${DEVICE_MAX_AGE_S}`];
  if (getEnv().NODE_ENV === "production") parts.push("Secure");
  return parts.join("; ");
}
