import { createHash } from "node:crypto";
import { analyseOpinions, mostSimilar, type Analysis, type Group, type Keyword } from "~/domain/similarity";
import { findOpinionTexts, listHintCandidates, listOpinionsForGrouping } from "~/models/similarity.server";
import type { DataArea } from "~/domain/vocabulary";
import { unmoved, type DataVersions } from "~/utils/data-memo.server";
import { db } from "~/utils/db.server";
import { logger } from "~/utils/logger.server";
import { runWorker, WorkerFailed } from "~/utils/worker.server";

// Staff facing thousands of opinions on one draft read each distinct suggestion
// once, with how many residents made it and whether a burst of copies looks like
// a campaign (docs/decisions/012-similar-opinions.md). Read-only: nothing is
// merged until staff decide to.
//
// The groups are computed on demand and kept per draft with a fingerprint of what
// they were computed from (ids, articles, words and origins of the opinions other
// than withdrawn ones). A draft whose opinions changed is recomputed; meanwhile the
// previous groups are shown (a new opinion simply stands alone until then), so a
// page never waits for more than the first computation. Large drafts are grouped
// in a worker thread, so other requests are not kept waiting either; small ones at
// once. Given the data areas' versions (app/utils/data-memo.server.ts), the opinions
// are not even read again while none of the areas they come from has moved since the
// groups were found current.

export type SimilarGroup = Group & {
  /** the article's number in the current reading; null for general comments and dropped articles */
  articleNumber: number | null;
};

export type DraftSimilarity = {
  groups: SimilarGroup[];
  /** per article number in the current reading (null: general comments) */
  keywords: Map<number | null, Keyword[]>;
  /** true while newer opinions are being grouped: the groups are those of a moment ago */
  updating: boolean;
  /** true when the grouping could not be done (too large or too slow): no groups are shown */
  unavailable: boolean;
};

/** Drafts above this many opinions are grouped off the request's thread (about 70 ms of work here). */
const INLINE_LIMIT = 1000;
/** How many drafts' groups are kept; the least recently used go first. */
const KEPT_DRAFTS = 16;

/** What the groups are computed from: the opinions (collected, or changed in any way) and the articles' numbers. */
const GROUPED_AREAS: readonly DataArea[] = ["collection", "figures", "drafts"];

type Entry = {
  fingerprint: string;
  result?: DraftSimilarity;
  /** The data's versions when `result` was last found current (read before its opinions were). */
  current?: DataVersions | null;
  pending?: { fingerprint: string; promise: Promise<DraftSimilarity>; versions: DataVersions | null };
};
const cache = new Map<number, Entry>();

async function prepare(draftId: number): Promise<{ fingerprint: string; inline: boolean; compute: () => Promise<DraftSimilarity> }> {
  const opinions = await listOpinionsForGrouping(db, { draftId });
  const hash = createHash("sha256");
  for (const o of opinions) hash.update(`${o.id}\u0000${o.articleKey}\u0000${o.contactPointId}\u0000${o.gridId}\u0000${o.collectorId}\u0000${o.eventId}\u0000${o.collectedOn}\u0000${o.text}\u0001`);
  const numbers = new Map(opinions.map((o) => [o.articleKey, o.articleNumber]));
  const withNumbers = ({ groups, keywords }: Analysis, unavailable = false): DraftSimilarity => ({
    groups: groups.map((group) => ({ ...group, articleNumber: numbers.get(group.articleKey) ?? null })),
    keywords: new Map(keywords.map(([key, terms]) => [numbers.get(key) ?? null, terms])),
    updating: false,
    unavailable,
  });
  const input = opinions.map(({ articleNumber: _, ...o }) => o);
  return {
    fingerprint: hash.digest("base64url"),
    inline: input.length <= INLINE_LIMIT,
    compute: async () => {
      if (input.length <= INLINE_LIMIT) return withNumbers(analyseOpinions(input));
      try {
        return withNumbers(await runWorker<Analysis>("similarity", input, { timeoutMs: 30_000, memoryMb: 512 }));
      } catch (error) {
        if (!(error instanceof WorkerFailed)) throw error;
        logger.warn({ draftId, opinions: input.length, reason: error.reason }, "grouping similar opinions stopped");
        return withNumbers({ groups: [], keywords: [] }, true);
      }
    },
  };
}

