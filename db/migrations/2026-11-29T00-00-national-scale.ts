import { sql, type Kysely } from "kysely";

// What national scale needs (docs/performance.md).
//
// Running totals over all drafts, so that the tracker's overview and its lists of
// drafts, months, channels, streets and contact points read one row per thing
// instead of summing the per-draft aggregates (hundreds of thousands of rows at
// national scale). Triggers on those aggregates add each change's delta in the same
// transaction, so the totals are never stale, just as the aggregates themselves.
// And two indexes: collection events by contact point, and the opinions still
// holding a resident's name or phone.
//
// A place's totals cover every draft: only published drafts can have opinions
// (collection needs a draft open for comment, and a draft never goes back to
// unpublished), so "all drafts" and "published drafts" are the same here.

const OWN = ["collected", "forwarded", "adopted", "partly_adopted"];
const PLACE = [...OWN, "merged_forwarded", "merged_adopted", "merged_partly_adopted"];

const measures = (list: string[]) => list.map((m) => `${m} INTEGER NOT NULL DEFAULT 0`).join(",\n    ");

const tables = [
  `CREATE TABLE tracker_draft_totals (
    draft_id INTEGER PRIMARY KEY,
    ${measures(OWN)}
  )`,
  `CREATE TABLE tracker_month_totals (
    month TEXT PRIMARY KEY,
    ${measures(OWN)}
  ) WITHOUT ROWID`,
  `CREATE TABLE tracker_facet_totals (
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    ${measures(OWN)},
    PRIMARY KEY (facet, value)
  ) WITHOUT ROWID`,
  `CREATE TABLE tracker_contact_point_totals (
    contact_point_id INTEGER PRIMARY KEY,
    ${measures(PLACE)}
  )`,
  `CREATE INDEX tracker_contact_point_totals_rank ON tracker_contact_point_totals(forwarded DESC, collected DESC)`,
  `CREATE TABLE tracker_street_totals (
    street_id INTEGER PRIMARY KEY,
    ${measures(PLACE)}
  )`,
  // The contact point lists count each point's collection events.
  `CREATE INDEX collection_events_contact_point ON collection_events(contact_point_id)`,
  // The daily erasure of residents' names and phones finds the few due without reading every opinion.
  `CREATE INDEX opinions_personal_data ON opinions(feedback_given_at) WHERE resident_name IS NOT NULL OR resident_phone IS NOT NULL`,
];

type RollUp = {
  name: string;
  source: string;
  target: string;
  keys: string[];
  /** A subquery yielding the target's keys for a source row `r` (OLD or NEW); no row, no change. */
  from: (r: string) => string;
  measures: string[];
};

/** Triggers adding each insert, update and delete on `source` to `target` (OLD with a minus sign, NEW with a plus). */
function rollUp({ name, source, target, keys, from, measures: list }: RollUp): string[] {
  const delta = (r: "OLD" | "NEW", sign: 1 | -1) =>
    // `WHERE true` keeps SQLite from reading the upsert's ON as a join constraint.
    `SELECT ${keys.join(", ")}, ${list.map((m) => `${sign} * ${r}.${m} AS ${m}`).join(", ")} FROM ${from(r)} WHERE true`;
  const upsert = (rows: string[]) => `INSERT INTO ${target} (${[...keys, ...list].join(", ")})
    ${rows.join(" UNION ALL ")}
    ON CONFLICT (${keys.join(", ")}) DO UPDATE SET ${list.map((m) => `${m} = ${m} + excluded.${m}`).join(", ")};`;
  return [
    `CREATE TRIGGER ${name}_insert AFTER INSERT ON ${source} BEGIN ${upsert([delta("NEW", 1)])} END`,
    `CREATE TRIGGER ${name}_update AFTER UPDATE ON ${source} BEGIN ${upsert([delta("OLD", -1), delta("NEW", 1)])} END`,
    `CREATE TRIGGER ${name}_delete AFTER DELETE ON ${source} BEGIN ${upsert([delta("OLD", -1)])} END`,
  ];
}

const rollUps: RollUp[] = [
  {
    name: "tracker_draft_totals", source: "tracker_draft_months", target: "tracker_draft_totals", keys: ["draft_id"],
    from: (r) => `(SELECT ${r}.draft_id AS draft_id)`, measures: OWN,
  },
  {
    name: "tracker_month_totals", source: "tracker_draft_months", target: "tracker_month_totals", keys: ["month"],
    from: (r) => `(SELECT ${r}.month AS month)`, measures: OWN,
  },
  {
    name: "tracker_facet_totals", source: "tracker_facet_counts", target: "tracker_facet_totals", keys: ["facet", "value"],
    from: (r) => `(SELECT ${r}.facet AS facet, ${r}.value AS value)`, measures: OWN,
  },
  {
    name: "tracker_contact_point_totals", source: "tracker_grid_counts", target: "tracker_contact_point_totals", keys: ["contact_point_id"],
    from: (r) => `(SELECT ${r}.contact_point_id AS contact_point_id)`, measures: PLACE,
  },
  {
    // A grid's street: the parent of its community.
    name: "tracker_street_totals", source: "tracker_grid_counts", target: "tracker_street_totals", keys: ["street_id"],
    from: (r) => `(SELECT c.parent_id AS street_id FROM places g JOIN places c ON c.id = g.parent_id WHERE g.id = ${r}.grid_id AND c.parent_id IS NOT NULL)`,
    measures: PLACE,
  },
];

const sums = (list: string[]) => list.map((m) => `sum(${m})`).join(", ");

const backfill = [
  `INSERT INTO tracker_draft_totals (draft_id, ${OWN.join(", ")})
    SELECT draft_id, ${sums(OWN)} FROM tracker_draft_months GROUP BY draft_id`,
  `INSERT INTO tracker_month_totals (month, ${OWN.join(", ")})
    SELECT month, ${sums(OWN)} FROM tracker_draft_months GROUP BY month`,
  `INSERT INTO tracker_facet_totals (facet, value, ${OWN.join(", ")})
    SELECT facet, value, ${sums(OWN)} FROM tracker_facet_counts GROUP BY facet, value`,
  `INSERT INTO tracker_contact_point_totals (contact_point_id, ${PLACE.join(", ")})
    SELECT contact_point_id, ${sums(PLACE)} FROM tracker_grid_counts GROUP BY contact_point_id`,
  `INSERT INTO tracker_street_totals (street_id, ${PLACE.join(", ")})
    SELECT c.parent_id, ${sums(PLACE)} FROM tracker_grid_counts t
    JOIN places g ON g.id = t.grid_id JOIN places c ON c.id = g.parent_id
    WHERE c.parent_id IS NOT NULL GROUP BY c.parent_id`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of [...tables, ...backfill, ...rollUps.flatMap(rollUp)]) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const { name } of rollUps) {
    for (const event of ["insert", "update", "delete"]) await sql.raw(`DROP TRIGGER IF EXISTS ${name}_${event}`).execute(db);
  }
  await sql.raw(`DROP INDEX IF EXISTS collection_events_contact_point`).execute(db);
  await sql.raw(`DROP INDEX IF EXISTS opinions_personal_data`).execute(db);
  for (const table of ["tracker_street_totals", "tracker_contact_point_totals", "tracker_facet_totals", "tracker_month_totals", "tracker_draft_totals"]) {
    await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
  }
}
