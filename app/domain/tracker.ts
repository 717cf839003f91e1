import type { DraftKind, DraftStatus } from "./vocabulary";

// The arithmetic of the public adoption tracker (docs/domain.md, "The public adoption
// tracker"). Counts come from the aggregate tables; this module turns them into
// the published figures and decides what text may be shown to the public.

/** Opinions collected, forwarded (上报), adopted (采纳, including partly) and partly adopted. */
export type Counts = { collected: number; forwarded: number; adopted: number; partlyAdopted: number };

export const noCounts: Counts = { collected: 0, forwarded: 0, adopted: 0, partlyAdopted: 0 };

export function addCounts(a: Counts, b: Counts): Counts {
  return {
    collected: a.collected + b.collected,
    forwarded: a.forwarded + b.forwarded,
    adopted: a.adopted + b.adopted,
    partlyAdopted: a.partlyAdopted + b.partlyAdopted,
  };
}

export function sumCounts(list: Counts[]): Counts {
  return list.reduce(addCounts, noCounts);
}

/** Adopted over forwarded; null when nothing was forwarded, so that no rate is made up. */
export function adoptionRate(adopted: number, forwarded: number): number | null {
  return forwarded > 0 ? adopted / forwarded : null;
}

/** A ratio in [0, 1] with at most `places` decimals, for the open data. */
export function roundRate(rate: number, places = 4): number {
  const factor = 10 ** places;
  return Math.round(rate * factor) / factor;
}

export type TrackerDraft = {
  status: DraftStatus;
  deadline: string;
  /** Reports of the draft that were sent upward. */
  sentReports: number;
  counts: Counts;
};

/** A published draft as the tracker lists it and the open data publishes it. */
export type PublicDraft = TrackerDraft & {
  id: number;
  title: string;
  titleEn: string | null;
  kind: DraftKind;
  requestingBody: string;
  receivedOn: string;
  commentOpensOn: string | null;
  enactedOn: string | null;
  lastSentOn: string | null;
};

/** 完成征求意见: the comment period is over and at least one report was sent. */
export function isConsulted(draft: Pick<TrackerDraft, "status" | "deadline" | "sentReports">, today: string): boolean {
  return draft.status !== "withdrawn" && draft.deadline < today && draft.sentReports > 0;
}

export type TrackerSummary = {
  draftsConsulted: number;
  draftsEnacted: number;
  counts: Counts;
  adoptionRate: number | null;
  /** Over enacted drafts only: outcomes are known only after enactment. */
  enacted: Counts & { adoptionRate: number | null };
};

/** The rates that go with the counts. */
export function summaryOf(parts: Omit<TrackerSummary, "adoptionRate" | "enacted"> & { enacted: Counts }): TrackerSummary {
  return {
    ...parts,
    adoptionRate: adoptionRate(parts.counts.adopted, parts.counts.forwarded),
    enacted: { ...parts.enacted, adoptionRate: adoptionRate(parts.enacted.adopted, parts.enacted.forwarded) },
  };
}

/**
 * "Feedback given" (docs/domain.md, "Feedback to residents"): of the forwarded opinions
 * of enacted drafts, those whose resident was told, by any channel (each once) and by
 * each (a resident told twice counts under both).
 */
export type FeedbackSummary = { forwarded: number; told: number; sms: number; inPerson: number; lookup: number; share: number | null };

export function feedbackSummary(counts: Omit<FeedbackSummary, "share">): FeedbackSummary {
  return { ...counts, share: counts.forwarded > 0 ? counts.told / counts.forwarded : null };
}

/** The headline figures of a set of drafts: the definition the tracker's SQL must agree with. */
export function summarize(drafts: TrackerDraft[], today: string): TrackerSummary {
  const enactedDrafts = drafts.filter((d) => d.status === "enacted");
  return summaryOf({
    draftsConsulted: drafts.filter((d) => isConsulted(d, today)).length,
    draftsEnacted: enactedDrafts.length,
    counts: sumCounts(drafts.map((d) => d.counts)),
    enacted: sumCounts(enactedDrafts.map((d) => d.counts)),
  });
}

/** The fields of /open-data/summary.json, in order. */
export const OPEN_DATA_SUMMARY_FIELDS = ["draftsConsulted", "opinionsForwarded", "opinionsAdopted", "opinionsPartlyAdopted", "adoptionRate"] as const;

/** The five figures of /open-data/summary.json, exactly. */
export function openDataSummary(summary: TrackerSummary) {
  return {
    draftsConsulted: summary.draftsConsulted,
    opinionsForwarded: summary.counts.forwarded,
    opinionsAdopted: summary.counts.adopted,
    opinionsPartlyAdopted: summary.counts.partlyAdopted,
    adoptionRate: roundRate(summary.adoptionRate ?? 0),
  } satisfies Record<(typeof OPEN_DATA_SUMMARY_FIELDS)[number], number>;
}

// ---- Places: grids and contact points are credited for the opinions merged into a
// forwarded or adopted one (the voices behind it), which are not forwarded themselves.

/** A place's totals as the aggregates keep them: its own opinions, and those merged into forwarded ones. */
export type PlaceTotals = {
  collected: number;
  forwarded: number;
  adopted: number;
  partlyAdopted: number;
  mergedForwarded: number;
  mergedAdopted: number;
  mergedPartlyAdopted: number;
};

