// The national-scale generator (db/seed-national.ts) into PostgreSQL: npm run db:seed --
// --scale national --out postgres://…/DATABASE. The same rows as in the SQLite file,
// written with COPY … FROM STDIN, each batch's rows of a table in one COPY, parents
// first, one transaction per batch. Foreign keys and CHECKs are checked as the rows go
// in; the statement triggers (the open data's version, the page caches' notification)
// fire once per COPY.
//
// The running totals are the one thing not left to the triggers during the load. Kept
// row by row, each opinion updates the same few total rows (one per channel, per
// month…) again and again inside a transaction of 25,000 opinions, and every update
// of a row walks the versions the transaction already left of it: 2.6 ms an opinion,
// most of an hour at national scale. So the row triggers that maintain them are off
// while COPY runs, and the tables are then filled in one pass from the loaded rows with
// what the triggers would have added (fillRunningTotals), before the triggers go back
// on. db/seed-national-postgres.test.ts checks that they equal, row for row, what
// SQLite's triggers make of the same rows. Afterwards the identity columns' sequences
// are moved past the ids the generator chose and ANALYZE gives the planner its statistics.
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import {
  createDatabase, databaseName, describePgError, findDatabase, isPgError, quoteIdent, sessionsOn, withClient, withDatabase, withServer,
} from "./postgres-tools";
import { generateNationalInto, type NationalOptions, type NationalSummary, type RowStore, type Value } from "./seed-national";

/** A target the generator will not write into, said in a sentence. */
export class SeedTargetError extends Error {}

