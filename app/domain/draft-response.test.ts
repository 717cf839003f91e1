import { describe, expect, it } from "vitest";
import { buildDraftResponse, finalReadingOf, type AnsweredOpinion, type ArticleText, type ReadingRef } from "./draft-response";

const readings: ReadingRef[] = [
  { id: 10, seq: 1, reading: "consultation" },
  { id: 11, seq: 2, reading: "enacted" },
];
const articles: ArticleText[] = [
  { versionId: 10, key: "a1", number: 1, position: 1, text: "第一条　为了保护未成年人，制定本法。" },
  { versionId: 10, key: "a2", number: 2, position: 2, text: "第二条　学校应当开展安全教育。" },
  { versionId: 10, key: "a3", number: 3, position: 3, text: "第三条　本法自公布之日起施行。" },
  { versionId: 11, key: "a1", number: 1, position: 1, text: "第一条　为了保护未成年人，制定本法。" },
  { versionId: 11, key: "a2", number: 3, position: 3, text: "第三条　学校、幼儿园应当开展安全教育和防欺凌教育。" },
];
const opinion = (id: number, articleKey: string | null, extra: Partial<AnsweredOpinion> = {}): AnsweredOpinion => ({
  id, versionId: 10, articleKey, opinion: `意见${id}`, suggestedRevision: null, reason: null, formalOpinion: null, formalRevision: null,
  formalReason: null, containsPersonalInfo: 0, outcome: null, note: null, finalArticleNumber: null, merged: 0, ...extra,
});

describe("what we heard, what changed", () => {
  const opinions = [
    opinion(1, "a2", { outcome: "adopted", note: "已吸收", finalArticleNumber: 3, merged: 2, formalOpinion: "建议增加幼儿园。" }),
    opinion(2, null, { outcome: "not_adopted", note: "宜由配套规定明确" }),
    opinion(3, "a3", { outcome: "partly_adopted", note: "部分吸收" }),
    opinion(4, "a2", { containsPersonalInfo: 1, outcome: "not_adopted", note: "已有规定" }),
    opinion(5, "a1"),
  ];
  const response = buildDraftResponse({ opinions, readings, articles, responses: [{ articleKey: "a2", heard: "居民希望覆盖幼儿园", changed: "增加了幼儿园" }] });

  it("lists every forwarded opinion once, by article in text order, general comments last", () => {
    expect(response.sections.map((s) => s.key)).toEqual(["a1", "a2", "a3", ""]);
    const ids = response.sections.flatMap((s) => s.items.map((i) => i.id));
    expect(ids.sort()).toEqual([1, 2, 3, 4, 5]);
    expect(response.totals).toEqual({ forwarded: 5, voices: 7, outcomes: { adopted: 1, partly_adopted: 1, not_adopted: 2, pending: 1 } });
  });

  it("shows the formal wording, withholds texts with personal details, and keeps the outcome's reason", () => {
    const a2 = response.sections.find((s) => s.key === "a2")!;
    expect(a2.items[0]).toMatchObject({ opinion: "建议增加幼儿园。", merged: 2, outcome: "adopted", outcomeReason: "已吸收", finalArticleNumber: 3 });
    expect(a2.items[1]).toMatchObject({ opinion: null, outcome: "not_adopted", outcomeReason: "已有规定" });
    expect(a2.response).toEqual({ heard: "居民希望覆盖幼儿园", changed: "增加了幼儿园" });
    expect(a2.forwarded).toBe(2);
    expect(a2.voices).toBe(4);
  });

  it("sets the consulted article beside the enacted one: changed (with the difference), unchanged, or dropped", () => {
    const [a1, a2, a3, general] = response.sections;
    expect(a1).toMatchObject({ change: "same", diff: null, final: { reading: "enacted", number: 1 } });
    expect(a2.change).toBe("changed");
    expect(a2.final).toMatchObject({ number: 3 });
    expect(a2.diff!.filter((d) => d.op === "insert").map((d) => d.text).join("")).toContain("幼儿园");
    expect(a3).toMatchObject({ change: "removed", final: null });
    expect(general).toMatchObject({ change: "unknown", consulted: null, final: null });
  });

  it("compares with the newest reading only when the enacted text is not on record and the opinions addressed an older one", () => {
    const second: ReadingRef[] = [{ id: 10, seq: 1, reading: "consultation" }, { id: 12, seq: 2, reading: "second" }];
    expect(finalReadingOf(second, [10])).toEqual(second[1]);
    expect(finalReadingOf(second, [10, 12])).toBeNull();
    expect(finalReadingOf([...second, { id: 11, seq: 3, reading: "enacted" }], [12])?.reading).toBe("enacted");
    expect(buildDraftResponse({ opinions: [opinion(1, "a1")], readings: [readings[0]], articles, responses: [] }).sections[0]).toMatchObject({ change: "unknown", final: null });
  });
});
