import type { DraftTransitionError } from "~/domain/draft-status";
import type { Outcome } from "~/domain/vocabulary";
import { markFeedbackGiven, recordOutcomes as saveOutcomes } from "~/models/curation.server";
import { changeDraftStatus } from "~/models/drafts.server";
import { nowIso, todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";

// After the law is passed: the office records its enactment, the legislature's
// answer to each forwarded opinion (采纳 or not), and that residents were told.

export async function recordEnactment({ draftId, enactedOn, userId }: { draftId: number; enactedOn: string; userId: number }): Promise<DraftTransitionError | null> {
  const now = nowIso();
  const today = todayInChina();
  return db.transaction().execute((trx) => changeDraftStatus(trx, { draftId, to: "enacted", enactedOn, userId, today }, now));
}

export type OutcomeEntry = { id: number; outcome: Outcome; note: string | null; finalArticleNumber: number | null };

/** Outcomes for forwarded opinions still without one; the draft must be enacted. How many were recorded. */
export async function recordOutcomes({ draftId, entries, userId }: { draftId: number; entries: OutcomeEntry[]; userId: number }): Promise<number> {
  const now = nowIso();
  return db.transaction().execute((trx) => saveOutcomes(trx, { draftId, entries, userId, now }));
}

/** Feedback given (已反馈) for opinions with a final outcome, and those merged into them. How many were marked. */
export async function recordFeedback({ draftId, ids, userId }: { draftId: number; ids: number[]; userId: number }): Promise<number> {
  const now = nowIso();
  return db.transaction().execute((trx) => markFeedbackGiven(trx, { draftId, ids, userId, now }));
}
