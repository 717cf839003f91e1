import { sql, type Kysely } from "kysely";

// The whole domain of the platform: places, contact points, people, drafts and
// their readings, opinions through their lifecycle, reports and outcomes, CPPCC
// consultations and the audit log. Enumerations are CHECK-constrained so that a
// value the app does not know can never be stored.

const statements = [
  // 区 district → 街道 street → 村/社区 community → 网格 grid → 最小单元 unit
  `CREATE TABLE places (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('district','street','community','grid','unit')),
    kind TEXT CHECK (kind IN ('village','community','estate','building','shops','mixed')),
    parent_id INTEGER REFERENCES places(id) ON DELETE RESTRICT,
    households INTEGER CHECK (households >= 0),
    population INTEGER CHECK (population >= 0),
    sample_name INTEGER NOT NULL DEFAULT 0 CHECK (sample_name IN (0,1)),
    CHECK ((level = 'district') = (parent_id IS NULL))
  )`,
  `CREATE INDEX places_parent ON places(parent_id)`,
  `CREATE INDEX places_level ON places(level)`,

  `CREATE TABLE contact_points (
    id INTEGER PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('national','liaison_unit','collection_point')),
    host_organisation TEXT NOT NULL,
    place_id INTEGER NOT NULL REFERENCES places(id),
    address TEXT,
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    created_at TEXT NOT NULL
  )`,
  // A grid is covered by exactly one contact point.
  `CREATE TABLE contact_point_grids (
    contact_point_id INTEGER NOT NULL REFERENCES contact_points(id) ON DELETE CASCADE,
    grid_id INTEGER NOT NULL UNIQUE REFERENCES places(id),
    PRIMARY KEY (contact_point_id, grid_id)
  )`,

  `CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    username TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('informant','liaison','staff','cppcc','admin')),
    informant_kind TEXT CHECK (informant_kind IN ('retired_cadre','residents_rep','grid_worker')),
    contact_point_id INTEGER REFERENCES contact_points(id),
    password_hash TEXT NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0,1)),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((role IN ('informant','liaison')) = (contact_point_id IS NOT NULL))
  )`,
  `CREATE INDEX users_contact_point ON users(contact_point_id)`,
  // The grids an informant works in (a liaison's scope is the whole contact point).
  `CREATE TABLE user_grids (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    grid_id INTEGER NOT NULL REFERENCES places(id),
    PRIMARY KEY (user_id, grid_id)
  )`,
  `CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    user_agent TEXT
  )`,
  `CREATE INDEX sessions_user ON sessions(user_id)`,

  // 法律法规草案
  `CREATE TABLE drafts (
    id INTEGER PRIMARY KEY,
    slug TEXT UNIQUE,
    title TEXT NOT NULL,
    title_en TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('law','administrative_regulation','local_regulation','rule','legislative_plan')),
    requesting_body TEXT NOT NULL,
    received_on TEXT NOT NULL,
    comment_opens_on TEXT,
    deadline TEXT NOT NULL,
    key_questions TEXT,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','open','closed','reported','enacted','withdrawn')),
    enacted_on TEXT,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (deadline >= received_on),
    CHECK ((status = 'enacted') = (enacted_on IS NOT NULL))
  )`,
  `CREATE INDEX drafts_status ON drafts(status, deadline)`,
  // A reading (一审/二审/三审/征求意见稿, or the enacted text) is one version of a draft.
  `CREATE TABLE draft_versions (
    id INTEGER PRIMARY KEY,
    draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    seq INTEGER NOT NULL CHECK (seq >= 1),
    reading TEXT NOT NULL CHECK (reading IN ('consultation','first','second','third','enacted')),
    body TEXT NOT NULL,
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL,
    UNIQUE (draft_id, seq)
  )`,
  // key is stable across readings: a matched article keeps the key of its predecessor.
  `CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    version_id INTEGER NOT NULL REFERENCES draft_versions(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    number INTEGER NOT NULL CHECK (number >= 1),
    position INTEGER NOT NULL,
    chapter_number INTEGER,
    chapter_title TEXT,
    section_number INTEGER,
    section_title TEXT,
    text TEXT NOT NULL,
    UNIQUE (version_id, key),
    UNIQUE (version_id, position)
  )`,
  `CREATE INDEX articles_version_number ON articles(version_id, number)`,
  // Proposed and confirmed mapping of articles from one reading to the next.
  `CREATE TABLE article_mappings (
    id INTEGER PRIMARY KEY,
    from_article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    to_article_id INTEGER REFERENCES articles(id) ON DELETE CASCADE,
    similarity REAL NOT NULL CHECK (similarity BETWEEN 0 AND 1),
    confirmed_by INTEGER REFERENCES users(id),
    confirmed_at TEXT,
    UNIQUE (from_article_id)
  )`,
  `CREATE TABLE draft_contact_points (
    draft_id INTEGER NOT NULL REFERENCES drafts(id) ON DELETE CASCADE,
    contact_point_id INTEGER NOT NULL REFERENCES contact_points(id),
    assigned_at TEXT NOT NULL,
    PRIMARY KEY (draft_id, contact_point_id)
  )`,
  `CREATE INDEX draft_contact_points_cp ON draft_contact_points(contact_point_id)`,

  // 征集活动
  `CREATE TABLE collection_events (
    id INTEGER PRIMARY KEY,
    draft_id INTEGER NOT NULL REFERENCES drafts(id),
    contact_point_id INTEGER NOT NULL REFERENCES contact_points(id),
    kind TEXT NOT NULL CHECK (kind IN ('seminar','bench_meeting','door_to_door','questionnaire')),
    title TEXT NOT NULL,
    held_on TEXT NOT NULL,
    venue TEXT,
    grid_id INTEGER REFERENCES places(id),
    participants INTEGER NOT NULL CHECK (participants >= 0),
    notes TEXT,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL
  )`,
  `CREATE INDEX collection_events_draft ON collection_events(draft_id, contact_point_id)`,

  // 意见建议
  `CREATE TABLE opinions (
    id INTEGER PRIMARY KEY,
    receipt_code TEXT NOT NULL UNIQUE CHECK (length(receipt_code) = 8),
    draft_id INTEGER NOT NULL REFERENCES drafts(id),
    version_id INTEGER NOT NULL REFERENCES draft_versions(id),
    article_id INTEGER REFERENCES articles(id),
    article_key TEXT,
    quoted_text TEXT,
    opinion TEXT NOT NULL CHECK (length(trim(opinion)) > 0),
    suggested_revision TEXT,
    reason TEXT,
    formal_opinion TEXT,
    formal_revision TEXT,
    formal_reason TEXT,
    collected_on TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('seminar','home_visit','questionnaire','box','online','letter_phone')),
    event_id INTEGER REFERENCES collection_events(id),
    grid_id INTEGER NOT NULL REFERENCES places(id),
    unit_id INTEGER REFERENCES places(id),
    contact_point_id INTEGER NOT NULL REFERENCES contact_points(id),
    collector_id INTEGER NOT NULL REFERENCES users(id),
    submitter_category TEXT NOT NULL CHECK (submitter_category IN ('resident','business','lawyer','npc_deputy','cppcc_member','expert','grid_worker','social_organisation','overseas_chinese')),
    resident_name TEXT,
    resident_phone TEXT,
    consent INTEGER NOT NULL DEFAULT 0 CHECK (consent IN (0,1)),
    contains_personal_info INTEGER NOT NULL DEFAULT 0 CHECK (contains_personal_info IN (0,1)),
    status TEXT NOT NULL DEFAULT 'collected' CHECK (status IN ('collected','under_review','not_forwarded','merged','forwarded','adopted','partly_adopted','not_adopted','feedback_given','withdrawn')),
    not_forwarded_reason TEXT,
    merged_into_id INTEGER REFERENCES opinions(id),
    report_id INTEGER REFERENCES reports(id),
    returned_comment TEXT,
    feedback_given_at TEXT,
    personal_data_erased_at TEXT,
    idempotency_key TEXT UNIQUE,
    import_fingerprint TEXT UNIQUE,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (consent = 1 OR (resident_name IS NULL AND resident_phone IS NULL)),
    CHECK ((article_id IS NULL) = (article_key IS NULL)),
    CHECK (status <> 'merged' OR merged_into_id IS NOT NULL),
    CHECK (merged_into_id IS NULL OR merged_into_id <> id)
  )`,
  `CREATE INDEX opinions_draft_status ON opinions(draft_id, status)`,
  `CREATE INDEX opinions_draft_article ON opinions(draft_id, article_key)`,
  `CREATE INDEX opinions_contact_point ON opinions(contact_point_id, status)`,
  `CREATE INDEX opinions_grid ON opinions(grid_id)`,
  `CREATE INDEX opinions_collector ON opinions(collector_id, created_at)`,
  `CREATE INDEX opinions_merged_into ON opinions(merged_into_id)`,
  `CREATE INDEX opinions_report ON opinions(report_id)`,
  `CREATE TABLE opinion_status_history (
    id INTEGER PRIMARY KEY,
    opinion_id INTEGER NOT NULL REFERENCES opinions(id) ON DELETE CASCADE,
    from_status TEXT,
    to_status TEXT NOT NULL,
    changed_by INTEGER REFERENCES users(id),
    changed_at TEXT NOT NULL,
    reason TEXT
  )`,
  `CREATE INDEX opinion_status_history_opinion ON opinion_status_history(opinion_id, id)`,
  `CREATE TABLE opinion_merges (
    id INTEGER PRIMARY KEY,
    primary_id INTEGER NOT NULL REFERENCES opinions(id),
    merged_id INTEGER NOT NULL REFERENCES opinions(id),
    merged_by INTEGER NOT NULL REFERENCES users(id),
    merged_at TEXT NOT NULL,
    undone_by INTEGER REFERENCES users(id),
    undone_at TEXT,
    CHECK (primary_id <> merged_id)
  )`,
  `CREATE INDEX opinion_merges_primary ON opinion_merges(primary_id)`,

  // 意见汇总 / 上报
  `CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    draft_id INTEGER NOT NULL REFERENCES drafts(id),
    title TEXT NOT NULL,
    recipient TEXT,
    status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','sent')),
    sent_on TEXT,
    events_held INTEGER CHECK (events_held >= 0),
    participants INTEGER CHECK (participants >= 0),
    docx BLOB,
    xlsx BLOB,
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    sent_by INTEGER REFERENCES users(id),
    sent_at TEXT,
    CHECK ((status = 'sent') = (sent_on IS NOT NULL AND recipient IS NOT NULL))
  )`,
  `CREATE INDEX reports_draft ON reports(draft_id, status)`,
  `CREATE TABLE report_items (
    id INTEGER PRIMARY KEY,
    report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
    opinion_id INTEGER NOT NULL REFERENCES opinions(id),
    position INTEGER NOT NULL,
    UNIQUE (report_id, opinion_id),
    UNIQUE (opinion_id)
  )`,
  // 采纳情况: recorded after enactment for a forwarded opinion.
  `CREATE TABLE opinion_outcomes (
    opinion_id INTEGER PRIMARY KEY REFERENCES opinions(id),
    outcome TEXT NOT NULL CHECK (outcome IN ('adopted','partly_adopted','not_adopted')),
    note TEXT,
    final_article_number INTEGER,
    recorded_by INTEGER NOT NULL REFERENCES users(id),
    recorded_at TEXT NOT NULL
  )`,

  // 政协 "民事好商量"
  `CREATE TABLE consultations (
    id INTEGER PRIMARY KEY,
    topic TEXT NOT NULL,
    topic_source TEXT NOT NULL CHECK (topic_source IN ('resident_proposal','assigned','member_raised')),
    level TEXT NOT NULL CHECK (level IN ('district','street','community')),
    held_on TEXT NOT NULL,
    venue TEXT NOT NULL,
    place_id INTEGER REFERENCES places(id),
    convener TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','held','closed')),
    minutes TEXT,
    minutes_public INTEGER NOT NULL DEFAULT 0 CHECK (minutes_public IN (0,1)),
    internal_notes TEXT,
    draft_id INTEGER REFERENCES drafts(id),
    created_by INTEGER NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  )`,
  `CREATE INDEX consultations_held_on ON consultations(held_on)`,
  `CREATE TABLE consultation_participants (
    consultation_id INTEGER NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    participant_group TEXT NOT NULL CHECK (participant_group IN ('cppcc_member','npc_deputy','resident','department','expert')),
    count INTEGER NOT NULL CHECK (count >= 0),
    PRIMARY KEY (consultation_id, participant_group)
  )`,
  `CREATE TABLE consultation_outputs (
    id INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    type TEXT NOT NULL CHECK (type IN ('suggestion','social_opinion','research_report','consensus')),
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    department TEXT,
    follow_up_status TEXT NOT NULL DEFAULT 'pending' CHECK (follow_up_status IN ('pending','in_progress','implemented','not_adopted')),
    is_public INTEGER NOT NULL DEFAULT 1 CHECK (is_public IN (0,1)),
    draft_id INTEGER REFERENCES drafts(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  )`,
  `CREATE INDEX consultation_outputs_consultation ON consultation_outputs(consultation_id)`,
  `CREATE INDEX consultation_outputs_follow_up ON consultation_outputs(follow_up_status, created_at)`,
  `CREATE TABLE consultation_follow_ups (
    id INTEGER PRIMARY KEY,
    output_id INTEGER NOT NULL REFERENCES consultation_outputs(id) ON DELETE CASCADE,
    from_status TEXT,
    to_status TEXT NOT NULL CHECK (to_status IN ('pending','in_progress','implemented','not_adopted')),
    note TEXT NOT NULL,
    noted_on TEXT NOT NULL,
    recorded_by INTEGER NOT NULL REFERENCES users(id),
    recorded_at TEXT NOT NULL
  )`,
  `CREATE INDEX consultation_follow_ups_output ON consultation_follow_ups(output_id, id)`,

  `CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    user_id INTEGER REFERENCES users(id),
    action TEXT NOT NULL,
    entity TEXT NOT NULL,
    entity_id TEXT,
    before TEXT,
    after TEXT
  )`,
  `CREATE INDEX audit_log_entity ON audit_log(entity, entity_id)`,
  `CREATE INDEX audit_log_at ON audit_log(at)`,

  // Full-text search over opinions and draft articles: trigram finds Chinese
  // substrings of 3+ characters; shorter queries fall back to LIKE.
  `CREATE VIRTUAL TABLE opinions_fts USING fts5(
    opinion, suggested_revision, reason, quoted_text,
    content='opinions', content_rowid='id', tokenize='trigram'
  )`,
  `CREATE TRIGGER opinions_fts_insert AFTER INSERT ON opinions BEGIN
    INSERT INTO opinions_fts(rowid, opinion, suggested_revision, reason, quoted_text)
    VALUES (new.id, new.opinion, new.suggested_revision, new.reason, new.quoted_text);
  END`,
  `CREATE TRIGGER opinions_fts_delete AFTER DELETE ON opinions BEGIN
    INSERT INTO opinions_fts(opinions_fts, rowid, opinion, suggested_revision, reason, quoted_text)
    VALUES ('delete', old.id, old.opinion, old.suggested_revision, old.reason, old.quoted_text);
  END`,
  `CREATE TRIGGER opinions_fts_update AFTER UPDATE OF opinion, suggested_revision, reason, quoted_text ON opinions BEGIN
    INSERT INTO opinions_fts(opinions_fts, rowid, opinion, suggested_revision, reason, quoted_text)
    VALUES ('delete', old.id, old.opinion, old.suggested_revision, old.reason, old.quoted_text);
    INSERT INTO opinions_fts(rowid, opinion, suggested_revision, reason, quoted_text)
    VALUES (new.id, new.opinion, new.suggested_revision, new.reason, new.quoted_text);
  END`,
  `CREATE VIRTUAL TABLE drafts_fts USING fts5(
    title, key_questions, content='drafts', content_rowid='id', tokenize='trigram'
  )`,
  `CREATE TRIGGER drafts_fts_insert AFTER INSERT ON drafts BEGIN
    INSERT INTO drafts_fts(rowid, title, key_questions) VALUES (new.id, new.title, new.key_questions);
  END`,
  `CREATE TRIGGER drafts_fts_delete AFTER DELETE ON drafts BEGIN
    INSERT INTO drafts_fts(drafts_fts, rowid, title, key_questions) VALUES ('delete', old.id, old.title, old.key_questions);
  END`,
  `CREATE TRIGGER drafts_fts_update AFTER UPDATE OF title, key_questions ON drafts BEGIN
    INSERT INTO drafts_fts(drafts_fts, rowid, title, key_questions) VALUES ('delete', old.id, old.title, old.key_questions);
    INSERT INTO drafts_fts(rowid, title, key_questions) VALUES (new.id, new.title, new.key_questions);
  END`,
  `CREATE VIRTUAL TABLE articles_fts USING fts5(
    text, content='articles', content_rowid='id', tokenize='trigram'
  )`,
  `CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts(rowid, text) VALUES (new.id, new.text);
  END`,
  `CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, text) VALUES ('delete', old.id, old.text);
  END`,
  `CREATE TRIGGER articles_fts_update AFTER UPDATE OF text ON articles BEGIN
    INSERT INTO articles_fts(articles_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO articles_fts(rowid, text) VALUES (new.id, new.text);
  END`,
];

const tables = [
  "articles_fts", "drafts_fts", "opinions_fts",
  "audit_log", "consultation_follow_ups", "consultation_outputs", "consultation_participants",
  "consultations", "opinion_outcomes", "report_items", "opinion_merges", "opinion_status_history",
  "opinions", "reports", "collection_events", "draft_contact_points", "article_mappings", "articles",
  "draft_versions", "drafts", "sessions", "user_grids", "users", "contact_point_grids",
  "contact_points", "places",
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // Dropping a table drops its indexes and triggers with it.
  for (const table of tables) await sql.raw(`DROP TABLE IF EXISTS ${table}`).execute(db);
}
