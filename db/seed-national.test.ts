import path from "node:path";
import SQLite from "better-sqlite3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isReceiptCode } from "~/domain/receipt-code";
import { openDatabase } from "./connection";
import { migrateToLatest } from "./migrator";
import { generateNational, nationalReceiptCode, type NationalSummary } from "./seed-national";

// The national generator at a thousandth of its size: the same code path, 1,000 opinions.
const TODAY = "2026-11-27";
let db: SQLite.Database;
let summary: NationalSummary;
let triggersBefore: string[];

const all = <T>(sql: string, ...params: unknown[]) => db.prepare(sql).all(...params) as T[];
const one = (sql: string, ...params: unknown[]) => Number(db.prepare(sql).pluck().get(...params));

beforeAll(async () => {
  const file = path.join(path.dirname(process.env.DATABASE_PATH!), "national-small.db");
  const migrated = openDatabase(file);
  await migrateToLatest(migrated);
  await migrated.destroy();
  db = new SQLite(file);
  db.pragma("foreign_keys = ON");
  triggersBefore = all<{ sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").map((t) => t.sql);
  summary = await generateNational(db, { scale: 0.001, today: TODAY, passwordHash: "not-a-real-hash" });
}, 60_000);

afterAll(() => db?.close());

describe("the national generator at scale 0.001", () => {
  it("makes a thousandth of each national count", () => {
    expect(summary).toMatchObject({ contactPoints: 10, grids: 100, drafts: 5, opinions: 1000 });
    expect(one("SELECT count(*) FROM contact_point_grids")).toBe(100);
    expect(one("SELECT count(DISTINCT grid_id) FROM contact_point_grids")).toBe(100);
    expect(one("SELECT count(*) FROM users WHERE role = 'liaison'")).toBe(10);
    expect(one("SELECT count(*) FROM users WHERE role = 'informant'")).toBe(30);
    // Collected is several times forwarded, as in the demo and in the reports it follows.
    expect(summary.forwarded).toBeGreaterThan(0);
    expect(summary.opinions).toBeGreaterThan(2 * summary.forwarded);
  });

  it("leaves a database that passes integrity, foreign key and full-text checks, triggers as they were", () => {
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    expect(db.pragma("foreign_key_check")).toEqual([]);
    for (const table of ["opinions_fts", "articles_fts", "drafts_fts"]) {
      expect(() => db.exec(`INSERT INTO ${table}(${table}, rank) VALUES ('integrity-check', 1)`)).not.toThrow();
    }
    expect(all<{ sql: string }>("SELECT sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name").map((t) => t.sql)).toEqual(triggersBefore);
    expect(db.pragma("foreign_keys", { simple: true })).toBe(1);
    // The full-text index finds an opinion by a phrase of its text.
    const sample = db.prepare("SELECT id, opinion FROM opinions WHERE length(opinion) > 10 LIMIT 1").get() as { id: number; opinion: string };
    const hits = all<{ rowid: number }>("SELECT rowid FROM opinions_fts WHERE opinions_fts MATCH ?", `"${sample.opinion.slice(2, 8)}"`);
    expect(hits.map((h) => h.rowid)).toContain(sample.id);
  });

  it("puts every opinion in a grid of its contact point, recorded by a collector working there", () => {
    expect(one(`SELECT count(*) FROM opinions o WHERE NOT EXISTS (
      SELECT 1 FROM contact_point_grids g WHERE g.contact_point_id = o.contact_point_id AND g.grid_id = o.grid_id)`)).toBe(0);
    expect(one(`SELECT count(*) FROM opinions o JOIN users u ON u.id = o.collector_id
      WHERE u.contact_point_id IS NOT o.contact_point_id
         OR (u.role = 'informant' AND NOT EXISTS (SELECT 1 FROM user_grids ug WHERE ug.user_id = u.id AND ug.grid_id = o.grid_id))`)).toBe(0);
    expect(one(`SELECT count(*) FROM opinions o WHERE NOT EXISTS (
      SELECT 1 FROM draft_contact_points d WHERE d.draft_id = o.draft_id AND d.contact_point_id = o.contact_point_id)`)).toBe(0);
    expect(one(`SELECT count(*) FROM opinions o JOIN collection_events e ON e.id = o.event_id
      WHERE e.draft_id <> o.draft_id OR e.contact_point_id <> o.contact_point_id`)).toBe(0);
  });

  it("keeps forwarded opinions in sent reports, and only them", () => {
    const forwardedStatuses = "('forwarded','adopted','partly_adopted','not_adopted')";
    expect(one(`SELECT count(*) FROM opinions WHERE status IN ${forwardedStatuses}`)).toBeGreaterThan(0);
    expect(one(`SELECT count(*) FROM opinions o LEFT JOIN reports r ON r.id = o.report_id
      WHERE o.status IN ${forwardedStatuses} AND (r.status IS NOT 'sent' OR r.draft_id <> o.draft_id)`)).toBe(0);
    // Each opinion with a report is one of its items, and each item's opinion points back at it.
    expect(one(`SELECT count(*) FROM opinions o WHERE o.report_id IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM report_items i WHERE i.report_id = o.report_id AND i.opinion_id = o.id)`)).toBe(0);
    expect(one(`SELECT count(*) FROM report_items i JOIN opinions o ON o.id = i.opinion_id WHERE o.report_id IS NOT i.report_id`)).toBe(0);
    expect(one(`SELECT count(*) FROM opinions WHERE report_id IS NOT NULL
      AND status NOT IN ${forwardedStatuses} AND status <> 'feedback_given'`)).toBe(0);
    // The tracker's figure equals the records.
    expect(summary.forwarded).toBe(one(`SELECT count(*) FROM opinions o JOIN reports r ON r.id = o.report_id WHERE r.status = 'sent'`));
  });

  it("records outcomes only for forwarded opinions of enacted drafts (adopted ⊆ forwarded)", () => {
    expect(one("SELECT count(*) FROM opinion_outcomes")).toBeGreaterThan(0);
    expect(one(`SELECT count(*) FROM opinion_outcomes oc JOIN opinions o ON o.id = oc.opinion_id
      LEFT JOIN reports r ON r.id = o.report_id JOIN drafts d ON d.id = o.draft_id
      WHERE r.status IS NOT 'sent' OR d.status <> 'enacted' OR oc.recorded_at < d.enacted_on
         OR (o.status <> oc.outcome AND o.status <> 'feedback_given')`)).toBe(0);
    expect(one(`SELECT count(*) FROM opinions o WHERE o.status IN ('adopted','partly_adopted','not_adopted')
      AND NOT EXISTS (SELECT 1 FROM opinion_outcomes oc WHERE oc.opinion_id = o.id AND oc.outcome = o.status)`)).toBe(0);
    expect(summary.adopted).toBe(one(`SELECT count(*) FROM opinion_outcomes WHERE outcome IN ('adopted','partly_adopted')`));
  });

  it("gives merged opinions no report, a forwarded primary and a merge record", () => {
    expect(one("SELECT count(*) FROM opinions WHERE status = 'merged'")).toBeGreaterThan(0);
    expect(one(`SELECT count(*) FROM opinions m LEFT JOIN opinions p ON p.id = m.merged_into_id
      WHERE m.status = 'merged' AND (m.report_id IS NOT NULL OR p.report_id IS NULL OR p.draft_id <> m.draft_id)`)).toBe(0);
    expect(one(`SELECT count(*) FROM opinions m WHERE m.status = 'merged'
      AND NOT EXISTS (SELECT 1 FROM opinion_merges g WHERE g.merged_id = m.id AND g.primary_id = m.merged_into_id)`)).toBe(0);
    expect(one("SELECT count(*) FROM opinions WHERE merged_into_id IS NOT NULL AND status <> 'merged'")).toBe(0);
  });

  it("keeps statuses consistent with the drafts and with each opinion's history", () => {
    const byDraft = all<{ draft: string; opinion: string }>(
      "SELECT DISTINCT d.status AS draft, o.status AS opinion FROM opinions o JOIN drafts d ON d.id = o.draft_id",
    );
    const allowed: Record<string, string[]> = {
      open: ["collected", "under_review", "withdrawn"],
      closed: ["collected", "under_review", "not_forwarded", "withdrawn"],
      reported: ["forwarded", "merged", "not_forwarded", "withdrawn"],
      enacted: ["adopted", "partly_adopted", "not_adopted", "merged", "not_forwarded", "withdrawn", "feedback_given"],
    };
    for (const { draft, opinion } of byDraft) expect(allowed[draft], `${draft} draft with a ${opinion} opinion`).toContain(opinion);
    expect(new Set(byDraft.map((r) => r.draft))).toEqual(new Set(["open", "closed", "reported", "enacted"]));
    // The last step of the history is the current status, and every step starts where the last ended.
    expect(one(`SELECT count(*) FROM opinions o WHERE o.status IS NOT
      (SELECT to_status FROM opinion_status_history h WHERE h.opinion_id = o.id ORDER BY h.id DESC LIMIT 1)`)).toBe(0);
    expect(one(`SELECT count(*) FROM opinion_status_history h WHERE h.from_status IS NOT
      (SELECT p.to_status FROM opinion_status_history p WHERE p.opinion_id = h.opinion_id AND p.id < h.id ORDER BY p.id DESC LIMIT 1)`)).toBe(0);
    // Opinions were collected while the draft was open, never after today.
    expect(one(`SELECT count(*) FROM opinions o JOIN drafts d ON d.id = o.draft_id
      WHERE o.collected_on < d.received_on OR o.collected_on > min(d.deadline, ?)`, TODAY)).toBe(0);
    expect(one("SELECT count(*) FROM opinions WHERE status = 'not_forwarded' AND not_forwarded_reason IS NULL")).toBe(0);
    // Names and phones are kept only with consent, and erased once due.
    expect(one("SELECT count(*) FROM opinions WHERE personal_data_erased_at IS NOT NULL AND resident_name IS NOT NULL")).toBe(0);
    expect(one("SELECT count(*) FROM drafts WHERE status IN ('open') AND deadline < ?", TODAY)).toBe(0);
  });

  it("gives every opinion its own receipt code from the receipt alphabet", () => {
    const codes = all<{ receipt_code: string }>("SELECT receipt_code FROM opinions").map((r) => r.receipt_code);
    expect(codes.every(isReceiptCode)).toBe(true);
    expect(new Set(codes).size).toBe(codes.length);
    const many = new Set(Array.from({ length: 200_000 }, (_, i) => nationalReceiptCode(i)));
    expect(many.size).toBe(200_000);
  });

  it("lets the demo accounts sign in and record for an open draft", () => {
    const informant = db
      .prepare("SELECT u.contact_point_id FROM users u WHERE u.username = 'informant' AND u.role = 'informant'")
      .get() as { contact_point_id: number };
    expect(one(`SELECT count(*) FROM drafts d JOIN draft_contact_points a ON a.draft_id = d.id
      WHERE a.contact_point_id = ? AND d.status = 'open' AND d.deadline >= ?`, informant.contact_point_id, TODAY)).toBeGreaterThan(0);
    expect(one("SELECT count(*) FROM users WHERE username IN ('admin','staff','cppcc','liaison','informant')")).toBe(5);
  });
});
