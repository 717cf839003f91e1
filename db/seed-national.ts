// A national-scale database for load tests and capacity planning: about 10,000
// contact points, 100,000 grids, 5,000 drafts and 1,000,000 opinions through their
// whole lifecycle. The demo goes through the app's model functions, one awaited
// query at a time; at this size that would take hours, so rows are written here
// in large transactions (prepared statements into a SQLite file, COPY into
// PostgreSQL: db/seed-national-postgres.ts), into the same tables, within every
// CHECK and foreign key. In SQLite the tracker's aggregate triggers stay on and the
// full-text indexes are built in one pass at the end (PostgreSQL adds its running
// totals up in one pass after the load): either way they come out as the app itself
// would have left them.
//
// Everything here is sample data (places are flagged sample_name = 1); the draft
// texts are the demo's short sample texts, reused.
import type SQLite from "better-sqlite3";
import { newArticleKey, parseDraftText, type ParsedDraft } from "../app/domain/articles";
import { addDays } from "../app/domain/dates";
import { apportion, seededRandom, type Random } from "../app/domain/random";
import { RECEIPT_ALPHABET, RECEIPT_LENGTH } from "../app/domain/receipt-code";
import type { Channel, DraftStatus, EventKind, InformantKind, OpinionStatus, Outcome, SubmitterCategory } from "../app/domain/vocabulary";
import * as data from "./seed-data";
import { readDraftFiles } from "./seed-district";

/** The sizes at scale 1. */
export const NATIONAL = { contactPoints: 10_000, grids: 100_000, drafts: 5_000, opinions: 1_000_000 } as const;

export type NationalProgress = { phase: "places" | "people" | "opinions" | "indexes"; done: number; total: number };

export type NationalOptions = {
  /** 1 = the national sizes; 0.001 = a thousand opinions through the same code path. */
  scale?: number;
  /** YYYY-MM-DD in China: open drafts end after it, everything else before it. */
  today: string;
  seed?: number;
  /** The argon2 hash every generated account gets (the demo password's, from the caller). */
  passwordHash: string;
  onProgress?: (progress: NationalProgress) => void;
};

export type NationalSummary = {
  districts: number; streets: number; communities: number; grids: number; contactPoints: number; users: number;
  drafts: number; opinions: number; forwarded: number; adopted: number;
};

const COMMUNITIES_PER_STREET = 10;
const STREETS_PER_DISTRICT = 10;
const INFORMANTS_PER_POINT = 3;
/** Opinions written per transaction: large enough to amortise the commit, small enough to show progress. */
const OPINIONS_PER_TRANSACTION = 25_000;

// ---- Receipt codes

const CODE_SPACE = BigInt(RECEIPT_ALPHABET.length) ** BigInt(RECEIPT_LENGTH);
// Coprime with 31^8 (it is not a multiple of 31), so i -> i * STEP + OFFSET mod 31^8 is a
// permutation: every index gets its own code, and neighbouring indexes look unrelated.
const STEP = 410_338_673_717n;
const OFFSET = 123_456_789_012n;

/** The receipt code of the `index`-th generated opinion: unique per index, 8 characters of the receipt alphabet. */
export function nationalReceiptCode(index: number): string {
  let n = (BigInt(index) * STEP + OFFSET) % CODE_SPACE;
  const base = BigInt(RECEIPT_ALPHABET.length);
  let code = "";
  for (let i = 0; i < RECEIPT_LENGTH; i++) {
    code = RECEIPT_ALPHABET[Number(n % base)] + code;
    n /= base;
  }
  return code;
}

// ---- Dates

const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
const at = (date: string, hour = 9) => `${date}T${String(hour).padStart(2, "0")}:00:00.000Z`;
const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** A log-normal weight: a few drafts draw far more opinions than most, as real consultations do. */
function logNormal(rng: Random, sigma: number): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.exp(sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v));
}

// ---- Sample names

const NAME_CHARS = "东西南北新安平和永兴宁康丰华明清长青阳江河山湖海桥林泉石金玉云龙凤福寿乐仁德顺昌盛荣兆鹏瑞".split("");
function placeName(index: number, length: number): string {
  let name = "";
  let n = index;
  for (let i = 0; i < length; i++) {
    name += NAME_CHARS[n % NAME_CHARS.length];
    n = Math.floor(n / NAME_CHARS.length) + i * 7;
  }
  return name;
}

