import { sql, type SqlBool } from "kysely";
import { articleSimilarity } from "~/domain/article-diff";
import { newArticleKey, parseDraftText, type ParsedDraft } from "~/domain/articles";
import { checkDraftTransition, type DraftTransitionError } from "~/domain/draft-status";
import type { Db } from "~/utils/db.server";
import type { DraftKind, DraftStatus, Reading } from "../../db/schema";
import { writeAudit } from "./audit.server";

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

export async function createDraft(db: Db, input: NewDraft, now = new Date().toISOString()): Promise<number> {
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
  now = new Date().toISOString(),
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

export async function assignContactPoints(db: Db, draftId: number, contactPointIds: number[], now = new Date().toISOString()) {
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
  now = new Date().toISOString(),
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
  return db
    .selectFrom("draft_versions")
    .selectAll()
    .where("draft_id", "=", draftId)
    .orderBy("seq", "desc")
    .limit(1)
    .executeTakeFirst();
}

export async function listArticles(db: Db, versionId: number) {
  return db.selectFrom("articles").selectAll().where("version_id", "=", versionId).orderBy("position").execute();
}

export async function countDrafts(db: Db): Promise<number> {
  const row = await db.selectFrom("drafts").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Drafts consulted (完成征求意见): comment period over and at least one report sent. */
export async function countDraftsConsulted(db: Db, today = new Date().toISOString().slice(0, 10)): Promise<number> {
  const row = await db
    .selectFrom("drafts")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("deadline", "<", today)
    .where("status", "!=", "withdrawn")
    .where((eb) =>
      eb.exists(
        eb.selectFrom("reports").select("reports.id").whereRef("reports.draft_id", "=", "drafts.id").where("reports.status", "=", "sent"),
      ),
    )
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function listOpenDrafts(db: Db, today = new Date().toISOString().slice(0, 10)) {
  return db
    .selectFrom("drafts")
    .select(["id", "title", "title_en", "deadline", "requesting_body", "kind"])
    .where("status", "=", "open")
    .where("deadline", ">=", today)
    .orderBy("deadline")
    .execute();
}

/** Drafts open for comment at a contact point, soonest deadline first. */
export async function listOpenDraftsForContactPoint(db: Db, contactPointId: number, today: string) {
  return db
    .selectFrom("drafts")
    .innerJoin("draft_contact_points", "draft_contact_points.draft_id", "drafts.id")
    .select(["drafts.id", "drafts.title", "drafts.title_en", "drafts.deadline"])
    .where("draft_contact_points.contact_point_id", "=", contactPointId)
    .where("drafts.status", "=", "open")
    .where("drafts.deadline", ">=", today)
    .orderBy("drafts.deadline")
    .execute();
}
