import { sql, type Kysely } from "kysely";

// What the public pages show changes in a few areas, each with its own version
// (app/utils/page-cache.server.ts): a cached page is dropped only when an area it shows
// moved, and a page whose only change is in "collection" — the counts that move with
// the field's and the public's own activity: opinions collected, residents told of
// the outcome (a resident looking up a receipt is one) — may be served up to a stated
// staleness bound. Each table a public page reads bumps the version of its
// area at every change; tables no public page shows (sessions, the audit log,
// imports, text messages, answer templates) and the tracker's running totals (moved
// by the tables they add up) bump nothing. On PostgreSQL the areas are notifications
// instead (db/migrations-postgres/2026-12-03T00-00-data-areas.ts): one row updated by
// every writer would make them wait on each other.

export const DATA_AREAS = ["drafts", "collection", "figures", "consultations"] as const;

type Area = (typeof DATA_AREAS)[number];

/** Table → the area its inserts, and its updates and deletes, change; `told`: an update that records a resident told. */
export const TABLE_AREAS: Record<string, { insert: Area; change: Area; told?: Area }> = {
  places: { insert: "drafts", change: "drafts" },
  contact_points: { insert: "drafts", change: "drafts" },
  contact_point_grids: { insert: "drafts", change: "drafts" },
  users: { insert: "drafts", change: "drafts" },
  drafts: { insert: "drafts", change: "drafts" },
  draft_versions: { insert: "drafts", change: "drafts" },
  articles: { insert: "drafts", change: "drafts" },
  article_mappings: { insert: "drafts", change: "drafts" },
  draft_contact_points: { insert: "drafts", change: "drafts" },
  article_responses: { insert: "drafts", change: "drafts" },
  collection_events: { insert: "drafts", change: "drafts" },
  // A new opinion is collected; a changed one may be screened, merged, forwarded or adopted, or its resident told.
  opinions: { insert: "collection", change: "figures", told: "collection" },
  opinion_status_history: { insert: "collection", change: "collection" },
  opinion_merges: { insert: "figures", change: "figures" },
  reports: { insert: "figures", change: "figures" },
  report_items: { insert: "figures", change: "figures" },
  opinion_outcomes: { insert: "figures", change: "figures" },
  opinion_feedback: { insert: "collection", change: "collection" },
  consultations: { insert: "consultations", change: "consultations" },
  consultation_participants: { insert: "consultations", change: "consultations" },
  consultation_outputs: { insert: "consultations", change: "consultations" },
  consultation_follow_ups: { insert: "consultations", change: "consultations" },
};

/** Whether an update of opinions records that its resident was told (app/services/outcomes.server.ts sets nothing else). */
export const TOLD = "OLD.feedback_given_at IS NOT NEW.feedback_given_at";

const triggers = Object.entries(TABLE_AREAS).flatMap(([table, areas]) =>
  (["insert", "update", "delete"] as const).map((event) => {
    const area = `'${event === "insert" ? areas.insert : areas.change}'`;
    const which = event === "update" && areas.told ? `CASE WHEN ${TOLD} THEN '${areas.told}' ELSE ${area} END` : area;
    return {
      name: `data_version_${table}_${event}`,
      sql: `CREATE TRIGGER data_version_${table}_${event} AFTER ${event.toUpperCase()} ON ${table} BEGIN
        UPDATE data_versions SET version = version + 1 WHERE area = ${which};
      END`,
    };
  }),
);

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(`CREATE TABLE data_versions (area TEXT PRIMARY KEY CHECK (area IN (${DATA_AREAS.map((a) => `'${a}'`).join(", ")})), version INTEGER NOT NULL) WITHOUT ROWID`).execute(db);
  await sql.raw(`INSERT INTO data_versions (area, version) VALUES ${DATA_AREAS.map((a) => `('${a}', 1)`).join(", ")}`).execute(db);
  for (const trigger of triggers) await sql.raw(trigger.sql).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const trigger of triggers) await sql.raw(`DROP TRIGGER ${trigger.name}`).execute(db);
  await sql.raw(`DROP TABLE data_versions`).execute(db);
}
