import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { articleSimilarity, diffChars, normaliseForComparison, pairReadings, proposeMapping, type DiffSegment } from "./article-diff";
import { parseDraftText } from "./articles";

const side = (segments: DiffSegment[], keep: "delete" | "insert") =>
  segments.filter((s) => s.op === "equal" || s.op === keep).map((s) => s.text).join("");

describe("articleSimilarity", () => {
  it("ignores spacing, punctuation and article labels", () => {
    expect(normaliseForComparison("第十二条　国家 保障妇女，依照本法第三条。")).toBe("条国家保障妇女依照本法条");
    expect(articleSimilarity("国家保障妇女的权利。", "国家 保障 妇女的权利")).toBe(1);
    expect(articleSimilarity("依照本法第十二条处理。", "依照本法第十五条处理。")).toBe(1);
  });

  it("is 0 for texts with nothing in common, and between 0 and 1 otherwise", () => {
    expect(articleSimilarity("甲乙丙丁", "戊己庚辛")).toBe(0);
    expect(articleSimilarity("", "戊己庚辛")).toBe(0);
    const s = articleSimilarity("国家保障妇女享有与男子平等的政治权利。", "国家保障妇女享有与男子平等的人身权利。");
    expect(s).toBeGreaterThan(0.6);
    expect(s).toBeLessThan(1);
  });
});

describe("proposeMapping", () => {
  it("follows moved articles, and reports the added and removed ones", () => {
    const old = ["为了保障妇女的合法权益，制定本法。", "国家保障妇女享有与男子平等的政治权利。", "本法自1992年10月1日起施行。"];
    const next = [
      "为了保障妇女的合法权益，制定本法。",
      "妇女联合会应当代表和维护各族各界妇女的利益。",
      "国家保障妇女享有与男子平等的政治权利。",
      "本法自2023年1月1日起施行。",
    ];
    const result = proposeMapping(old, next);
    expect(result.mapping.map(({ from, to }) => [from, to])).toEqual([[0, 0], [1, 2], [2, 3]]);
    expect(result.added).toEqual([1]);
    expect(result.removed).toEqual([]);
  });

  it("gives each article at most one partner, best pair first", () => {
    const result = proposeMapping(["甲乙丙丁戊己庚辛"], ["甲乙丙丁戊己庚辛", "甲乙丙丁戊己庚壬"]);
    expect(result.mapping).toEqual([{ from: 0, to: 0, similarity: 1 }]);
    expect(result.added).toEqual([1]);
  });

  it("keeps identical articles in their order", () => {
    const same = "本条规定的事项由国务院另行规定。";
    const result = proposeMapping([same, "甲乙丙丁戊", same], ["子丑寅卯辰", same, same]);
    expect(result.mapping.map(({ from, to }) => [from, to])).toEqual([[0, 1], [2, 2]]);
  });

  it("pairs an article that gained a paragraph", () => {
    const old = "妇女在农村土地承包经营、集体经济组织收益分配、土地征收或者征用补偿费使用以及宅基地使用等方面，享有与男子平等的权利。";
    const grown = `${old}\n申请农村土地承包经营权、宅基地使用权等不动产登记，应当在不动产登记簿和权属证书上将享有权利的妇女等家庭成员全部列明，并记载权益内容。`;
    expect(articleSimilarity(old, grown)).toBeLessThan(0.7);
    expect(proposeMapping([old], ["无关的文字内容在这里出现", grown]).mapping.map((p) => p.to)).toEqual([1]);
  });
});

