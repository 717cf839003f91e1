import { sql, type Kysely } from "kysely";

// The tracker's headline figures (summary.json, the home page, the tracker over all
// drafts) from running totals, in a few rows instead of a pass over every draft.
//
// tracker_status_totals holds, per draft status, how many drafts have it, how many of
// those have a report sent upward, and the sums of their running totals. Triggers keep
// it current in the same transaction as the change: a draft published, changing status
// or deleted moves its own row's worth from one status to another; a change in a
// draft's totals (tracker_draft_totals, itself kept by triggers) is added to its
// status; a report sent, unsent or deleted moves the draft's count of sent reports,
// kept beside its totals (tracker_draft_totals.sent_reports).
//
// "Drafts consulted" also depends on the day (the deadline passed: DOMAIN.md): it is
// the drafts with a report sent, less the few of them whose deadline is still to come
// (app/models/tracker-summary.server.ts).

const OWN = ["collected", "forwarded", "adopted", "partly_adopted"];
const MEASURES = ["drafts", "reported", ...OWN];

/**
 * Adds the rows `rows` select (status and MEASURES, each signed) to tracker_status_totals.
 * Each ends in a WHERE, which keeps SQLite from reading the upsert's ON as a join's.
 */
const addToStatus = (rows: string[]) => `INSERT INTO tracker_status_totals (status, ${MEASURES.join(", ")})
    ${rows.join(" UNION ALL ")}
    ON CONFLICT (status) DO UPDATE SET ${MEASURES.map((m) => `${m} = ${m} + excluded.${m}`).join(", ")};`;

/** A draft's whole worth (`d` a drafts row, OLD or NEW) with sign k, its totals if any. */
const draftWorth = (d: "OLD" | "NEW", k: 1 | -1) =>
  `SELECT ${d}.status, ${k}, ${k} * (coalesce(t.sent_reports, 0) > 0), ${OWN.map((m) => `${k} * coalesce(t.${m}, 0)`).join(", ")}
    FROM (SELECT 1) LEFT JOIN tracker_draft_totals t ON t.draft_id = ${d}.id WHERE true`;

/** A totals row's part (`t` OLD or NEW) with sign k, added to the status of its draft. */
const totalsPart = (t: "OLD" | "NEW", k: 1 | -1) =>
  `SELECT d.status, 0, ${k} * (${t}.sent_reports > 0), ${OWN.map((m) => `${k} * ${t}.${m}`).join(", ")}
    FROM drafts d WHERE d.id = ${t}.draft_id`;

/** Adds `sign` to the sent reports of the draft of report `r`, if it is sent. */
const sentReport = (r: "OLD" | "NEW", sign: 1 | -1) => `INSERT INTO tracker_draft_totals (draft_id, sent_reports)
    SELECT ${r}.draft_id, ${sign} WHERE ${r}.status = 'sent'
    ON CONFLICT (draft_id) DO UPDATE SET sent_reports = sent_reports + excluded.sent_reports;`;

const triggers = [
  `CREATE TRIGGER tracker_reports_sent_insert AFTER INSERT ON reports BEGIN ${sentReport("NEW", 1)} END`,
  `CREATE TRIGGER tracker_reports_sent_update AFTER UPDATE OF status, draft_id ON reports BEGIN ${sentReport("OLD", -1)} ${sentReport("NEW", 1)} END`,
  `CREATE TRIGGER tracker_reports_sent_delete AFTER DELETE ON reports BEGIN ${sentReport("OLD", -1)} END`,
  `CREATE TRIGGER tracker_status_totals_totals_insert AFTER INSERT ON tracker_draft_totals BEGIN ${addToStatus([totalsPart("NEW", 1)])} END`,
  `CREATE TRIGGER tracker_status_totals_totals_update AFTER UPDATE ON tracker_draft_totals BEGIN ${addToStatus([totalsPart("OLD", -1), totalsPart("NEW", 1)])} END`,
  `CREATE TRIGGER tracker_status_totals_totals_delete AFTER DELETE ON tracker_draft_totals BEGIN ${addToStatus([totalsPart("OLD", -1)])} END`,
  `CREATE TRIGGER tracker_status_totals_drafts_insert AFTER INSERT ON drafts BEGIN ${addToStatus([draftWorth("NEW", 1)])} END`,
  `CREATE TRIGGER tracker_status_totals_drafts_update AFTER UPDATE OF status ON drafts WHEN OLD.status IS NOT NEW.status BEGIN
    ${addToStatus([draftWorth("OLD", -1), draftWorth("NEW", 1)])} END`,
  `CREATE TRIGGER tracker_status_totals_drafts_delete AFTER DELETE ON drafts BEGIN ${addToStatus([draftWorth("OLD", -1)])} END`,
];

const TRIGGER_NAMES = triggers.map((t) => /CREATE TRIGGER (\w+)/.exec(t)![1]);

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `ALTER TABLE tracker_draft_totals ADD COLUMN sent_reports INTEGER NOT NULL DEFAULT 0`,
    `CREATE TABLE tracker_status_totals (
      status TEXT PRIMARY KEY CHECK (status IN ('draft','open','closed','reported','enacted','withdrawn')),
      ${MEASURES.map((m) => `${m} INTEGER NOT NULL DEFAULT 0`).join(",\n      ")}
    ) WITHOUT ROWID`,
    // What is there already, before the triggers take over.
    `INSERT INTO tracker_draft_totals (draft_id, sent_reports)
      SELECT draft_id, count(*) FROM reports WHERE status = 'sent' GROUP BY draft_id
      ON CONFLICT (draft_id) DO UPDATE SET sent_reports = excluded.sent_reports`,
    `INSERT INTO tracker_status_totals (status, ${MEASURES.join(", ")})
      SELECT d.status, count(*), sum(coalesce(t.sent_reports, 0) > 0), ${OWN.map((m) => `sum(coalesce(t.${m}, 0))`).join(", ")}
      FROM drafts d LEFT JOIN tracker_draft_totals t ON t.draft_id = d.id GROUP BY d.status`,
    ...triggers,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const name of TRIGGER_NAMES) await sql.raw(`DROP TRIGGER ${name}`).execute(db);
  await sql.raw(`DROP TABLE tracker_status_totals`).execute(db);
  await sql.raw(`ALTER TABLE tracker_draft_totals DROP COLUMN sent_reports`).execute(db);
}
