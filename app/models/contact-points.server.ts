import type { Db } from "~/utils/db.server";
import type { ContactPointKind } from "~/domain/vocabulary";
import { camelAll, camelMaybe } from "./rows.server";

export type NewContactPoint = {
  code: string;
  name: string;
  kind: ContactPointKind;
  hostOrganisation: string;
  placeId: number;
  address?: string | null;
  gridIds: number[];
};

export async function createContactPoint(db: Db, cp: NewContactPoint, now: string): Promise<number> {
  const { id } = await db
    .insertInto("contact_points")
    .values({
      code: cp.code,
      name: cp.name,
      kind: cp.kind,
      host_organisation: cp.hostOrganisation,
      place_id: cp.placeId,
      address: cp.address ?? null,
      created_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  if (cp.gridIds.length) {
    await db
      .insertInto("contact_point_grids")
      .values(cp.gridIds.map((grid_id) => ({ contact_point_id: id, grid_id })))
      .execute();
  }
  return id;
}

export async function listContactPoints(db: Db) {
  const rows = await db
    .selectFrom("contact_points")
    .select(["id", "code", "name", "kind", "host_organisation", "place_id", "active"])
    .orderBy("code")
    .execute();
  return camelAll(rows);
}

export async function getContactPoint(db: Db, id: number) {
  return camelMaybe(await db.selectFrom("contact_points").selectAll().where("id", "=", id).executeTakeFirst());
}

export async function listContactPointGridIds(db: Db, contactPointId: number): Promise<number[]> {
  const rows = await db
    .selectFrom("contact_point_grids")
    .select("grid_id")
    .where("contact_point_id", "=", contactPointId)
    .execute();
  return rows.map((r) => r.grid_id);
}

/** Contact points with their grids, for pickers: grids in code order under each point. */
export async function listContactPointsWithGrids(db: Db) {
  const rows = await db
    .selectFrom("contact_points")
    .innerJoin("contact_point_grids", "contact_point_grids.contact_point_id", "contact_points.id")
    .innerJoin("places", "places.id", "contact_point_grids.grid_id")
    .select(["contact_points.id", "contact_points.name", "contact_points.code", "places.id as grid_id", "places.name as grid_name", "places.code as grid_code"])
    .orderBy("contact_points.code")
    .orderBy("places.code")
    .execute();
  const points = new Map<number, { id: number; name: string; code: string; grids: { id: number; name: string; code: string }[] }>();
  for (const r of rows) {
    let p = points.get(r.id);
    if (!p) points.set(r.id, (p = { id: r.id, name: r.name, code: r.code, grids: [] }));
    p.grids.push({ id: r.grid_id, name: r.grid_name, code: r.grid_code });
  }
  return [...points.values()];
}
