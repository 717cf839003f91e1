import { describe, expect, it } from "vitest";
import { draftTitle } from "./draft-title";

describe("tracker names", () => {
  it("uses the English title only in English and only when there is one", () => {
    expect(draftTitle({ title: "民法典", titleEn: "Civil Code" }, "en")).toBe("Civil Code");
    expect(draftTitle({ title: "民法典", titleEn: null }, "en")).toBe("民法典");
    expect(draftTitle({ title: "民法典", titleEn: "Civil Code" }, "zh-CN")).toBe("民法典");
  });
});