/** A value in COPY's text format: \N for NULL; backslash, tab, newline and carriage return escaped. */
export function copyText(value: Value): string {
  if (value === null) return "\\N";
  if (typeof value === "number") return String(value);
  return value.replace(/[\\\t\n\r]/g, (c) => (c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r"));
}

/** Lines sent to the server per write: fewer, larger writes. */
const LINES_PER_CHUNK = 2_000;

function* chunks(lines: string[]): Generator<string> {
  for (let i = 0; i < lines.length; i += LINES_PER_CHUNK) yield lines.slice(i, i + LINES_PER_CHUNK).join("");
}

/**
 * Rows held back per writer and copied at commit, writer by writer in the order they
 * were made. Generating the next batch and copying this one overlap: commit starts the
 * copy and returns once the previous batch's copy is done, so the generator (this
 * process) and the inserts with their index and foreign key checks (the server) work
 * at the same time.
 */
function copyStore(client: pg.Client): RowStore {
  const writers: { sql: string; lines: string[] }[] = [];
  let copying: Promise<void> = Promise.resolve();

  const write = async (batches: { sql: string; lines: string[] }[]) => {
    await client.query("BEGIN");
    try {
      for (const { sql, lines } of batches) await pipeline(Readable.from(chunks(lines)), client.query(copyFrom(sql)));
      await client.query("COMMIT");
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    }
  };

  return {
    table(name, columns, constants = {}) {
      const writer = { sql: `COPY ${name} (${[...columns, ...Object.keys(constants)].join(", ")}) FROM STDIN`, lines: [] as string[] };
      const fixed = Object.values(constants).map((v) => `\t${copyText(v)}`).join("");
      writers.push(writer);
      return (...values) => {
        writer.lines.push(`${values.map(copyText).join("\t")}${fixed}\n`);
      };
    },
    begin() {},
    async commit() {
      const batch = writers.filter((w) => w.lines.length).map((w) => ({ sql: w.sql, lines: w.lines }));
      for (const writer of writers) writer.lines = [];
      const previous = copying;
      // A failure surfaces at the next commit, or at finish.
      copying = previous.then(() => write(batch));
      copying.catch(() => {});
      await previous;
    },
    async rollback() {
      for (const writer of writers) writer.lines = [];
      await copying.catch(() => {});
    },
    async finish() {
      await copying;
      await fillRunningTotals(client);
      await moveSequences(client);
      await client.query("ANALYZE");
    },
    async count(sql) {
      await copying;
      const { rows } = await client.query({ text: sql, rowMode: "array" });
      return Number(rows[0]?.[0] ?? 0);
    },
  };
}

/** Sets every identity column's sequence past the largest id in its table. */
async function moveSequences(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND is_identity = 'YES' ORDER BY table_name`,
  );
  for (const { table_name: table, column_name: column } of rows) {
    await client.query(
      `SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(${quoteIdent(column)}), 0) + 1, false) FROM ${quoteIdent(table)}`,
      [quoteIdent(table), column],
    );
  }
}

/** The row triggers that keep the running totals from the loaded tables, and the tracker tables whose triggers roll them up. */
const TRACKER_ROW_TRIGGERS = [
  ["opinions", "tracker_opinions_insert"],
  ["opinion_outcomes", "tracker_outcomes_changed"],
  ["opinion_feedback", "tracker_draft_feedback"],
] as const;
const TRACKER_TABLES = ["tracker_opinion_facts", "tracker_draft_months", "tracker_grid_counts", "tracker_facet_counts"] as const;

async function switchTrackerTriggers(client: pg.Client, to: "ENABLE" | "DISABLE"): Promise<void> {
  for (const [table, trigger] of TRACKER_ROW_TRIGGERS) await client.query(`ALTER TABLE ${table} ${to} TRIGGER ${trigger}`);
  for (const table of TRACKER_TABLES) await client.query(`ALTER TABLE ${table} ${to} TRIGGER USER`);
}

const OWN = ["collected", "forwarded", "adopted", "partly_adopted"];
const PLACE = [...OWN, "merged_forwarded", "merged_adopted", "merged_partly_adopted"];
const sums = (measures: string[], prefix = "") => measures.map((m) => `sum(${prefix}${m})`).join(", ");

/**
 * What tracker_apply_facts adds for one ledger row (db/migrations-postgres), as columns:
 * 1 where it adds one, 0 elsewhere.
 */
const CONTRIBUTION = `
  SELECT f.*,
    (collected_month IS NOT NULL)::int AS is_collected,
    (merged = 0 AND forwarded_month IS NOT NULL)::int AS own_forwarded,
    (merged = 0 AND coalesce(outcome IN ('adopted', 'partly_adopted'), false))::int AS own_adopted,
    (merged = 0 AND coalesce(outcome = 'partly_adopted', false))::int AS own_partly,
    (merged = 1 AND forwarded_month IS NOT NULL)::int AS merged_forwarded,
    (merged = 1 AND coalesce(outcome IN ('adopted', 'partly_adopted'), false))::int AS merged_adopted,
    (merged = 1 AND coalesce(outcome = 'partly_adopted', false))::int AS merged_partly
  FROM tracker_opinion_facts f`;

/** The running totals of the loaded rows, in one pass: what the row triggers would have added up one row at a time. */
async function fillRunningTotals(client: pg.Client): Promise<void> {
  const facts = [
    "opinion_id", "draft_id", "article_key", "grid_id", "contact_point_id", "channel", "submitter_category",
    "merged", "collected_month", "forwarded_month", "outcome", "outcome_month",
  ].join(", ");
  const own = "sum(is_collected), sum(own_forwarded), sum(own_adopted), sum(own_partly)";
  const statements = [
    `INSERT INTO tracker_opinion_facts (${facts}) SELECT ${facts} FROM tracker_opinion_source`,
    // A month row is added to only when the opinion was collected, forwarded or adopted in that month.
    `INSERT INTO tracker_draft_months (draft_id, month, ${OWN.join(", ")})
     SELECT draft_id, month, ${sums(OWN)} FROM (
       SELECT draft_id, collected_month AS month, 1 AS collected, 0 AS forwarded, 0 AS adopted, 0 AS partly_adopted FROM (${CONTRIBUTION}) c WHERE is_collected = 1
       UNION ALL SELECT draft_id, forwarded_month, 0, 1, 0, 0 FROM (${CONTRIBUTION}) c WHERE own_forwarded = 1
       UNION ALL SELECT draft_id, outcome_month, 0, 0, 1, own_partly FROM (${CONTRIBUTION}) c WHERE own_adopted = 1
     ) AS steps GROUP BY draft_id, month`,
    // Grid, facet and article rows are added to for every opinion, with zeros where it counts for nothing.
    `INSERT INTO tracker_grid_counts (draft_id, grid_id, contact_point_id, ${PLACE.join(", ")})
     SELECT draft_id, grid_id, contact_point_id, ${own}, sum(merged_forwarded), sum(merged_adopted), sum(merged_partly)
     FROM (${CONTRIBUTION}) c GROUP BY draft_id, grid_id, contact_point_id`,
    `INSERT INTO tracker_facet_counts (draft_id, facet, value, ${OWN.join(", ")})
     SELECT draft_id, facet, value, ${own} FROM (
       SELECT c.*, 'channel' AS facet, channel AS value FROM (${CONTRIBUTION}) c
       UNION ALL SELECT c.*, 'submitter_category', submitter_category FROM (${CONTRIBUTION}) c
     ) AS facets GROUP BY draft_id, facet, value`,
    `INSERT INTO tracker_article_counts (draft_id, article_key, ${OWN.join(", ")})
     SELECT draft_id, article_key, ${own} FROM (${CONTRIBUTION}) c GROUP BY draft_id, article_key`,
    // The roll-ups of the three tables above. A draft's totals row may be there already, holding
    // its sent reports (counted as the reports were loaded); its triggers add it to its status.
    `INSERT INTO tracker_draft_totals (draft_id, ${OWN.join(", ")}) SELECT draft_id, ${sums(OWN)} FROM tracker_draft_months GROUP BY draft_id
     ON CONFLICT (draft_id) DO UPDATE SET ${OWN.map((m) => `${m} = excluded.${m}`).join(", ")}`,
    `INSERT INTO tracker_month_totals (month, ${OWN.join(", ")}) SELECT month, ${sums(OWN)} FROM tracker_draft_months GROUP BY month`,
    `INSERT INTO tracker_facet_totals (facet, value, ${OWN.join(", ")}) SELECT facet, value, ${sums(OWN)} FROM tracker_facet_counts GROUP BY facet, value`,
    `INSERT INTO tracker_contact_point_totals (contact_point_id, ${PLACE.join(", ")})
     SELECT contact_point_id, ${sums(PLACE)} FROM tracker_grid_counts GROUP BY contact_point_id`,
    `INSERT INTO tracker_street_totals (street_id, ${PLACE.join(", ")})
     SELECT c.parent_id, ${sums(PLACE, "t.")} FROM tracker_grid_counts t
     JOIN places g ON g.id = t.grid_id JOIN places c ON c.id = g.parent_id
     WHERE c.parent_id IS NOT NULL GROUP BY c.parent_id`,
    // Opinions told: each forwarded opinion once, whatever its channels.
    `INSERT INTO tracker_draft_feedback (draft_id, told, sms, in_person, lookup)
     SELECT o.draft_id, count(DISTINCT f.opinion_id), count(*) FILTER (WHERE f.channel = 'sms'),
       count(*) FILTER (WHERE f.channel = 'in_person'), count(*) FILTER (WHERE f.channel = 'lookup')
     FROM opinion_feedback f JOIN opinions o ON o.id = f.opinion_id WHERE o.report_id IS NOT NULL GROUP BY o.draft_id`,
  ];
  await client.query("BEGIN");
  try {
    for (const statement of statements) await client.query(statement);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  }
}

/** Fills the empty, migrated PostgreSQL database `client` is connected to. */
export async function generateNationalPostgres(client: pg.Client, options: NationalOptions): Promise<NationalSummary> {
  await switchTrackerTriggers(client, "DISABLE");
  try {
    return await generateNationalInto(copyStore(client), options);
  } finally {
    await switchTrackerTriggers(client, "ENABLE");
  }
}

/**
 * Makes database `url` ready for the generator: creates it when there is none; leaves
 * an empty one (no tables, or the app's tables without places); refuses one that holds
 * data unless `force`, which drops it and creates it again with the same locale.
 * Returns what it did.
 */
export async function prepareNationalTarget(url: string, force: boolean): Promise<"created" | "empty" | "replaced"> {
  try {
    const name = databaseName(url);
    return await withServer(url, async (server) => {
      const found = await findDatabase(server, name);
      if (!found) {
        await createDatabase(server, name);
        return "created";
      }
      if (await withClient(withDatabase(url, name), isEmpty)) return "empty";
      if (!force) throw new SeedTargetError(`Database ${name} already holds data; pass --force to drop it and generate it again, or --out another database.`);
      const sessions = await sessionsOn(server, name);
      if (sessions) throw new SeedTargetError(`${sessions} other session(s) are connected to database ${name}: stop the app's instances (and any other client) first.`);
      await server.query(`DROP DATABASE ${quoteIdent(name)}`);
      await createDatabase(server, name, found);
      return "replaced";
    });
  } catch (error) {
    if (isPgError(error)) throw new SeedTargetError(describePgError(error, url));
    if (error instanceof TypeError || (error instanceof Error && /names no database/.test(error.message))) throw new SeedTargetError(error.message);
    throw error;
  }
}

async function isEmpty(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ name: string }>("SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()");
  if (!rows.length) return true;
  if (!rows.some((r) => r.name === "places")) return false;
  const places = await client.query("SELECT 1 FROM places LIMIT 1");
  return places.rowCount === 0;
}
