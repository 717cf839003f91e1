import { sql } from "kysely";
import { expect } from "vitest";
import type { Db } from "../../db/connection";

// The tracker's running totals checked against the records they come from, on either
// database: by the tracker's tests after each kind of change, and after the national
// generator's bulk load into PostgreSQL.

/** The aggregates equal a recomputation from the records: nothing is stale. */
export async function expectAggregatesCurrent(db: Db): Promise<void> {
  const stale = await sql<{ n: number }>`
    SELECT count(*) AS n FROM (
      SELECT * FROM tracker_opinion_source EXCEPT SELECT * FROM tracker_opinion_facts
      UNION ALL
      SELECT * FROM tracker_opinion_facts EXCEPT SELECT * FROM tracker_opinion_source
    ) AS differences`.execute(db);
  expect(stale.rows[0].n).toBe(0);
  const direct = await sql<{ forwarded: number; adopted: number; partly: number; collected: number }>`
    SELECT
      (SELECT count(*) FROM opinions o JOIN reports r ON r.id = o.report_id WHERE r.status = 'sent') AS forwarded,
      (SELECT count(*) FROM opinions o JOIN reports r ON r.id = o.report_id JOIN opinion_outcomes oc ON oc.opinion_id = o.id
        WHERE r.status = 'sent' AND oc.outcome IN ('adopted', 'partly_adopted')) AS adopted,
      (SELECT count(*) FROM opinions o JOIN reports r ON r.id = o.report_id JOIN opinion_outcomes oc ON oc.opinion_id = o.id
        WHERE r.status = 'sent' AND oc.outcome = 'partly_adopted') AS partly,
      (SELECT count(*) FROM opinions WHERE status <> 'withdrawn') AS collected`.execute(db);
  const sums = await sql<{ forwarded: number; adopted: number; partly: number; collected: number }>`
    SELECT sum(forwarded) AS forwarded, sum(adopted) AS adopted, sum(partly_adopted) AS partly, sum(collected) AS collected
    FROM tracker_draft_months`.execute(db);
  expect(sums.rows[0]).toEqual(direct.rows[0]);
  for (const table of ["tracker_grid_counts", "tracker_facet_counts", "tracker_article_counts"]) {
    // Facets count every opinion twice: once by channel, once by submitter category.
    const times = table === "tracker_facet_counts" ? 2 : 1;
    const { rows } = await sql<{ forwarded: number; collected: number }>`
      SELECT sum(forwarded) / ${times} AS forwarded, sum(collected) / ${times} AS collected FROM ${sql.table(table)}`.execute(db);
    expect(rows[0]).toEqual({ forwarded: direct.rows[0].forwarded, collected: direct.rows[0].collected });
  }
  // The running totals equal the aggregates summed afresh, row for row.
  const place = "collected, forwarded, adopted, partly_adopted, merged_forwarded, merged_adopted, merged_partly_adopted";
  const differences = await sql<{ n: number }>`
    SELECT
      (SELECT count(*) FROM (
        SELECT draft_id, sum(collected), sum(forwarded), sum(adopted), sum(partly_adopted) FROM tracker_draft_months GROUP BY draft_id
        EXCEPT SELECT draft_id, collected, forwarded, adopted, partly_adopted FROM tracker_draft_totals) AS d) +
      (SELECT count(*) FROM (
        SELECT month, sum(collected), sum(forwarded), sum(adopted), sum(partly_adopted) FROM tracker_draft_months GROUP BY month
        EXCEPT SELECT month, collected, forwarded, adopted, partly_adopted FROM tracker_month_totals) AS d) +
      (SELECT count(*) FROM (
        SELECT facet, value, sum(collected), sum(forwarded), sum(adopted), sum(partly_adopted) FROM tracker_facet_counts GROUP BY facet, value
        EXCEPT SELECT facet, value, collected, forwarded, adopted, partly_adopted FROM tracker_facet_totals) AS d) +
      (SELECT count(*) FROM (
        SELECT contact_point_id, ${sql.raw(place.replace(/(\w+)/g, "sum($1)"))} FROM tracker_grid_counts GROUP BY contact_point_id
        EXCEPT SELECT contact_point_id, ${sql.raw(place)} FROM tracker_contact_point_totals) AS d) +
      (SELECT count(*) FROM (
        SELECT c.parent_id, ${sql.raw(place.replace(/(\w+)/g, "sum(t.$1)"))} FROM tracker_grid_counts t
        JOIN places g ON g.id = t.grid_id JOIN places c ON c.id = g.parent_id GROUP BY c.parent_id
        EXCEPT SELECT street_id, ${sql.raw(place)} FROM tracker_street_totals) AS d) AS n`.execute(db);
  expect(differences.rows[0].n).toBe(0);
  // The sent reports per draft, and the totals per draft status, against the records, both ways.
  const both = async (fromRecords: string, kept: string) => {
    const except = (a: string, b: string) => `(SELECT count(*) FROM (SELECT * FROM (${a}) AS a EXCEPT SELECT * FROM (${b}) AS b) AS d)`;
    return Number((await sql<{ n: number }>`SELECT ${sql.raw(except(fromRecords, kept))} + ${sql.raw(except(kept, fromRecords))} AS n`.execute(db)).rows[0].n);
  };
  expect(await both(
    `SELECT d.id, count(r.id) FROM drafts d LEFT JOIN reports r ON r.draft_id = d.id AND r.status = 'sent' GROUP BY d.id`,
    `SELECT d.id, coalesce(t.sent_reports, 0) FROM drafts d LEFT JOIN tracker_draft_totals t ON t.draft_id = d.id`,
  )).toBe(0);
  const own = ["collected", "forwarded", "adopted", "partly_adopted"];
  expect(await both(
    `SELECT d.status, count(*), sum(CASE WHEN EXISTS (SELECT 1 FROM reports r WHERE r.draft_id = d.id AND r.status = 'sent') THEN 1 ELSE 0 END),
      ${own.map((m) => `sum(coalesce(t.${m}, 0))`).join(", ")}
     FROM drafts d LEFT JOIN tracker_draft_totals t ON t.draft_id = d.id GROUP BY d.status`,
    // A status no draft has any more keeps a row of zeros.
    `SELECT status, drafts, reported, ${own.join(", ")} FROM tracker_status_totals WHERE drafts <> 0 OR reported <> 0 OR ${own.map((m) => `${m} <> 0`).join(" OR ")}`,
  )).toBe(0);
}
