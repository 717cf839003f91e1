import path from "node:path";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectAggregatesCurrent } from "../tests/setup/tracker";
import { databaseUrl, dropDatabase, testServerUrl, withAdmin } from "../tests/setup/postgres";
import { openDatabase, type Db } from "./connection";
import { migrateToLatest } from "./migrator";
import { connect } from "./postgres-tools";
import { generateNational, nationalReceiptCode, type NationalSummary } from "./seed-national";
import { SeedTargetError, generateNationalPostgres, prepareNationalTarget } from "./seed-national-postgres";

// The national generator into PostgreSQL at a thousandth of its size (TEST_DATABASE_URL
// only): the same rows as into a SQLite file, the running totals equal to SQLite's
// triggers' and to a fresh roll-up, and a database the app can go on writing to.
const base = testServerUrl();
const TODAY = "2026-11-27";
const options = { scale: 0.001, today: TODAY, passwordHash: "not-a-real-hash" };
const name = `zt_test_${process.pid}_national`;

let lite: SQLite.Database;
let client: pg.Client;
let db: Db;
let fromSqlite: NationalSummary;
let fromPostgres: NationalSummary;

/** Every table of the app, by name, except the migrations' own and data_versions (SQLite's
 *  counters of writes; PostgreSQL notifies instead: db/migrations/2026-12-03T00-00-data-versions.ts). */
