import { redirect } from "@remix-run/node";
import { db } from "./db.server";
import { readSessionToken, validateSessionToken, type SessionUser } from "./session.server";

/** The signed-in user, or null. */
export async function getOptionalUser(request: Request): Promise<SessionUser | null> {
  return (await getOptionalSession(request))?.user ?? null;
}

export async function getOptionalSession(request: Request) {
  const token = readSessionToken(request);
  return token ? validateSessionToken(db, token) : null;
}

/** The signed-in user; anyone else is sent to the sign-in page and brought back afterwards. */
export async function requireUser(request: Request): Promise<SessionUser> {
  return (await requireSession(request)).user;
}

export async function requireSession(request: Request) {
  const found = await getOptionalSession(request);
  const user = found?.user;
  if (!found || !user) {
    const url = new URL(request.url);
    throw redirect(`/login?redirectTo=${encodeURIComponent(url.pathname + url.search)}`);
  }
  // A temporary password set by an admin must be replaced before anything else.
  if (user.mustChangePassword && new URL(request.url).pathname !== "/account") throw redirect("/account?mustChange=1");
  return found;
}
