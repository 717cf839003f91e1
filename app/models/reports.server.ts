import { sql } from "kysely";
import type { ReportPreview } from "~/domain/report";
import type { ReportStatus } from "~/domain/vocabulary";
import type { Db } from "~/utils/db.server";
import { writeAudit } from "./audit.server";
import { countDraftEvents } from "./events.server";
import { changeOpinionStatus } from "./opinions.server";
import { camel, camelAll } from "./rows.server";

/** A report in preparation (意见汇总) for one draft, from opinions chosen to forward. */
export async function createReport(
  db: Db,
  { draftId, title, opinionIds, userId }: { draftId: number; title: string; opinionIds: number[]; userId: number },
  now: string,
): Promise<number> {
  const { id } = await db
    .insertInto("reports")
    .values({ draft_id: draftId, title, created_by: userId, created_at: now })
    .returning("id")
    .executeTakeFirstOrThrow();
  await setReportOpinions(db, { reportId: id, opinionIds });
  await writeAudit(db, { userId, action: "create", entity: "report", entityId: id, after: { draftId, title, opinions: opinionIds.length } }, now);
  return id;
}

/** Report items in text order of their articles, general comments (no article) last. */
export async function setReportOpinions(db: Db, { reportId, opinionIds }: { reportId: number; opinionIds: number[] }) {
  await db.deleteFrom("report_items").where("report_id", "=", reportId).execute();
  if (!opinionIds.length) return;
  const ordered = await db
    .selectFrom("opinions")
    .leftJoin("articles", "articles.id", "opinions.article_id")
    .select(["opinions.id"])
    .where("opinions.id", "in", opinionIds)
    .orderBy((eb) => eb.case().when("articles.position", "is", null).then(1).else(0).end())
    .orderBy("articles.position")
    .orderBy("opinions.id")
    .execute();
  await db
    .insertInto("report_items")
    .values(ordered.map((row, position) => ({ report_id: reportId, opinion_id: row.id, position })))
    .execute();
}

/** The opinions a report carries as items, in their order. */
export async function listReportOpinionIds(db: Db, reportId: number): Promise<number[]> {
  const rows = await db.selectFrom("report_items").select("opinion_id").where("report_id", "=", reportId).orderBy("position").execute();
  return rows.map((r) => r.opinion_id);
}

/** Takes out of a report in preparation the items since merged into another opinion (which carries them as sources). */
export async function dropMergedItems(db: Db, reportId: number) {
  const left = await db
    .selectFrom("report_items")
    .innerJoin("opinions", "opinions.id", "report_items.opinion_id")
    .select("opinions.id")
    .where("report_items.report_id", "=", reportId)
    .where("opinions.status", "!=", "merged")
    .execute();
  await setReportOpinions(db, { reportId, opinionIds: left.map((o) => o.id) });
}

/**
 * Sends a report upward (上报): records recipient and date, snapshots the
 * participation figures from the draft's collection events, and moves its
 * opinions to "forwarded", where they are locked.
 */
export async function markReportSent(
  db: Db,
  { reportId, recipient, sentOn, userId }: { reportId: number; recipient: string; sentOn: string; userId: number },
  now: string,
): Promise<void> {
  const report = await db.selectFrom("reports").select(["id", "draft_id", "status"]).where("id", "=", reportId).executeTakeFirstOrThrow();
  if (report.status === "sent") throw new Error("This report has already been sent");
  const items = await db.selectFrom("report_items").select("opinion_id").where("report_id", "=", reportId).execute();
  const participation = await countDraftEvents(db, report.draft_id, sentOn);
  await changeOpinionStatus(db, { opinionIds: items.map((i) => i.opinion_id), to: "forwarded", userId, extra: { report_id: reportId } }, now);
  await db
    .updateTable("reports")
    .set({
      status: "sent",
      recipient,
      sent_on: sentOn,
      sent_by: userId,
      sent_at: now,
      events_held: participation.events,
      participants: participation.participants,
    })
    .where("id", "=", reportId)
    .execute();
  await writeAudit(db, { userId, action: "send", entity: "report", entityId: reportId, after: { recipient, sentOn, opinions: items.length } }, now);
}

/**
 * A report as it is sent: items in text order of their articles, general
 * comments last, each in its formal wording (falling back to the collected
 * text) with the sources of the opinion and of every opinion merged into it.
 */
