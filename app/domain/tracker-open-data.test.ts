import { describe, expect, it } from "vitest";
import { etagMatches, etagOf, OPINION_CSV_COLUMNS, opinionCsvRecord, type OpinionCsvSource } from "./tracker-open-data";

const row: OpinionCsvSource = {
  id: 7, draftId: 2, draftTitle: "某某法（草案）", requestingBody: "全国人大常委会法制工作委员会", articleNumber: 12,
  street: "外海街道", community: "金溪社区", gridCode: "440704004002001", contactPointCode: "JH-L-02",
  channel: "seminar", submitterCategory: "resident", collectedOn: "2022-03-01", sentOn: "2022-04-01", status: "adopted",
  outcome: "adopted", finalArticleNumber: 15, enactedOn: "2022-06-01", mergedOpinions: 2,
  opinion: "原话", suggestedRevision: null, reason: "理由", formalOpinion: '=HYPERLINK("http://evil.example","x")',
  formalRevision: null, formalReason: null, containsPersonalInfo: 0,
};

describe("opinions.csv records", () => {
  it("follow the published columns and carry the forwarded wording, escaped", () => {
    const record = opinionCsvRecord(row, "[withheld]");
    expect(record).toHaveLength(OPINION_CSV_COLUMNS.length);
    const byColumn = Object.fromEntries(OPINION_CSV_COLUMNS.map((c, i) => [c, record[i]]));
    expect(byColumn.opinion).toBe(`'=HYPERLINK("http://evil.example","x")`);
    expect(byColumn.reason).toBe("理由");
    expect(byColumn.suggested_revision).toBeNull();
    expect(byColumn.forwarded_on).toBe("2022-04-01");
    expect(byColumn.merged_opinions).toBe(2);
  });

  it("withhold every text the collector flagged, and have no column for people", () => {
    const record = opinionCsvRecord({ ...row, containsPersonalInfo: 1, formalOpinion: null, opinion: "我是张三，电话13800000000" }, "[withheld]");
    expect(record).toContain("[withheld]");
    expect(JSON.stringify(record)).not.toMatch(/张三|13800000000/);
    expect(OPINION_CSV_COLUMNS.join()).not.toMatch(/name|phone|collector|receipt/);
  });
});

describe("ETags", () => {
  it("are stable for a body and differ between bodies", async () => {
    expect(await etagOf("{}")).toBe(await etagOf("{}"));
    expect(await etagOf("{}")).not.toBe(await etagOf("[]"));
    expect(await etagOf("{}")).toMatch(/^"[0-9a-f]{32}"$/);
  });

  it("match If-None-Match lists, weak or strong, and *", () => {
    expect(etagMatches('"a", W/"b"', '"b"')).toBe(true);
    expect(etagMatches("*", '"b"')).toBe(true);
    expect(etagMatches('"a"', '"b"')).toBe(false);
    expect(etagMatches(null, '"b"')).toBe(false);
  });
});
