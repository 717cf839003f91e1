import { beforeAll, describe, expect, it } from "vitest";
import * as account from "~/routes/account";
import * as adminIndex from "~/routes/admin._index";
import * as adminAudit from "~/routes/admin.audit";
import * as adminUser from "~/routes/admin.users.$id";
import * as adminNew from "~/routes/admin.users.new";
import * as collectHome from "~/routes/collect._index";
import * as staffHome from "~/routes/staff._index";
import { db } from "~/utils/db.server";
import { seededDatabase } from "../setup/database";
import { callRoute, signInAs } from "../setup/routes";

// Every role × every protected action, with the status the server must answer.
// Roles: public (no session), informant, liaison, staff, cppcc, admin.
type Role = "public" | "informant" | "liaison" | "staff" | "cppcc" | "admin";
const ROLES: Role[] = ["public", "informant", "liaison", "staff", "cppcc", "admin"];
type Case = {
  name: string;
  call: (cookie: string | undefined) => ReturnType<typeof callRoute>;
  expect: Record<Role, number>;
};

const only = (allowed: Role[], ok = 200): Record<Role, number> =>
  Object.fromEntries(ROLES.map((r) => [r, r === "public" ? 302 : allowed.includes(r) ? ok : 403])) as Record<Role, number>;

let otherUserId = 0;
const cases: Case[] = [
  { name: "GET /collect", call: (cookie) => callRoute(collectHome.loader, { cookie, path: "/collect" }), expect: only(["informant", "liaison"]) },
  { name: "GET /staff", call: (cookie) => callRoute(staffHome.loader, { cookie, path: "/staff" }), expect: only(["staff"]) },
  { name: "GET /admin", call: (cookie) => callRoute(adminIndex.loader, { cookie, path: "/admin" }), expect: only(["admin"]) },
  { name: "GET /admin/audit", call: (cookie) => callRoute(adminAudit.loader, { cookie, path: "/admin/audit" }), expect: only(["admin"]) },
  { name: "GET /admin/users/new", call: (cookie) => callRoute(adminNew.loader, { cookie, path: "/admin/users/new" }), expect: only(["admin"]) },
  {
    name: "POST /admin/users/new",
    call: (cookie) => callRoute(adminNew.action, { method: "POST", cookie, path: "/admin/users/new", form: { username: `u${Math.random().toString(36).slice(2, 8)}`, displayName: "新用户", role: "staff" } }),
    expect: only(["admin"]),
  },
  { name: "GET /admin/users/:id", call: (cookie) => callRoute(adminUser.loader, { cookie, params: { id: String(otherUserId) } }), expect: only(["admin"]) },
  { name: "GET /admin/users/:unknown", call: (cookie) => callRoute(adminUser.loader, { cookie, params: { id: "999999" } }), expect: { ...only(["admin"]), admin: 404 } },
  { name: "GET /admin/users/:garbage", call: (cookie) => callRoute(adminUser.loader, { cookie, params: { id: "abc" } }), expect: { ...only(["admin"]), admin: 404 } },
  {
    name: "POST /admin/users/:id deactivate",
    call: (cookie) => callRoute(adminUser.action, { method: "POST", cookie, params: { id: String(otherUserId) }, form: { intent: "reactivate" } }),
    expect: only(["admin"]),
  },
  { name: "GET /account", call: (cookie) => callRoute(account.loader, { cookie, path: "/account" }), expect: only(["informant", "liaison", "staff", "cppcc", "admin"]) },
];

const cookies = new Map<Role, string | undefined>();
beforeAll(async () => {
  await seededDatabase();
  otherUserId = (await db.selectFrom("users").select("id").where("username", "=", "informant001").executeTakeFirstOrThrow()).id;
  for (const role of ROLES) cookies.set(role, role === "public" ? undefined : await signInAs(role));
}, 120_000);

describe.each(cases)("$name", ({ call, expect: expected }) => {
  it.each(ROLES)("as %s", async (role) => {
    const result = await call(cookies.get(role));
    expect(result.status).toBe(expected[role]);
    if (expected[role] === 302) expect(result.location).toMatch(/^\/login\?redirectTo=/);
  });
});
