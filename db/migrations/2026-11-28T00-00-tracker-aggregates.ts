import { sql, type Kysely } from "kysely";

// The adoption tracker's figures, kept current by triggers so that no request has
// to scan the opinions and no code path can leave them stale: whatever changes an
// opinion, a report or an outcome moves the counts in the same transaction.
//
// Two layers. tracker_opinion_facts holds, for every opinion, what it contributes
// (its dimensions and the month of each event); triggers on opinions, reports and
// opinion_outcomes refresh an opinion's row from the tracker_opinion_source view.
// Triggers on that ledger then add its old row's contribution with a minus sign and
// its new row's with a plus sign to the aggregate tables the pages read.
//
// What counts (DOMAIN.md, "The public adoption tracker"):
// - collected: every opinion not withdrawn, in the month it was collected;
// - forwarded (上报): in a sent report, in the month the report was sent; a merged
//   opinion is not in a report and is never counted as forwarded;
// - adopted (采纳): forwarded with outcome adopted or partly adopted (partly is
//   also counted apart), in the month the outcome was recorded (China time);
// - merged_*: opinions merged into one that was forwarded / adopted, so that
//   grids and contact points get credit for the voices behind it.

const facts = [
  "opinion_id", "draft_id", "article_key", "grid_id", "contact_point_id", "channel", "submitter_category",
  "merged", "collected_month", "forwarded_month", "outcome", "outcome_month",
] as const;

const tables = [
  `CREATE TABLE tracker_opinion_facts (
    opinion_id INTEGER PRIMARY KEY,
    draft_id INTEGER NOT NULL,
    article_key TEXT NOT NULL, -- '' for a general comment
    grid_id INTEGER NOT NULL,
    contact_point_id INTEGER NOT NULL,
    channel TEXT NOT NULL,
    submitter_category TEXT NOT NULL,
    merged INTEGER NOT NULL CHECK (merged IN (0,1)),
    collected_month TEXT,
    forwarded_month TEXT,
    outcome TEXT CHECK (outcome IN ('adopted','partly_adopted','not_adopted')),
    outcome_month TEXT
  )`,
  `CREATE TABLE tracker_draft_months (
    draft_id INTEGER NOT NULL,
    month TEXT NOT NULL,
    collected INTEGER NOT NULL DEFAULT 0,
    forwarded INTEGER NOT NULL DEFAULT 0,
    adopted INTEGER NOT NULL DEFAULT 0,
    partly_adopted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (draft_id, month)
  ) WITHOUT ROWID`,
  `CREATE TABLE tracker_grid_counts (
    draft_id INTEGER NOT NULL,
    grid_id INTEGER NOT NULL,
    contact_point_id INTEGER NOT NULL,
    collected INTEGER NOT NULL DEFAULT 0,
    forwarded INTEGER NOT NULL DEFAULT 0,
    adopted INTEGER NOT NULL DEFAULT 0,
    partly_adopted INTEGER NOT NULL DEFAULT 0,
    merged_forwarded INTEGER NOT NULL DEFAULT 0,
    merged_adopted INTEGER NOT NULL DEFAULT 0,
    merged_partly_adopted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (draft_id, grid_id, contact_point_id)
  ) WITHOUT ROWID`,
  `CREATE INDEX tracker_grid_counts_grid ON tracker_grid_counts(grid_id)`,
  `CREATE INDEX tracker_grid_counts_contact_point ON tracker_grid_counts(contact_point_id)`,
  `CREATE TABLE tracker_facet_counts (
    draft_id INTEGER NOT NULL,
    facet TEXT NOT NULL CHECK (facet IN ('channel','submitter_category')),
    value TEXT NOT NULL,
    collected INTEGER NOT NULL DEFAULT 0,
    forwarded INTEGER NOT NULL DEFAULT 0,
    adopted INTEGER NOT NULL DEFAULT 0,
    partly_adopted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (draft_id, facet, value)
  ) WITHOUT ROWID`,
  `CREATE TABLE tracker_article_counts (
    draft_id INTEGER NOT NULL,
    article_key TEXT NOT NULL,
    collected INTEGER NOT NULL DEFAULT 0,
    forwarded INTEGER NOT NULL DEFAULT 0,
    adopted INTEGER NOT NULL DEFAULT 0,
    partly_adopted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (draft_id, article_key)
  ) WITHOUT ROWID`,
  // Bumped by every change the open data depends on: its ETag.
  `CREATE TABLE tracker_version (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
  )`,
  // What one opinion contributes, from the current rows. A merged opinion (no report
  // of its own) takes the report and the outcome of the opinion it was merged into.
  `CREATE VIEW tracker_opinion_source AS
  SELECT
    o.id AS opinion_id,
    o.draft_id,
    COALESCE(o.article_key, '') AS article_key,
    o.grid_id,
    o.contact_point_id,
    o.channel,
    o.submitter_category,
    (p.id IS NOT NULL) AS merged,
    CASE WHEN o.status <> 'withdrawn' THEN substr(o.collected_on, 1, 7) END AS collected_month,
    CASE WHEN r.status = 'sent' THEN substr(r.sent_on, 1, 7) END AS forwarded_month,
    CASE WHEN r.status = 'sent' THEN oc.outcome END AS outcome,
    CASE WHEN r.status = 'sent' AND oc.outcome IS NOT NULL THEN substr(datetime(oc.recorded_at, '+8 hours'), 1, 7) END AS outcome_month
  FROM opinions o
  LEFT JOIN opinions p
    ON p.id = o.merged_into_id AND o.report_id IS NULL AND o.status IN ('merged', 'feedback_given')
  LEFT JOIN reports r ON r.id = COALESCE(o.report_id, p.report_id)
  LEFT JOIN opinion_outcomes oc ON oc.opinion_id = COALESCE(p.id, o.id)`,
];

