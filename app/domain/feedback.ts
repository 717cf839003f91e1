import type { FeedbackChannel, NotificationKind, OpinionStatus, Outcome } from "./vocabulary";

// Telling residents what became of their opinion, and why (docs/domain.md,
// "Feedback to residents"). Outcomes carry a public reason; residents hear of them
// by text message, in person or on paper, or by looking up their receipt code.

/** A public reason is required when the legislature did not take an opinion as it was. */
export function needsReason(outcome: Outcome): boolean {
  return outcome !== "adopted";
}

export const MAX_REASON = 500;

/** Problems with an outcome as staff record it, as i18n keys by field. */
export function checkOutcome({ outcome, reason }: { outcome: Outcome; reason: string | null }): Record<string, string> | null {
  if (needsReason(outcome) && !reason?.trim()) return { reason: "feedback:errors.reasonRequired" };
  if (reason && [...reason].length > MAX_REASON) return { reason: "validation.tooLong" };
  return null;
}

// A mainland mobile number, however spaced or dashed.
const MOBILE = /(?<!\d)1[3-9]\d(?:[\s-]?\d){8}(?!\d)/u;

/**
 * Whether a public text (a reason, a response) names a resident: holds a mobile
 * number, or a name or phone kept for one of the draft's residents.
 */
export function mentionsResident(text: string, identities: readonly string[]): boolean {
  if (MOBILE.test(text)) return true;
  const compact = text.replace(/[\s-]/g, "");
  return identities.some((value) => {
    const v = value.replace(/[\s-]/g, "");
    return [...v].length >= 2 && compact.includes(v);
  });
}

/** Statuses an opinion may leave for "feedback given" (已反馈): a final answer exists. */
export const TOLD_FROM: readonly OpinionStatus[] = ["adopted", "partly_adopted", "not_adopted", "not_forwarded"];

// ---- The outbox

/** Attempts at sending one message before it is given up (and shown to staff as failed). */
export const MAX_ATTEMPTS = 5;

/** How long to wait before the next attempt after `attempts` failed ones: 1, 2, 4, 8 … minutes, at most 6 hours. */
export function retryDelayMs(attempts: number): number {
  return Math.min(6 * 60, 2 ** Math.max(0, attempts - 1)) * 60_000;
}

/** A draft's title as a text message names it: without the country's name, at most 20 characters. */
export function shortDraftTitle(title: string): string {
  const short = title.replace(/^中华人民共和国/, "").replace(/（草案）$|\(草案\)$/, "");
  const chars = [...short];
  return chars.length > 20 ? `${chars.slice(0, 19).join("")}…` : short;
}

/**
 * The values of a text message's template, in order ({1}, {2}, …): the draft, the
 * receipt code, the outcome's words (for an outcome) and the page to read more. No
 * name, no phone: the receipt code is the resident's key.
 */
export function messageParams({ kind, draftTitle, receiptCode, outcomeWords, url }: {
  kind: NotificationKind; draftTitle: string; receiptCode: string; outcomeWords: string | null; url: string;
}): string[] {
  const draft = shortDraftTitle(draftTitle);
  return kind === "enacted" ? [draft, receiptCode, url] : [draft, receiptCode, outcomeWords ?? "", url];
}

// ---- The timeline behind a receipt code

export type TimelineFacts = {
  collectedOn: string;
  contactPoint: string;
  status: OpinionStatus;
  reviewedOn: string | null;
  notForwardedReason: string | null;
  merged: boolean;
  report: { number: number; sentOn: string } | null;
  enactedOn: string | null;
  outcome: { outcome: Outcome; reason: string | null; finalArticleNumber: number | null; finalArticleText: string | null } | null;
  feedback: { channel: FeedbackChannel; on: string }[];
};

export type TimelineStep =
  | { step: "collected"; on: string; contactPoint: string }
  | { step: "withdrawn" }
  | { step: "reviewed"; on: string }
  | { step: "notForwarded"; reason: string }
  | { step: "merged" }
  | { step: "forwarded"; on: string; report: number }
  | { step: "enacted"; on: string }
  | { step: "outcome"; outcome: Outcome; reason: string | null; finalArticleNumber: number | null; finalArticleText: string | null }
  | { step: "told"; on: string; channels: FeedbackChannel[] };

/** The steps an opinion has gone through, in order; the steps to come are not listed. */
export function timeline(f: TimelineFacts): TimelineStep[] {
  const steps: TimelineStep[] = [{ step: "collected", on: f.collectedOn, contactPoint: f.contactPoint }];
  if (f.status === "withdrawn") return [...steps, { step: "withdrawn" }];
  if (f.reviewedOn) steps.push({ step: "reviewed", on: f.reviewedOn });
  if (f.notForwardedReason !== null && !f.report) steps.push({ step: "notForwarded", reason: f.notForwardedReason });
  if (f.merged) steps.push({ step: "merged" });
  if (f.report) steps.push({ step: "forwarded", on: f.report.sentOn, report: f.report.number });
  if (f.report && f.enactedOn) steps.push({ step: "enacted", on: f.enactedOn });
  if (f.report && f.outcome) steps.push({ step: "outcome", ...f.outcome });
  if (f.feedback.length) steps.push({ step: "told", on: f.feedback.map((x) => x.on).sort()[0], channels: f.feedback.map((x) => x.channel) });
  return steps;
}

export type NextStep = "review" | "decision" | "enactment" | "outcome" | "told" | null;

/** What comes next for the opinion, for the resident to know what to wait for; null when nothing does. */
export function nextStep(f: TimelineFacts): NextStep {
  if (f.status === "withdrawn") return null;
  if (f.notForwardedReason !== null && !f.report) return f.feedback.length ? null : "told";
  if (!f.reviewedOn) return "review";
  if (!f.report) return "decision";
  if (!f.enactedOn) return "enactment";
  if (!f.outcome) return "outcome";
  return f.feedback.length ? null : "told";
}
