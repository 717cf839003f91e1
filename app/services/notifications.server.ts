import { MAX_ATTEMPTS, messageParams, shortDraftTitle } from "~/domain/feedback";
import type { NotificationKind } from "~/domain/vocabulary";
import { writeAudit } from "~/models/audit.server";
import { findDraftHeading } from "~/models/drafts.server";
import { recordFeedback } from "~/models/feedback.server";
import { claimDue, listRecipients, markCancelled, markFailed, markSent, queueNotifications, requeue } from "~/models/notifications.server";
import { now as clockNow, nowIso } from "~/utils/clock.server";
import { db, type Db } from "~/utils/db.server";
import { siteUrl } from "~/utils/env.server";
import { i18nInstance } from "~/utils/i18n.server";
import { logger } from "~/utils/logger.server";
import { SmsError, smsProvider, type SmsProvider } from "~/utils/sms.server";

// Text messages to residents who consented and gave a phone: queued with the
// enactment or the outcome (in the same transaction), sent by a background sender
// with retries, and shown to staff in the outbox (docs/decisions/011-closing-the-loop.md).

/** The page a message points to: the receipt code's timeline. */
export const receiptUrl = (receiptCode: string) => `${siteUrl()}/tracker/receipt?code=${receiptCode}`;

/**
 * Queues a message of `kind` for each consenting resident with a phone behind these
 * opinions of the draft and the opinions merged into them (`opinionIds` null: every
 * forwarded opinion, for the enactment). Residents read Chinese. How many were queued.
 */
export async function queueMessages(trx: Db, { draftId, kind, opinionIds, now }: { draftId: number; kind: NotificationKind; opinionIds: number[] | null; now: string }): Promise<number> {
  const [draft, recipients] = await Promise.all([findDraftHeading(trx, draftId), listRecipients(trx, { draftId, opinionIds })]);
  if (!draft || !recipients.length) return 0;
  const { t } = await i18nInstance("zh-CN");
  const messages = recipients
    .filter((r) => kind === "enacted" || r.outcome)
    .map((r) => {
      const outcomeWords = r.outcome ? t(`outcome.${r.outcome}`) : null;
      const url = receiptUrl(r.receiptCode);
      const params = messageParams({ kind, draftTitle: draft.title, receiptCode: r.receiptCode, outcomeWords, url });
      const body = t(`feedback:sms.${kind}`, { draft: shortDraftTitle(draft.title), code: r.receiptCode, outcome: outcomeWords, url });
      return { opinionId: r.opinionId, kind, body, params };
    });
  return queueNotifications(trx, messages, now);
}

export type SendSummary = { sent: number; retrying: number; failed: number; cancelled: number };

/**
 * Sends the messages due now, up to `limit`: each is claimed, sent outside any
 * transaction, then marked. A resident told the outcome by text counts as told.
 */
export async function sendDueMessages({ provider = smsProvider(), limit = 50 }: { provider?: SmsProvider; limit?: number } = {}): Promise<SendSummary> {
  const summary: SendSummary = { sent: 0, retrying: 0, failed: 0, cancelled: 0 };
  const due = await db.transaction().execute((trx) => claimDue(trx, { now: clockNow(), limit }));
  for (const message of due) {
    if (!message.phone) {
      await markCancelled(db, { id: message.id, reason: "no phone or no consent" });
      summary.cancelled++;
      continue;
    }
    try {
      const { providerId } = await provider.send({ phone: message.phone, text: message.body, params: message.params, kind: message.kind, reference: message.receiptCode });
      const at = nowIso();
      await db.transaction().execute(async (trx) => {
        await markSent(trx, { id: message.id, providerId, now: at });
        if (message.kind === "outcome") await recordFeedback(trx, { opinionIds: [message.opinionId], channel: "sms", userId: null, now: at });
      });
      summary.sent++;
    } catch (error) {
      const permanent = error instanceof SmsError && error.permanent;
      const reason = error instanceof Error ? error.message : String(error);
      const status = await markFailed(db, { id: message.id, attempts: permanent ? MAX_ATTEMPTS - 1 : message.attempts, error: reason, now: clockNow() });
      if (status === "failed") summary.failed++;
      else summary.retrying++;
      logger.warn({ notification: message.id, receipt: message.receiptCode, provider: provider.name, error: reason, status }, "text message not sent");
    }
  }
  return summary;
}

/** Looks at the outbox every `intervalMs` (never two rounds at once) until stopped. */
export function startMessageSender({ intervalMs, provider = smsProvider() }: { intervalMs: number; provider?: SmsProvider }): () => void {
  let running = false;
  const round = async () => {
    if (running) return;
    running = true;
    try {
      // Round after round while a full batch went out, so a queue of thousands drains steadily.
      for (;;) {
        const result = await sendDueMessages({ provider });
        if (result.sent + result.retrying + result.failed + result.cancelled < 50) break;
      }
    } catch (error) {
      logger.error({ err: error }, "text message sender failed");
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void round(), intervalMs);
  timer.unref();
  void round();
  return () => clearInterval(timer);
}

/** Staff put a failed or cancelled message back in the queue. Whether it was. */
export async function resendMessage({ id, userId }: { id: number; userId: number }): Promise<boolean> {
  const at = nowIso();
  return db.transaction().execute(async (trx) => {
    const done = await requeue(trx, { id, now: at });
    if (done) await writeAudit(trx, { userId, action: "resend", entity: "notification", entityId: id }, at);
    return done;
  });
}
