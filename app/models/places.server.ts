import type { Db } from "~/utils/db.server";
import type { PlaceKind, PlaceLevel } from "~/domain/vocabulary";
import { camelAll } from "./rows.server";

export type NewPlace = {
  code: string;
  name: string;
  level: PlaceLevel;
  parentId: number | null;
  kind?: PlaceKind | null;
  households?: number | null;
  population?: number | null;
  sampleName?: boolean;
};

export async function createPlace(db: Db, place: NewPlace): Promise<number> {
  const row = await db
    .insertInto("places")
    .values({
      code: place.code,
      name: place.name,
      level: place.level,
      parent_id: place.parentId,
      kind: place.kind ?? null,
      households: place.households ?? null,
      population: place.population ?? null,
      sample_name: place.sampleName ? 1 : 0,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function countPlaces(db: Db, level: PlaceLevel): Promise<number> {
  const row = await db
    .selectFrom("places")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("level", "=", level)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listPlaces(db: Db, level: PlaceLevel) {
  return camelAll(await db.selectFrom("places").selectAll().where("level", "=", level).orderBy("code").execute());
}
