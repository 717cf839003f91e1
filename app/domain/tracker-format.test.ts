import { describe, expect, it } from "vitest";
import { formatMonth } from "~/utils/format";
import { draftTitle, rateText } from "./tracker-format";

describe("tracker formatting", () => {
  it("writes rates as percentages, and a dash when there is none", () => {
    expect(rateText(91 / 770, "en")).toBe("11.8%");
    expect(rateText(0.25, "zh-CN")).toBe("25%");
    expect(rateText(null, "en")).toBe("—");
  });

  it("names months in the reader's language", () => {
    expect(formatMonth("2022-03", "en")).toBe("Mar 2022");
    expect(formatMonth("2022-03", "zh-CN")).toBe("2022年3月");
  });

  it("uses the English title only in English and only when there is one", () => {
    expect(draftTitle({ title: "民法典", titleEn: "Civil Code" }, "en")).toBe("Civil Code");
    expect(draftTitle({ title: "民法典", titleEn: null }, "en")).toBe("民法典");
    expect(draftTitle({ title: "民法典", titleEn: "Civil Code" }, "zh-CN")).toBe("民法典");
  });
});
