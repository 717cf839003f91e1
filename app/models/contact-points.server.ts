import type { Db } from "~/utils/db.server";
import type { ContactPointDetails } from "~/domain/contact-point-details";
import type { ContactPointKind } from "~/domain/vocabulary";
import { writeAudit } from "./audit.server";
import { camelAll, camelMaybe } from "./rows.server";

export type NewContactPoint = {
  code: string;
  name: string;
  kind: ContactPointKind;
  hostOrganisation: string;
  placeId: number;
  address?: string | null;
  openingHours?: string | null;
  phone?: string | null;
  latitude?: number | null;
  longitude?: number | null;
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
      opening_hours: cp.openingHours ?? null,
      phone: cp.phone ?? null,
      latitude: cp.latitude ?? null,
      longitude: cp.longitude ?? null,
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

// The public face of a contact point (docs/domain.md, "Contact points for the public"):
// its office's details and where it sits, the community and the street. A point hosted
// by a street sits in no community; the national point sits in the district itself.

function pointsWithPlaces(db: Db) {
  return db
    .selectFrom("contact_points as cp")
    .innerJoin("places as p", "p.id", "cp.place_id")
    .leftJoin("places as pp", "pp.id", "p.parent_id")
    .select((eb) => [
      "cp.id", "cp.code", "cp.name", "cp.kind", "cp.host_organisation", "cp.active",
      "cp.address", "cp.opening_hours", "cp.phone", "cp.latitude", "cp.longitude",
      eb.case().when("p.level", "=", "community").then(eb.ref("p.id")).else(null).end().as("community_id"),
      eb.case().when("p.level", "=", "community").then(eb.ref("p.name")).else(null).end().as("community_name"),
      eb.case().when("p.level", "=", "street").then(eb.ref("p.id")).when("pp.level", "=", "street").then(eb.ref("pp.id")).else(null).end().as("street_id"),
      eb.case().when("p.level", "=", "street").then(eb.ref("p.name")).when("pp.level", "=", "street").then(eb.ref("pp.name")).else(null).end().as("street_name"),
    ]);
}

/** One contact point with its public details and place. */
export async function getContactPointDetails(db: Db, id: number) {
  return camelMaybe(await pointsWithPlaces(db).where("cp.id", "=", id).executeTakeFirst());
}

/** Every contact point with its public details, for the office's list: by code. */
export async function listContactPointDetails(db: Db) {
  return camelAll(await pointsWithPlaces(db).orderBy("cp.code").execute());
}

/** The active contact points a draft was sent to as a resident meets them: the national point, liaison units, collection points; by code. */
export async function listDraftContactPointDetails(db: Db, draftId: number) {
  const rows = await pointsWithPlaces(db)
    .innerJoin("draft_contact_points as dcp", "dcp.contact_point_id", "cp.id")
    .where("dcp.draft_id", "=", draftId)
    .where("cp.active", "=", 1)
    .orderBy((eb) => eb.case().when("cp.kind", "=", "national").then(0).when("cp.kind", "=", "liaison_unit").then(1).else(2).end())
    .orderBy("cp.code")
    .execute();
  return camelAll(rows);
}

/**
 * Changes a contact point's public details, within the editor's reach: any point, or
 * only `ownContactPointId` (a liaison's). False when the point is not within reach.
 */
export async function updateContactPointDetails(
  db: Db,
  { contactPointId, ownContactPointId, details, userId }: { contactPointId: number; ownContactPointId?: number | null; details: ContactPointDetails; userId: number },
  now: string,
): Promise<boolean> {
  let scoped = db.selectFrom("contact_points").select(["address", "opening_hours", "phone", "latitude", "longitude"]).where("id", "=", contactPointId);
  if (ownContactPointId !== undefined) scoped = scoped.where("id", "=", ownContactPointId ?? -1);
  const before = await scoped.executeTakeFirst();
  if (!before) return false;
  const after = {
    address: details.address, opening_hours: details.openingHours, phone: details.phone, latitude: details.latitude, longitude: details.longitude,
  };
  await db.updateTable("contact_points").set(after).where("id", "=", contactPointId).execute();
  await writeAudit(db, { userId, action: "update", entity: "contact_point", entityId: contactPointId, before, after }, now);
  return true;
}

/** Streets (all, or those named) and their communities, for "where do you live" pickers, in code order. */
export async function listStreetsWithCommunities(db: Db, streetIds?: number[]) {
  if (streetIds && !streetIds.length) return [];
  let query = db
    .selectFrom("places as c")
    .innerJoin("places as s", "s.id", "c.parent_id")
    .select(["s.id as street_id", "s.name as street_name", "c.id", "c.name"])
    .where("c.level", "=", "community")
    .where("s.level", "=", "street")
    .orderBy("s.code")
    .orderBy("c.code");
  if (streetIds) query = query.where("s.id", "in", streetIds);
  const rows = await query.execute();
  const streets = new Map<number, { id: number; name: string; communities: { id: number; name: string }[] }>();
  for (const r of rows) {
    let street = streets.get(r.street_id);
    if (!street) streets.set(r.street_id, (street = { id: r.street_id, name: r.street_name, communities: [] }));
    street.communities.push({ id: r.id, name: r.name });
  }
  return [...streets.values()];
}

export type PublicContactPoint = NonNullable<Awaited<ReturnType<typeof getContactPointDetails>>>;