describe("diffChars", () => {
  it("marks insertions and deletions, and rebuilds both texts", () => {
    const a = "任何单位均应根据妇女的特点，依法保护妇女在工作和劳动时的安全和健康。";
    const b = "用人单位应当根据妇女的特点，依法保护妇女在工作和劳动时的安全、健康以及休息的权利。";
    const segments = diffChars(a, b);
    expect(side(segments, "delete")).toBe(a);
    expect(side(segments, "insert")).toBe(b);
    expect(segments[0]).toMatchObject({ op: "delete", text: expect.stringMatching(/^任何/) });
    expect(segments[1]).toMatchObject({ op: "insert", text: expect.stringMatching(/^用人/) });
    expect(segments).toContainEqual({ op: "equal", text: "根据妇女的特点，依法保护妇女在工作和劳动时的安全" });
  });

  it("handles empty and identical texts", () => {
    expect(diffChars("", "")).toEqual([]);
    expect(diffChars("甲乙", "甲乙")).toEqual([{ op: "equal", text: "甲乙" }]);
    expect(diffChars("", "甲乙")).toEqual([{ op: "insert", text: "甲乙" }]);
    expect(diffChars("甲乙", "")).toEqual([{ op: "delete", text: "甲乙" }]);
  });

  it("rebuilds both texts for random edits", () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = [..."妇女权益保障国家的和"];
    const random = (n: number) => Array.from({ length: n }, () => alphabet[Math.floor(next() * alphabet.length)]).join("");
    for (let round = 0; round < 200; round++) {
      const a = random(Math.floor(next() * 40));
      const b = random(Math.floor(next() * 40));
      const segments = diffChars(a, b);
      expect(side(segments, "delete")).toBe(a);
      expect(side(segments, "insert")).toBe(b);
    }
  });

  it("folds a single shared character stranded inside a rewrite", () => {
    const segments = diffChars("甲乙丙的丁戊己", "子丑寅的卯辰巳");
    expect(segments).toEqual([
      { op: "delete", text: "甲乙丙的丁戊己" },
      { op: "insert", text: "子丑寅的卯辰巳" },
    ]);
  });
});

// The real 2018 text of 妇女权益保障法 (61 articles) against its 2022 revision (86).
const lawsDir = join(fileURLToPath(new URL(".", import.meta.url)), "../../../shared/laws");
const hasLaws = existsSync(join(lawsDir, "妇女权益保障法(2018-10-26).md"));
if (!hasLaws) console.warn(`Skipping the 妇女权益保障法 mapping test: ${lawsDir} is absent`);

describe.skipIf(!hasLaws)("the 2018 → 2022 revision of 妇女权益保障法", () => {
  const read = (file: string) => parseDraftText(readFileSync(join(lawsDir, file), "utf8"));
  const before = hasLaws ? read("妇女权益保障法(2018-10-26).md") : null;
  const after = hasLaws ? read("妇女权益保障法(2022-10-30).md") : null;

  it("maps the unchanged and lightly edited articles to their new numbers", () => {
    const { mapping, added, removed } = proposeMapping(before!.articles.map((a) => a.text), after!.articles.map((a) => a.text));
    const pairs = new Map(mapping.map((p) => [before!.articles[p.from].number, after!.articles[p.to].number]));
    // Unchanged text, renumbered.
    for (const [from, to] of [[9, 12], [15, 35], [19, 38], [21, 40], [22, 41], [24, 45], [30, 53], [37, 19], [43, 60], [44, 61]]) {
      expect(pairs.get(from), `第${from}条`).toBe(to);
    }
    // Edited or extended, still the same provision.
    for (const [from, to] of [[1, 1], [4, 4], [5, 7], [6, 3], [11, 14], [26, 47], [31, 54], [32, 55], [49, 70], [61, 86]]) {
      expect(pairs.get(from), `第${from}条`).toBe(to);
    }
    expect(mapping.length).toBeGreaterThanOrEqual(45);
    expect(mapping.length + removed.length).toBe(61);
    expect(mapping.length + added.length).toBe(86);
  });
});

describe("pairReadings", () => {
  const art = (key: string, position: number) => ({ key, position });

  it("pairs by key in the later order and keeps dropped articles near their old place", () => {
    const from = [art("a", 0), art("b", 1), art("c", 2), art("d", 3)];
    const to = [art("a", 0), art("n", 1), art("d", 2), art("c", 3)];
    const rows = pairReadings(from, to).map((r) => `${r.from?.key ?? "-"}>${r.to?.key ?? "-"}`);
    expect(rows).toEqual(["a>a", "b>-", "->n", "d>d", "c>c"]);
  });

  it("puts an article dropped from the very start first", () => {
    const rows = pairReadings([art("x", 0), art("a", 1)], [art("a", 0)]).map((r) => `${r.from?.key ?? "-"}>${r.to?.key ?? "-"}`);
    expect(rows).toEqual(["x>-", "a>a"]);
  });
});
