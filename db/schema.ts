import type { Generated, Insertable, Selectable, Updateable } from "kysely";
import type {
  Channel, ConsultationLevel, ConsultationStatus, ContactPointKind, DraftKind, DraftStatus, EventKind, FollowUpStatus,
  InformantKind, OpinionStatus, Outcome, OutputType, ParticipantGroup, PlaceKind, PlaceLevel, Reading, ReportStatus,
  Role, SubmitterCategory, TopicSource, TrackerFacet, ImportStatus, FeedbackChannel, NotificationKind, NotificationStatus,
  DataArea,
} from "../app/domain/vocabulary";

// The Database interface for Kysely: one entry per table of db/migrations. The
// enumerations are the domain's vocabulary (app/domain/vocabulary.ts).
// Dates are ISO strings: YYYY-MM-DD for calendar dates, full ISO-8601 UTC for instants.


type Flag = 0 | 1;

export interface PlacesTable {
  id: Generated<number>;
  code: string;
  name: string;
  level: PlaceLevel;
  kind: PlaceKind | null;
  parent_id: number | null;
  households: number | null;
  population: number | null;
  sample_name: Generated<Flag>;
}

export interface ContactPointsTable {
  id: Generated<number>;
  code: string;
  name: string;
  kind: ContactPointKind;
  host_organisation: string;
  place_id: number;
  address: string | null;
  active: Generated<Flag>;
  created_at: string;
  /** Free text as the office words it (周一至周五 8:30–12:00), at most 200 characters. */
  opening_hours: string | null;
  /** The office's public phone, never a person's. */
  phone: string | null;
  /** WGS-84 degrees; both or neither. */
  latitude: number | null;
  longitude: number | null;
}

export interface ContactPointGridsTable {
  contact_point_id: number;
  grid_id: number;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  role: Role;
  informant_kind: InformantKind | null;
  contact_point_id: number | null;
  password_hash: string;
  must_change_password: Generated<Flag>;
  active: Generated<Flag>;
  created_at: string;
  updated_at: string;
}

export interface UserGridsTable {
  user_id: number;
  grid_id: number;
}

export interface SessionsTable {
  /** SHA-256 of the token in the cookie, hex */
  id: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  user_agent: string | null;
}

