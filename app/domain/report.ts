import type { ReportStatus } from "./vocabulary";

// A report (意见汇总) as it is sent upward: items in text order of their articles,
// general comments last, each with the sources that stand behind it.

export type ReportSource = { contactPoint: string; channel: string; count: number };

export type ReportItem = {
  position: number;
  articleNumber: number | null;
  originalText: string | null;
  opinion: string;
  suggestedRevision: string | null;
  reason: string | null;
  /** Counts by contact point and channel of the opinion and those merged into it; never residents' names. */
  sources: ReportSource[];
};

export type ReportPreview = {
  id: number;
  title: string;
  draftId: number;
  draftTitle: string;
  status: ReportStatus;
  recipient: string | null;
  sentOn: string | null;
  eventsHeld: number;
  participants: number;
  opinionsBehind: number;
  items: ReportItem[];
};
