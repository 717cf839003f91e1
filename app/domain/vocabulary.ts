// The domain's words: every enumeration the app stores, declared once. The
// database's CHECK constraints hold the same lists (tests/integration/vocabulary.test.ts
// compares them), db/schema.ts types its columns with these types, and forms,
// filters and translations are built from these arrays.

export const PLACE_LEVELS = ["district", "street", "community", "grid", "unit"] as const;
export type PlaceLevel = (typeof PLACE_LEVELS)[number];

export const PLACE_KINDS = ["village", "community", "estate", "building", "shops", "mixed"] as const;
export type PlaceKind = (typeof PLACE_KINDS)[number];

export const CONTACT_POINT_KINDS = ["national", "liaison_unit", "collection_point"] as const;
export type ContactPointKind = (typeof CONTACT_POINT_KINDS)[number];

export const ROLES = ["informant", "liaison", "staff", "cppcc", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Roles that collect opinions in the field and belong to a contact point. */
export const FIELD_ROLES = ["informant", "liaison"] as const satisfies readonly Role[];

export const INFORMANT_KINDS = ["retired_cadre", "residents_rep", "grid_worker"] as const;
export type InformantKind = (typeof INFORMANT_KINDS)[number];

export const DRAFT_KINDS = ["law", "administrative_regulation", "local_regulation", "rule", "legislative_plan"] as const;
export type DraftKind = (typeof DRAFT_KINDS)[number];

export const DRAFT_STATUSES = ["draft", "open", "closed", "reported", "enacted", "withdrawn"] as const;
export type DraftStatus = (typeof DRAFT_STATUSES)[number];

export const READINGS = ["consultation", "first", "second", "third", "enacted"] as const;
export type Reading = (typeof READINGS)[number];

export const EVENT_KINDS = ["seminar", "bench_meeting", "door_to_door", "questionnaire"] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** 征集方式: how an opinion was collected. */
export const CHANNELS = ["seminar", "home_visit", "questionnaire", "box", "online", "letter_phone"] as const;
export type Channel = (typeof CHANNELS)[number];

/** Who voiced an opinion. */
export const SUBMITTER_CATEGORIES = [
  "resident", "business", "lawyer", "npc_deputy", "cppcc_member", "expert", "grid_worker", "social_organisation", "overseas_chinese",
] as const;
export type SubmitterCategory = (typeof SUBMITTER_CATEGORIES)[number];

/** The opinion lifecycle; forwarded = 已上报, adopted = 采纳. */
export const OPINION_STATUSES = [
  "collected", "under_review", "not_forwarded", "merged", "forwarded", "adopted", "partly_adopted", "not_adopted", "feedback_given", "withdrawn",
] as const;
export type OpinionStatus = (typeof OPINION_STATUSES)[number];

/** The legislature's response to a forwarded opinion. */
export const OUTCOMES = ["adopted", "partly_adopted", "not_adopted"] as const satisfies readonly OpinionStatus[];
export type Outcome = (typeof OUTCOMES)[number];

export const REPORT_STATUSES = ["draft", "sent"] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

export const CONSULTATION_LEVELS = ["district", "street", "community"] as const;
export type ConsultationLevel = (typeof CONSULTATION_LEVELS)[number];

export const TOPIC_SOURCES = ["resident_proposal", "assigned", "member_raised"] as const;
export type TopicSource = (typeof TOPIC_SOURCES)[number];

export const CONSULTATION_STATUSES = ["planned", "held", "closed"] as const;
export type ConsultationStatus = (typeof CONSULTATION_STATUSES)[number];

export const PARTICIPANT_GROUPS = ["cppcc_member", "npc_deputy", "resident", "department", "expert"] as const;
export type ParticipantGroup = (typeof PARTICIPANT_GROUPS)[number];

export const OUTPUT_TYPES = ["suggestion", "social_opinion", "research_report", "consensus"] as const;
export type OutputType = (typeof OUTPUT_TYPES)[number];

export const FOLLOW_UP_STATUSES = ["pending", "in_progress", "implemented", "not_adopted"] as const;
export type FollowUpStatus = (typeof FOLLOW_UP_STATUSES)[number];

/** The tracker's breakdowns of opinions besides place and month. */
export const TRACKER_FACETS = ["channel", "submitter_category"] as const;
export type TrackerFacet = (typeof TRACKER_FACETS)[number];

/** A sheet of opinions being imported: checked off the request thread, then saved all at once. */
export const IMPORT_STATUSES = ["queued", "checking", "checked", "failed", "saving", "saved"] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** How a resident learned what became of their opinion. */
export const FEEDBACK_CHANNELS = ["sms", "in_person", "lookup"] as const;
export type FeedbackChannel = (typeof FEEDBACK_CHANNELS)[number];

/** Text messages to residents: that the law was passed, and their opinion's outcome. */
export const NOTIFICATION_KINDS = ["enacted", "outcome"] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_STATUSES = ["queued", "sending", "sent", "failed", "cancelled"] as const;
export type NotificationStatus = (typeof NOTIFICATION_STATUSES)[number];

/** Whether a string is one of a vocabulary's words. */
export function isOneOf<T extends string>(words: readonly T[], value: unknown): value is T {
  return typeof value === "string" && (words as readonly string[]).includes(value);
}

/** What public pages show, in areas each with its own version (db/migrations/2026-12-03T00-00-data-versions.ts). */
export const DATA_AREAS = ["drafts", "collection", "figures", "consultations"] as const;
export type DataArea = (typeof DATA_AREAS)[number];
