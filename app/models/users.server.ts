import type { Db } from "~/utils/db.server";
import { writeAudit } from "./audit.server";
import { listContactPointsWithGrids } from "./contact-points.server";
import { listPlaces } from "./places.server";
import { camel, camelAll } from "./rows.server";
import type { InformantKind, Role } from "~/domain/vocabulary";
import { contains } from "./dialect-search.server";

export type NewUserInput = {
  username: string;
  displayName: string;
  role: Role;
  passwordHash: string;
  contactPointId?: number | null;
  informantKind?: InformantKind | null;
  gridIds?: number[];
  mustChangePassword?: boolean;
  byUserId?: number | null;
};

export async function createUser(db: Db, input: NewUserInput, now: string): Promise<number> {
  const { id } = await db
    .insertInto("users")
    .values({
      username: input.username,
      display_name: input.displayName,
      role: input.role,
      password_hash: input.passwordHash,
      contact_point_id: input.contactPointId ?? null,
      informant_kind: input.informantKind ?? null,
      must_change_password: input.mustChangePassword ? 1 : 0,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (input.gridIds?.length) {
    await db
      .insertInto("user_grids")
      .values(input.gridIds.map((grid_id) => ({ user_id: id, grid_id })))
      .execute();
  }
  await writeAudit(db, {
    userId: input.byUserId ?? null, action: "create", entity: "user", entityId: id,
    after: { username: input.username, role: input.role, contact_point_id: input.contactPointId ?? null, grids: input.gridIds ?? [] },
  }, now);
  return id;
}

export async function countUsers(db: Db, role: Role, activeOnly = true): Promise<number> {
  let query = db.selectFrom("users").select((eb) => eb.fn.countAll<number>().as("n")).where("role", "=", role);
  if (activeOnly) query = query.where("active", "=", 1);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

export async function findUserByUsername(db: Db, username: string) {
  return db.selectFrom("users").select(["id", "username"]).where("username", "=", username).executeTakeFirst();
}

/** A contact point with its grids grouped by the village/community they lie in, for the account form's grid boxes. */
export type GridChoicePoint = {
  id: number;
  code: string;
  name: string;
  communities: { id: number; name: string; street: string; grids: { id: number; name: string; code: string }[] }[];
};

/** Every contact point with its grids, grouped by community (communities and grids in code order). */
export async function listGridChoices(db: Db): Promise<GridChoicePoint[]> {
  const [points, grids, communities, streets] = await Promise.all([
    listContactPointsWithGrids(db), listPlaces(db, "grid"), listPlaces(db, "community"), listPlaces(db, "street"),
  ]);
  const communityOf = new Map(grids.map((g) => [g.id, g.parentId]));
  const community = new Map(communities.map((c, order) => [c.id, { name: c.name, parentId: c.parentId, order }]));
  const streetName = new Map(streets.map((s) => [s.id, s.name]));
  return points.map((p) => {
    const groups = new Map<number, GridChoicePoint["communities"][number] & { order: number }>();
    for (const g of p.grids) {
      const id = communityOf.get(g.id) ?? 0;
      let group = groups.get(id);
      if (!group) {
        const c = community.get(id);
        groups.set(id, (group = { id, name: c?.name ?? "", street: streetName.get(c?.parentId ?? 0) ?? "", grids: [], order: c?.order ?? Infinity }));
      }
      group.grids.push(g);
    }
    const ordered = [...groups.values()].sort((a, b) => a.order - b.order).map(({ order: _order, ...c }) => c);
    return { id: p.id, code: p.code, name: p.name, communities: ordered };
  });
}

export async function getUserGridIds(db: Db, userId: number): Promise<number[]> {
  const rows = await db.selectFrom("user_grids").select("grid_id").where("user_id", "=", userId).execute();
  return rows.map((r) => r.grid_id);
}

export type UserFilters = { role?: Role; contactPointId?: number; active?: boolean; q?: string };

export async function listUsers(db: Db, { role, contactPointId, active, q }: UserFilters, { limit = 50, offset = 0 } = {}) {
  let query = db
    .selectFrom("users")
    .leftJoin("contact_points", "contact_points.id", "users.contact_point_id")
    .select([
      "users.id", "users.username", "users.display_name", "users.role", "users.active", "users.contact_point_id",
      "contact_points.name as contact_point_name",
    ]);
  if (role) query = query.where("users.role", "=", role);
  if (contactPointId) query = query.where("users.contact_point_id", "=", contactPointId);
  if (active !== undefined) query = query.where("users.active", "=", active ? 1 : 0);
  if (q) query = query.where((eb) => eb.or([contains(db, "users.username", q), contains(db, "users.display_name", q)]));
  const [rows, total] = await Promise.all([
    query.orderBy("users.role").orderBy("users.username").limit(limit).offset(offset).execute(),
    query.clearSelect().select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { rows: camelAll(rows), total: Number(total.n) };
}

export async function getUser(db: Db, id: number) {
  const user = await db
    .selectFrom("users")
    .select(["id", "username", "display_name", "role", "informant_kind", "contact_point_id", "active", "must_change_password", "created_at", "updated_at"])
    .where("id", "=", id)
    .executeTakeFirst();
  return user && { ...camel(user), gridIds: await getUserGridIds(db, id) };
}

/** Changes role and scope (contact point and grids), keeping the before and after in the audit log. */
export async function updateUserRole(
  db: Db,
  { id, role, contactPointId, gridIds, displayName, byUserId }: { id: number; role: Role; contactPointId: number | null; gridIds: number[]; displayName: string; byUserId: number },
  now: string,
) {
  const before = await getUser(db, id);
  if (!before) throw new Error("Unknown user");
  const scoped = role === "informant" || role === "liaison";
  await db
    .updateTable("users")
    .set({ role, display_name: displayName, contact_point_id: scoped ? contactPointId : null, updated_at: now })
    .where("id", "=", id)
    .execute();
  await db.deleteFrom("user_grids").where("user_id", "=", id).execute();
  if (role === "informant" && gridIds.length) {
    await db.insertInto("user_grids").values(gridIds.map((grid_id) => ({ user_id: id, grid_id }))).execute();
  }
  const after = await getUser(db, id);
  await writeAudit(db, { userId: byUserId, action: "update", entity: "user", entityId: id, before: auditView(before), after: after && auditView(after) }, now);
}

function auditView(u: NonNullable<Awaited<ReturnType<typeof getUser>>>) {
  return { role: u.role, display_name: u.displayName, contact_point_id: u.contactPointId, grids: u.gridIds, active: u.active };
}

/** Deactivating a user ends all their sessions at once. */
export async function setUserActive(db: Db, { id, active, byUserId }: { id: number; active: boolean; byUserId: number }, now: string) {
  await db.updateTable("users").set({ active: active ? 1 : 0, updated_at: now }).where("id", "=", id).execute();
  if (!active) await db.deleteFrom("sessions").where("user_id", "=", id).execute();
  await writeAudit(db, { userId: byUserId, action: active ? "reactivate" : "deactivate", entity: "user", entityId: id, before: { active: !active }, after: { active } }, now);
}

/**
 * Sets a new password hash and ends the user's sessions (all, or all but the
 * current one when the user changed it themselves).
 */
export async function setPassword(
  db: Db,
  { id, passwordHash, mustChange, byUserId, keepSessionId }: { id: number; passwordHash: string; mustChange: boolean; byUserId: number; keepSessionId?: string },
  now: string,
) {
  await db.updateTable("users").set({ password_hash: passwordHash, must_change_password: mustChange ? 1 : 0, updated_at: now }).where("id", "=", id).execute();
  let sessions = db.deleteFrom("sessions").where("user_id", "=", id);
  if (keepSessionId) sessions = sessions.where("id", "!=", keepSessionId);
  await sessions.execute();
  await writeAudit(db, { userId: byUserId, action: mustChange ? "reset_password" : "change_password", entity: "user", entityId: id }, now);
}

export async function getPasswordHash(db: Db, id: number): Promise<string | null> {
  const row = await db.selectFrom("users").select("password_hash").where("id", "=", id).executeTakeFirst();
  return row?.password_hash ?? null;
}

export async function listSessions(db: Db, userId: number) {
  const rows = await db.selectFrom("sessions").select(["id", "created_at", "last_seen_at", "expires_at", "user_agent"]).where("user_id", "=", userId).orderBy("last_seen_at", "desc").execute();
  return camelAll(rows);
}
