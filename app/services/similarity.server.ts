import { groupSimilar, type Group, type GroupingOptions } from "~/domain/similarity";
import { listOpinionsForGrouping } from "~/models/similarity.server";
import { db } from "~/utils/db.server";

// Staff facing thousands of opinions on one draft read each distinct suggestion
// once, with how many residents made it and whether a burst of copies looks like
// a campaign (docs/decisions/012-similar-opinions.md). Read-only: nothing is
// merged until staff decide to.

export type SimilarGroup = Group & {
  /** the article's number in the current reading; null for general comments and dropped articles */
  articleNumber: number | null;
};

/**
 * The groups of similar opinions of a draft, or of one article by its number in
 * the current reading: articles in text order, larger groups first. Opinions in
 * no group (said by one resident only) are not listed.
 */
export async function similarGroups({ draftId, article, options }: { draftId: number; article?: number; options?: GroupingOptions }): Promise<SimilarGroup[]> {
  const opinions = await listOpinionsForGrouping(db, { draftId, article });
  const numbers = new Map(opinions.map((o) => [o.articleKey, o.articleNumber]));
  return groupSimilar(opinions, options).map((group) => ({ ...group, articleNumber: numbers.get(group.articleKey) ?? null }));
}