const tables = () =>
  (lite.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'kysely%' AND name NOT LIKE 'sqlite%' AND sql NOT LIKE '%VIRTUAL TABLE%' AND name NOT LIKE '%fts%' AND name <> 'data_versions' ORDER BY name").pluck().all() as string[]);

/** The rows of a table in a stable order, as comparable plain values. */
async function rowsOf(table: string, orderBy: string) {
  const fromLite = lite.prepare(`SELECT * FROM ${table} ORDER BY ${orderBy}`).all();
  const { rows } = await client.query(`SELECT * FROM ${table} ORDER BY ${orderBy}`);
  return { lite: fromLite, postgres: rows.map((row) => ({ ...row })) };
}

beforeAll(async () => {
  if (!base) return;
  const file = path.join(path.dirname(process.env.DATABASE_PATH!), "national-compare.db");
  const migratedLite = openDatabase(file);
  await migrateToLatest(migratedLite);
  await migratedLite.destroy();
  lite = new SQLite(file);
  lite.pragma("foreign_keys = ON");
  fromSqlite = await generateNational(lite, options);

  const url = databaseUrl(base, name);
  await withAdmin(base, (admin) => dropDatabase(admin, name));
  expect(await prepareNationalTarget(url, false)).toBe("created");
  db = openDatabase(url, { poolSize: 2 });
  await migrateToLatest(db);
  client = await connect(url);
  fromPostgres = await generateNationalPostgres(client, options);
}, 120_000);

afterAll(async () => {
  lite?.close();
  await client?.end();
  await db?.destroy();
  if (base) await withAdmin(base, (admin) => dropDatabase(admin, name));
});

describe.skipIf(!base)("the national generator into PostgreSQL at scale 0.001", () => {
  it("writes the same rows as into a SQLite file", async () => {
    expect(fromPostgres).toEqual(fromSqlite);
    expect(fromPostgres).toMatchObject({ contactPoints: 10, grids: 100, drafts: 5, opinions: 1000 });
    for (const table of tables()) {
      const [{ n }] = (await client.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`)).rows;
      expect(n, table).toBe(Number(lite.prepare(`SELECT count(*) FROM ${table}`).pluck().get()));
    }
    const opinions = await rowsOf("opinions", "id");
    expect(opinions.postgres).toEqual(opinions.lite);
    const history = await rowsOf("opinion_status_history", "id");
    expect(history.postgres).toEqual(history.lite);
  });

  it("adds up the running totals as SQLite's triggers do, row for row, and as a fresh roll-up does", async () => {
    const keys: Record<string, string> = {
      tracker_opinion_facts: "opinion_id",
      tracker_draft_months: "draft_id, month",
      tracker_grid_counts: "draft_id, grid_id, contact_point_id",
      tracker_facet_counts: "draft_id, facet, value",
      tracker_article_counts: "draft_id, article_key",
      tracker_draft_totals: "draft_id",
      tracker_month_totals: "month",
      tracker_facet_totals: "facet, value",
      tracker_contact_point_totals: "contact_point_id",
      tracker_street_totals: "street_id",
      tracker_draft_feedback: "draft_id",
      tracker_status_totals: "status",
    };
    for (const [table, orderBy] of Object.entries(keys)) {
      const rows = await rowsOf(table, orderBy);
      expect(rows.postgres.length, table).toBeGreaterThan(0);
      expect(rows.postgres, table).toEqual(rows.lite);
    }
    await expectAggregatesCurrent(db);
    const told = await sql<{ stale: number }>`
      SELECT count(*) AS stale FROM (
        SELECT o.draft_id, count(DISTINCT f.opinion_id) AS told FROM opinion_feedback f JOIN opinions o ON o.id = f.opinion_id
        WHERE o.report_id IS NOT NULL GROUP BY o.draft_id
        EXCEPT SELECT draft_id, told FROM tracker_draft_feedback) AS d`.execute(db);
    expect(told.rows[0].stale).toBe(0);
  });

  it("leaves the triggers on, the sequences past the loaded ids and the statistics gathered", async () => {
    const off = await client.query("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'O'");
    expect(off.rows).toEqual([]);
    const place = await db
      .insertInto("places")
      .values({ code: "999999", name: "样例", level: "district", kind: null, parent_id: null, households: null, population: null, sample_name: 1 })
      .returning("id")
      .executeTakeFirstOrThrow();
    const [{ max }] = (await client.query<{ max: number }>("SELECT max(id) AS max FROM places WHERE code <> '999999'")).rows;
    expect(place.id).toBe(max + 1);
    // The triggers are back: a new opinion's contribution reaches the totals.
    const before = (await client.query<{ n: number }>("SELECT sum(collected) AS n FROM tracker_draft_totals")).rows[0].n;
    await client.query(`INSERT INTO opinions (receipt_code, draft_id, version_id, article_id, article_key, quoted_text, opinion, suggested_revision, reason,
        collected_on, channel, event_id, grid_id, unit_id, contact_point_id, collector_id, submitter_category, resident_name, resident_phone,
        consent, contains_personal_info, status, not_forwarded_reason, merged_into_id, report_id, feedback_given_at, personal_data_erased_at, created_at, updated_at)
      SELECT $1, draft_id, version_id, article_id, article_key, quoted_text, opinion, suggested_revision, reason,
        collected_on, channel, NULL, grid_id, unit_id, contact_point_id, collector_id, submitter_category, NULL, NULL,
        0, 0, 'collected', NULL, NULL, NULL, NULL, NULL, created_at, updated_at FROM opinions ORDER BY id LIMIT 1`, [nationalReceiptCode(999_999)]);
    expect((await client.query<{ n: number }>("SELECT sum(collected) AS n FROM tracker_draft_totals")).rows[0].n).toBe(before + 1);
    // COPY leaves a table's row estimate alone; ANALYZE sets it.
    const [{ estimate }] = (await client.query<{ estimate: number }>("SELECT reltuples AS estimate FROM pg_class WHERE relname = 'opinions'")).rows;
    expect(estimate).toBeGreaterThanOrEqual(1000);
  });

  it("refuses a database that holds data unless forced, and then drops and creates it again", async () => {
    const url = databaseUrl(base!, name);
    await expect(prepareNationalTarget(url, false)).rejects.toThrow(SeedTargetError);
    // Sessions on it (ours) make even --force wait for the instances to stop.
    await expect(prepareNationalTarget(url, true)).rejects.toThrow(/connected to database/);
    await client.end();
    await db.destroy();
    expect(await prepareNationalTarget(url, true)).toBe("replaced");
    client = await connect(url);
    db = openDatabase(url, { poolSize: 1 });
    const { rows } = await client.query("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()");
    expect(rows).toEqual([]);
    expect(await prepareNationalTarget(url, false)).toBe("empty");
  });
});
