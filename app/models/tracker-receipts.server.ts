import { nextStep, timeline, type NextStep, type TimelineStep } from "~/domain/feedback";
import { publicText } from "~/domain/tracker";
import type { OpinionStatus } from "~/domain/vocabulary";
import { prepared, type Db } from "~/utils/db.server";
import { getTimelineFacts } from "./timeline.server";

// A resident follows their opinion by the receipt code they were given.

export type ReceiptView = {
  opinionId: number;
  receiptCode: string;
  draft: { id: number; title: string; titleEn: string | null };
  articleNumber: number | null;
  status: OpinionStatus;
  text: string | null;
  steps: TimelineStep[];
  next: NextStep;
};

const opinionByCode = prepared((db, { receiptCode }: { receiptCode: string }) =>
  db
    .selectFrom("opinions as o")
    .innerJoin("drafts as d", "d.id", "o.draft_id")
    .leftJoin("articles as a", "a.id", "o.article_id")
    .select(["o.id", "o.receipt_code", "o.status", "o.opinion", "o.contains_personal_info", "d.id as draft_id", "d.title", "d.title_en", "a.number as article_number"])
    .where("o.receipt_code", "=", receiptCode),
);

/**
 * What a resident may see of the opinion behind a receipt code: its draft, article,
 * its words unless they hold personal details, and its timeline (dates and the
 * contact point, not who handled it), outcome and reason included.
 */
export async function findReceipt(db: Db, receiptCode: string): Promise<ReceiptView | null> {
  const [o] = await opinionByCode(db, { receiptCode });
  if (!o) return null;
  const facts = (await getTimelineFacts(db, o.id))!;
  return {
    opinionId: o.id,
    receiptCode: o.receipt_code,
    draft: { id: o.draft_id, title: o.title, titleEn: o.title_en },
    articleNumber: o.article_number ?? null,
    status: o.status,
    text: publicText(o.opinion, o.contains_personal_info),
    steps: timeline(facts),
    next: nextStep(facts),
  };
}
