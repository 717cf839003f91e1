import { sql } from "kysely";
import { beforeAll, describe, expect, it } from "vitest";
import { getDistrictStats } from "~/models/stats.server";
import { todayInChina } from "~/utils/clock.server";
import { onPostgres, seededDatabase } from "../tests/setup/database";
import type { Db } from "~/utils/db.server";

let db: Db;
beforeAll(async () => {
  db = await seededDatabase();
}, 120_000);

describe("the demo district", () => {
  it("reproduces the district's reported figures", async () => {
    const stats = await getDistrictStats(db, todayInChina());
    expect(stats).toMatchObject({
      streets: 3,
      grids: 190,
      smallestUnits: 2590,
      contactPoints: 59,
      liaisons: 57,
      informants: 350,
      drafts: 51,
      draftsConsulted: 48,
      opinionsForwarded: 770,
      opinionsAdopted: 91,
      consultations: 62,
      socialOpinionReports: 39,
      researchReports: 5,
    });
    expect(stats.suggestions).toBeGreaterThanOrEqual(90);
    // Most collected opinions are screened out or merged: collected is several times forwarded.
    expect(stats.opinions).toBeGreaterThan(2.5 * stats.opinionsForwarded);
  });

  it("has the three real streets and the real communities, sample names marked", async () => {
    const streets = await db.selectFrom("places").select("name").where("level", "=", "street").orderBy("code").execute();
    expect(streets.map((s) => s.name)).toEqual(["江南街道", "外海街道", "礼乐街道"]);
    const waihai = await db.selectFrom("places").select(["name", "code", "sample_name"]).where("code", "like", "440704004___").where("level", "=", "community").execute();
    expect(waihai).toHaveLength(19);
    expect(waihai.every((c) => c.sample_name === 0)).toBe(true);
    expect(waihai.map((c) => c.name)).toContain("金溪社区");
    const sample = await db.selectFrom("places").select("name").where("sample_name", "=", 1).execute();
    expect(sample.length).toBeGreaterThan(0);
    const grid = await db.selectFrom("places").select("code").where("level", "=", "grid").executeTakeFirstOrThrow();
    expect(grid.code).toMatch(/^440704\d{9}$/);
    const unit = await db.selectFrom("places").select("code").where("level", "=", "unit").executeTakeFirstOrThrow();
    expect(unit.code).toMatch(/^440704\d{12}$/);
  });

  it("gives every contact point a host and grids, and every grid one contact point", async () => {
    const points = await db
      .selectFrom("contact_points")
      .leftJoin("contact_point_grids", "contact_point_grids.contact_point_id", "contact_points.id")
      .select(["contact_points.id", "contact_points.kind", (eb) => eb.fn.count("contact_point_grids.grid_id").as("grids")])
      .groupBy("contact_points.id")
      .execute();
    expect(points).toHaveLength(59);
    expect(points.filter((p) => p.kind === "national")).toHaveLength(1);
    expect(points.every((p) => Number(p.grids) > 0)).toBe(true);
    const covered = await db.selectFrom("contact_point_grids").select((eb) => eb.fn.countAll().as("n")).executeTakeFirstOrThrow();
    expect(Number(covered.n)).toBe(190);
  });

  it("has the demo accounts, the liaison and informant at one contact point", async () => {
    const users = await db.selectFrom("users").select(["username", "role", "contact_point_id"]).where("username", "in", ["admin", "staff", "cppcc", "liaison", "informant"]).execute();
    const byName = Object.fromEntries(users.map((u) => [u.username, u]));
    expect(Object.keys(byName).sort()).toEqual(["admin", "cppcc", "informant", "liaison", "staff"]);
    expect(byName.liaison.contact_point_id).not.toBeNull();
    expect(byName.liaison.contact_point_id).toBe(byName.informant.contact_point_id);
  });

  it("has 3 drafts open for comment now", async () => {
    const open = await db.selectFrom("drafts").select("deadline").where("status", "=", "open").execute();
    expect(open).toHaveLength(3);
    expect(open.every((d) => d.deadline >= "2026-11-27")).toBe(true);
  });

  it("keeps a status history for every opinion and merged opinions out of reports", async () => {
    const missing = await sql<{ n: number }>`SELECT count(*) AS n FROM opinions o WHERE NOT EXISTS (SELECT 1 FROM opinion_status_history h WHERE h.opinion_id = o.id)`.execute(db);
    expect(missing.rows[0].n).toBe(0);
    const mergedInReports = await sql<{ n: number }>`SELECT count(*) AS n FROM opinions WHERE status = 'merged' AND report_id IS NOT NULL`.execute(db);
    expect(mergedInReports.rows[0].n).toBe(0);
    const merged = await sql<{ n: number }>`SELECT count(*) AS n FROM opinions WHERE merged_into_id IS NOT NULL`.execute(db);
    expect(merged.rows[0].n).toBeGreaterThan(100);
  });

  it.skipIf(onPostgres)("passes SQLite's integrity and foreign key checks", async () => {
    const integrity = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(db);
    expect(integrity.rows).toEqual([{ integrity_check: "ok" }]);
    const fk = await sql`PRAGMA foreign_key_check`.execute(db);
    expect(fk.rows).toEqual([]);
  });
});
