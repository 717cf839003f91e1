import { buildReportDocx, buildReportXlsx } from "~/documents/report-documents.server";
import { mergeInto } from "~/models/curation.server";
import { changeDraftStatus, findDraftHeading } from "~/models/drafts.server";
import { createReport, dropMergedItems, getReportPreview, getStoredDocument, listForwardable, listReportOpinionIds, markReportSent, storeReportDocuments } from "~/models/reports.server";
import { nowIso, todayInChina } from "~/utils/clock.server";
import { db } from "~/utils/db.server";

// The congress office's reports upward (意见汇总 / 上报): put one together from the
// opinions ready to forward, send it, and keep its documents exactly as sent.

export type ReportFormat = "docx" | "xlsx";

/** A report in preparation from the chosen opinions; ids no longer forwardable for this draft are left out. Null when none is left. */
export async function prepareReport({ draftId, title, opinionIds, userId }: { draftId: number; title: string; opinionIds: number[]; userId: number }) {
  const now = nowIso();
  return db.transaction().execute(async (trx) => {
    const allowed = new Set((await listForwardable(trx, draftId)).map((o) => o.id));
    const chosen = opinionIds.filter((id) => allowed.has(id));
    if (!chosen.length) return null;
    return createReport(trx, { draftId, title, opinionIds: chosen, userId }, now);
  });
}

/**
 * One item instead of many: the chosen items of a report in preparation that share one
 * wording are merged into `primaryId`, which stays in the report and counts them all
 * as its sources (every origin keeps its credit); the others leave the report as
 * items. Returns how many were merged; 0 when the report was sent or nothing fits.
 */
export async function carryOneWithCount({ reportId, primaryId, ids, userId }: { reportId: number; primaryId: number; ids: number[]; userId: number }) {
  const now = nowIso();
  return db.transaction().execute(async (trx) => {
    const report = await getReportPreview(trx, reportId, todayInChina());
    if (!report || report.status === "sent") return 0;
    const items = await listReportOpinionIds(trx, reportId);
    if (!items.includes(primaryId)) return 0;
    const merged = await mergeInto(trx, { draftId: report.draftId, primaryId, ids: ids.filter((id) => items.includes(id)), userId, now });
    if (merged) await dropMergedItems(trx, reportId);
    return merged;
  });
}

/**
 * Sends a report upward: its opinions become "forwarded" and a draft whose comment
 * period has closed becomes "reported", in one transaction. The Word and Excel
 * files are then written from the committed report, outside the transaction, and
 * stored, so every later download is the document as sent. False when it was sent already.
 */
export async function sendReport({ reportId, recipient, sentOn, userId }: { reportId: number; recipient: string; sentOn: string; userId: number }) {
  const now = nowIso();
  const today = todayInChina();
  const sent = await db.transaction().execute(async (trx) => {
    const report = await getReportPreview(trx, reportId, today);
    if (!report || report.status === "sent") return false;
    await markReportSent(trx, { reportId, recipient, sentOn, userId }, now);
    if ((await findDraftHeading(trx, report.draftId))?.status === "closed") {
      await changeDraftStatus(trx, { draftId: report.draftId, to: "reported", userId, today }, now);
    }
    return true;
  });
  if (sent) await storeDocuments(reportId);
  return sent;
}

async function storeDocuments(reportId: number) {
  const report = (await getReportPreview(db, reportId, todayInChina()))!;
  const [docx, xlsx] = await Promise.all([buildReportDocx(report), buildReportXlsx(report)]);
  await storeReportDocuments(db, { reportId, docx, xlsx });
  return { docx, xlsx };
}

/**
 * A report's document: a sent report's stored bytes (written now if they are missing,
 * as after a crash between sending and storing), a report in preparation built afresh.
 */
export async function reportDocument(reportId: number, format: ReportFormat): Promise<Buffer | null> {
  const report = await getReportPreview(db, reportId, todayInChina());
  if (!report) return null;
  if (report.status !== "sent") return format === "docx" ? buildReportDocx(report) : buildReportXlsx(report);
  return (await getStoredDocument(db, reportId, format)) ?? (await storeDocuments(reportId))[format];
}
