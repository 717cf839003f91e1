import { sql, type SqlBool } from "kysely";
import { articleSimilarity } from "~/domain/article-diff";
import { newArticleKey, parseDraftText, type ParsedDraft } from "~/domain/articles";
import type { DraftDetailsInput } from "~/domain/draft-input";
import { checkDraftTransition, type DraftTransitionError } from "~/domain/draft-status";
import type { Db } from "~/utils/db.server";
import type { DraftKind, DraftStatus, Reading } from "~/domain/vocabulary";
import { writeAudit } from "./audit.server";
import { draftMatches } from "./dialect-search.server";
import { camel, camelAll, camelMaybe } from "./rows.server";

export type NewDraft = {
  title: string;
  titleEn?: string | null;
  slug?: string | null;
  kind: DraftKind;
  requestingBody: string;
  reading: Reading;
  receivedOn: string;
  commentOpensOn?: string | null;
  deadline: string;
  keyQuestions?: string | null;
  body: string;
  createdBy: number | null;
};

/** Article rows for one reading; `keys` carries stable keys over from a previous reading. */
function articleRows(versionId: number, seq: number, parsed: ParsedDraft, keys?: Map<number, string>) {
  const chapterTitle = new Map(parsed.chapters.map((c) => [c.number, c.title]));
  const sectionTitle = new Map(
    parsed.chapters.flatMap((c) => c.sections.map((s) => [`${c.number}.${s.number}`, s.title] as const)),
  );
  return parsed.articles.map((article, position) => ({
    version_id: versionId,
    // A new article's key names the reading and number it first appeared as.
    key: keys?.get(position) ?? newArticleKey(seq, article.number, position),
    number: article.number,
    position,
    chapter_number: article.chapter,
    chapter_title: article.chapter == null ? null : (chapterTitle.get(article.chapter) ?? null),
    section_number: article.section,
    section_title:
      article.chapter == null || article.section == null
        ? null
        : (sectionTitle.get(`${article.chapter}.${article.section}`) ?? null),
    text: article.text,
  }));
}

