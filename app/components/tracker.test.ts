import { describe, expect, it } from "vitest";
import { formatMonth } from "~/utils/format";
import { rateText } from "./tracker";

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
});
