import type { Db } from "~/utils/db.server";
import { writeAudit } from "./audit.server";
import { changeOpinionStatus } from "./opinions.server";

/** A report in preparation (意见汇总) for one draft, from opinions chosen to forward. */
export async function createReport(
  db: Db,
  { draftId, title, opinionIds, userId }: { draftId: number; title: string; opinionIds: number[]; userId: number },
  now = new Date().toISOString(),
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

/**
 * Sends a report upward (上报): records recipient and date, snapshots the
 * participation figures from the draft's collection events, and moves its
 * opinions to "forwarded", where they are locked.
 */
export async function sendReport(
  db: Db,
  { reportId, recipient, sentOn, userId }: { reportId: number; recipient: string; sentOn: string; userId: number },
  now = new Date().toISOString(),
): Promise<void> {
  const report = await db.selectFrom("reports").select(["id", "draft_id", "status"]).where("id", "=", reportId).executeTakeFirstOrThrow();
  if (report.status === "sent") throw new Error("This report has already been sent");
  const items = await db.selectFrom("report_items").select("opinion_id").where("report_id", "=", reportId).execute();
  const participation = await db
    .selectFrom("collection_events")
    .select((eb) => [eb.fn.countAll<number>().as("events"), eb.fn.sum<number>("participants").as("participants")])
    .where("draft_id", "=", report.draft_id)
    .executeTakeFirstOrThrow();
  await changeOpinionStatus(db, { opinionIds: items.map((i) => i.opinion_id), to: "forwarded", userId, extra: { report_id: reportId } }, now);
  await db
    .updateTable("reports")
    .set({
      status: "sent",
      recipient,
      sent_on: sentOn,
      sent_by: userId,
      sent_at: now,
      events_held: Number(participation.events),
      participants: Number(participation.participants ?? 0),
    })
    .where("id", "=", reportId)
    .execute();
  await writeAudit(db, { userId, action: "send", entity: "report", entityId: reportId, after: { recipient, sentOn, opinions: items.length } }, now);
}