export type PlaceCounts = Counts & {
  /** Opinions merged into a forwarded one: represented in a report without being forwarded themselves. */
  mergedForwarded: number;
  /** Of `adopted`, the opinions credited through the one they were merged into. */
  mergedAdopted: number;
};

export function placeCounts(totals: { [K in keyof PlaceTotals]?: number | null } | null | undefined): PlaceCounts {
  const n = (v: number | null | undefined) => Number(v ?? 0);
  return {
    collected: n(totals?.collected),
    forwarded: n(totals?.forwarded),
    adopted: n(totals?.adopted) + n(totals?.mergedAdopted),
    partlyAdopted: n(totals?.partlyAdopted) + n(totals?.mergedPartlyAdopted),
    mergedForwarded: n(totals?.mergedForwarded),
    mergedAdopted: n(totals?.mergedAdopted),
  };
}

// ---- Months

/** Every month from `from` to `to` inclusive, both YYYY-MM. */
export function monthsBetween(from: string, to: string): string[] {
  const months: string[] = [];
  let [year, month] = from.split("-").map(Number);
  const [endYear, endMonth] = to.split("-").map(Number);
  while (year < endYear || (year === endYear && month <= endMonth)) {
    months.push(`${year}-${String(month).padStart(2, "0")}`);
    month++;
    if (month > 12) {
      month = 1;
      year++;
    }
  }
  return months;
}

export type MonthCounts = { month: string; collected: number; forwarded: number; adopted: number };

/** The monthly series without gaps: a month with nothing in it is a zero, not a missing point. */
export function fillMonths(rows: MonthCounts[]): MonthCounts[] {
  const active = rows.filter((r) => r.collected || r.forwarded || r.adopted).sort((a, b) => a.month.localeCompare(b.month));
  if (!active.length) return [];
  const byMonth = new Map(active.map((r) => [r.month, r]));
  return monthsBetween(active[0].month, active[active.length - 1].month).map(
    (month) => byMonth.get(month) ?? { month, collected: 0, forwarded: 0, adopted: 0 },
  );
}

/** Beyond this many months, the monthly chart's table lists years: a dozen rows rather than a hundred and more. */
export const MONTH_ROWS_MAX = 36;

export type YearCounts = { year: string; collected: number; forwarded: number; adopted: number };

/** The months added up by year, oldest first; years with nothing in them left out. */
export function yearTotals(months: MonthCounts[]): YearCounts[] {
  const years = new Map<string, YearCounts>();
  for (const m of months) {
    const year = m.month.slice(0, 4);
    const total = years.get(year) ?? { year, collected: 0, forwarded: 0, adopted: 0 };
    total.collected += m.collected;
    total.forwarded += m.forwarded;
    total.adopted += m.adopted;
    years.set(year, total);
  }
  return [...years.values()].filter((y) => y.collected || y.forwarded || y.adopted).sort((a, b) => a.year.localeCompare(b.year));
}

// ---- What the public may read

/** Free text the collector flagged as containing personal information is never published. */
export function publicText(text: string | null | undefined, containsPersonalInfo: number | boolean): string | null {
  if (containsPersonalInfo) return null;
  return text ?? null;
}

/** The wording that went upward: staff's formal wording where they wrote one, else the collected text. */
export function forwardedWording(o: {
  opinion: string; suggestedRevision: string | null; reason: string | null;
  formalOpinion: string | null; formalRevision: string | null; formalReason: string | null;
}) {
  const pick = (formal: string | null, raw: string | null) => (formal?.trim() ? formal : raw);
  return {
    opinion: pick(o.formalOpinion, o.opinion) ?? o.opinion,
    revision: pick(o.formalRevision, o.suggestedRevision),
    reason: pick(o.formalReason, o.reason),
  };
}

// ---- Grid coverage: which grids gave opinions on a draft and which are gaps

export type CoverageGrid = {
  id: number; code: string; name: string;
  communityId: number; communityName: string;
  streetId: number; streetName: string;
  collected: number; forwarded: number;
};

export type CoverageStreet = {
  id: number; name: string;
  communities: { id: number; name: string; grids: CoverageGrid[] }[];
};

/** Grids grouped under their community and street, in code order, with how many gave opinions. */
export function groupCoverage(grids: CoverageGrid[]) {
  const streets: CoverageStreet[] = [];
  for (const grid of [...grids].sort((a, b) => a.code.localeCompare(b.code))) {
    let street = streets.find((s) => s.id === grid.streetId);
    if (!street) streets.push((street = { id: grid.streetId, name: grid.streetName, communities: [] }));
    let community = street.communities.find((c) => c.id === grid.communityId);
    if (!community) street.communities.push((community = { id: grid.communityId, name: grid.communityName, grids: [] }));
    community.grids.push(grid);
  }
  const covered = grids.filter((g) => g.collected > 0).length;
  return { streets, total: grids.length, covered, gaps: grids.length - covered };
}

/** Shade of a grid on the coverage map: 0 is a gap (no opinion), then 1, 2–4, 5–9, 10 or more. */
export const SHADE_THRESHOLDS = [1, 2, 5, 10] as const;

export function shadeLevel(collected: number): 0 | 1 | 2 | 3 | 4 {
  let level = 0;
  for (const threshold of SHADE_THRESHOLDS) if (collected >= threshold) level++;
  return level as 0 | 1 | 2 | 3 | 4;
}
