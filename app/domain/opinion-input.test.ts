import { describe, expect, it } from "vitest";
import { parseDate } from "./dates";
import { normalizePhone, opinionFields, parseArticleRef } from "./opinion-input";

describe("parseArticleRef", () => {
  it.each([
    ["第十二条", 12], ["十二", 12], ["12", 12], ["１２", 12], ["第12条", 12], ["第一百零三条", 103], [" 第 三 条 ", 3],
  ])("reads %s as %i", (input, n) => expect(parseArticleRef(input)).toBe(n));
  it.each(["", "总体意见", "总体", "general"])("reads %j as a general comment", (input) => expect(parseArticleRef(input)).toBeNull());
  it.each(["第x条", "abc", "0", "-3", "第条"])("rejects %j", (input) => expect(parseArticleRef(input)).toBeUndefined());
});

describe("parseDate", () => {
  it.each([
    ["2022-10-25", "2022-10-25"], ["2022/10/25", "2022-10-25"], ["2022年10月25日", "2022-10-25"],
    ["２０２２年１０月５日", "2022-10-05"], ["2022.1.5", "2022-01-05"],
  ])("reads %s", (input, out) => expect(parseDate(input)).toBe(out));
  it.each(["2022-02-30", "25/10/2022", "yesterday", "", "2022-13-01"])("rejects %j", (input) => expect(parseDate(input)).toBeNull());
});

describe("normalizePhone", () => {
  it.each([
    ["13812345678", "13812345678"], ["138 1234 5678", "13812345678"], ["+86 138-1234-5678", "13812345678"],
    ["１３８１２３４５６７８", "13812345678"], ["0750-3123456", "07503123456"],
  ])("accepts %s", (input, out) => expect(normalizePhone(input)).toBe(out));
  it.each(["12345", "1381234567", "23812345678", "phone"])("rejects %s", (input) => expect(normalizePhone(input)).toBeNull());
});

describe("opinionFields", () => {
  const base = { article: "12", gridId: "5", channel: "seminar", collectedOn: "2022/10/25", submitterCategory: "resident", opinion: "建议增加宣传。" };
  it("parses a complete opinion", () => {
    const r = opinionFields.safeParse({ ...base, consent: "on", residentName: "王伟", residentPhone: "138 1234 5678" });
    expect(r.success && r.data).toMatchObject({ article: 12, gridId: 5, collectedOn: "2022-10-25", consent: true, residentPhone: "13812345678" });
  });
  it("refuses a name or phone without consent", () => {
    const r = opinionFields.safeParse({ ...base, residentName: "王伟" });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path[0])).toContain("consent");
  });
  it("reports an invalid phone, a bad date and a missing opinion beside their fields", () => {
    const r = opinionFields.safeParse({ ...base, consent: "on", residentPhone: "12345", collectedOn: "2022-02-30", opinion: " " });
    expect(r.success).toBe(false);
    const byField = Object.fromEntries(r.error!.issues.map((i) => [i.path[0], i.message]));
    expect(byField).toMatchObject({ residentPhone: "collect:errors.phone", collectedOn: "collect:errors.date", opinion: "collect:errors.opinion" });
  });
});
