import { diffChars, type DiffSegment } from "./article-diff";
import { forwardedWording, publicText } from "./tracker";
import type { Outcome, Reading } from "./vocabulary";

// "What we heard, what changed" (docs/domain.md, "Feedback to residents"): a draft's
// forwarded opinions by article in text order, each once (the opinions merged into
// it counted beside it), with the outcome and its reason, the office's response,
// and the article as consulted beside the article as enacted.

export type AnsweredOpinion = {
  id: number;
  versionId: number;
  articleKey: string | null;
  opinion: string;
  suggestedRevision: string | null;
  reason: string | null;
  formalOpinion: string | null;
  formalRevision: string | null;
  formalReason: string | null;
  containsPersonalInfo: number;
  outcome: Outcome | null;
  note: string | null;
  finalArticleNumber: number | null;
  merged: number;
};

export type ReadingRef = { id: number; seq: number; reading: Reading };
export type ArticleText = { versionId: number; key: string; number: number; position: number; text: string };
export type ArticleResponse = { articleKey: string; heard: string | null; changed: string | null };

export type ResponseItem = {
  id: number;
  /** The wording that went upward; null when it holds personal details (withheld). */
  opinion: string | null;
  revision: string | null;
  reason: string | null;
  /** Opinions merged into this one: the same view from more residents. */
  merged: number;
  outcome: Outcome | null;
  outcomeReason: string | null;
  finalArticleNumber: number | null;
};

export type ArticleChange = "same" | "changed" | "removed" | "unknown";

export type ResponseSection = {
  /** '' for the comments on the draft as a whole. */
  key: string;
  number: number | null;
  /** Forwarded opinions, each once. */
  forwarded: number;
  /** The residents behind them: the forwarded opinions and those merged into them. */
  voices: number;
  outcomes: Record<Outcome | "pending", number>;
  items: ResponseItem[];
  response: { heard: string | null; changed: string | null } | null;
  consulted: { reading: Reading; text: string } | null;
  final: { reading: Reading; number: number; text: string } | null;
  change: ArticleChange;
  diff: DiffSegment[] | null;
};

export type DraftResponse = {
  sections: ResponseSection[];
  totals: { forwarded: number; voices: number; outcomes: Record<Outcome | "pending", number> };
  /** The reading the articles are compared with: enacted, or the newest when the enacted text is not on record. */
  finalReading: Reading | null;
};

const noOutcomes = (): Record<Outcome | "pending", number> => ({ adopted: 0, partly_adopted: 0, not_adopted: 0, pending: 0 });

/**
 * The final reading to compare with: the enacted one, else the newest reading after
 * every reading the opinions addressed (null when the opinions addressed the newest).
 */
export function finalReadingOf(readings: readonly ReadingRef[], consultedVersionIds: readonly number[]): ReadingRef | null {
  const enacted = [...readings].reverse().find((r) => r.reading === "enacted");
  if (enacted) return enacted;
  const newest = readings[readings.length - 1];
  const consultedSeqs = readings.filter((r) => consultedVersionIds.includes(r.id)).map((r) => r.seq);
  return newest && consultedSeqs.every((seq) => seq < newest.seq) ? newest : null;
}

export function buildDraftResponse({ opinions, readings, articles, responses }: {
  opinions: readonly AnsweredOpinion[];
  readings: readonly ReadingRef[];
  articles: readonly ArticleText[];
  responses: readonly ArticleResponse[];
}): DraftResponse {
  const final = finalReadingOf(readings, [...new Set(opinions.map((o) => o.versionId))]);
  const seqOf = new Map(readings.map((r) => [r.id, r.seq]));
  const readingOf = new Map(readings.map((r) => [r.id, r.reading]));
  const articleAt = new Map(articles.map((a) => [`${a.versionId}:${a.key}`, a]));
  const responseOf = new Map(responses.map((r) => [r.articleKey, r]));

  const byKey = new Map<string, AnsweredOpinion[]>();
  for (const o of opinions) {
    const key = o.articleKey ?? "";
    byKey.set(key, [...(byKey.get(key) ?? []), o]);
  }

  const totals = { forwarded: 0, voices: 0, outcomes: noOutcomes() };
  const sections = [...byKey.entries()].map(([key, list]): ResponseSection & { order: number } => {
    // The reading the opinions on this article addressed: the newest of them.
    const consultedVersion = list.map((o) => o.versionId).sort((a, b) => (seqOf.get(b) ?? 0) - (seqOf.get(a) ?? 0))[0];
    const consultedArticle = key ? articleAt.get(`${consultedVersion}:${key}`) : undefined;
    const finalArticle = key && final ? articleAt.get(`${final.id}:${key}`) : undefined;
    const change: ArticleChange = !key || !final || final.id === consultedVersion ? "unknown"
      : !finalArticle ? "removed"
      : consultedArticle && consultedArticle.text === finalArticle.text ? "same" : "changed";
    const outcomes = noOutcomes();
    const items = list.map((o): ResponseItem => {
      outcomes[o.outcome ?? "pending"]++;
      const wording = forwardedWording(o);
      return {
        id: o.id,
        opinion: publicText(wording.opinion, o.containsPersonalInfo),
        revision: publicText(wording.revision, o.containsPersonalInfo),
        reason: publicText(wording.reason, o.containsPersonalInfo),
        merged: o.merged,
        outcome: o.outcome,
        outcomeReason: o.outcome ? o.note : null,
        finalArticleNumber: o.outcome ? o.finalArticleNumber : null,
      };
    });
    const voices = list.reduce((n, o) => n + 1 + o.merged, 0);
    totals.forwarded += list.length;
    totals.voices += voices;
    for (const [k, n] of Object.entries(outcomes) as [Outcome | "pending", number][]) totals.outcomes[k] += n;
    const response = responseOf.get(key);
    return {
      order: consultedArticle?.position ?? Number.MAX_SAFE_INTEGER,
      key,
      number: consultedArticle?.number ?? null,
      forwarded: list.length,
      voices,
      outcomes,
      items,
      response: response ? { heard: response.heard, changed: response.changed } : null,
      consulted: consultedArticle ? { reading: readingOf.get(consultedVersion)!, text: consultedArticle.text } : null,
      final: finalArticle && final ? { reading: final.reading, number: finalArticle.number, text: finalArticle.text } : null,
      change,
      diff: change === "changed" && consultedArticle && finalArticle ? diffChars(consultedArticle.text, finalArticle.text) : null,
    };
  });
  sections.sort((a, b) => a.order - b.order);
  return { sections: sections.map(({ order: _order, ...s }) => s), totals, finalReading: final?.reading ?? null };
}