const PROVINCIAL_BODIES = [
  "广东省人大常委会法制工作委员会", "浙江省人大常委会法制工作委员会", "四川省人大常委会法制工作委员会",
  "江苏省人大常委会法制工作委员会", "湖南省人大常委会法制工作委员会", "江门市人大常委会法制工作委员会",
];
const SUBMITTERS: SubmitterCategory[] = [
  "resident", "resident", "resident", "resident", "business", "lawyer", "npc_deputy", "cppcc_member",
  "expert", "grid_worker", "grid_worker", "social_organisation", "overseas_chinese",
];
const FREE_CHANNELS: Channel[] = ["home_visit", "home_visit", "seminar", "box", "online", "letter_phone", "questionnaire"];
const EVENT_KINDS: EventKind[] = ["seminar", "seminar", "bench_meeting", "door_to_door", "questionnaire"];
const EVENT_TITLES: Record<EventKind, string> = { seminar: "征求意见座谈会", bench_meeting: "板凳会", door_to_door: "入户走访", questionnaire: "问卷调查" };
const EVENT_CHANNEL: Record<EventKind, Channel> = { seminar: "seminar", bench_meeting: "seminar", door_to_door: "home_visit", questionnaire: "questionnaire" };

// ---- The plan of one draft

type Collector = { id: number; grids: number[] };
type SourceText = { file: ReturnType<typeof readDraftFiles>[number]; parsed: ParsedDraft };

/**
 * The status of each draft. 5,000 drafts over the years since 2015 are about 1.2 a
 * day; with comment periods of 20 to 40 days about 0.8 % are open at any time, and
 * a few have just closed and wait for their report.
 */
function planStatuses(count: number, rng: Random): DraftStatus[] {
  const open = Math.max(1, Math.round(count * 0.008));
  const closed = Math.max(1, Math.round(count * 0.003));
  const unpublished = Math.round(count * 0.001);
  const withdrawn = Math.round(count * 0.005);
  const rest = Math.max(0, count - open - closed - unpublished - withdrawn);
  const enacted = Math.round(rest * 0.55);
  const statuses: DraftStatus[] = [
    ...Array<DraftStatus>(open).fill("open"),
    ...Array<DraftStatus>(closed).fill("closed"),
    ...Array<DraftStatus>(unpublished).fill("draft"),
    ...Array<DraftStatus>(withdrawn).fill("withdrawn"),
    ...Array<DraftStatus>(enacted).fill("enacted"),
    ...Array<DraftStatus>(rest - enacted).fill("reported"),
  ];
  return rng.shuffle(statuses.slice(0, count));
}

/** A column's value as the generator writes it: ids and flags are numbers, dates ISO text. */
export type Value = string | number | null;

/**
 * Where the generator's rows go. It writes them a batch at a time (begin, rows, commit),
 * each batch one transaction. A store may hold a batch's rows back and write each table's
 * together at commit, in the order their writers were made (the generator makes them
 * parents first), so the rows of one table must not depend on the order of another's.
 */
export interface RowStore {
  /** A writer of one row of `table`: `columns`' values in order, then `constants` appended to every row. */
  table(name: string, columns: readonly string[], constants?: Record<string, Value>): (...values: Value[]) => void;
  begin(): void;
  commit(): Promise<void>;
  rollback(): Promise<void>;
  /** After the last batch of rows: the work a bulk load defers (indexes, checks, statistics). */
  finish(): Promise<void>;
  /** The number the query `sql` (one row, one column) answers. */
  count(sql: string): Promise<number>;
}

/**
 * Fills an empty, migrated SQLite database. Synchronous statements in transactions
 * of about 25,000 opinions; between transactions it yields to the event loop so a
 * progress bar can redraw.
 */