export async function createDraft(db: Db, input: NewDraft, now: string): Promise<number> {
  const { id } = await db
    .insertInto("drafts")
    .values({
      slug: input.slug ?? null,
      title: input.title,
      title_en: input.titleEn ?? null,
      kind: input.kind,
      requesting_body: input.requestingBody,
      received_on: input.receivedOn,
      comment_opens_on: input.commentOpensOn ?? null,
      deadline: input.deadline,
      key_questions: input.keyQuestions ?? null,
      created_by: input.createdBy,
      created_at: now,
      updated_at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await addReading(db, { draftId: id, reading: input.reading, body: input.body, createdBy: input.createdBy }, now);
  await writeAudit(db, { userId: input.createdBy, action: "create", entity: "draft", entityId: id, after: { title: input.title } }, now);
  return id;
}

export async function addReading(
  db: Db,
  input: { draftId: number; reading: Reading; body: string; createdBy: number | null; keys?: Map<number, string> },
  now: string,
): Promise<number> {
  const last = await db
    .selectFrom("draft_versions")
    .select((eb) => eb.fn.max("seq").as("seq"))
    .where("draft_id", "=", input.draftId)
    .executeTakeFirst();
  const seq = Number(last?.seq ?? 0) + 1;
  const { id } = await db
    .insertInto("draft_versions")
    .values({ draft_id: input.draftId, seq, reading: input.reading, body: input.body, created_by: input.createdBy, created_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  const rows = articleRows(id, seq, parseDraftText(input.body), input.keys);
  if (rows.length) await db.insertInto("articles").values(rows).execute();
  return id;
}

export async function assignContactPoints(db: Db, draftId: number, contactPointIds: number[], now: string) {
  if (!contactPointIds.length) return;
  await db
    .insertInto("draft_contact_points")
    .values(contactPointIds.map((contact_point_id) => ({ draft_id: draftId, contact_point_id, assigned_at: now })))
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function setDraftStatus(
  db: Db,
  { draftId, status, userId, enactedOn = null }: { draftId: number; status: DraftStatus; userId: number | null; enactedOn?: string | null },
  now: string,
) {
  const before = await db.selectFrom("drafts").select(["status", "enacted_on"]).where("id", "=", draftId).executeTakeFirstOrThrow();
  await db
    .updateTable("drafts")
    .set({ status, enacted_on: status === "enacted" ? enactedOn : null, updated_at: now })
    .where("id", "=", draftId)
    .execute();
  await writeAudit(db, { userId, action: "status", entity: "draft", entityId: draftId, before, after: { status, enacted_on: enactedOn } }, now);
}

export async function getLatestVersion(db: Db, draftId: number) {
  const row = await db
    .selectFrom("draft_versions")
    .selectAll()
    .where("draft_id", "=", draftId)
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
  return camelMaybe(row);
}

export async function listArticles(db: Db, versionId: number) {
  return camelAll(await db.selectFrom("articles").selectAll().where("version_id", "=", versionId).orderBy("position").execute());
}

export async function countDrafts(db: Db): Promise<number> {
  const row = await db.selectFrom("drafts").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listOpenDrafts(db: Db, today: string) {
  const rows = await db
    .selectFrom("drafts")
    .select(["id", "title", "title_en", "deadline", "requesting_body", "kind"])
    .where("status", "=", "open")
    .where("deadline", ">=", today)
    .orderBy("deadline")
    .execute();
  return camelAll(rows);
}

/** Drafts open for comment at a contact point, soonest deadline first. */
export async function listOpenDraftsForContactPoint(db: Db, contactPointId: number, today: string) {
  const rows = await db
    .selectFrom("drafts")
    .innerJoin("draft_contact_points", "draft_contact_points.draft_id", "drafts.id")
    .select(["drafts.id", "drafts.title", "drafts.title_en", "drafts.received_on", "drafts.deadline"])
    .where("draft_contact_points.contact_point_id", "=", contactPointId)
    .where("drafts.status", "=", "open")
    .where("drafts.deadline", ">=", today)
    .orderBy("drafts.deadline")
    .execute();
  return camelAll(rows);
}

/** A draft's id, title, status and enactment date: what the office's working pages head with. */
export async function findDraftHeading(db: Db, id: number) {
  return camelMaybe(await db.selectFrom("drafts").select(["id", "title", "title_en", "status", "enacted_on", "requesting_body"]).where("id", "=", id).executeTakeFirst());
}

export async function getDraft(db: Db, id: number) {
  return camelMaybe(await db.selectFrom("drafts").selectAll().where("id", "=", id).executeTakeFirst());
}

/** The words of a search: whitespace-separated, at most five, each at most 50 characters. */
export function searchTerms(q: string | null | undefined): string[] {
  const terms = (q ?? "").trim().split(/\s+/u).filter(Boolean).map((t) => [...t].slice(0, 50).join(""));
  return [...new Set(terms)].slice(0, 5);
}

/**
 * Drafts for a list: open ones first, soonest deadline first, then the rest, most
 * recently received first. The public sees published drafts only.
 */
export async function listDrafts(
  db: Db,
  { q, includeUnpublished = false, status, limit = 100, offset = 0 }: {
    q?: string | null; includeUnpublished?: boolean; status?: DraftStatus | null; limit?: number; offset?: number;
  } = {},
) {
  let base = db.selectFrom("drafts");
  if (!includeUnpublished) base = base.where("drafts.status", "!=", "draft");
  if (status) base = base.where("drafts.status", "=", status);
  for (const term of searchTerms(q)) base = base.where(draftMatches(db, term));
  const [rows, count] = await Promise.all([
    base
      .select([
        "drafts.id", "drafts.title", "drafts.title_en", "drafts.kind", "drafts.requesting_body", "drafts.status",
        "drafts.received_on", "drafts.comment_opens_on", "drafts.deadline", "drafts.enacted_on", "drafts.updated_at",
      ])
      .select((eb) => [
        eb.selectFrom("draft_versions").select("reading").whereRef("draft_versions.draft_id", "=", "drafts.id")
          .orderBy("seq", "desc").limit(1).as("reading"),
        eb.selectFrom("draft_versions").select((e) => e.fn.countAll<number>().as("n"))
          .whereRef("draft_versions.draft_id", "=", "drafts.id").as("readings"),
      ])
      .orderBy(sql`CASE drafts.status WHEN 'open' THEN 0 WHEN 'draft' THEN 1 ELSE 2 END`)
      .orderBy(sql`CASE WHEN drafts.status = 'open' THEN drafts.deadline END`)
      .orderBy("drafts.received_on", "desc")
      .orderBy("drafts.id", "desc")
      .limit(limit)
      .offset(offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow(),
  ]);
  const total = Number(count.n);
  return {
    drafts: rows.map((r) => camel({ ...r, reading: r.reading ?? null, readings: Number(r.readings ?? 0) })),
    total,
    more: offset + rows.length < total,
  };
}

export async function listReadings(db: Db, draftId: number) {
  const rows = await db
    .selectFrom("draft_versions")
    .leftJoin("users", "users.id", "draft_versions.created_by")
    .select(["draft_versions.id", "draft_versions.seq", "draft_versions.reading", "draft_versions.created_at", "users.display_name as created_by_name"])
    .select((eb) =>
      eb.selectFrom("articles").select((e) => e.fn.countAll<number>().as("n")).whereRef("articles.version_id", "=", "draft_versions.id").as("articles"),
    )
    .where("draft_versions.draft_id", "=", draftId)
    .orderBy("draft_versions.seq")
    .execute();
  return rows.map((r) => camel({ ...r, articles: Number(r.articles ?? 0) }));
}

/**
 * Opinions per article of a draft, by stable key, so that an opinion made on an
 * earlier reading counts for the article that continues it. Withdrawn records do
 * not count; `general` is the number of comments on the draft as a whole.
 */
export async function countOpinionsByArticle(db: Db, draftId: number) {
  // The running counts the tracker keeps (its "collected": every opinion but a withdrawn
  // record), not a scan of the draft's opinions; the draft as a whole is under key ''.
  const rows = await db
    .selectFrom("tracker_article_counts")
    .select(["article_key", "collected"])
    .where("draft_id", "=", draftId)
    .where("collected", ">", 0)
    .execute();
  const byKey: Record<string, number> = {};
  let general = 0;
  for (const r of rows) {
    if (r.article_key === "") general = Number(r.collected);
    else byKey[r.article_key] = Number(r.collected);
  }
  return { byKey, general };
}

/**
 * Where the opinions made on earlier readings stand now: for each article of an
 * older reading that drew opinions, the article of the latest reading with the same
 * key (null when the article was dropped). "Made on reading 1, 第十二条 → now 第十五条".
 */
export async function listOpinionTrail(db: Db, draftId: number) {
  const latest = await getLatestVersion(db, draftId);
  if (!latest) return [];
  const rows = await db
    .selectFrom("opinions as o")
    .innerJoin("articles as a", "a.id", "o.article_id")
    .innerJoin("draft_versions as v", "v.id", "a.version_id")
    .leftJoin("articles as now", (join) => join.onRef("now.key", "=", "a.key").on("now.version_id", "=", latest.id))
    .select(["v.seq", "v.reading", "a.number as was_number", "a.key", "now.number as now_number"])
    .select((eb) => eb.fn.countAll<number>().as("opinions"))
    .where("o.draft_id", "=", draftId)
    .where("o.status", "!=", "withdrawn")
    .where("v.id", "!=", latest.id)
    .groupBy(["v.seq", "v.reading", "a.id", "a.number", "a.key", "a.position", "now.number"])
    .orderBy("v.seq")
    .orderBy("a.position")
    .execute();
  return rows.map((r) => camel({ ...r, opinions: Number(r.opinions) }));
}

export async function listDraftContactPointIds(db: Db, draftId: number): Promise<number[]> {
  const rows = await db.selectFrom("draft_contact_points").select("contact_point_id").where("draft_id", "=", draftId).execute();
  return rows.map((r) => r.contact_point_id);
}

/** Replaces the contact points a draft is assigned to. */
export async function setDraftContactPoints(
  db: Db,
  { draftId, contactPointIds, userId }: { draftId: number; contactPointIds: number[]; userId: number },
  now: string,
) {
  const before = await listDraftContactPointIds(db, draftId);
  const wanted = new Set(contactPointIds);
  const dropped = before.filter((id) => !wanted.has(id));
  if (dropped.length) {
    await db.deleteFrom("draft_contact_points").where("draft_id", "=", draftId).where("contact_point_id", "in", dropped).execute();
  }
  await assignContactPoints(db, draftId, [...wanted].filter((id) => !before.includes(id)), now);
  await db.updateTable("drafts").set({ updated_at: now }).where("id", "=", draftId).execute();
  await writeAudit(db, {
    userId, action: "assign", entity: "draft", entityId: draftId,
    before: { contactPoints: [...before].sort((a, b) => a - b) }, after: { contactPoints: [...wanted].sort((a, b) => a - b) },
  }, now);
}

export type DraftDetails = DraftDetailsInput;

export async function updateDraftDetails(
  db: Db,
  { draftId, details, userId }: { draftId: number; details: DraftDetails; userId: number },
  now: string,
) {
  const before = await db
    .selectFrom("drafts")
    .select(["title", "title_en", "kind", "requesting_body", "received_on", "comment_opens_on", "deadline", "key_questions"])
    .where("id", "=", draftId)
    .executeTakeFirstOrThrow();
  const after = {
    title: details.title,
    title_en: details.titleEn,
    kind: details.kind,
    requesting_body: details.requestingBody,
    received_on: details.receivedOn,
    comment_opens_on: details.commentOpensOn,
    deadline: details.deadline,
    key_questions: details.keyQuestions,
  };
  await db.updateTable("drafts").set({ ...after, updated_at: now }).where("id", "=", draftId).execute();
  await writeAudit(db, { userId, action: "update", entity: "draft", entityId: draftId, before, after }, now);
}

/** Moves a draft to its next status if the rules allow it (audited by setDraftStatus). */
export async function changeDraftStatus(
  db: Db,
  { draftId, to, userId, today, enactedOn = null }: { draftId: number; to: DraftStatus; userId: number; today: string; enactedOn?: string | null },
  now: string,
): Promise<DraftTransitionError | null> {
  const draft = await db.selectFrom("drafts").select(["status", "deadline"]).where("id", "=", draftId).executeTakeFirstOrThrow();
  const contactPoints = (await listDraftContactPointIds(db, draftId)).length;
  const error = checkDraftTransition(draft.status, to, { contactPoints, deadline: draft.deadline, today, enactedOn });
  if (error) return error;
  await setDraftStatus(db, { draftId, status: to, userId, enactedOn }, now);
  return null;
}

/**
 * Adds the next reading with the article mapping staff confirmed: `successors` maps
 * the position of an article in the new text to the id of the article of the latest
 * reading it continues, whose key it takes over; the others get new keys. Every
 * article of the previous reading gets a mapping row (to null when dropped).
 */
export async function addReadingWithMapping(
  db: Db,
  { draftId, reading, body, userId, successors }: {
    draftId: number; reading: Reading; body: string; userId: number; successors: Map<number, number>;
  },
  now: string,
): Promise<number> {
  const previous = await getLatestVersion(db, draftId);
  if (!previous) throw new Error(`Draft ${draftId} has no reading to follow`);
  const oldArticles = await listArticles(db, previous.id);
  const oldById = new Map(oldArticles.map((a) => [a.id, a]));
  const count = parseDraftText(body).articles.length;
  const keys = new Map<number, string>();
  const used = new Set<number>();
  for (const [position, oldId] of successors) {
    const old = oldById.get(oldId);
    if (!old || used.has(oldId) || position < 0 || position >= count) throw new Error(`Invalid mapping ${position} → ${oldId}`);
    used.add(oldId);
    keys.set(position, old.key);
  }
  const versionId = await addReading(db, { draftId, reading, body, createdBy: userId, keys }, now);
  const newArticles = await listArticles(db, versionId);
  const successorOf = new Map([...successors].map(([position, oldId]) => [oldId, newArticles[position]]));
  if (oldArticles.length) {
    await db
      .insertInto("article_mappings")
      .values(oldArticles.map((old) => {
        const next = successorOf.get(old.id);
        return {
          from_article_id: old.id,
          to_article_id: next?.id ?? null,
          similarity: next ? Math.round(articleSimilarity(old.text, next.text) * 1000) / 1000 : 0,
          confirmed_by: userId,
          confirmed_at: now,
        };
      }))
      .execute();
  }
  await db.updateTable("drafts").set({ updated_at: now }).where("id", "=", draftId).execute();
  await writeAudit(db, {
    userId, action: "reading", entity: "draft", entityId: draftId,
    after: { seq: previous.seq + 1, reading, articles: newArticles.length, kept: successors.size, dropped: oldArticles.length - successors.size },
  }, now);
  return versionId;
}


/** Drafts open at a contact point with their current reading's article and chapter numbers, for checking imported rows. */
export async function listOpenDraftArticles(db: Db, contactPointId: number, today: string) {
  const drafts = await listOpenDraftsForContactPoint(db, contactPointId, today);
  return Promise.all(
    drafts.map(async (d) => {
      const latest = await getLatestVersion(db, d.id);
      const articles = latest ? await db.selectFrom("articles").select(["number", "chapter_number"]).where("version_id", "=", latest.id).execute() : [];
      return {
        ...d,
        articles: articles.map((a) => a.number),
        chapters: [...new Set(articles.map((a) => a.chapter_number).filter((c): c is number => c !== null))],
      };
    }),
  );
}
