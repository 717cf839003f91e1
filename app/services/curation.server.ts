import { doNotForward, mergeInto, putUnderReview, setFormalWording, undoMerge } from "~/models/curation.server";
import { nowIso } from "~/utils/clock.server";
import { db } from "~/utils/db.server";

// The congress office's screening of a draft's opinions on the workbench: take
// them into review, keep some back with a reason, merge duplicates, word them
// formally for the report. Each action reports how many opinions it moved;
// opinions in the wrong state or of another draft are left alone.

export type Screening =
  | { intent: "review"; ids: number[] }
  | { intent: "notForward"; ids: number[]; reason: string }
  | { intent: "merge"; ids: number[]; primaryId: number }
  /** a group of similar opinions in one step: those still collected are taken into review and merged with the rest */
  | { intent: "mergeGroup"; ids: number[]; primaryId: number };

export async function screenOpinions(draftId: number, userId: number, action: Screening): Promise<number> {
  const now = nowIso();
  return db.transaction().execute(async (trx) => {
    if (action.intent === "review") return putUnderReview(trx, { draftId, ids: action.ids, userId, now });
    if (action.intent === "notForward") return doNotForward(trx, { draftId, ids: action.ids, reason: action.reason, userId, now });
    if (action.intent === "mergeGroup") await putUnderReview(trx, { draftId, ids: [action.primaryId, ...action.ids], userId, now });
    return mergeInto(trx, { draftId, primaryId: action.primaryId, ids: action.ids, userId, now });
  });
}

/** Takes a merged opinion back out of the merge while its primary is still under review. */
export async function separateOpinion(input: { draftId: number; id: number; userId: number }): Promise<boolean> {
  const now = nowIso();
  return db.transaction().execute((trx) => undoMerge(trx, { ...input, now }));
}

/** Staff's formal wording for the report; the collected text stays as it was. */
export async function rewordOpinion(input: { id: number; opinion: string | null; revision: string | null; reason: string | null; userId: number }): Promise<boolean> {
  const now = nowIso();
  return db.transaction().execute((trx) => setFormalWording(trx, { ...input, now }));
}
