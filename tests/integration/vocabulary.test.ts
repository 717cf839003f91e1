import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import * as vocabulary from "~/domain/vocabulary";
import { freshDatabase } from "../setup/database";

// The frozen migrations hold each enumeration as a CHECK constraint; the code holds
// it in app/domain/vocabulary.ts. They must say the same, word for word.
const COLUMNS: Record<string, readonly string[]> = {
  "places.level": vocabulary.PLACE_LEVELS,
  "places.kind": vocabulary.PLACE_KINDS,
  "contact_points.kind": vocabulary.CONTACT_POINT_KINDS,
  "users.role": vocabulary.ROLES,
  "users.informant_kind": vocabulary.INFORMANT_KINDS,
  "drafts.kind": vocabulary.DRAFT_KINDS,
  "drafts.status": vocabulary.DRAFT_STATUSES,
  "draft_versions.reading": vocabulary.READINGS,
  "collection_events.kind": vocabulary.EVENT_KINDS,
  "opinions.channel": vocabulary.CHANNELS,
  "opinions.submitter_category": vocabulary.SUBMITTER_CATEGORIES,
  "opinions.status": vocabulary.OPINION_STATUSES,
  "opinion_outcomes.outcome": vocabulary.OUTCOMES,
  "reports.status": vocabulary.REPORT_STATUSES,
  "consultations.topic_source": vocabulary.TOPIC_SOURCES,
  "consultations.level": vocabulary.CONSULTATION_LEVELS,
  "consultations.status": vocabulary.CONSULTATION_STATUSES,
  "consultation_participants.participant_group": vocabulary.PARTICIPANT_GROUPS,
  "consultation_outputs.type": vocabulary.OUTPUT_TYPES,
  "consultation_outputs.follow_up_status": vocabulary.FOLLOW_UP_STATUSES,
  "consultation_follow_ups.to_status": vocabulary.FOLLOW_UP_STATUSES,
  "tracker_opinion_facts.outcome": vocabulary.OUTCOMES,
  "tracker_facet_counts.facet": vocabulary.TRACKER_FACETS,
  "import_batches.status": vocabulary.IMPORT_STATUSES,
  "opinion_feedback.channel": vocabulary.FEEDBACK_CHANNELS,
  "answer_templates.outcome": vocabulary.OUTCOMES,
  "notifications.kind": vocabulary.NOTIFICATION_KINDS,
  "notifications.status": vocabulary.NOTIFICATION_STATUSES,
};

/** Every `column … CHECK (column IN ('a','b'))` of the migrated schema, by table.column. */
async function checkedLists(): Promise<Map<string, string[]>> {
  const db = await freshDatabase();
  const tables = await sql<{ name: string; sql: string }>`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL`.execute(db);
  const lists = new Map<string, string[]>();
  for (const table of tables.rows) {
    for (const m of table.sql.matchAll(/\b(\w+)\s+TEXT\b[^,]*?CHECK\s*\(\s*(\w+)\s+IN\s*\(([^)]*)\)\s*\)/g)) {
      if (m[1] !== m[2]) continue;
      lists.set(`${table.name}.${m[1]}`, [...m[3].matchAll(/'([^']*)'/g)].map((w) => w[1]));
    }
  }
  return lists;
}

describe("the vocabulary", () => {
  it("is what each CHECK constraint of the schema allows, word for word, and no checked list is missing from it", async () => {
    const lists = await checkedLists();
    expect(Object.fromEntries(lists)).toEqual(Object.fromEntries(Object.entries(COLUMNS).map(([column, words]) => [column, [...words]])));
  });
});