// ---- The ledger's contribution to each aggregate, for the OLD row (k = -1) or the NEW one (k = 1).

type Side = { row: "OLD" | "NEW"; k: 1 | -1 };
const OLD: Side = { row: "OLD", k: -1 };
const NEW: Side = { row: "NEW", k: 1 };

const isAdopted = (r: string) => `(${r}.outcome IS 'adopted' OR ${r}.outcome IS 'partly_adopted')`;
const isPartly = (r: string) => `(${r}.outcome IS 'partly_adopted')`;
const isForwarded = (r: string) => `(${r}.forwarded_month IS NOT NULL)`;
const own = (r: string) => `(${r}.merged = 0)`;

/**
 * The UPSERT adding the rows' deltas to one aggregate table. Rows with the same key
 * in one statement are fine: the second finds the first and adds to it.
 */
function upsert(table: string, keys: string[], measures: string[], rows: string[]): string {
  const columns = [...keys, ...measures];
  return `INSERT INTO ${table} (${columns.join(", ")})
    ${rows.map((row) => (row.includes(" WHERE ") ? row : `${row} WHERE true`)).join(" UNION ALL ")}
    ON CONFLICT (${keys.join(", ")}) DO UPDATE SET ${measures.map((m) => `${m} = ${m} + excluded.${m}`).join(", ")};`;
}

function draftMonthRows({ row: r, k }: Side): string[] {
  return [
    `SELECT ${r}.draft_id AS draft_id, ${r}.collected_month AS month, ${k} AS collected, 0 AS forwarded, 0 AS adopted, 0 AS partly_adopted WHERE ${r}.collected_month IS NOT NULL`,
    `SELECT ${r}.draft_id, ${r}.forwarded_month, 0, ${k}, 0, 0 WHERE ${own(r)} AND ${isForwarded(r)}`,
    `SELECT ${r}.draft_id, ${r}.outcome_month, 0, 0, ${k}, ${k} * ${isPartly(r)} WHERE ${own(r)} AND ${isAdopted(r)}`,
  ];
}

