import { describe, expect, it } from "vitest";
import {
  checkOutcome, MAX_ATTEMPTS, mentionsResident, messageParams, needsReason, nextStep, retryDelayMs, shortDraftTitle, timeline, type TimelineFacts,
} from "./feedback";

describe("outcome reasons", () => {
  it("are required unless the opinion was adopted", () => {
    expect(needsReason("adopted")).toBe(false);
    expect(needsReason("partly_adopted")).toBe(true);
    expect(needsReason("not_adopted")).toBe(true);
    expect(checkOutcome({ outcome: "adopted", reason: null })).toBeNull();
    expect(checkOutcome({ outcome: "partly_adopted", reason: "  " })).toEqual({ reason: "feedback:errors.reasonRequired" });
    expect(checkOutcome({ outcome: "not_adopted", reason: null })).toEqual({ reason: "feedback:errors.reasonRequired" });
    expect(checkOutcome({ outcome: "not_adopted", reason: "已由其他法律规定。" })).toBeNull();
    expect(checkOutcome({ outcome: "adopted", reason: "长".repeat(501) })).toEqual({ reason: "validation.tooLong" });
  });

  it("may not name a resident: a mobile number however written, or a kept name or phone", () => {
    expect(mentionsResident("请联系 138 1234 5678", [])).toBe(true);
    expect(mentionsResident("请联系13812345678。", [])).toBe(true);
    expect(mentionsResident("见第138条", [])).toBe(false);
    expect(mentionsResident("王小明的意见已吸收", ["王小明"])).toBe(true);
    expect(mentionsResident("已吸收", ["王小明", "13900001111"])).toBe(false);
    // One character is no name to look for.
    expect(mentionsResident("王道", ["王"])).toBe(false);
  });
});

describe("the outbox's waits", () => {
  it("double after each failure, from a minute to at most six hours", () => {
    expect([1, 2, 3, 4, 5].map(retryDelayMs)).toEqual([1, 2, 4, 8, 16].map((m) => m * 60_000));
    expect(retryDelayMs(30)).toBe(6 * 60 * 60_000);
    expect(MAX_ATTEMPTS).toBeGreaterThan(1);
  });
});

describe("text messages", () => {
  it("name the draft briefly and carry the receipt code and the page, never more", () => {
    expect(shortDraftTitle("中华人民共和国未成年人保护法（草案）")).toBe("未成年人保护法");
    expect([...shortDraftTitle("一二三四五六七八九十一二三四五六七八九十一二三")]).toHaveLength(20);
    expect(messageParams({ kind: "outcome", draftTitle: "中华人民共和国反电信网络诈骗法（草案）", receiptCode: "ABCD2345", outcomeWords: "采纳", url: "https://x.cn/r?code=ABCD2345" }))
      .toEqual(["反电信网络诈骗法", "ABCD2345", "采纳", "https://x.cn/r?code=ABCD2345"]);
    expect(messageParams({ kind: "enacted", draftTitle: "某法", receiptCode: "ABCD2345", outcomeWords: null, url: "u" })).toEqual(["某法", "ABCD2345", "u"]);
  });
});

describe("the timeline behind a receipt code", () => {
  const base: TimelineFacts = {
    collectedOn: "2022-05-01", contactPoint: "江海街道联系点", status: "collected", reviewedOn: null, notForwardedReason: null, merged: false,
    report: null, enactedOn: null, outcome: null, feedback: [],
  };
  const steps = (f: Partial<TimelineFacts>) => timeline({ ...base, ...f }).map((s) => s.step);
  const outcome = { outcome: "partly_adopted" as const, reason: "部分吸收", finalArticleNumber: 12, finalArticleText: "第十二条　……" };

  it("lists the steps each state has been through, and what comes next", () => {
    const cases: [Partial<TimelineFacts>, string[], string | null][] = [
      [{}, ["collected"], "review"],
      [{ status: "withdrawn" }, ["collected", "withdrawn"], null],
      [{ status: "under_review", reviewedOn: "2022-05-10" }, ["collected", "reviewed"], "decision"],
      [{ status: "not_forwarded", reviewedOn: "2022-05-10", notForwardedReason: "与草案无关" }, ["collected", "reviewed", "notForwarded"], "told"],
      [{ status: "merged", reviewedOn: "2022-05-10", merged: true }, ["collected", "reviewed", "merged"], "decision"],
      [{ status: "merged", reviewedOn: "2022-05-10", merged: true, report: { number: 1, sentOn: "2022-06-01" } }, ["collected", "reviewed", "merged", "forwarded"], "enactment"],
      [{ status: "forwarded", reviewedOn: "2022-05-10", report: { number: 2, sentOn: "2022-06-01" } }, ["collected", "reviewed", "forwarded"], "enactment"],
      [{ status: "forwarded", reviewedOn: "2022-05-10", report: { number: 2, sentOn: "2022-06-01" }, enactedOn: "2022-10-30" }, ["collected", "reviewed", "forwarded", "enacted"], "outcome"],
      [{ status: "partly_adopted", reviewedOn: "2022-05-10", report: { number: 2, sentOn: "2022-06-01" }, enactedOn: "2022-10-30", outcome }, ["collected", "reviewed", "forwarded", "enacted", "outcome"], "told"],
      [
        { status: "feedback_given", reviewedOn: "2022-05-10", report: { number: 2, sentOn: "2022-06-01" }, enactedOn: "2022-10-30", outcome, feedback: [{ channel: "lookup", on: "2022-11-20" }, { channel: "sms", on: "2022-11-19" }] },
        ["collected", "reviewed", "forwarded", "enacted", "outcome", "told"], null,
      ],
      [{ status: "feedback_given", reviewedOn: "2022-05-10", notForwardedReason: "重复", feedback: [{ channel: "in_person", on: "2022-06-01" }] }, ["collected", "reviewed", "notForwarded", "told"], null],
    ];
    for (const [facts, expected, next] of cases) {
      expect(steps(facts)).toEqual(expected);
      expect(nextStep({ ...base, ...facts })).toBe(next);
    }
  });

  it("gives the outcome's reason and final article, and the first day the resident was told, by every channel", () => {
    const all = timeline({
      ...base, status: "feedback_given", reviewedOn: "2022-05-10", report: { number: 2, sentOn: "2022-06-01" }, enactedOn: "2022-10-30", outcome,
      feedback: [{ channel: "lookup", on: "2022-11-20" }, { channel: "sms", on: "2022-11-19" }],
    });
    expect(all.find((s) => s.step === "outcome")).toEqual({ step: "outcome", ...outcome });
    expect(all.find((s) => s.step === "told")).toEqual({ step: "told", on: "2022-11-19", channels: ["lookup", "sms"] });
    expect(all[0]).toEqual({ step: "collected", on: "2022-05-01", contactPoint: "江海街道联系点" });
  });
});