/**
 * The groups of similar opinions and the keywords of a draft, as of now or (while recomputing) a moment ago.
 * `versions`: the data areas' versions, read before anything else by the request (its load context's).
 */
export async function draftSimilarity(draftId: number, versions: DataVersions | null = null): Promise<DraftSimilarity> {
  const kept = cache.get(draftId);
  if (kept?.result && !kept.pending && unmoved(GROUPED_AREAS, kept.current, versions)) {
    cache.delete(draftId);
    cache.set(draftId, kept);
    return kept.result;
  }
  const { fingerprint, inline, compute } = await prepare(draftId);
  const entry = cache.get(draftId);
  cache.delete(draftId);
  if (entry?.result && entry.fingerprint === fingerprint) {
    entry.current = versions;
    cache.set(draftId, entry);
    return entry.result;
  }
  const next: Entry = entry ?? { fingerprint };
  cache.set(draftId, next);
  for (const key of cache.keys()) if (cache.size > KEPT_DRAFTS) cache.delete(key);
  if (next.pending?.fingerprint !== fingerprint) {
    const promise = compute();
    next.pending = { fingerprint, promise, versions };
    void promise.then(
      (result) => {
        if (next.pending?.promise !== promise) return;
        Object.assign(next, { fingerprint, result, current: next.pending.versions, pending: undefined });
      },
      (error: unknown) => {
        if (next.pending?.promise === promise) next.pending = undefined;
        logger.error({ err: error, draftId }, "grouping similar opinions failed");
      },
    );
  }
  // A small draft is grouped at once; a large one shows its previous groups while the worker runs.
  if (next.result && !inline) return { ...next.result, updating: true };
  return next.pending!.promise;
}

/** The groups of a draft, or of one article by its number in the current reading: articles in text order, larger groups first. */
export async function similarGroups({ draftId, article }: { draftId: number; article?: number }): Promise<SimilarGroup[]> {
  const { groups } = await draftSimilarity(draftId);
  return article === undefined ? groups : groups.filter((g) => g.articleNumber === article);
}

/**
 * Among a report's items, those that say the same: per group of similar opinions,
 * the items in it (two or more, or one standing for a campaign), the one to keep
 * (the representative when it is an item), and how many opinions share the group.
 */
export async function similarItems(draftId: number, itemIds: number[], versions: DataVersions | null = null) {
  const { groups } = await draftSimilarity(draftId, versions);
  const chosen = new Set(itemIds);
  const found = groups.flatMap((g) => {
    const items = g.members.filter((m) => chosen.has(m));
    if (items.length < 2 && !(items.length && g.campaign)) return [];
    const primaryId = items.includes(g.representative) ? g.representative : items[0];
    return [{ primaryId, items, size: g.members.length, campaign: g.campaign, copies: Boolean(g.sharedText), articleNumber: g.articleNumber }];
  });
  const texts = await findOpinionTexts(db, found.map((f) => f.primaryId));
  return found.map((f) => ({ ...f, ...texts.get(f.primaryId)! }));
}

/**
 * The informant's hint: up to three opinions already recorded at their contact point on
 * the same article that are most like `text` (never `exceptId`, the opinion itself).
 * `mine` says whether the informant may open it (their own record, or a liaison's contact point).
 */
export async function similarAtContactPoint({
  user, draftId, articleNumber, text, exceptId,
}: { user: { id: number; contactPointId: number | null; scope: string }; draftId: number; articleNumber: number | null; text: string; exceptId?: number }) {
  if (user.contactPointId === null || normaliseLength(text) < HINT_MIN_CHARS) return [];
  const candidates = (await listHintCandidates(db, { draftId, contactPointId: user.contactPointId, articleNumber })).filter((c) => c.id !== exceptId);
  return mostSimilar(text, candidates).map((c) => ({
    id: c.id, receiptCode: c.receiptCode, text: c.text, collectedOn: c.collectedOn, mine: c.collectorId === user.id || user.scope === "contact-point",
  }));
}

/** Fewer letters than this say too little to compare. */
const HINT_MIN_CHARS = 6;
const normaliseLength = (text: string) => Array.from(text.replace(/[^\p{L}\p{N}]/gu, "")).length;
