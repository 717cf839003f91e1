import type { OpinionFields } from "~/domain/opinion-input";
import {
  findByIdempotencyKey, findOwnRecord, findUnitGrid, listCollectedAt, listCollectorGrids, listCurrentArticles, listEventsForCollector,
  setReturnedComment, updateOpinionFields, type Collector,
} from "~/models/collection.server";
import { writeAudit } from "~/models/audit.server";
import { changeOpinionStatus, createOpinion } from "~/models/opinions.server";
import { nowIso } from "~/utils/clock.server";
import { db, type Db } from "~/utils/db.server";
import type { FieldErrors } from "~/utils/forms";

// What informants and liaisons do with opinions in the field: record one, change
// or withdraw their own record, and (liaisons) pass the contact point's records on
// for review or send them back to their collector.

export type RecordResult = { ok: true; id: number; receiptCode: string; created: boolean } | { ok: false; errors: FieldErrors };

type Article = { id: number; key: string; text: string };

/**
 * What the scope checks read, kept for the rows of one sheet: the collector's grids,
 * and each draft's current articles and collection events.
 */
export class ScopeLookups {
  private grids?: Promise<{ id: number }[]>;
  private readonly articles = new Map<number, ReturnType<typeof listCurrentArticles>>();
  private readonly events = new Map<number, Promise<{ id: number }[]>>();
  private readonly units = new Map<number, Promise<number | undefined>>();
  constructor(
    private readonly trx: Db,
    private readonly user: Collector,
  ) {}
  collectorGrids() {
    return (this.grids ??= listCollectorGrids(this.trx, this.user));
  }
  currentArticles(draftId: number) {
    if (!this.articles.has(draftId)) this.articles.set(draftId, listCurrentArticles(this.trx, draftId));
    return this.articles.get(draftId)!;
  }
  draftEvents(draftId: number) {
    if (!this.events.has(draftId)) this.events.set(draftId, listEventsForCollector(this.trx, this.user, draftId));
    return this.events.get(draftId)!;
  }
  unitGrid(unitId: number) {
    if (!this.units.has(unitId)) this.units.set(unitId, findUnitGrid(this.trx, unitId));
    return this.units.get(unitId)!;
  }
}

/**
 * The checks that need the database, the same for a new record and a changed one:
 * the grid (and unit) in the collector's scope, the article in the draft's current
 * reading, the event at the collector's contact point.
 */
async function checkScope(lookups: ScopeLookups, draftId: number, fields: OpinionFields) {
  const errors: FieldErrors = {};
  if (!(await lookups.collectorGrids()).some((g) => g.id === fields.gridId)) errors.gridId = ["collect:errors.gridScope"];
  if (fields.unitId && (await lookups.unitGrid(fields.unitId)) !== fields.gridId) errors.unitId = ["collect:errors.unit"];
  const { versionId, articles } = await lookups.currentArticles(draftId);
  const article: Article | null = fields.article === null ? null : (articles.find((a) => a.number === fields.article) ?? null);
  if (fields.article !== null && !article) errors.article = ["collect:errors.articleMissing"];
  if (fields.eventId && !(await lookups.draftEvents(draftId)).some((e) => e.id === fields.eventId)) errors.eventId = ["validation.invalidChoice"];
  if (!versionId) errors._form = ["collect:errors.draft"];
  return { errors: Object.keys(errors).length ? errors : null, versionId, article };
}

/**
 * Records an opinion heard in the field. An idempotency key already used by this
 * collector returns the earlier record instead of a second one, so a form sent
 * twice (a double tap, a retry after a lost answer) saves one opinion.
 */
export async function recordOpinion({
  user, draftId, fields, idempotencyKey = null, importFingerprint = null,
}: {
  user: Collector;
  draftId: number;
  fields: OpinionFields;
  idempotencyKey?: string | null;
  importFingerprint?: string | null;
}): Promise<RecordResult> {
  const storedKey = idempotencyKey ? `${user.id}:${idempotencyKey}` : null;
  try {
    return await db.transaction().execute((trx) => insertChecked(trx, { user, draftId, fields, storedKey, importFingerprint, now: nowIso() }));
  } catch (error) {
    // Two submissions with one key racing each other: the second finds the first.
    if (storedKey && String(error).includes("UNIQUE") && String(error).includes("idempotency_key")) {
      const earlier = await findByIdempotencyKey(db, storedKey);
      if (earlier) return { ok: true, ...earlier, created: false };
    }
    throw error;
  }
}

