import { describe, expect, it } from "vitest";
import * as vocabulary from "~/domain/vocabulary";
import { freshDatabase, onPostgres } from "../setup/database";
import { checkedLists } from "../setup/schema";

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
  "tracker_status_totals.status": vocabulary.DRAFT_STATUSES,
  "tracker_facet_counts.facet": vocabulary.TRACKER_FACETS,
  "import_batches.status": vocabulary.IMPORT_STATUSES,
  "opinion_feedback.channel": vocabulary.FEEDBACK_CHANNELS,
  "answer_templates.outcome": vocabulary.OUTCOMES,
  "notifications.kind": vocabulary.NOTIFICATION_KINDS,
  "notifications.status": vocabulary.NOTIFICATION_STATUSES,
  // SQLite only: PostgreSQL names the area in a notification.
  ...(onPostgres ? {} : { "data_versions.area": vocabulary.DATA_AREAS }),
};

describe("the vocabulary", () => {
  it("is what each CHECK constraint of the schema allows, word for word, and no checked list is missing from it", async () => {
    const lists = await checkedLists(await freshDatabase());
    expect(Object.fromEntries(lists)).toEqual(Object.fromEntries(Object.entries(COLUMNS).map(([column, words]) => [column, [...words]])));
  });
});
