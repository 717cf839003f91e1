import { describe, expect, it } from "vitest";
import {
  adoptionRate, fillMonths, forwardedWording, yearTotals, groupCoverage, isConsulted, monthsBetween, openDataSummary,
  placeCounts, publicText, roundRate, shadeLevel, summarize, type CoverageGrid, type TrackerDraft,
} from "./tracker";

const counts = (collected: number, forwarded: number, adopted: number, partlyAdopted: number) => ({ collected, forwarded, adopted, partlyAdopted });

describe("the headline figures", () => {
  const drafts: TrackerDraft[] = [
    { status: "enacted", deadline: "2022-03-01", sentReports: 1, counts: counts(40, 20, 5, 2) },
    { status: "reported", deadline: "2022-06-01", sentReports: 1, counts: counts(30, 10, 0, 0) },
    // Open, one report already sent: forwarded counts, but the draft is not consulted yet.
    { status: "open", deadline: "2022-12-31", sentReports: 1, counts: counts(12, 2, 0, 0) },
    { status: "closed", deadline: "2022-05-01", sentReports: 0, counts: counts(8, 0, 0, 0) },
    { status: "withdrawn", deadline: "2022-02-01", sentReports: 1, counts: counts(3, 1, 0, 0) },
  ];

  it("count drafts consulted: comment period over and a report sent, withdrawn ones excluded", () => {
    expect(drafts.map((d) => isConsulted(d, "2022-07-01"))).toEqual([true, true, false, false, false]);
    // On the deadline itself the period is not over yet.
    expect(isConsulted(drafts[0], "2022-03-01")).toBe(false);
  });

  it("give the adoption rate over all forwarded and over enacted drafts only", () => {
    const summary = summarize(drafts, "2022-07-01");
    expect(summary.draftsConsulted).toBe(2);
    expect(summary.draftsEnacted).toBe(1);
    expect(summary.counts).toEqual(counts(93, 33, 5, 2));
    expect(summary.adoptionRate).toBeCloseTo(5 / 33);
    expect(summary.enacted).toEqual({ ...counts(40, 20, 5, 2), adoptionRate: 0.25 });
  });

  it("never make up a rate when nothing was forwarded", () => {
    expect(adoptionRate(0, 0)).toBeNull();
    const summary = summarize([], "2022-07-01");
    expect(summary.adoptionRate).toBeNull();
    expect(openDataSummary(summary)).toEqual({
      draftsConsulted: 0, opinionsForwarded: 0, opinionsAdopted: 0, opinionsPartlyAdopted: 0, adoptionRate: 0,
    });
  });

  it("publish exactly five keys, the rate a number in [0, 1] with four decimals", () => {
    const summary = openDataSummary(summarize([{ status: "enacted", deadline: "2020-01-01", sentReports: 1, counts: counts(2000, 770, 91, 25) }], "2022-01-01"));
    expect(Object.keys(summary)).toEqual(["draftsConsulted", "opinionsForwarded", "opinionsAdopted", "opinionsPartlyAdopted", "adoptionRate"]);
    expect(summary.adoptionRate).toBe(0.1182);
    expect(roundRate(1 / 3)).toBe(0.3333);
    expect(roundRate(2 / 3, 2)).toBe(0.67);
  });
});

describe("place counts", () => {
  it("credit grids with the opinions merged into adopted ones, apart from what they forwarded", () => {
    expect(placeCounts({ collected: 10, forwarded: 3, adopted: 1, partlyAdopted: 1, mergedForwarded: 2, mergedAdopted: 2, mergedPartlyAdopted: 0 }))
      .toEqual({ collected: 10, forwarded: 3, adopted: 3, partlyAdopted: 1, mergedForwarded: 2, mergedAdopted: 2 });
    expect(placeCounts(undefined)).toEqual({ collected: 0, forwarded: 0, adopted: 0, partlyAdopted: 0, mergedForwarded: 0, mergedAdopted: 0 });
  });
});