export async function generateNational(db: SQLite.Database, options: NationalOptions): Promise<NationalSummary> {
  if (db.prepare("SELECT 1 FROM places LIMIT 1").get()) throw new Error("The database already holds data");

  // Bulk loading: foreign keys are checked once over the whole database at the end
  // rather than row by row, and the full-text indexes are built in one pass from the
  // finished tables ('rebuild') rather than through their insert triggers, which are
  // put back exactly as they were. Both end states are the same as row by row.
  const foreignKeys = db.pragma("foreign_keys", { simple: true });
  db.pragma("foreign_keys = OFF");
  const ftsTriggers = db
    .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name IN ('opinions_fts_insert', 'articles_fts_insert', 'drafts_fts_insert')`)
    .all() as { name: string; sql: string }[];
  for (const { name } of ftsTriggers) db.exec(`DROP TRIGGER ${name}`);
  try {
    return await generateNationalInto(sqliteStore(db), options);
  } finally {
    const exists = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = ?`);
    for (const { name, sql } of ftsTriggers) if (!exists.get(name)) db.exec(sql);
    db.pragma(`foreign_keys = ${foreignKeys ? "ON" : "OFF"}`);
  }
}

/** Rows through prepared statements, in the order they are written. */
function sqliteStore(db: SQLite.Database): RowStore {
  return {
    table(name, columns, constants = {}) {
      const names = [...columns, ...Object.keys(constants)];
      const statement = db.prepare(`INSERT INTO ${name} (${names.join(", ")}) VALUES (${names.map(() => "?").join(", ")})`);
      const fixed = Object.values(constants);
      return (...values) => {
        statement.run(...values, ...fixed);
      };
    },
    begin: () => db.exec("BEGIN"),
    commit: async () => {
      db.exec("COMMIT");
    },
    rollback: async () => {
      if (db.inTransaction) db.exec("ROLLBACK");
    },
    finish: async () => {
      for (const table of ["drafts_fts", "articles_fts", "opinions_fts"]) db.exec(`INSERT INTO ${table}(${table}) VALUES ('rebuild')`);
      const orphans = db.pragma("foreign_key_check") as { table: string; parent: string }[];
      if (orphans.length) throw new Error(`${orphans.length} rows break a foreign key, e.g. ${orphans[0].table} → ${orphans[0].parent}`);
    },
    count: async (sql) => Number((db.prepare(sql).pluck().get() as number | bigint | null) ?? 0),
  };
}

