import { sql, type Kysely } from "kysely";

// Closing the loop with residents. An outcome's note is its public reason. How each
// resident learned the outcome is kept per channel (a text message, in person or on
// paper at the contact point, or by looking up the receipt code); the opinions
// already marked as told are counted as told in person. Staff write one response per
// article ("what we heard, what changed") and keep phrases to answer many opinions at
// once. Text messages wait in an outbox until the sender has sent them. The tracker
// counts, per draft, the forwarded opinions whose resident was told.

const statements = [
  `CREATE TABLE opinion_feedback (
    opinion_id INTEGER NOT NULL REFERENCES opinions(id),
    channel TEXT NOT NULL CHECK (channel IN ('sms','in_person','lookup')),
    given_at TEXT NOT NULL,
    given_by INTEGER REFERENCES users(id),
    PRIMARY KEY (opinion_id, channel)
  ) WITHOUT ROWID`,
  `INSERT INTO opinion_feedback (opinion_id, channel, given_at, given_by)
    SELECT id, 'in_person', feedback_given_at, NULL FROM opinions WHERE feedback_given_at IS NOT NULL`,
  `CREATE TABLE article_responses (
    draft_id INTEGER NOT NULL REFERENCES drafts(id),
    article_key TEXT NOT NULL,
    heard TEXT,
    changed TEXT,
    updated_by INTEGER NOT NULL REFERENCES users(id),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (draft_id, article_key)
  ) WITHOUT ROWID`,
  `CREATE TABLE answer_templates (
    id INTEGER PRIMARY KEY,
    outcome TEXT NOT NULL CHECK (outcome IN ('adopted','partly_adopted','not_adopted')),
    text TEXT NOT NULL CHECK (length(trim(text)) > 0),
    created_by INTEGER REFERENCES users(id),
    created_at TEXT NOT NULL
  )`,
  `INSERT INTO answer_templates (outcome, text, created_by, created_at) VALUES
    ('adopted', '该意见已被采纳，体现在通过的法律条文中。', NULL, '2026-12-02T00:00:00.000Z'),
    ('partly_adopted', '该意见的主要内容已被吸收，具体表述与建议有所不同。', NULL, '2026-12-02T00:00:00.000Z'),
    ('not_adopted', '经研究，该问题已由其他法律法规作出规定，本法不再重复规定。', NULL, '2026-12-02T00:00:00.000Z'),
    ('not_adopted', '该意见涉及的事项宜由配套规定或地方性法规予以明确，已转有关部门研究。', NULL, '2026-12-02T00:00:00.000Z')`,
  `CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    opinion_id INTEGER NOT NULL REFERENCES opinions(id),
    kind TEXT NOT NULL CHECK (kind IN ('enacted','outcome')),
    body TEXT NOT NULL,
    params TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL DEFAULT 'queued' CHECK (status IN ('queued','sending','sent','failed','cancelled')),
    attempts INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    provider_id TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    UNIQUE (opinion_id, kind)
  )`,
  `CREATE INDEX notifications_due ON notifications (status, next_attempt_at)`,
  // The tracker's "feedback given": per draft, forwarded opinions whose resident was
  // told (by any channel, each opinion once) and by each channel, kept by triggers.
  `CREATE TABLE tracker_draft_feedback (
    draft_id INTEGER PRIMARY KEY,
    told INTEGER NOT NULL DEFAULT 0,
    sms INTEGER NOT NULL DEFAULT 0,
    in_person INTEGER NOT NULL DEFAULT 0,
    lookup INTEGER NOT NULL DEFAULT 0
  )`,
  ...(["NEW", "OLD"] as const).map((r) => {
    const sign = r === "NEW" ? 1 : -1;
    // AFTER the change: a first channel (NEW) leaves one row, a last one (OLD) none.
    const alone = r === "NEW" ? 1 : 0;
    return `CREATE TRIGGER tracker_draft_feedback_${r === "NEW" ? "insert" : "delete"} AFTER ${r === "NEW" ? "INSERT" : "DELETE"} ON opinion_feedback BEGIN
      INSERT INTO tracker_draft_feedback (draft_id, told, sms, in_person, lookup)
        SELECT o.draft_id,
          ${sign} * ((SELECT count(*) FROM opinion_feedback f WHERE f.opinion_id = ${r}.opinion_id) = ${alone}),
          ${sign} * (${r}.channel = 'sms'), ${sign} * (${r}.channel = 'in_person'), ${sign} * (${r}.channel = 'lookup')
        FROM opinions o WHERE o.id = ${r}.opinion_id AND o.report_id IS NOT NULL
      ON CONFLICT (draft_id) DO UPDATE SET told = told + excluded.told, sms = sms + excluded.sms,
        in_person = in_person + excluded.in_person, lookup = lookup + excluded.lookup;
    END`;
  }),
  `INSERT INTO tracker_draft_feedback (draft_id, told, in_person)
    SELECT o.draft_id, count(*), count(*) FROM opinion_feedback f JOIN opinions o ON o.id = f.opinion_id
    WHERE o.report_id IS NOT NULL GROUP BY o.draft_id`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const table of ["tracker_draft_feedback", "notifications", "answer_templates", "article_responses", "opinion_feedback"]) await sql.raw(`DROP TABLE ${table}`).execute(db);
}
