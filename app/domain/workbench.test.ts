import { describe, expect, it } from "vitest";
import { workbenchItems } from "./workbench";

describe("workbenchItems", () => {
  const article = new Map<number, number | null>([[1, 1], [2, 1], [3, 1], [4, 1], [5, 2], [6, 2], [7, null], [8, null]]);
  const articleOf = (id: number) => article.get(id) ?? null;
  const groups = [
    { representative: 3, members: [1, 3, 4] },
    { representative: 5, members: [5, 6] },
    // Groups are per article; should one span two (an article renumbered), each article shows its own part.
    { representative: 7, members: [2, 7] },
  ];

  it("shows each article's groups first, larger first, the representative leading, then the single opinions", () => {
    const { items, opinions } = workbenchItems([1, 2, 3, 4, 5, 6, 7, 8], articleOf, groups);
    expect(items.map((i) => (i.kind === "group" ? `g${i.members.join("+")}` : `${i.id}`))).toEqual(["g3+1+4", "2", "g5+6", "7", "8"]);
    expect(opinions).toBe(8);
  });

  it("shows a group only while two of its members pass the filters", () => {
    const { items } = workbenchItems([1, 2, 4, 5], articleOf, groups);
    expect(items.map((i) => (i.kind === "group" ? `g${i.members.join("+")}` : `${i.id}`))).toEqual(["g1+4", "2", "5"]);
  });

  it("counts a group once against the limit, and says how many opinions the items hold", () => {
    const { items, opinions } = workbenchItems([1, 2, 3, 4, 5, 6, 7, 8], articleOf, groups, 2);
    expect(items).toHaveLength(2);
    expect(items.map((i) => i.kind)).toEqual(["group", "single"]);
    expect(opinions).toBe(4);
  });
});