export interface DraftsTable {
  id: Generated<number>;
  slug: string | null;
  title: string;
  title_en: string | null;
  kind: DraftKind;
  requesting_body: string;
  received_on: string;
  comment_opens_on: string | null;
  deadline: string;
  key_questions: string | null;
  status: Generated<DraftStatus>;
  enacted_on: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface DraftVersionsTable {
  id: Generated<number>;
  draft_id: number;
  seq: number;
  reading: Reading;
  body: string;
  created_by: number | null;
  created_at: string;
}

export interface ArticlesTable {
  id: Generated<number>;
  version_id: number;
  key: string;
  number: number;
  position: number;
  chapter_number: number | null;
  chapter_title: string | null;
  section_number: number | null;
  section_title: string | null;
  text: string;
}

export interface ArticleMappingsTable {
  id: Generated<number>;
  from_article_id: number;
  to_article_id: number | null;
  similarity: number;
  confirmed_by: number | null;
  confirmed_at: string | null;
}

export interface DraftContactPointsTable {
  draft_id: number;
  contact_point_id: number;
  assigned_at: string;
}

export interface CollectionEventsTable {
  id: Generated<number>;
  draft_id: number;
  contact_point_id: number;
  kind: EventKind;
  title: string;
  held_on: string;
  venue: string | null;
  grid_id: number | null;
  participants: number;
  notes: string | null;
  created_by: number;
  created_at: string;
}

export interface OpinionsTable {
  id: Generated<number>;
  receipt_code: string;
  draft_id: number;
  version_id: number;
  article_id: number | null;
  article_key: string | null;
  quoted_text: string | null;
  opinion: string;
  suggested_revision: string | null;
  reason: string | null;
  formal_opinion: string | null;
  formal_revision: string | null;
  formal_reason: string | null;
  collected_on: string;
  channel: Channel;
  event_id: number | null;
  grid_id: number;
  unit_id: number | null;
  contact_point_id: number;
  collector_id: number;
  submitter_category: SubmitterCategory;
  resident_name: string | null;
  resident_phone: string | null;
  consent: Generated<Flag>;
  contains_personal_info: Generated<Flag>;
  status: Generated<OpinionStatus>;
  not_forwarded_reason: string | null;
  merged_into_id: number | null;
  report_id: number | null;
  returned_comment: string | null;
  feedback_given_at: string | null;
  personal_data_erased_at: string | null;
  idempotency_key: string | null;
  import_fingerprint: string | null;
  import_batch_id: Generated<number | null>;
  /** The part of the article named beside it (第二款), as written. */
  article_part: Generated<string | null>;
  created_at: string;
  updated_at: string;
}

export interface OpinionStatusHistoryTable {
  id: Generated<number>;
  opinion_id: number;
  from_status: OpinionStatus | null;
  to_status: OpinionStatus;
  changed_by: number | null;
  changed_at: string;
  reason: string | null;
}

export interface OpinionMergesTable {
  id: Generated<number>;
  primary_id: number;
  merged_id: number;
  merged_by: number;
  merged_at: string;
  undone_by: number | null;
  undone_at: string | null;
}

export interface ReportsTable {
  id: Generated<number>;
  draft_id: number;
  title: string;
  recipient: string | null;
  status: Generated<ReportStatus>;
  sent_on: string | null;
  events_held: number | null;
  participants: number | null;
  docx: Buffer | null;
  xlsx: Buffer | null;
  created_by: number;
  created_at: string;
  sent_by: number | null;
  sent_at: string | null;
}

export interface ReportItemsTable {
  id: Generated<number>;
  report_id: number;
  opinion_id: number;
  position: number;
}

export interface OpinionOutcomesTable {
  opinion_id: number;
  outcome: Outcome;
  note: string | null;
  final_article_number: number | null;
  recorded_by: number;
  recorded_at: string;
}

export interface ConsultationsTable {
  id: Generated<number>;
  topic: string;
  topic_source: TopicSource;
  level: ConsultationLevel;
  held_on: string;
  venue: string;
  place_id: number | null;
  convener: string;
  status: Generated<ConsultationStatus>;
  minutes: string | null;
  minutes_public: Generated<Flag>;
  internal_notes: string | null;
  draft_id: number | null;
  created_by: number;
  created_at: string;
  updated_at: string;
}

export interface ConsultationParticipantsTable {
  consultation_id: number;
  participant_group: ParticipantGroup;
  count: number;
}

export interface ConsultationOutputsTable {
  id: Generated<number>;
  consultation_id: number;
  type: OutputType;
  title: string;
  body: string;
  department: string | null;
  follow_up_status: Generated<FollowUpStatus>;
  is_public: Generated<Flag>;
  draft_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface ConsultationFollowUpsTable {
  id: Generated<number>;
  output_id: number;
  from_status: FollowUpStatus | null;
  to_status: FollowUpStatus;
  note: string;
  noted_on: string;
  recorded_by: number;
  recorded_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  user_id: number | null;
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
}

// The adoption tracker's aggregates (db/migrations/2026-11-28T00-00-tracker-aggregates.ts),
// kept current by triggers; the app only reads them.

/** What one opinion contributes to the tracker; months are YYYY-MM, null when the event has not happened. */
export interface TrackerOpinionFactsTable {
  opinion_id: number;
  draft_id: number;
  /** '' for a general comment */
  article_key: string;
  grid_id: number;
  contact_point_id: number;
  channel: Channel;
  submitter_category: SubmitterCategory;
  /** 1: merged into another opinion, whose report and outcome it shares */
  merged: Flag;
  collected_month: string | null;
  forwarded_month: string | null;
  outcome: Outcome | null;
  outcome_month: string | null;
}

/** Per draft and month: collected, forwarded (上报) and adopted (采纳, incl. partly) each in the month it happened. */
export interface TrackerDraftMonthsTable {
  draft_id: number;
  month: string;
  collected: number;
  forwarded: number;
  adopted: number;
  partly_adopted: number;
}

/** Per draft, grid and contact point; merged_* credit the opinions merged into forwarded/adopted ones. */
export interface TrackerGridCountsTable {
  draft_id: number;
  grid_id: number;
  contact_point_id: number;
  collected: number;
  forwarded: number;
  adopted: number;
  partly_adopted: number;
  merged_forwarded: number;
  merged_adopted: number;
  merged_partly_adopted: number;
}

type TrackerOwnTotals = { collected: number; forwarded: number; adopted: number; partly_adopted: number };
type TrackerPlaceTotals = TrackerOwnTotals & { merged_forwarded: number; merged_adopted: number; merged_partly_adopted: number };

/** sent_reports: the draft's reports sent upward. */
export type TrackerDraftTotalsTable = TrackerOwnTotals & { draft_id: number; sent_reports: number };
export type TrackerMonthTotalsTable = TrackerOwnTotals & { month: string };
export type TrackerFacetTotalsTable = TrackerOwnTotals & { facet: TrackerFacet; value: string };
export type TrackerContactPointTotalsTable = TrackerPlaceTotals & { contact_point_id: number };
export type TrackerStreetTotalsTable = TrackerPlaceTotals & { street_id: number };
/** Per draft status: its drafts, those with a report sent, and their totals. */
export type TrackerStatusTotalsTable = TrackerOwnTotals & { status: DraftStatus; drafts: number; reported: number };


export interface TrackerFacetCountsTable {
  draft_id: number;
  facet: TrackerFacet;
  value: string;
  collected: number;
  forwarded: number;
  adopted: number;
  partly_adopted: number;
}

export interface TrackerArticleCountsTable {
  draft_id: number;
  /** '' for general comments */
  article_key: string;
  collected: number;
  forwarded: number;
  adopted: number;
  partly_adopted: number;
}

/** One row, bumped by every change the open data depends on. */
export interface TrackerVersionTable {
  id: number;
  version: number;
}

export interface ImportBatchesTable {
  id: Generated<number>;
  /** What the batch's pages are addressed by: random, so that one clerk cannot guess another's. */
  token: string;
  user_id: number;
  contact_point_id: number;
  file_name: string;
  file_size: number;
  file_bytes: Buffer | null;
  status: Generated<ImportStatus>;
  /** JSON: ImportChoices */
  choices: Generated<string>;
  /** JSON: the check's result */
  result: string | null;
  failure: string | null;
  rows_total: number | null;
  rows_ready: number | null;
  rows_checked: Generated<number>;
  rows_saved: Generated<number>;
  created_at: string;
  updated_at: string;
  checked_at: string | null;
  saved_at: string | null;
}

export interface OpinionFeedbackTable {
  opinion_id: number;
  channel: FeedbackChannel;
  given_at: string;
  given_by: number | null;
}

export interface ArticleResponsesTable {
  draft_id: number;
  /** '' for the comments on the draft as a whole */
  article_key: string;
  heard: string | null;
  changed: string | null;
  updated_by: number;
  updated_at: string;
}

export interface AnswerTemplatesTable {
  id: Generated<number>;
  outcome: Outcome;
  text: string;
  created_by: number | null;
  created_at: string;
}

export interface NotificationsTable {
  id: Generated<number>;
  opinion_id: number;
  kind: NotificationKind;
  /** The message as sent, with the receipt code and the page's address; never a name or a phone. */
  body: string;
  /** The values of the provider's template, as a JSON array of strings. */
  params: Generated<string>;
  status: Generated<NotificationStatus>;
  attempts: Generated<number>;
  next_attempt_at: string;
  last_error: string | null;
  provider_id: string | null;
  created_at: string;
  sent_at: string | null;
}

/** Per draft: forwarded opinions whose resident was told, in all and by channel (kept by triggers). */
export interface TrackerDraftFeedbackTable {
  draft_id: number;
  told: number;
  sms: number;
  in_person: number;
  lookup: number;
}

/** Each area of what public pages show, and its version (SQLite only; db/migrations/2026-12-03T00-00-data-versions.ts). */
export interface DataVersionsTable {
  area: DataArea;
  version: number;
}

export interface Database {
  places: PlacesTable;
  contact_points: ContactPointsTable;
  contact_point_grids: ContactPointGridsTable;
  users: UsersTable;
  user_grids: UserGridsTable;
  sessions: SessionsTable;
  drafts: DraftsTable;
  draft_versions: DraftVersionsTable;
  articles: ArticlesTable;
  article_mappings: ArticleMappingsTable;
  draft_contact_points: DraftContactPointsTable;
  collection_events: CollectionEventsTable;
  opinions: OpinionsTable;
  opinion_status_history: OpinionStatusHistoryTable;
  opinion_merges: OpinionMergesTable;
  reports: ReportsTable;
  report_items: ReportItemsTable;
  opinion_outcomes: OpinionOutcomesTable;
  consultations: ConsultationsTable;
  consultation_participants: ConsultationParticipantsTable;
  consultation_outputs: ConsultationOutputsTable;
  consultation_follow_ups: ConsultationFollowUpsTable;
  audit_log: AuditLogTable;
  tracker_opinion_facts: TrackerOpinionFactsTable;
  tracker_draft_months: TrackerDraftMonthsTable;
  tracker_grid_counts: TrackerGridCountsTable;
  tracker_facet_counts: TrackerFacetCountsTable;
  tracker_article_counts: TrackerArticleCountsTable;
  tracker_version: TrackerVersionTable;
  data_versions: DataVersionsTable;
  tracker_draft_totals: TrackerDraftTotalsTable;
  tracker_month_totals: TrackerMonthTotalsTable;
  tracker_facet_totals: TrackerFacetTotalsTable;
  tracker_contact_point_totals: TrackerContactPointTotalsTable;
  tracker_street_totals: TrackerStreetTotalsTable;
  tracker_status_totals: TrackerStatusTotalsTable;
  import_batches: ImportBatchesTable;
  opinion_feedback: OpinionFeedbackTable;
  article_responses: ArticleResponsesTable;
  answer_templates: AnswerTemplatesTable;
  notifications: NotificationsTable;
  tracker_draft_feedback: TrackerDraftFeedbackTable;
}

export type Place = Selectable<PlacesTable>;
export type ContactPoint = Selectable<ContactPointsTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Draft = Selectable<DraftsTable>;
export type DraftVersion = Selectable<DraftVersionsTable>;
export type Article = Selectable<ArticlesTable>;
export type Opinion = Selectable<OpinionsTable>;
export type NewOpinion = Insertable<OpinionsTable>;
export type CollectionEvent = Selectable<CollectionEventsTable>;
export type Report = Selectable<ReportsTable>;
export type Consultation = Selectable<ConsultationsTable>;
export type ConsultationOutput = Selectable<ConsultationOutputsTable>;