describe("months", () => {
  it("run across year ends", () => {
    expect(monthsBetween("2021-11", "2022-02")).toEqual(["2021-11", "2021-12", "2022-01", "2022-02"]);
    expect(monthsBetween("2022-02", "2022-02")).toEqual(["2022-02"]);
    expect(monthsBetween("2022-03", "2022-02")).toEqual([]);
  });

  it("fill the gaps of a series with zeros and drop empty ends", () => {
    const filled = fillMonths([
      { month: "2022-03", collected: 0, forwarded: 2, adopted: 0 },
      { month: "2021-12", collected: 5, forwarded: 0, adopted: 0 },
      { month: "2022-05", collected: 0, forwarded: 0, adopted: 0 },
    ]);
    expect(filled.map((m) => m.month)).toEqual(["2021-12", "2022-01", "2022-02", "2022-03"]);
    expect(filled[1]).toEqual({ month: "2022-01", collected: 0, forwarded: 0, adopted: 0 });
    expect(fillMonths([])).toEqual([]);
  });

  it("adds the months up by year, leaving out years with nothing", () => {
    const months = fillMonths([
      { month: "2024-11", collected: 2, forwarded: 0, adopted: 0 },
      { month: "2025-01", collected: 3, forwarded: 1, adopted: 0 },
      { month: "2025-12", collected: 0, forwarded: 2, adopted: 1 },
      { month: "2027-02", collected: 1, forwarded: 0, adopted: 0 },
    ]);
    expect(yearTotals(months)).toEqual([
      { year: "2024", collected: 2, forwarded: 0, adopted: 0 },
      { year: "2025", collected: 3, forwarded: 3, adopted: 1 },
      { year: "2027", collected: 1, forwarded: 0, adopted: 0 },
    ]);
    expect(yearTotals([])).toEqual([]);
  });
});

describe("public text", () => {
  it("withholds text the collector flagged as containing personal information", () => {
    expect(publicText("我家住在某某小区3栋", 1)).toBeNull();
    expect(publicText("建议细化条文", 0)).toBe("建议细化条文");
    expect(publicText(null, 0)).toBeNull();
  });

  it("shows the formal wording that went upward, else what was collected", () => {
    const o = { opinion: "原话", suggestedRevision: "原修改", reason: null, formalOpinion: "规范表述", formalRevision: "  ", formalReason: null };
    expect(forwardedWording(o)).toEqual({ opinion: "规范表述", revision: "原修改", reason: null });
  });

});

describe("grid coverage", () => {
  const grid = (id: number, code: string, community: [number, string], street: [number, string], collected: number): CoverageGrid => ({
    id, code, name: `网格${id}`, communityId: community[0], communityName: community[1], streetId: street[0], streetName: street[1], collected, forwarded: 0,
  });

  it("groups grids under community and street in code order and counts the gaps", () => {
    const a: [number, string] = [10, "甲社区"];
    const b: [number, string] = [11, "乙村"];
    const s: [number, string] = [1, "外海街道"];
    const t: [number, string] = [2, "礼乐街道"];
    const result = groupCoverage([
      grid(3, "440704005201002", b, t, 0),
      grid(1, "440704004001001", a, s, 4),
      grid(2, "440704004001002", a, s, 0),
      grid(4, "440704005201001", b, t, 1),
    ]);
    expect(result).toMatchObject({ total: 4, covered: 2, gaps: 2 });
    expect(result.streets.map((st) => st.name)).toEqual(["外海街道", "礼乐街道"]);
    expect(result.streets[1].communities[0].grids.map((g) => g.id)).toEqual([4, 3]);
  });

  it("shades a gap apart from every grid that gave an opinion", () => {
    expect([0, 1, 2, 4, 5, 9, 10, 300].map(shadeLevel)).toEqual([0, 1, 2, 2, 3, 3, 4, 4]);
  });
});
