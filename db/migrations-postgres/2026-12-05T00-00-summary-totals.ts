import { sql, type Kysely } from "kysely";

// db/migrations/2026-12-05T00-00-summary-totals.ts in PostgreSQL's words: the drafts
// per status, those with a report sent, and their running totals, kept by triggers.

const OWN = ["collected", "forwarded", "adopted", "partly_adopted"];
const MEASURES = ["drafts", "reported", ...OWN];

/** `sign` times the worth of totals row `t` (NULL: none), with `drafts` drafts. */
const worth = (t: string, sign: string, drafts: string) =>
  `${drafts}, ${sign} * (coalesce(${t}.sent_reports, 0) > 0)::int, ${OWN.map((m) => `${sign} * coalesce(${t}.${m}, 0)`).join(", ")}`;

const statements = [
  `ALTER TABLE tracker_draft_totals ADD COLUMN sent_reports BIGINT NOT NULL DEFAULT 0`,
  `CREATE TABLE tracker_status_totals (
    status TEXT PRIMARY KEY CHECK (status IN ('draft','open','closed','reported','enacted','withdrawn')),
    ${MEASURES.map((m) => `${m} BIGINT NOT NULL DEFAULT 0`).join(",\n    ")}
  )`,
  `INSERT INTO tracker_draft_totals (draft_id, sent_reports)
    SELECT draft_id, count(*) FROM reports WHERE status = 'sent' GROUP BY draft_id
    ON CONFLICT (draft_id) DO UPDATE SET sent_reports = excluded.sent_reports`,
  `INSERT INTO tracker_status_totals (status, ${MEASURES.join(", ")})
    SELECT d.status, count(*), sum((coalesce(t.sent_reports, 0) > 0)::int), ${OWN.map((m) => `sum(coalesce(t.${m}, 0))`).join(", ")}
    FROM drafts d LEFT JOIN tracker_draft_totals t ON t.draft_id = d.id GROUP BY d.status`,
  `CREATE FUNCTION tracker_status_add(s text, ${MEASURES.map((m) => `${m} bigint`).join(", ")}) RETURNS void LANGUAGE sql AS $$
    INSERT INTO tracker_status_totals (status, ${MEASURES.join(", ")}) VALUES (s, ${MEASURES.join(", ")})
    ON CONFLICT (status) DO UPDATE SET ${MEASURES.map((m) => `${m} = tracker_status_totals.${m} + excluded.${m}`).join(", ")}
  $$`,
  // A report sent, unsent, moved or deleted: its draft's count of sent reports.
  `CREATE FUNCTION tracker_reports_sent() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.status = 'sent' THEN
      INSERT INTO tracker_draft_totals (draft_id, sent_reports) VALUES (OLD.draft_id, -1)
      ON CONFLICT (draft_id) DO UPDATE SET sent_reports = tracker_draft_totals.sent_reports - 1;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') AND NEW.status = 'sent' THEN
      INSERT INTO tracker_draft_totals (draft_id, sent_reports) VALUES (NEW.draft_id, 1)
      ON CONFLICT (draft_id) DO UPDATE SET sent_reports = tracker_draft_totals.sent_reports + 1;
    END IF;
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER tracker_reports_sent AFTER INSERT OR UPDATE OF status, draft_id OR DELETE ON reports FOR EACH ROW EXECUTE FUNCTION tracker_reports_sent()`,
  // A draft's totals changed: the change, added to its status.
  `CREATE FUNCTION tracker_status_totals_of_totals() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
      PERFORM tracker_status_add(d.status, ${worth("OLD", "-1", "0")}) FROM drafts d WHERE d.id = OLD.draft_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
      PERFORM tracker_status_add(d.status, ${worth("NEW", "1", "0")}) FROM drafts d WHERE d.id = NEW.draft_id;
    END IF;
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER tracker_status_totals_of_totals AFTER INSERT OR UPDATE OR DELETE ON tracker_draft_totals FOR EACH ROW EXECUTE FUNCTION tracker_status_totals_of_totals()`,
  // A draft added, deleted or given another status: its whole worth moves.
  `CREATE FUNCTION tracker_status_totals_of_drafts() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    t tracker_draft_totals;
  BEGIN
    SELECT * INTO t FROM tracker_draft_totals WHERE draft_id = CASE WHEN TG_OP = 'DELETE' THEN OLD.id ELSE NEW.id END;
    IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM tracker_status_add(OLD.status, ${worth("t", "-1", "-1")}); END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM tracker_status_add(NEW.status, ${worth("t", "1", "1")}); END IF;
    RETURN NULL;
  END $$`,
  `CREATE TRIGGER tracker_status_totals_of_drafts AFTER INSERT OR DELETE ON drafts FOR EACH ROW EXECUTE FUNCTION tracker_status_totals_of_drafts()`,
  `CREATE TRIGGER tracker_status_totals_of_draft_status AFTER UPDATE OF status ON drafts
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION tracker_status_totals_of_drafts()`,
];

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(`DROP TRIGGER tracker_status_totals_of_draft_status ON drafts`).execute(db);
  await sql.raw(`DROP TRIGGER tracker_status_totals_of_drafts ON drafts`).execute(db);
  await sql.raw(`DROP TRIGGER tracker_status_totals_of_totals ON tracker_draft_totals`).execute(db);
  await sql.raw(`DROP TRIGGER tracker_reports_sent ON reports`).execute(db);
  await sql.raw(`DROP FUNCTION tracker_status_totals_of_drafts, tracker_status_totals_of_totals, tracker_reports_sent, tracker_status_add`).execute(db);
  await sql.raw(`DROP TABLE tracker_status_totals`).execute(db);
  await sql.raw(`ALTER TABLE tracker_draft_totals DROP COLUMN sent_reports`).execute(db);
}