export async function getReportPreview(db: Db, reportId: number, today: string): Promise<ReportPreview | undefined> {
  const report = await db
    .selectFrom("reports")
    .innerJoin("drafts", "drafts.id", "reports.draft_id")
    .select([
      "reports.id", "reports.title", "reports.draft_id", "reports.status", "reports.recipient", "reports.sent_on",
      "reports.events_held", "reports.participants", "drafts.title as draft_title",
    ])
    .where("reports.id", "=", reportId)
    .executeTakeFirst();
  if (!report) return undefined;
  const items = await db
    .selectFrom("report_items")
    .innerJoin("opinions", "opinions.id", "report_items.opinion_id")
    .leftJoin("articles", "articles.id", "opinions.article_id")
    .select([
      "report_items.position", "opinions.id", "opinions.quoted_text", "opinions.opinion", "opinions.suggested_revision", "opinions.reason",
      "opinions.formal_opinion", "opinions.formal_revision", "opinions.formal_reason", "articles.number as article_number",
    ])
    .where("report_items.report_id", "=", reportId)
    .orderBy("report_items.position")
    .execute();
  const ids = items.map((i) => i.id);
  const sourceRows = ids.length
    ? await db
        .selectFrom("opinions")
        .innerJoin("contact_points", "contact_points.id", "opinions.contact_point_id")
        .select((eb) => [
          eb.fn.coalesce("opinions.merged_into_id", "opinions.id").as("primary_id"),
          "contact_points.name as contact_point",
          "opinions.channel",
          eb.fn.countAll<number>().as("count"),
        ])
        .where((eb) => eb.or([eb("opinions.id", "in", ids), eb.and([eb("opinions.merged_into_id", "in", ids), eb("opinions.status", "=", "merged")])]))
        .groupBy(["primary_id", "contact_points.name", "opinions.channel"])
        .orderBy("contact_points.name")
        .execute()
    : [];
  const participation =
    report.status === "sent"
      ? { events: report.events_held ?? 0, participants: report.participants ?? 0 }
      : await countDraftEvents(db, report.draft_id, today);
  return {
    id: report.id,
    title: report.title,
    draftId: report.draft_id,
    draftTitle: report.draft_title,
    status: report.status,
    recipient: report.recipient,
    sentOn: report.sent_on,
    eventsHeld: participation.events,
    participants: participation.participants,
    opinionsBehind: sourceRows.reduce((sum, r) => sum + Number(r.count), 0),
    items: items.map((i, index) => ({
      position: index + 1,
      articleNumber: i.article_number,
      originalText: i.quoted_text,
      opinion: i.formal_opinion ?? i.opinion,
      suggestedRevision: i.formal_revision ?? i.suggested_revision,
      reason: i.formal_reason ?? i.reason,
      sources: sourceRows
        .filter((r) => r.primary_id === i.id)
        .map((r) => ({ contactPoint: r.contact_point, channel: r.channel, count: Number(r.count) })),
    })),
  };
}

/** The opinions of a draft that may go into a report: under review, not merged into another. */
export async function listForwardable(db: Db, draftId: number) {
  const rows = await db
    .selectFrom("opinions")
    .leftJoin("articles", "articles.id", "opinions.article_id")
    .select(["opinions.id", "opinions.receipt_code", "opinions.opinion", "opinions.formal_opinion", "articles.number as article_number"])
    .where("opinions.draft_id", "=", draftId)
    .where("opinions.status", "=", "under_review")
    .where((eb) => eb.not(eb.exists(eb.selectFrom("report_items").select("report_items.id").whereRef("report_items.opinion_id", "=", "opinions.id"))))
    .orderBy(sql`articles.position IS NULL`)
    .orderBy("articles.position")
    .orderBy("opinions.id")
    .execute();
  return camelAll(rows);
}

/** The documents as sent, kept so every later download is byte-identical. */
export async function storeReportDocuments(db: Db, { reportId, docx, xlsx }: { reportId: number; docx: Buffer; xlsx: Buffer }) {
  await db.updateTable("reports").set({ docx, xlsx }).where("id", "=", reportId).where("status", "=", "sent").execute();
}

export async function getStoredDocument(db: Db, reportId: number, format: "docx" | "xlsx"): Promise<Buffer | null> {
  const row = await db.selectFrom("reports").select([format]).where("id", "=", reportId).executeTakeFirst();
  return (row?.[format] as Buffer | null | undefined) ?? null;
}

/** A report's id and title, for naming its documents. */
export async function findReportTitle(db: Db, reportId: number) {
  return db.selectFrom("reports").select(["id", "title"]).where("id", "=", reportId).executeTakeFirst();
}

export type ReportFilters = { status?: ReportStatus; draftId?: number };

function filteredReports(db: Db, { status, draftId }: ReportFilters) {
  let query = db.selectFrom("reports").innerJoin("drafts", "drafts.id", "reports.draft_id");
  if (status) query = query.where("reports.status", "=", status);
  if (draftId) query = query.where("reports.draft_id", "=", draftId);
  return query;
}

/**
 * The office's reports, those not yet sent first (they are work still to do), then the
 * latest sent; each with its draft and how many items it holds.
 */
export async function listReports(db: Db, filters: ReportFilters, { limit, offset }: { limit: number; offset: number }) {
  const rows = await filteredReports(db, filters)
    .select((eb) => [
      "reports.id", "reports.title", "reports.status", "reports.recipient", "reports.sent_on", "reports.created_at", "reports.draft_id",
      "drafts.title as draft_title", "drafts.title_en as draft_title_en",
      eb.selectFrom("report_items").select((e) => e.fn.countAll<number>().as("n")).whereRef("report_items.report_id", "=", "reports.id").as("items"),
    ])
    .orderBy(sql`reports.status = 'draft'`, "desc")
    .orderBy("reports.sent_on", "desc")
    .orderBy("reports.created_at", "desc")
    .orderBy("reports.id", "desc")
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => ({ ...camel(r), items: Number(r.items ?? 0) }));
}

export async function countReports(db: Db, filters: ReportFilters): Promise<number> {
  const row = await filteredReports(db, filters).select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The drafts that have at least one report, for choosing among them. */
export async function listReportedDrafts(db: Db) {
  const rows = await db
    .selectFrom("drafts")
    .select(["drafts.id", "drafts.title", "drafts.title_en"])
    .where((eb) => eb.exists(eb.selectFrom("reports").select("reports.id").whereRef("reports.draft_id", "=", "drafts.id")))
    .orderBy("drafts.received_on", "desc")
    .orderBy("drafts.id", "desc")
    .execute();
  return camelAll(rows);
}
