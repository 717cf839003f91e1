import { MAX_LIST } from "~/domain/fields";
import { highlightDifferences, type Difference } from "~/domain/similarity";
import type { OpinionStatus } from "~/domain/vocabulary";
import { workbenchItems } from "~/domain/workbench";
import { listWorkbenchIds, listWorkbenchRows, type WorkbenchFilters } from "~/models/curation.server";
import { findSourceNames } from "~/models/similarity.server";
import type { DataVersions } from "~/utils/data-memo.server";
import { db } from "~/utils/db.server";
import { draftSimilarity, type SimilarGroup } from "./similarity.server";

// The staff workbench of one draft: its opinions as groups of similar ones and
// single opinions, per article in text order, with each group's sources, campaign
// flags and members' differing words, and each article's keywords.

/** Members listed under a group; the rest are counted and merged with it. */
export const MEMBERS_SHOWN = 8;

type Row = Awaited<ReturnType<typeof listWorkbenchRows>>[number];

/** The statuses an opinion can be merged from (collected ones are taken into review first). */
const MERGEABLE: OpinionStatus[] = ["collected", "under_review"];

/** `versions`: the data areas' versions, as the request read them first (app/services/similarity.server.ts). */
export async function loadWorkbench(draftId: number, filters: WorkbenchFilters, versions: DataVersions | null = null) {
  const [ids, similarity] = await Promise.all([listWorkbenchIds(db, draftId, filters), draftSimilarity(draftId, versions)]);
  const articleOf = new Map(ids.map((r) => [r.id, r.articleNumber]));
  const { items, opinions } = workbenchItems(ids.map((r) => r.id), (id) => articleOf.get(id) ?? null, similarity.groups);
  const wanted = new Set<number>();
  for (const item of items) {
    if (item.kind === "single") wanted.add(item.id);
    else [item.group.representative, ...item.members.slice(0, MEMBERS_SHOWN)].forEach((id) => wanted.add(id));
  }
  const campaigns = items.flatMap((item) => (item.kind === "group" ? item.group.campaigns : []));
  const [rows, names] = await Promise.all([
    listWorkbenchRows(db, draftId, [...wanted]),
    findSourceNames(db, {
      collectors: campaigns.filter((c) => c.by === "collector").map((c) => c.id),
      events: campaigns.filter((c) => c.by === "event").map((c) => c.id),
      grids: campaigns.filter((c) => c.by === "grid").map((c) => c.id),
    }),
  ]);
  const rowById = new Map(rows.map((r) => [r.id, r]));
  return {
    total: ids.length,
    shownOpinions: opinions,
    updating: similarity.updating,
    unavailable: similarity.unavailable,
    keywords: [...similarity.keywords].filter(([, terms]) => terms.length),
    items: items.flatMap((item): WorkbenchEntry[] => {
      if (item.kind === "single") return rowById.has(item.id) ? [{ kind: "single", row: rowById.get(item.id)! }] : [];
      const view = groupView(item.group, item.members, rowById, names);
      return view ? [view] : [];
    }),
  };
}

type Names = Awaited<ReturnType<typeof findSourceNames>>;
type WorkbenchEntry = { kind: "single"; row: Row } | NonNullable<ReturnType<typeof groupView>>;

function groupView(group: SimilarGroup, members: number[], rowById: Map<number, Row>, names: Names) {
  const representative = rowById.get(group.representative) ?? rowById.get(members[0]);
  if (!representative) return null;
  const listed = members.slice(0, MEMBERS_SHOWN).flatMap((id) => (id !== representative.id && rowById.has(id) ? [rowById.get(id)!] : []));
  // The representative is kept when it can be; otherwise the first listed opinion that can.
  const primary = [representative, ...listed].find((r) => MERGEABLE.includes(r.status));
  const others = listed.filter((r) => r.id !== primary?.id && MERGEABLE.includes(r.status)).length + Math.max(0, members.length - MEMBERS_SHOWN);
  return {
    kind: "group" as const,
    representative,
    size: group.members.length,
    shown: members.length,
    contactPoints: group.contactPoints,
    grids: group.grids,
    collectors: group.collectors,
    from: group.from,
    to: group.to,
    copies: Boolean(group.sharedText),
    campaigns: group.campaigns.map((c) => ({ by: c.by, name: names[c.by][c.id] ?? "", count: c.members.length, from: c.from, to: c.to })),
    members: listed.map((row) => ({ row, differences: highlightDifferences(representative.opinion, row.opinion) as Difference[] })),
    more: Math.max(0, members.length - MEMBERS_SHOWN),
    merge: primary && others ? { primaryId: primary.id, primaryCode: primary.receiptCode, ids: members.filter((id) => id !== primary.id).slice(0, MAX_LIST - 1) } : null,
  };
}
