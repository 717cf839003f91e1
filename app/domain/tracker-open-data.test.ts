import { describe, expect, it } from "vitest";
import { etagMatches, etagOf, OPINION_CSV_COLUMNS, opinionCsvRecord, type OpinionCsvSource } from "./tracker-open-data";

const row: OpinionCsvSource = {
  id: 7, draft_id: 2, draft_title: "某某法（草案）", requesting_body: "全国人大常委会法制工作委员会", article_number: 12,
  street: "外海街道", community: "金溪社区", grid_code: "440704004002001", contact_point_code: "JH-L-02",
  channel: "seminar", submitter_category: "resident", collected_on: "2022-03-01", sent_on: "2022-04-01", status: "adopted",
  outcome: "adopted", final_article_number: 15, enacted_on: "2022-06-01", merged_opinions: 2,
  opinion: "原话", suggested_revision: null, reason: "理由", formal_opinion: '=HYPERLINK("http://evil.example","x")',
  formal_revision: null, formal_reason: null, contains_personal_info: 0,
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
    const record = opinionCsvRecord({ ...row, contains_personal_info: 1, formal_opinion: null, opinion: "我是张三，电话13800000000" }, "[withheld]");
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
