import type { DraftTransitionError } from "~/domain/draft-status";
import { checkOutcome, MAX_REASON, mentionsResident } from "~/domain/feedback";
import type { Outcome } from "~/domain/vocabulary";
import { writeAudit } from "~/models/audit.server";
import { changeDraftStatus } from "~/models/drafts.server";
import { pickAnswered, recordFeedback } from "~/models/feedback.server";
import {
  addAnswerTemplate, deleteAnswerTemplate, hasForwardedOn, listResidentIdentities, recordOutcomes as saveOutcomes,
  saveArticleResponse as saveResponse, type OutcomeEntry,
} from "~/models/outcomes.server";
import { nowIso, todayInChina } from "~/utils/clock.server";
import { commitWithoutWaitingForDisk, db } from "~/utils/db.server";
import type { FieldErrors } from "~/utils/forms";
import { queueMessages } from "./notifications.server";

// After the law is passed: the office records its enactment, the legislature's
// answer to each forwarded opinion with a public reason (采纳 or not), its response
// per article, and that residents were told. Residents who consented and gave a
// phone are sent a text message with each step.

export async function recordEnactment({ draftId, enactedOn, userId }: { draftId: number; enactedOn: string; userId: number }): Promise<DraftTransitionError | null> {
  const now = nowIso();
  const today = todayInChina();
  return db.transaction().execute(async (trx) => {
    const error = await changeDraftStatus(trx, { draftId, to: "enacted", enactedOn, userId, today }, now);
    if (!error) await queueMessages(trx, { draftId, kind: "enacted", opinionIds: null, now });
    return error;
  });
}

export type { OutcomeEntry };

export type OutcomesResult = { ok: true; recorded: number; queued: number } | { ok: false; errors: Record<number, string> };

/**
 * Outcomes for forwarded opinions still without one (the draft must be enacted), each
 * with its public reason: required unless adopted, and never naming a resident. Any
 * entry refused refuses them all, with the problem by opinion id (an i18n key).
 */
export async function recordOutcomes({ draftId, entries, userId }: { draftId: number; entries: OutcomeEntry[]; userId: number }): Promise<OutcomesResult> {
  const identities = await listResidentIdentities(db, draftId);
  const errors: Record<number, string> = {};
  for (const entry of entries) {
    const problem = checkOutcome({ outcome: entry.outcome, reason: entry.note })?.reason
      ?? (entry.note && mentionsResident(entry.note, identities) ? "feedback:errors.personal" : null);
    if (problem) errors[entry.id] = problem;
  }
  if (Object.keys(errors).length) return { ok: false, errors };
  const now = nowIso();
  return db.transaction().execute(async (trx) => {
    const recorded = await saveOutcomes(trx, { draftId, entries, userId, now });
    const queued = await queueMessages(trx, { draftId, kind: "outcome", opinionIds: recorded, now });
    return { ok: true as const, recorded: recorded.length, queued };
  });
}

/** The office's response to one article (key '' for the general comments) of a draft with forwarded opinions on it. */
export async function saveArticleResponse(
  { draftId, articleKey, heard, changed, userId }: { draftId: number; articleKey: string; heard: string | null; changed: string | null; userId: number },
): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  if (!(await hasForwardedOn(db, { draftId, articleKey }))) return { ok: false, errors: { articleKey: ["validation.invalidChoice"] } };
  const identities = await listResidentIdentities(db, draftId);
  const errors: FieldErrors = {};
  if (heard && mentionsResident(heard, identities)) errors.heard = ["feedback:errors.personal"];
  if (changed && mentionsResident(changed, identities)) errors.changed = ["feedback:errors.personal"];
  if (Object.keys(errors).length) return { ok: false, errors };
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await saveResponse(trx, { draftId, articleKey, heard, changed, userId, now });
    await writeAudit(trx, { userId, action: "respond", entity: "draft", entityId: draftId, after: { articleKey, heard, changed } }, now);
  });
  return { ok: true };
}

export async function addTemplate({ outcome, text, userId }: { outcome: Outcome; text: string; userId: number }): Promise<{ ok: true } | { ok: false; errors: FieldErrors }> {
  if (mentionsResident(text, [])) return { ok: false, errors: { text: ["feedback:errors.personal"] } };
  if ([...text].length > MAX_REASON) return { ok: false, errors: { text: ["validation.tooLong"] } };
  const now = nowIso();
  await db.transaction().execute((trx) => addAnswerTemplate(trx, { outcome, text, userId, now }));
  return { ok: true };
}

export async function removeTemplate({ id }: { id: number }): Promise<boolean> {
  return db.transaction().execute((trx) => deleteAnswerTemplate(trx, id));
}

/**
 * A liaison (their contact point's opinions) or staff (any) tell residents the
 * outcome in person or on paper. How many were newly marked.
 */
export async function markToldInPerson({ ids, contactPointId, userId }: { ids: number[]; contactPointId: number | null; userId: number }): Promise<number> {
  const now = nowIso();
  return db.transaction().execute(async (trx) => {
    const chosen = await pickAnswered(trx, { ids, contactPointId });
    return recordFeedback(trx, { opinionIds: chosen, channel: "in_person", userId, now });
  });
}

/**
 * A resident looked up a receipt code whose outcome is known: told by lookup (once).
 * The page they are shown does not wait for this record to reach the disk: it is no one's
 * words, and if a power loss took it, their next lookup would record it again.
 */
export async function recordLookup(opinionId: number): Promise<void> {
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    await commitWithoutWaitingForDisk(trx);
    await recordFeedback(trx, { opinionIds: [opinionId], channel: "lookup", userId: null, now });
  });
}
