import { placeCounts } from "~/domain/tracker";
import type { Db } from "~/utils/db.server";
import { camel } from "./rows.server";
import { placeSums } from "./tracker-sql.server";

// One contact point, street or community on the tracker: its figures (grids credited
// for the opinions merged into forwarded ones), per draft, with the events held there.

export async function getTrackerContactPoint(db: Db, id: number, today: string) {
  const point = await db
    .selectFrom("contact_points as cp")
    .innerJoin("places as p", "p.id", "cp.place_id")
    .leftJoin("places as pp", "pp.id", "p.parent_id")
    .select([
      "cp.id", "cp.code", "cp.name", "cp.kind", "cp.host_organisation", "cp.active",
      "p.id as place_id", "p.name as place_name", "p.level as place_level", "pp.id as parent_id", "pp.name as parent_name", "pp.level as parent_level",
    ])
    .where("cp.id", "=", id)
    .executeTakeFirst();
  if (!point) return undefined;
  const [grids, totals, perDraft, events] = await Promise.all([
    db.selectFrom("contact_point_grids as cpg").innerJoin("places as g", "g.id", "cpg.grid_id")
      .select(["g.id", "g.code", "g.name"]).where("cpg.contact_point_id", "=", id).orderBy("g.code").execute(),
    db.selectFrom("tracker_grid_counts as g").select(placeSums("g")).where("g.contact_point_id", "=", id).executeTakeFirstOrThrow(),
    perDraftCounts(db, (q) => q.where("g.contact_point_id", "=", id)),
    db.selectFrom("collection_events")
      .select(["draft_id", (eb) => eb.fn.countAll<number>().as("events"), (eb) => eb.fn.sum<number>("participants").as("participants")])
      .where("contact_point_id", "=", id).where("held_on", "<=", today).groupBy("draft_id").execute(),
  ]);
  return { point: camel(point), grids, counts: placeCounts(camel(totals)), ...withEvents(perDraft, events) };
}

type GridCountsQuery = ReturnType<typeof gridCountsForDrafts>;

function gridCountsForDrafts(db: Db) {
  return db
    .selectFrom("tracker_grid_counts as g")
    .innerJoin("drafts as d", "d.id", "g.draft_id")
    .where("d.status", "!=", "draft");
}

async function perDraftCounts(db: Db, scope: (q: GridCountsQuery) => GridCountsQuery) {
  const rows = await scope(gridCountsForDrafts(db))
    .select(["d.id", "d.title", "d.title_en", "d.status", "d.deadline", ...placeSums("g")])
    .groupBy("d.id")
    .orderBy("d.deadline", "desc")
    .execute();
  return rows
    .map((r) => ({ id: r.id, title: r.title, titleEn: r.title_en, status: r.status, deadline: r.deadline, counts: placeCounts(camel(r)) }))
    .filter((r) => r.counts.collected > 0);
}

function withEvents<T extends { id: number }>(drafts: T[], events: { draft_id: number; events: number; participants: number | null }[]) {
  const byDraft = new Map(events.map((e) => [e.draft_id, e]));
  return {
    drafts: drafts.map((d) => ({ ...d, events: Number(byDraft.get(d.id)?.events ?? 0) })),
    events: events.reduce((n, e) => n + Number(e.events), 0),
    participants: events.reduce((n, e) => n + Number(e.participants ?? 0), 0),
  };
}

export async function getTrackerPlace(db: Db, id: number, today: string) {
  const place = await db
    .selectFrom("places as p")
    .leftJoin("places as pp", "pp.id", "p.parent_id")
    .select(["p.id", "p.code", "p.name", "p.level", "p.kind", "p.sample_name", "pp.id as parent_id", "pp.name as parent_name", "pp.level as parent_level"])
    .where("p.id", "=", id)
    .where("p.level", "in", ["street", "community"])
    .executeTakeFirst();
  if (!place) return undefined;
  // The grids under the place, and the communities a street is made of.
  const communityIds = place.level === "street"
    ? db.selectFrom("places").select("id").where("parent_id", "=", id).where("level", "=", "community")
    : db.selectFrom("places").select("id").where("id", "=", id);
  const gridIds = db.selectFrom("places").select("id").where("level", "=", "grid").where("parent_id", "in", communityIds);

  const childLevel = place.level === "street" ? "community" : "grid";
  const children = await db
    .selectFrom("places as child")
    .leftJoin(
      (eb) => {
        const base = eb
          .selectFrom("tracker_grid_counts as g")
          .innerJoin("places as grid", "grid.id", "g.grid_id")
          .where("g.grid_id", "in", gridIds);
        return place.level === "street"
          ? base.select(["grid.parent_id as child_id", ...placeSums("g")]).groupBy("grid.parent_id").as("t")
          : base.select(["grid.id as child_id", ...placeSums("g")]).groupBy("grid.id").as("t");
      },
      (join) => join.onRef("t.child_id", "=", "child.id"),
    )
    .select([
      "child.id", "child.code", "child.name", "child.level", "t.collected", "t.forwarded", "t.adopted", "t.partly_adopted",
      "t.merged_forwarded", "t.merged_adopted", "t.merged_partly_adopted",
    ])
    .where("child.parent_id", "=", id)
    .where("child.level", "=", childLevel)
    .orderBy("child.code")
    .execute();

  const [totals, perDraft, events, points] = await Promise.all([
    db.selectFrom("tracker_grid_counts as g").select(placeSums("g")).where("g.grid_id", "in", gridIds).executeTakeFirstOrThrow(),
    perDraftCounts(db, (q) => q.where("g.grid_id", "in", gridIds)),
    // An event counts where its grid is, or where its contact point is when it names no grid.
    db.selectFrom("collection_events as e")
      .leftJoin("places as eg", "eg.id", "e.grid_id")
      .innerJoin("contact_points as cp", "cp.id", "e.contact_point_id")
      .select(["e.draft_id", (eb) => eb.fn.countAll<number>().as("events"), (eb) => eb.fn.sum<number>("e.participants").as("participants")])
      .where((eb) =>
        eb.or([
          eb("e.grid_id", "in", gridIds),
          eb.and([eb("e.grid_id", "is", null), eb.or([eb("cp.place_id", "in", communityIds), eb("cp.place_id", "=", id)])]),
        ]),
      )
      .where("e.held_on", "<=", today)
      .groupBy("e.draft_id")
      .execute(),
    db.selectFrom("contact_points as cp")
      .select(["cp.id", "cp.code", "cp.name", "cp.kind"])
      .where((eb) => eb.or([eb("cp.place_id", "in", communityIds), eb("cp.place_id", "=", id)]))
      .orderBy("cp.code")
      .execute(),
  ]);
  return {
    place: camel(place),
    children: children.map((c) => ({ id: c.id, code: c.code, name: c.name, level: c.level, counts: placeCounts(camel(c)) })),
    counts: placeCounts(camel(totals)),
    contactPoints: points,
    ...withEvents(perDraft, events),
  };
}
