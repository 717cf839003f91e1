import { canAddOutput, canClose, canFollowUp, canRecordHeld, checkHeld } from "~/domain/consultations";
import type { FollowUpStatus, ParticipantGroup } from "~/domain/vocabulary";
import {
  createConsultation, createOutput, draftExists, findConsultationStatus, findOutputStatus, placeFitsLevel, recordConsultationHeld,
  recordFollowUp, setConsultationStatus, type NewConsultation, type NewOutput,
} from "~/models/consultations.server";
import { nowIso, todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";
import type { FieldErrors } from "~/utils/forms";
import { notFound } from "~/utils/http.server";

// What the CPPCC office does with its "民事好商量" sessions: plan one, record it
// held, add its outputs, close it, and follow the outputs up (办理). Each checks
// what needs the database and answers { ok: false, errors } (i18n keys by field)
// when the step is not allowed; a session or output that does not exist is a 404.

export type Result<T = unknown> = ({ ok: true } & T) | { ok: false; errors: FieldErrors };

const refused = (errors: FieldErrors): { ok: false; errors: FieldErrors } => ({ ok: false, errors });

/** Plans a session: the place must suit its level, the draft must exist. */
export async function planSession(plan: NewConsultation): Promise<Result<{ id: number }>> {
  const errors: FieldErrors = {};
  if (!(await placeFitsLevel(db, { level: plan.level, placeId: plan.placeId ?? null }))) {
    errors.placeId = [plan.level === "district" ? "consultations:errors.placeNotForDistrict" : `consultations:errors.placeFor.${plan.level}`];
  }
  if (plan.draftId != null && !(await draftExists(db, plan.draftId))) errors.draftId = ["validation.invalidChoice"];
  if (Object.keys(errors).length) return refused(errors);
  const now = nowIso();
  const id = await db.transaction().execute((trx) => createConsultation(trx, plan, now));
  return { ok: true, id };
}

/**
 * Records (or corrects) who took part and the minutes, until the session is closed:
 * only on or after the day it took place (China's calendar) and with somebody there.
 */
export async function recordSessionHeld(record: {
  id: number;
  heldOn: string;
  participants: Record<ParticipantGroup, number>;
  minutes: string;
  minutesPublic: boolean;
  internalNotes: string | null;
  userId: number;
}): Promise<Result> {
  const now = nowIso();
  const today = todayInChina();
  return db.transaction().execute(async (trx) => {
    const status = await findConsultationStatus(trx, record.id);
    if (!status) notFound();
    if (!canRecordHeld(status)) return refused({ _form: ["consultations:errors.sessionClosed"] });
    const errors = checkHeld({ heldOn: record.heldOn, today, participants: record.participants });
    if (errors) return refused(errors);
    await recordConsultationHeld(trx, record, now);
    return { ok: true };
  });
}

/** Adds an output (a suggestion, a report…) to a session that was held and is still open. */
export async function addOutput(output: NewOutput): Promise<Result<{ id: number }>> {
  if (output.draftId != null && !(await draftExists(db, output.draftId))) return refused({ draftId: ["validation.invalidChoice"] });
  const now = nowIso();
  return db.transaction().execute(async (trx) => {
    const status = await findConsultationStatus(trx, output.consultationId);
    if (!status) notFound();
    if (!canAddOutput(status)) return refused({ _form: ["consultations:errors.cannotAddOutput"] });
    return { ok: true, id: await createOutput(trx, output, now) };
  });
}

/** Closes a held session; its outputs are still followed up. */
export async function closeSession({ id, userId }: { id: number; userId: number }): Promise<Result> {
  const now = nowIso();
  return db.transaction().execute(async (trx) => {
    const status = await findConsultationStatus(trx, id);
    if (!status) notFound();
    if (!canClose(status)) return refused({ _form: ["consultations:errors.cannotClose"] });
    await setConsultationStatus(trx, { id, status: "closed", userId }, now);
    return { ok: true };
  });
}

/** A step in following an output up, dated no later than today, along the allowed moves. */
export async function recordOutputFollowUp(step: { outputId: number; to: FollowUpStatus; note: string; notedOn: string; userId: number }): Promise<Result> {
  if (step.notedOn > todayInChina()) return refused({ notedOn: ["consultations:errors.futureDate"] });
  const now = nowIso();
  return db.transaction().execute(async (trx) => {
    const current = await findOutputStatus(trx, step.outputId);
    if (!current) notFound();
    if (!canFollowUp(current.followUpStatus, step.to)) return refused({ to: ["consultations:errors.followUpTransition"] });
    await recordFollowUp(trx, step, now);
    return { ok: true };
  });
}
