import { beforeEach, describe, expect, it } from "vitest";
import * as account from "~/routes/account";
import * as adminUser from "~/routes/admin.users.$id";
import * as login from "~/routes/login";
import * as logout from "~/routes/logout";
import { db } from "~/utils/db.server";
import { sessionIdFromToken } from "~/utils/session.server";
import { seededDatabase } from "../setup/database";
import { callRoute, signInAs } from "../setup/routes";

const PASSWORD = "zhitongche-demo";
let address = 0;
const nextAddress = () => `10.0.0.${++address}`;

beforeEach(async () => {
  await seededDatabase();
});

async function signIn(username: string, password = PASSWORD, cookie?: string) {
  return callRoute(login.action, { method: "POST", form: { username, password }, cookie, address: nextAddress() });
}

function tokenOf(setCookie: string | null): string {
  const match = /^(?:__Host-)?session=([^;]*)/.exec(setCookie ?? "");
  if (!match) throw new Error(`no session cookie in ${setCookie}`);
  return match[1];
}

const sessionCount = async (username: string) =>
  Number(
    (
      await db
        .selectFrom("sessions")
        .innerJoin("users", "users.id", "sessions.user_id")
        .select((eb) => eb.fn.countAll().as("n"))
        .where("users.username", "=", username)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe("signing in", () => {
  it("sends each role to its home with an HttpOnly, SameSite=Lax session cookie", async () => {
    for (const [username, home] of [["informant", "/collect"], ["liaison", "/collect"], ["staff", "/staff"], ["cppcc", "/cppcc"], ["admin", "/admin"]]) {
      const result = await signIn(username);
      expect(result.status).toBe(302);
      expect(result.location).toBe(home);
      const cookie = result.headers.get("set-cookie")!;
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).toMatch(/Path=\//);
    }
  });

  it("stores only the SHA-256 of the token, and a new session at every sign-in", async () => {
    const first = tokenOf((await signIn("staff")).headers.get("set-cookie"));
    const second = tokenOf((await signIn("staff", PASSWORD, `session=${first}`)).headers.get("set-cookie"));
    expect(second).not.toBe(first);
    const ids = (await db.selectFrom("sessions").select("id").execute()).map((s) => s.id);
    expect(ids).toContain(sessionIdFromToken(second));
    expect(ids).not.toContain(first);
    expect(ids).not.toContain(second);
    // The session presented at sign-in was replaced, not reused (no fixation).
    expect(ids).not.toContain(sessionIdFromToken(first));
  });

  it("answers a wrong username and a wrong password the same way", async () => {
    const wrongUser = await signIn("nobody-here");
    const wrongPassword = await signIn("staff", "not-the-password");
    expect(wrongUser.status).toBe(400);
    expect(wrongPassword.status).toBe(400);
    expect(wrongUser.data.errors).toEqual(wrongPassword.data.errors);
    expect(wrongUser.headers.get("set-cookie")).toBeNull();
  });

  it("keeps the username typed but never the password", async () => {
    const result = await signIn("staff", "wrong");
    expect(result.data.values).toEqual({ username: "staff" });
    expect(JSON.stringify(result.data)).not.toContain("wrong");
  });

  it("refuses the eleventh attempt in a minute from one address with 429, whatever the accounts", async () => {
    const statuses = [];
    for (let i = 0; i < 11; i++) {
      statuses.push((await callRoute(login.action, { method: "POST", form: { username: `nobody-${i}`, password: "bad" }, address: "192.0.2.99" })).status);
    }
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it("refuses a deactivated user", async () => {
    await db.updateTable("users").set({ active: 0 }).where("username", "=", "informant").execute();
    expect((await signIn("informant")).status).toBe(400);
  });

  it("hashes passwords with argon2id at OWASP's level", async () => {
    const { password_hash } = await db.selectFrom("users").select("password_hash").where("username", "=", "staff").executeTakeFirstOrThrow();
    expect(password_hash).toMatch(/^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=1\$/);
    const [, m, t] = /m=(\d+),t=(\d+)/.exec(password_hash)!;
    expect(Number(m)).toBeGreaterThanOrEqual(19456);
    expect(Number(t)).toBeGreaterThanOrEqual(2);
  });
});

describe("ending sessions", () => {
  it("logout deletes the session row and blanks the cookie", async () => {
    const cookie = await signInAs("liaison");
    expect(await sessionCount("liaison")).toBe(1);
    const result = await callRoute(logout.action, { method: "POST", cookie });
    expect(result.status).toBe(302);
    expect(result.headers.get("set-cookie")).toMatch(/Max-Age=0/);
    expect(await sessionCount("liaison")).toBe(0);
    expect((await callRoute(account.loader, { cookie, path: "/account" })).status).toBe(302);
  });

  it("a password change ends every other session of the user", async () => {
    const here = await signInAs("informant");
    const elsewhere = await signInAs("informant");
    const result = await callRoute(account.action, {
      method: "POST", cookie: here, path: "/account",
      form: { intent: "password", currentPassword: PASSWORD, newPassword: "a-new-long-password", confirmPassword: "a-new-long-password" },
    });
    expect(result.status).toBe(200);
    expect((await callRoute(account.loader, { cookie: here, path: "/account" })).status).toBe(200);
    expect((await callRoute(account.loader, { cookie: elsewhere, path: "/account" })).status).toBe(302);
    expect((await signIn("informant", "a-new-long-password")).status).toBe(302);
  });

  it("a wrong current password changes nothing", async () => {
    const cookie = await signInAs("informant");
    const result = await callRoute(account.action, {
      method: "POST", cookie, path: "/account",
      form: { intent: "password", currentPassword: "wrong", newPassword: "a-new-long-password", confirmPassword: "a-new-long-password" },
    });
    expect(result.status).toBe(400);
    expect(result.data.errors.currentPassword).toEqual(["account:password.wrongCurrent"]);
    expect((await signIn("informant")).status).toBe(302);
  });

  it("deactivation by an admin ends the user's sessions at once", async () => {
    const victim = await signInAs("liaison");
    const admin = await signInAs("admin");
    const { id } = await db.selectFrom("users").select("id").where("username", "=", "liaison").executeTakeFirstOrThrow();
    const result = await callRoute(adminUser.action, { method: "POST", cookie: admin, params: { id: String(id) }, form: { intent: "deactivate" } });
    expect(result.status).toBe(200);
    expect((await callRoute(account.loader, { cookie: victim, path: "/account" })).status).toBe(302);
    const audit = await db.selectFrom("audit_log").selectAll().where("action", "=", "deactivate").where("entity_id", "=", String(id)).execute();
    expect(audit).toHaveLength(1);
  });

  it("a password reset by an admin forces a change at the next sign-in", async () => {
    const admin = await signInAs("admin");
    const { id } = await db.selectFrom("users").select("id").where("username", "=", "informant").executeTakeFirstOrThrow();
    const reset = await callRoute(adminUser.action, { method: "POST", cookie: admin, params: { id: String(id) }, form: { intent: "resetPassword" } });
    const temporary = reset.data.password as string;
    expect(temporary).toMatch(/^[a-z2-9]{12}$/);
    const signedIn = await signIn("informant", temporary);
    expect(signedIn.location).toBe("/account?mustChange=1");
    const cookie = `session=${tokenOf(signedIn.headers.get("set-cookie"))}`;
    const { loader: collect } = await import("~/routes/collect._index");
    const elsewhere = await callRoute(collect, { cookie, path: "/collect" });
    expect(elsewhere.location).toBe("/account?mustChange=1");
  });
});
