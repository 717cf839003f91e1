import type { AppLoadContext } from "@remix-run/node";
import type { DataArea } from "~/domain/vocabulary";

// Figures a statement over every draft computes (the tracker's headline sums, its filter
// options) are kept in memory with the versions of the data areas they read
// (app/utils/page-cache.server.ts), and computed again once one of those moved: a page
// rendered afresh (another language, the page cache off or full) does not repeat them
// while nothing they count has changed. Only an exact match is served: a stale figure
// here would be kept again, as fresh, by the page cache.

export type DataVersions = Record<DataArea, unknown>;

type Kept = { areas: readonly DataArea[]; versions: DataVersions; value: Promise<unknown> };

/** Few keys (a page's filters and day): a small, bounded table, the oldest dropped first. */
const MAX_ENTRIES = 200;
const kept = new Map<string, Kept>();

/** The data areas' versions as the request's load context gives them now; null while unknown (a test's context, PostgreSQL not listened to). */
export const versionsNow = (context: AppLoadContext): DataVersions | null => context.dataVersions?.() ?? null;

/** Whether none of `areas` moved between two readings of the versions (false when either is unknown). */
export const unmoved = (areas: readonly DataArea[], then: DataVersions | null | undefined, now: DataVersions | null) =>
  !!then && !!now && areas.every((area) => then[area] === now[area]);

/**
 * `compute()`, or its result kept under `key` while the `areas` it reads have not moved.
 * Without the versions (a test's context, PostgreSQL's notifications not listened to), computed each time.
 */
export async function remembered<T>(context: AppLoadContext, key: string, areas: readonly DataArea[], compute: () => Promise<T>): Promise<T> {
  const versions = versionsNow(context);
  if (!versions) return compute();
  const entry = kept.get(key);
  if (entry && unmoved(entry.areas, entry.versions, versions)) return entry.value as Promise<T>;
  // The versions read before the statements: a commit meanwhile makes the next request compute again.
  const value = compute();
  kept.delete(key);
  kept.set(key, { areas, versions, value });
  if (kept.size > MAX_ENTRIES) kept.delete(kept.keys().next().value!);
  // A failure is not kept.
  value.catch(() => kept.get(key)?.value === value && kept.delete(key));
  return value;
}