/** Records an opinion inside the caller's transaction (also used by the sheet import, many to one transaction). */
export async function insertChecked(
  trx: Db,
  { user, draftId, fields, storedKey = null, importFingerprint = null, importBatchId = null, articlePart = null, lookups = new ScopeLookups(trx, user), now }: {
    user: Collector; draftId: number; fields: OpinionFields; storedKey?: string | null; importFingerprint?: string | null;
    importBatchId?: number | null; articlePart?: string | null; lookups?: ScopeLookups; now: string;
  },
): Promise<RecordResult> {
  if (storedKey) {
    const earlier = await findByIdempotencyKey(trx, storedKey);
    if (earlier) return { ok: true, ...earlier, created: false };
  }
  const { errors, versionId, article } = await checkScope(lookups, draftId, fields);
  if (errors || !versionId) return { ok: false, errors: errors ?? { _form: ["collect:errors.draft"] } };
  const { id, receiptCode } = await createOpinion(
    trx,
    {
      draftId,
      versionId,
      articleId: article?.id ?? null,
      articleKey: article?.key ?? null,
      quotedText: article?.text ?? null,
      opinion: fields.opinion,
      suggestedRevision: fields.suggestedRevision,
      reason: fields.reason,
      collectedOn: fields.collectedOn,
      channel: fields.channel,
      eventId: fields.eventId,
      gridId: fields.gridId,
      unitId: fields.unitId,
      contactPointId: user.contactPointId!,
      collectorId: user.id,
      submitterCategory: fields.submitterCategory,
      residentName: fields.residentName,
      residentPhone: fields.residentPhone,
      consent: fields.consent,
      containsPersonalInfo: fields.containsPersonalInfo,
      idempotencyKey: storedKey,
      importFingerprint,
      importBatchId,
      articlePart: article ? articlePart : null,
    },
    { now },
  );
  return { ok: true, id, receiptCode, created: true };
}

/** A collector changes their record while it is still "collected", under the same checks as recording it. */
export async function updateOwnOpinion({ user, id, fields }: { user: Collector; id: number; fields: OpinionFields }): Promise<RecordResult> {
  const now = nowIso();
  return db.transaction().execute(async (trx): Promise<RecordResult> => {
    const current = await findOwnRecord(trx, user, id);
    if (!current) return { ok: false, errors: { _form: ["collect:errors.notFound"] } };
    if (current.status !== "collected") return { ok: false, errors: { _form: ["collect:errors.locked"] } };
    const { errors, article } = await checkScope(new ScopeLookups(trx, user), current.draftId, fields);
    if (errors) return { ok: false, errors };
    if (!(await updateOpinionFields(trx, { id, fields, article, now }))) return { ok: false, errors: { _form: ["collect:errors.locked"] } };
    await writeAudit(trx, {
      userId: user.id, action: "update", entity: "opinion", entityId: id,
      before: { opinion: current.opinion, suggested_revision: current.suggestedRevision, reason: current.reason, grid_id: current.gridId, article_id: current.articleId },
      after: { opinion: fields.opinion, suggested_revision: fields.suggestedRevision, reason: fields.reason, grid_id: fields.gridId, article_id: article?.id ?? null },
    }, now);
    return { ok: true, id, receiptCode: current.receiptCode, created: false };
  });
}

/** A collector withdraws their record before review; false when it is no longer theirs to withdraw. */
export async function withdrawOwnOpinion({ user, id }: { user: Collector; id: number }): Promise<boolean> {
  const now = nowIso();
  return db.transaction().execute(async (trx) => {
    if ((await findOwnRecord(trx, user, id))?.status !== "collected") return false;
    await changeOpinionStatus(trx, { opinionIds: [id], to: "withdrawn", userId: user.id, reason: null }, now);
    return true;
  });
}

/** A liaison passes records on for review (审核中); ids outside the contact point or no longer "collected" are left alone. */
export async function markReadyForReview({ user, ids }: { user: Collector; ids: number[] }): Promise<number> {
  const now = nowIso();
  return db.transaction().execute(async (trx) => {
    const chosen = await listCollectedAt(trx, user.contactPointId ?? -1, ids);
    await changeOpinionStatus(trx, { opinionIds: chosen, to: "under_review", userId: user.id }, now);
    return chosen.length;
  });
}

/** A liaison sends a record back to its collector with a comment; it stays "collected" and editable. */
export async function sendBack({ user, id, comment }: { user: Collector; id: number; comment: string }): Promise<boolean> {
  const now = nowIso();
  return db.transaction().execute(async (trx) => {
    if (!(await setReturnedComment(trx, { contactPointId: user.contactPointId ?? -1, id, comment, now }))) return false;
    await writeAudit(trx, { userId: user.id, action: "send_back", entity: "opinion", entityId: id, after: { comment } }, now);
    return true;
  });
}