function gridRows({ row: r, k }: Side): string[] {
  return [
    `SELECT ${r}.draft_id AS draft_id, ${r}.grid_id AS grid_id, ${r}.contact_point_id AS contact_point_id,
      ${k} * (${r}.collected_month IS NOT NULL) AS collected,
      ${k} * (${own(r)} AND ${isForwarded(r)}) AS forwarded,
      ${k} * (${own(r)} AND ${isAdopted(r)}) AS adopted,
      ${k} * (${own(r)} AND ${isPartly(r)}) AS partly_adopted,
      ${k} * (NOT ${own(r)} AND ${isForwarded(r)}) AS merged_forwarded,
      ${k} * (NOT ${own(r)} AND ${isAdopted(r)}) AS merged_adopted,
      ${k} * (NOT ${own(r)} AND ${isPartly(r)}) AS merged_partly_adopted`,
  ];
}

const ownMeasures = ({ row: r, k }: Side) => `
  ${k} * (${r}.collected_month IS NOT NULL) AS collected,
  ${k} * (${own(r)} AND ${isForwarded(r)}) AS forwarded,
  ${k} * (${own(r)} AND ${isAdopted(r)}) AS adopted,
  ${k} * (${own(r)} AND ${isPartly(r)}) AS partly_adopted`;

function facetRows(side: Side): string[] {
  const r = side.row;
  return [
    `SELECT ${r}.draft_id AS draft_id, 'channel' AS facet, ${r}.channel AS value, ${ownMeasures(side)}`,
    `SELECT ${r}.draft_id, 'submitter_category', ${r}.submitter_category, ${ownMeasures(side)}`,
  ];
}

function articleRows(side: Side): string[] {
  const r = side.row;
  return [`SELECT ${r}.draft_id AS draft_id, ${r}.article_key AS article_key, ${ownMeasures(side)}`];
}

const OWN = ["collected", "forwarded", "adopted", "partly_adopted"];

function applyDeltas(sides: Side[]): string {
  const all = (fn: (side: Side) => string[]) => sides.flatMap(fn);
  return [
    upsert("tracker_draft_months", ["draft_id", "month"], OWN, all(draftMonthRows)),
    upsert("tracker_grid_counts", ["draft_id", "grid_id", "contact_point_id"], [...OWN, "merged_forwarded", "merged_adopted", "merged_partly_adopted"], all(gridRows)),
    upsert("tracker_facet_counts", ["draft_id", "facet", "value"], OWN, all(facetRows)),
    upsert("tracker_article_counts", ["draft_id", "article_key"], OWN, all(articleRows)),
  ].join("\n");
}

const ledgerTriggers = [
  `CREATE TRIGGER tracker_facts_insert AFTER INSERT ON tracker_opinion_facts BEGIN ${applyDeltas([NEW])} END`,
  `CREATE TRIGGER tracker_facts_delete AFTER DELETE ON tracker_opinion_facts BEGIN ${applyDeltas([OLD])} END`,
  // The ledger is only ever inserted into and deleted from (see refresh), but an
  // update made by hand must move the aggregates too.
  `CREATE TRIGGER tracker_facts_update AFTER UPDATE ON tracker_opinion_facts BEGIN ${applyDeltas([OLD, NEW])} END`,
];

// ---- Refreshing the ledger rows of the opinions a change touches.

/**
 * Brings the ledger rows of the opinions `ids` selects up to date: a row that no
 * longer matches the records is deleted (taking its contribution away) and the
 * current one inserted (adding it); rows still current are left alone. Deleting
 * and inserting rather than updating keeps the trigger programs SQLite compiles
 * into every statement on opinions small.
 */
function refresh(ids: string): string {
  const same = facts.map((c) => `s.${c} IS tracker_opinion_facts.${c}`).join(" AND ");
  return `DELETE FROM tracker_opinion_facts WHERE opinion_id IN (${ids})
      AND NOT EXISTS (SELECT 1 FROM tracker_opinion_source s WHERE s.opinion_id = tracker_opinion_facts.opinion_id AND ${same});
    INSERT INTO tracker_opinion_facts (${facts.join(", ")})
      SELECT ${facts.join(", ")} FROM tracker_opinion_source WHERE opinion_id IN (${ids})
      AND opinion_id NOT IN (SELECT opinion_id FROM tracker_opinion_facts WHERE opinion_id IN (${ids}));`;
}