/** Fills an empty, migrated database through `store` (the SQLite file above, or PostgreSQL by COPY: db/seed-national-postgres.ts). */
export async function generateNationalInto(store: RowStore, options: NationalOptions): Promise<NationalSummary> {
  if (await store.count("SELECT count(*) FROM (SELECT 1 FROM places LIMIT 1) AS any_place")) throw new Error("The database already holds data");
  const scale = options.scale ?? 1;
  if (!(scale > 0 && scale <= 10)) throw new Error("scale must be in (0, 10]");
  const today = options.today;
  const rng = seededRandom(options.seed ?? 20251031);
  const progress = options.onProgress ?? (() => {});
  const yieldNow = () => new Promise<void>((resolve) => setImmediate(resolve));

  const communityCount = Math.max(1, Math.round(NATIONAL.contactPoints * scale));
  const gridsPerCommunity = Math.max(1, Math.round((NATIONAL.grids * scale) / communityCount));
  const streetCount = Math.ceil(communityCount / COMMUNITIES_PER_STREET);
  const districtCount = Math.ceil(streetCount / STREETS_PER_DISTRICT);
  const draftCount = Math.max(5, Math.round(NATIONAL.drafts * scale));
  const opinionTarget = Math.max(draftCount * 10, Math.round(NATIONAL.opinions * scale));
  const setupAt = "2015-01-05T09:00:00.000Z";

  const transaction = async (fn: () => void): Promise<void> => {
    store.begin();
    try {
      fn();
      await store.commit();
    } catch (error) {
      await store.rollback();
      throw error;
    }
  };

  // ---- Places: district → street → community → grid, and a contact point per community.
  progress({ phase: "places", done: 0, total: communityCount });
  const insertPlace = store.table("places", ["id", "code", "name", "level", "kind", "parent_id", "households", "population"], { sample_name: 1 });
  const insertPoint = store.table(
    "contact_points", ["id", "code", "name", "kind", "host_organisation", "place_id", "address", "opening_hours", "phone", "created_at"], { active: 1 },
  );
  const insertPointGrid = store.table("contact_point_grids", ["contact_point_id", "grid_id"]);
  /** grid place ids of each contact point (index = contact point id - 1) */
  const pointGrids: number[][] = [];
  let placeId = 0;
  await transaction(() => {
    const districtIds: number[] = [];
    const districtCodes: string[] = [];
    for (let d = 0; d < districtCount; d++) {
      const code = String(910_000 + d);
      districtIds.push(++placeId);
      districtCodes.push(code);
      insertPlace(placeId, code, `${placeName(d, 2)}区`, "district", null, null, null, null);
    }
    const streetIds: number[] = [];
    const streetCodes: string[] = [];
    for (let s = 0; s < streetCount; s++) {
      const d = Math.floor(s / STREETS_PER_DISTRICT);
      const code = districtCodes[d] + pad((s % STREETS_PER_DISTRICT) + 1, 3);
      streetIds.push(++placeId);
      streetCodes.push(code);
      insertPlace(placeId, code, `${placeName(s + 97, 2)}街道`, "street", null, districtIds[d], null, null);
    }
    for (let c = 0; c < communityCount; c++) {
      const s = Math.floor(c / COMMUNITIES_PER_STREET);
      const village = c % 3 === 2;
      // Statistics codes number communities from 001 and villages from 201.
      const seq = (c % COMMUNITIES_PER_STREET) + 1 + (village ? 200 : 0);
      const code = streetCodes[s] + pad(seq, 3);
      const name = `${placeName(c + 1013, 2)}${village ? "村" : "社区"}`;
      const communityId = ++placeId;
      insertPlace(communityId, code, name, "community", village ? "village" : "community", streetIds[s], null, null);
      const grids: number[] = [];
      for (let g = 1; g <= gridsPerCommunity; g++) {
        const households = rng.between(280, 820);
        grids.push(++placeId);
        insertPlace(placeId, code + pad(g, 3), `${name}第${g}网格`, "grid", null, communityId, households, Math.round(households * (2.4 + rng.next() * 0.6)));
      }
      const pointId = c + 1;
      // About one contact point in 185 is a national one (54 national points among some 10,000 nationally, October 2025).
      const kind = c % 185 === 0 ? "national" : "liaison_unit";
      // Sample office details from the point's number (no random draw); the places are made up, so no map position.
      const phone = `0${pad(100 + (pointId % 900), 3)}-${pad(2_000_000 + pointId, 7)}`;
      insertPoint(pointId, `CP-${pad(pointId, 5)}`, `${name}立法联系点`, kind, `${name}${village ? "村民委员会" : "居民委员会"}`, communityId, `${name}党群服务中心`, "周一至周五 8:30–17:30", phone, setupAt);
      for (const grid of grids) insertPointGrid(pointId, grid);
      pointGrids.push(grids);
    }
  });
  progress({ phase: "places", done: communityCount, total: communityCount });
  await yieldNow();

  // ---- People: the demo's five accounts, a liaison and three informants per contact point.
  progress({ phase: "people", done: 0, total: communityCount });
  const insertUser = store.table(
    "users", ["id", "username", "display_name", "role", "informant_kind", "contact_point_id", "password_hash", "created_at", "updated_at"],
    { must_change_password: 0, active: 1 },
  );
  const insertUserGrid = store.table("user_grids", ["user_id", "grid_id"]);
  const person = () => rng.pick(data.SURNAMES) + rng.pick(data.GIVEN_NAMES);
  const hash = options.passwordHash;
  let userId = 0;
  const collectors: Collector[][] = [];
  const liaisonOf: number[] = [];
  const [admin, staff] = [1, 2];
  await transaction(() => {
    insertUser(++userId, "admin", "系统管理员", "admin", null, null, hash, setupAt, setupAt);
    insertUser(++userId, "staff", "人大工作人员 陈晓文", "staff", null, null, hash, setupAt, setupAt);
    insertUser(++userId, "cppcc", "政协工作人员 黄志明", "cppcc", null, null, hash, setupAt, setupAt);
    let informantSeq = 0;
    for (let c = 0; c < communityCount; c++) {
      const pointId = c + 1;
      const grids = pointGrids[c];
      const liaison = ++userId;
      insertUser(liaison, c === 0 ? "liaison" : `liaison${pad(c, 5)}`, person(), "liaison", null, pointId, hash, setupAt, setupAt);
      liaisonOf.push(liaison);
      const list: Collector[] = [{ id: liaison, grids }];
      for (let k = 0; k < INFORMANTS_PER_POINT; k++) {
        const id = ++userId;
        const username = c === 0 && k === 0 ? "informant" : `informant${pad(++informantSeq, 5)}`;
        insertUser(id, username, person(), "informant", rng.pick<InformantKind>(["retired_cadre", "residents_rep", "grid_worker"]), pointId, hash, setupAt, setupAt);
        const own = rng.shuffle(grids).slice(0, Math.min(grids.length, rng.between(1, 3)));
        for (const grid of own) insertUserGrid(id, grid);
        list.push({ id, grids: own });
      }
      collectors.push(list);
    }
  });
  progress({ phase: "people", done: communityCount, total: communityCount });
  await yieldNow();

  // ---- Drafts, their readings, assignments, events, opinions, reports and outcomes.
  const sources: SourceText[] = readDraftFiles(today).map((file) => ({ file, parsed: parseDraftText(file.body) }));
  const statuses = planStatuses(draftCount, rng);
  const weights = statuses.map((s) => (s === "draft" || s === "withdrawn" ? 0 : logNormal(rng, 1)));
  const perDraft = apportion(opinionTarget, weights);

  // Parents before children: a store may write each table's rows of a batch together, in this order.
  const insertDraft = store.table(
    "drafts",
    ["id", "slug", "title", "title_en", "kind", "requesting_body", "received_on", "deadline", "key_questions", "status", "enacted_on", "created_by", "created_at", "updated_at"],
    { comment_opens_on: null },
  );
  const insertVersion = store.table("draft_versions", ["id", "draft_id", "reading", "body", "created_by", "created_at"], { seq: 1 });
  const insertArticle = store.table(
    "articles", ["id", "version_id", "key", "number", "position", "chapter_number", "chapter_title", "section_number", "section_title", "text"],
  );
  const insertAssignment = store.table("draft_contact_points", ["draft_id", "contact_point_id", "assigned_at"]);
  const insertEvent = store.table(
    "collection_events", ["id", "draft_id", "contact_point_id", "kind", "title", "held_on", "venue", "grid_id", "participants", "created_by", "created_at"],
    { notes: null },
  );
  const insertReport = store.table(
    "reports", ["id", "draft_id", "title", "recipient", "sent_on", "events_held", "participants", "created_by", "created_at", "sent_by", "sent_at"],
    { status: "sent" },
  );
  const insertOpinion = store.table(
    "opinions",
    [
      "id", "receipt_code", "draft_id", "version_id", "article_id", "article_key", "quoted_text", "opinion", "suggested_revision", "reason",
      "collected_on", "channel", "event_id", "grid_id", "contact_point_id", "collector_id", "submitter_category", "resident_name", "resident_phone",
      "consent", "status", "not_forwarded_reason", "merged_into_id", "report_id", "feedback_given_at", "personal_data_erased_at", "created_at", "updated_at",
    ],
    { unit_id: null, contains_personal_info: 0 },
  );
  const insertOutcome = store.table("opinion_outcomes", ["opinion_id", "outcome", "note", "final_article_number", "recorded_by", "recorded_at"]);
  const insertItem = store.table("report_items", ["report_id", "opinion_id", "position"]);
  const insertHistory = store.table("opinion_status_history", ["opinion_id", "from_status", "to_status", "changed_by", "changed_at", "reason"]);
  const insertFeedback = store.table("opinion_feedback", ["opinion_id", "channel", "given_at", "given_by"]);
  const insertMerge = store.table("opinion_merges", ["primary_id", "merged_id", "merged_by", "merged_at"]);

  let versionId = 0;
  let articleId = 0;
  let eventId = 0;
  let reportId = 0;
  let opinionId = 0;
  let pending = 0;
  const totalOpinions = perDraft.reduce((a, b) => a + b, 0);
  progress({ phase: "opinions", done: 0, total: totalOpinions });

  /** One draft and everything under it; returns the number of opinions written. */
  const writeDraft = (index: number): number => {
    const draftId = index + 1;
    const status = statuses[index];
    const n = perDraft[index];
    const { file, parsed } = sources[index % sources.length];
    const local = file.kind === "local_regulation";
    const body = local ? rng.pick(PROVINCIAL_BODIES) : file.requestingBody;

    // Dates: open drafts end after today; a reported one was sent, an enacted one enacted and answered, before it.
    let receivedOn: string;
    if (status === "open") receivedOn = addDays(today, -rng.between(1, 20));
    else if (status === "draft") receivedOn = addDays(today, -rng.between(0, 5));
    else if (status === "closed") receivedOn = addDays(today, -rng.between(32, 60));
    else if (status === "enacted") receivedOn = addDays("2015-03-01", rng.int(Math.max(1, daysBetween("2015-03-01", today) - 560)));
    // Reported and not (yet) enacted: from every year, some shelved, some still before the legislature.
    else receivedOn = addDays("2015-03-01", rng.int(Math.max(1, daysBetween("2015-03-01", today) - 60)));
    const deadline = status === "open" ? addDays(today, rng.between(1, 30)) : status === "closed" ? addDays(today, -rng.between(1, 10)) : addDays(receivedOn, rng.between(20, 40));
    const sentOn = addDays(deadline, rng.between(2, 10));
    const enactedOn = status === "enacted" ? addDays(sentOn, rng.between(60, 400)) : null;
    const outcomeDay = enactedOn ? addDays(enactedOn, 20) : null;
    const feedbackDay = outcomeDay && daysBetween(outcomeDay, today) > 60 ? addDays(outcomeDay, 10) : null;
    const erasedOn = feedbackDay && daysBetween(feedbackDay, today) > 181 ? addDays(feedbackDay, 181) : null;
    const completed = status === "reported" || status === "enacted";

    insertDraft(
      draftId, `${file.slug}-${draftId}`, `${file.title}（样例${draftId}）`, file.titleEn ? `${file.titleEn} (sample ${draftId})` : null,
      file.kind, body, receivedOn, deadline, file.keyQuestions, status, enactedOn, staff, at(receivedOn, 8), at(enactedOn ?? receivedOn, 12),
    );
    const version = ++versionId;
    insertVersion(version, draftId, file.reading, file.body, staff, at(receivedOn, 8));
    const chapterTitle = new Map(parsed.chapters.map((c) => [c.number, c.title]));
    const sectionTitle = new Map(parsed.chapters.flatMap((c) => c.sections.map((s) => [`${c.number}.${s.number}`, s.title] as const)));
    const articles = parsed.articles.map((a, position) => {
      const id = ++articleId;
      const key = newArticleKey(1, a.number, position);
      insertArticle(
        id, version, key, a.number, position, a.chapter, a.chapter == null ? null : (chapterTitle.get(a.chapter) ?? null),
        a.section, a.chapter == null || a.section == null ? null : (sectionTitle.get(`${a.chapter}.${a.section}`) ?? null), a.text,
      );
      return { id, key, number: a.number, position, text: a.text, snippet: a.text.replace(/\s+/g, "").slice(0, 10) };
    });
    if (status === "draft") return 0;

    // Contact points: a run of neighbouring points, more for drafts that draw more opinions.
    // Open drafts always include the first point, where the demo accounts work.
    const span = Math.min(communityCount, Math.max(Math.min(communityCount, 3), Math.min(400, Math.round(n / 8))));
    const start = status === "open" ? 0 : rng.int(communityCount);
    const points = Array.from({ length: span }, (_, k) => (start + k) % communityCount);
    for (const p of points) insertAssignment(draftId, p + 1, at(receivedOn, 10));
    if (!n) return 0;

    // Collection events at the first few points of the run.
    const lastCollectionDay = status === "open" ? today : deadline;
    const window = Math.max(1, daysBetween(receivedOn, lastCollectionDay));
    const events = new Map<number, { id: number; day: string; channel: Channel }>();
    let participants = 0;
    for (const p of points.slice(0, Math.min(points.length, Math.max(1, Math.round(n / 40))))) {
      const kind = rng.pick(EVENT_KINDS);
      const day = addDays(receivedOn, rng.between(1, Math.max(1, window - 1)));
      const count = rng.between(8, 45);
      const id = ++eventId;
      insertEvent(
        id, draftId, p + 1, kind, `${file.title.replace(/^中华人民共和国/, "")}${EVENT_TITLES[kind]}`, day,
        kind === "door_to_door" ? null : `${p + 1}号联系点党群服务中心`, pointGrids[p][0], count, liaisonOf[p], at(day, 16),
      );
      events.set(p, { id, day, channel: EVENT_CHANNEL[kind] });
      participants += count;
    }

    // The lifecycle mix. A completed draft: about a third forwarded, some merged into
    // those, half screened out, a few withdrawn by their collector.
    type Plan = { status: OpinionStatus; primary?: number };
    const plans: Plan[] = [];
    if (completed) {
      const forwarded = Math.max(1, Math.round(n * 0.34));
      const merged = Math.min(n - forwarded, Math.round(n * 0.12));
      const withdrawn = Math.min(n - forwarded - merged, Math.round(n * 0.02));
      for (let k = 0; k < forwarded; k++) plans.push({ status: "forwarded" });
      for (let k = 0; k < merged; k++) plans.push({ status: "merged", primary: rng.int(forwarded) });
      for (let k = 0; k < withdrawn; k++) plans.push({ status: "withdrawn" });
      while (plans.length < n) plans.push({ status: "not_forwarded" });
    } else {
      for (let k = 0; k < n; k++) {
        const r = rng.next();
        plans.push({
          status:
            status === "open"
              ? r < 0.65 ? "collected" : r < 0.95 ? "under_review" : "withdrawn"
              : r < 0.05 ? "collected" : r < 0.8 ? "under_review" : r < 0.95 ? "not_forwarded" : "withdrawn",
        });
      }
    }

    const report = completed ? ++reportId : null;
    if (report) {
      insertReport(
        report, draftId, `关于${file.title.replace(/^中华人民共和国/, "")}的意见建议汇总`, body, sentOn, events.size, participants,
        staff, at(addDays(deadline, 2)), staff, at(sentOn, 15),
      );
    }

    const reviewAt = at(addDays(deadline, 1));
    const decidedAt = at(addDays(deadline, 2));
    const firstId = opinionId + 1;
    const rows: { id: number; article: (typeof articles)[number] | null; opinion: string }[] = [];
    const items: { id: number; position: number }[] = [];
    for (const [k, plan] of plans.entries()) {
      const id = ++opinionId;
      const p = rng.pick(points);
      const collector = rng.pick(collectors[p]);
      const grid = rng.pick(collector.grids);
      const event = events.get(p);
      const fromEvent = event && rng.chance(0.6) ? event : null;
      const collectedOn = fromEvent?.day ?? addDays(receivedOn, rng.between(0, window));
      const createdAt = at(collectedOn, 18);
      const primary = plan.primary === undefined ? null : rows[plan.primary];
      const article = primary ? primary.article : rng.chance(0.8) && articles.length ? rng.pick(articles) : null;
      const fill = (t: string) => t.replace("{snippet}", article?.snippet ?? "");
      const text = primary ? `${primary.opinion}（与其他居民意见相同）` : fill(rng.pick(article ? data.OPINION_TEMPLATES : data.GENERAL_TEMPLATES));
      rows.push({ id, article, opinion: text });

      // Where it ended: an outcome after enactment, feedback once the outcome is old enough.
      let final: OpinionStatus = plan.status;
      let outcome: Outcome | null = null;
      if (plan.status === "forwarded" && outcomeDay) {
        const r = rng.next();
        outcome = r < 0.09 ? "adopted" : r < 0.12 ? "partly_adopted" : "not_adopted";
        final = outcome;
      }
      const told = feedbackDay !== null && (outcome !== null || plan.status === "not_forwarded");
      if (told) final = "feedback_given";
      const consent = rng.chance(0.15);
      // As the daily purge would have done: names and phones erased 180 days after feedback.
      const erased = consent && told && erasedOn !== null;
      const reason = plan.status === "not_forwarded" ? rng.pick(data.NOT_FORWARDED_REASONS) : null;

      if (outcome) {
        // Written before its opinion so that the opinion's own trigger finds it and counts it once.
        const note = data.OUTCOME_NOTES[outcome === "adopted" ? 0 : outcome === "partly_adopted" ? 1 : 2];
        insertOutcome(id, outcome, note, outcome === "not_adopted" ? null : (article?.number ?? null), staff, at(outcomeDay!));
      }
      insertOpinion(
        id, nationalReceiptCode(id - 1), draftId, version, article?.id ?? null, article?.key ?? null, article?.text ?? null, text,
        article && rng.chance(0.6) ? fill(rng.pick(data.REVISION_TEMPLATES)) : null,
        rng.chance(0.5) ? rng.pick(data.REASON_TEMPLATES) : null,
        collectedOn, fromEvent?.channel ?? rng.pick(FREE_CHANNELS), fromEvent?.id ?? null, grid, p + 1, collector.id, rng.pick(SUBMITTERS),
        consent && !erased ? person() : null,
        consent && !erased ? `1${rng.pick(["38", "39", "58", "59", "86", "88"])}${pad(rng.int(100_000_000), 8)}` : null,
        consent ? 1 : 0, final, reason, primary?.id ?? null, plan.status === "forwarded" ? report : null,
        told ? at(feedbackDay!) : null, erased ? at(erasedOn!, 3) : null, createdAt,
        told ? at(feedbackDay!) : outcomeDay ? at(outcomeDay) : plan.status === "collected" ? createdAt : plan.status === "forwarded" ? at(sentOn, 15) : decidedAt,
      );

      // The status history, one row per step, as the model functions write it.
      insertHistory(id, null, "collected", collector.id, createdAt, null);
      if (plan.status === "withdrawn") {
        insertHistory(id, "collected", "withdrawn", collector.id, at(addDays(collectedOn, 1)), "采集人撤回");
        continue;
      }
      if (plan.status === "collected") continue;
      insertHistory(id, "collected", "under_review", staff, reviewAt, null);
      if (plan.status === "not_forwarded") insertHistory(id, "under_review", "not_forwarded", staff, decidedAt, reason);
      if (plan.status === "merged") {
        insertHistory(id, "under_review", "merged", staff, decidedAt, null);
        insertMerge(primary!.id, id, staff, decidedAt);
      }
      if (plan.status === "forwarded") {
        insertHistory(id, "under_review", "forwarded", staff, at(sentOn, 15), null);
        items.push({ id, position: article ? article.position : 1e9 + k });
      }
      if (outcome) insertHistory(id, "forwarded", outcome, staff, at(outcomeDay!), data.OUTCOME_NOTES[outcome === "adopted" ? 0 : outcome === "partly_adopted" ? 1 : 2]);
      if (told) {
        insertHistory(id, outcome ?? "not_forwarded", "feedback_given", staff, at(feedbackDay!), null);
        // By text message where the resident consented (and gave a phone), in person otherwise; some looked it up too.
        if (consent) insertFeedback(id, "sms", at(feedbackDay!), null);
        else insertFeedback(id, "in_person", at(feedbackDay!), staff);
        if (id % 7 === 0) insertFeedback(id, "lookup", at(addDays(feedbackDay!, 3)), null);
      }
    }
    // Report items in text order of their articles, general comments last.
    if (report) {
      items.sort((a, b) => a.position - b.position || a.id - b.id);
      for (const [position, item] of items.entries()) insertItem(report, item.id, position);
    }
    return opinionId - firstId + 1;
  };

  let written = 0;
  let index = 0;
  while (index < draftCount) {
    pending = 0;
    await transaction(() => {
      while (index < draftCount && pending < OPINIONS_PER_TRANSACTION) pending += writeDraft(index++);
    });
    written += pending;
    progress({ phase: "opinions", done: written, total: totalOpinions });
    await yieldNow();
  }

  progress({ phase: "indexes", done: 0, total: 1 });
  await yieldNow();
  await store.finish();
  progress({ phase: "indexes", done: 1, total: 1 });

  const insertAudit = store.table("audit_log", ["at", "user_id", "after"], { action: "seed", entity: "database", entity_id: null, before: null });
  await transaction(() => insertAudit(`${today}T00:00:00.000Z`, admin, JSON.stringify({ generator: "national", scale, seed: options.seed ?? 20251031 })));

  const count = (sql: string) => store.count(sql);
  return {
    districts: districtCount,
    streets: streetCount,
    communities: communityCount,
    grids: await count("SELECT count(*) FROM places WHERE level = 'grid'"),
    contactPoints: await count("SELECT count(*) FROM contact_points"),
    users: await count("SELECT count(*) FROM users"),
    drafts: await count("SELECT count(*) FROM drafts"),
    opinions: await count("SELECT count(*) FROM opinions"),
    forwarded: await count("SELECT coalesce(sum(forwarded), 0) FROM tracker_draft_months"),
    adopted: await count("SELECT coalesce(sum(adopted), 0) FROM tracker_draft_months"),
  };
}
