import type { DraftTransitionError } from "~/domain/draft-status";
import type { DraftStatus, Reading } from "~/domain/vocabulary";
import {
  addReadingWithMapping, assignContactPoints, changeDraftStatus, createDraft, setDraftContactPoints, updateDraftDetails,
  type DraftDetails, type NewDraft,
} from "~/models/drafts.server";
import { nowIso, todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";

// What the congress office does with drafts: publish one from its text, correct its
// details, send it to contact points, add a reading, move it through its statuses.

/** A new draft and its first reading, with its contact points. */
export async function publishDraft(input: NewDraft & { contactPointIds?: number[] }): Promise<number> {
  const now = nowIso();
  return db.transaction().execute(async (trx) => {
    const id = await createDraft(trx, input, now);
    if (input.contactPointIds?.length) await assignContactPoints(trx, id, input.contactPointIds, now);
    return id;
  });
}

export async function editDraftDetails(input: { draftId: number; details: DraftDetails; userId: number }): Promise<void> {
  const now = nowIso();
  await db.transaction().execute((trx) => updateDraftDetails(trx, input, now));
}

/** Replaces the contact points a draft is sent to. */
export async function assignDraft(input: { draftId: number; contactPointIds: number[]; userId: number }): Promise<void> {
  const now = nowIso();
  await db.transaction().execute((trx) => setDraftContactPoints(trx, input, now));
}

/** The next reading, with the article mapping staff confirmed. */
export async function addReading(input: { draftId: number; reading: Reading; body: string; userId: number; successors: Map<number, number> }): Promise<number> {
  const now = nowIso();
  return db.transaction().execute((trx) => addReadingWithMapping(trx, input, now));
}

/** Moves a draft on (opened, closed, enacted, withdrawn) if the rules allow it today; the reason when they do not. */
export async function moveDraft(input: { draftId: number; to: DraftStatus; userId: number; enactedOn?: string | null }): Promise<DraftTransitionError | null> {
  const now = nowIso();
  const today = todayInChina();
  return db.transaction().execute((trx) => changeDraftStatus(trx, { ...input, today }, now));
}
