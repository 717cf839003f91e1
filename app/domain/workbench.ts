/**
 * The staff workbench's list (pure): each article's opinions as groups of similar
 * opinions, larger first, then the opinions like no other, so that staff read each
 * idea once. Groups come from the whole draft; the filters decide which members
 * are shown, and a group with fewer than two members shown is shown as single
 * opinions.
 */

export type WorkbenchGroup = { representative: number; members: number[] };

export type WorkbenchItem<G extends WorkbenchGroup> =
  | { kind: "single"; id: number }
  | {
      kind: "group";
      group: G;
      /** the members that pass the filters, the representative first when it does */
      members: number[];
    };

/** Items of the list, not opinions: a group of 300 counts once. */
export const WORKBENCH_ITEMS = 200;

/**
 * `ids` are the filtered opinions in text order of their articles with each one's
 * article (`articleOf`); the result keeps that order of articles and gives at most
 * `limit` items, with how many opinions they hold.
 */
export function workbenchItems<G extends WorkbenchGroup>(
  ids: readonly number[],
  articleOf: (id: number) => number | null,
  groups: readonly G[],
  limit = WORKBENCH_ITEMS,
): { items: WorkbenchItem<G>[]; opinions: number } {
  const groupOf = new Map<number, G>();
  for (const group of groups) for (const m of group.members) groupOf.set(m, group);
  const items: WorkbenchItem<G>[] = [];
  let opinions = 0;
  let start = 0;
  while (start < ids.length && items.length < limit) {
    const article = articleOf(ids[start]);
    let end = start;
    while (end < ids.length && articleOf(ids[end]) === article) end++;
    // The article's part of each group, as the filters show it.
    const parts = new Map<G, number[]>();
    for (let i = start; i < end; i++) {
      const group = groupOf.get(ids[i]);
      if (!group) continue;
      const part = parts.get(group);
      if (part) part.push(ids[i]);
      else parts.set(group, [ids[i]]);
    }
    const grouped = [...parts]
      .filter(([, members]) => members.length >= 2)
      .map(([group, members]) => ({
        group,
        members: members.includes(group.representative) ? [group.representative, ...members.filter((m) => m !== group.representative)] : members,
      }))
      .sort((a, b) => b.members.length - a.members.length || a.members[0] - b.members[0]);
    const inGroup = new Set(grouped.flatMap((g) => g.members));
    for (const { group, members } of grouped) {
      if (items.length >= limit) break;
      items.push({ kind: "group", group, members });
      opinions += members.length;
    }
    for (let i = start; i < end && items.length < limit; i++) {
      if (inGroup.has(ids[i])) continue;
      items.push({ kind: "single", id: ids[i] });
      opinions++;
    }
    start = end;
  }
  return { items, opinions };
}