/** An opinion and the opinions merged into it, which share its report and outcome. */
const withMerged = (id: string) => `SELECT ${id} UNION ALL SELECT id FROM opinions WHERE merged_into_id = ${id}`;

const sourceTriggers = [
  `CREATE TRIGGER tracker_opinions_insert AFTER INSERT ON opinions BEGIN ${refresh("SELECT NEW.id")} END`,
  `CREATE TRIGGER tracker_opinions_update
    AFTER UPDATE OF status, report_id, merged_into_id, draft_id, article_key, grid_id, contact_point_id, channel, submitter_category, collected_on
    ON opinions BEGIN ${refresh(withMerged("NEW.id"))} END`,
  `CREATE TRIGGER tracker_opinions_delete AFTER DELETE ON opinions BEGIN
    DELETE FROM tracker_opinion_facts WHERE opinion_id = OLD.id;
  END`,
  `CREATE TRIGGER tracker_reports_update AFTER UPDATE OF status, sent_on ON reports BEGIN ${refresh(
    `SELECT id FROM opinions WHERE report_id = NEW.id
     UNION ALL SELECT id FROM opinions WHERE merged_into_id IN (SELECT id FROM opinions WHERE report_id = NEW.id)`,
  )} END`,
  `CREATE TRIGGER tracker_outcomes_insert AFTER INSERT ON opinion_outcomes BEGIN ${refresh(withMerged("NEW.opinion_id"))} END`,
  `CREATE TRIGGER tracker_outcomes_update AFTER UPDATE ON opinion_outcomes BEGIN
    ${refresh(withMerged("NEW.opinion_id"))}
    ${refresh(withMerged("OLD.opinion_id"))}
  END`,
  `CREATE TRIGGER tracker_outcomes_delete AFTER DELETE ON opinion_outcomes BEGIN ${refresh(withMerged("OLD.opinion_id"))} END`,
];

// Every table a column of opinions.csv comes from.
const versioned = ["opinions", "reports", "opinion_outcomes", "drafts", "places", "contact_points", "articles"];
const versionTriggers = versioned.flatMap((table) =>
  (["insert", "update", "delete"] as const).map(
    (event) => `CREATE TRIGGER tracker_version_${table}_${event} AFTER ${event.toUpperCase()} ON ${table} BEGIN
      UPDATE tracker_version SET version = version + 1 WHERE id = 1;
    END`,
  ),
);

const triggerNames = [
  "tracker_opinions_insert", "tracker_opinions_update", "tracker_opinions_delete", "tracker_reports_update",
  "tracker_outcomes_insert", "tracker_outcomes_update", "tracker_outcomes_delete",
  ...versioned.flatMap((table) => ["insert", "update", "delete"].map((event) => `tracker_version_${table}_${event}`)),
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of [...tables, ...ledgerTriggers]) await sql.raw(statement).execute(db);
  // Backfill: each ledger row inserted adds its contribution through the triggers above.
  await sql.raw(`INSERT INTO tracker_opinion_facts (${facts.join(", ")}) SELECT ${facts.join(", ")} FROM tracker_opinion_source`).execute(db);
  await sql.raw(`INSERT INTO tracker_version (id, version) VALUES (1, 1)`).execute(db);
  for (const statement of [...sourceTriggers, ...versionTriggers]) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of triggerNames) await sql.raw(`DROP TRIGGER IF EXISTS ${name}`).execute(db);
  await sql.raw(`DROP VIEW IF EXISTS tracker_opinion_source`).execute(db);
  // Dropping the ledger drops its own triggers.
  for (const table of ["tracker_version", "tracker_article_counts", "tracker_facet_counts", "tracker_grid_counts", "tracker_draft_months", "tracker_opinion_facts"]) {
    await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
  }
}
