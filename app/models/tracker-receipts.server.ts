import { publicText } from "~/domain/tracker";
import type { OpinionStatus, Outcome } from "~/domain/vocabulary";
import type { Db } from "~/utils/db.server";

// A resident follows their opinion by the receipt code they were given.

export type ReceiptView = {
  receiptCode: string;
  draft: { id: number; title: string; titleEn: string | null };
  articleNumber: number | null;
  collectedOn: string;
  status: OpinionStatus;
  text: string | null;
  history: { status: OpinionStatus; on: string }[];
  notForwardedReason: string | null;
  merged: boolean;
  forwardedOn: string | null;
  outcome: { outcome: Outcome; note: string | null; finalArticleNumber: number | null } | null;
};

/**
 * What a resident may see of the opinion behind a receipt code: its draft, article,
 * status history (statuses and dates, not who changed them) and outcome. A merged
 * opinion shares the report and outcome of the one it was merged into.
 */
export async function findReceipt(db: Db, receiptCode: string): Promise<ReceiptView | null> {
  const o = await db
    .selectFrom("opinions as o")
    .innerJoin("drafts as d", "d.id", "o.draft_id")
    .leftJoin("articles as a", "a.id", "o.article_id")
    .select([
      "o.id", "o.receipt_code", "o.status", "o.opinion", "o.contains_personal_info", "o.collected_on", "o.not_forwarded_reason",
      "o.merged_into_id", "o.report_id", "d.id as draft_id", "d.title", "d.title_en", "a.number as article_number",
    ])
    .where("o.receipt_code", "=", receiptCode)
    .executeTakeFirst();
  if (!o) return null;
  const merged = o.report_id == null && o.merged_into_id != null && (o.status === "merged" || o.status === "feedback_given");
  const carrierId = merged ? o.merged_into_id! : o.id;
  const [history, carrier] = await Promise.all([
    db.selectFrom("opinion_status_history").select(["to_status", "changed_at"]).where("opinion_id", "=", o.id).orderBy("id").execute(),
    db
      .selectFrom("opinions as c")
      .leftJoin("reports as r", (join) => join.onRef("r.id", "=", "c.report_id").on("r.status", "=", "sent"))
      .leftJoin("opinion_outcomes as oc", "oc.opinion_id", "c.id")
      .select(["r.sent_on", "oc.outcome", "oc.note", "oc.final_article_number"])
      .where("c.id", "=", carrierId)
      .executeTakeFirst(),
  ]);
  return {
    receiptCode: o.receipt_code,
    draft: { id: o.draft_id, title: o.title, titleEn: o.title_en },
    articleNumber: o.article_number ?? null,
    collectedOn: o.collected_on,
    status: o.status,
    text: publicText(o.opinion, o.contains_personal_info),
    history: history.map((h) => ({ status: h.to_status, on: h.changed_at })),
    notForwardedReason: o.status === "not_forwarded" ? o.not_forwarded_reason : null,
    merged,
    forwardedOn: carrier?.sent_on ?? null,
    outcome: carrier?.sent_on && carrier.outcome
      ? { outcome: carrier.outcome, note: carrier.note, finalArticleNumber: carrier.final_article_number }
      : null,
  };
}
