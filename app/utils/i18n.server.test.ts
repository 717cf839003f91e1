import { describe, expect, it, vi } from "vitest";
import { i18nInstance } from "./i18n.server";

// Each language's instance keeps its lookup order and its translations without values
// (i18n.server.ts): what a page gets must be what i18next gives.

describe("the server's translations", () => {
  it("give the same text the first time and from what was kept, in each language, through a fixed t() as the pages use", async () => {
    for (const [lng, title] of [["en", "Adoption tracker"], ["zh-CN", "采纳追踪"]] as const) {
      const i18n = await i18nInstance(lng);
      const t = i18n.getFixedT(lng);
      expect(t("tracker:title")).toBe(title);
      expect(t("tracker:title")).toBe(title);
      expect(i18n.t("tracker:title")).toBe(title);
    }
  });

  it("look a translation without values up once, also through the t() react-i18next's useTranslation makes", async () => {
    const i18n = await i18nInstance("zh-CN");
    // useTranslation() without a language: getFixedT(null, namespace), which passes { lngs: null, ns }.
    const t = i18n.getFixedT(null, "common");
    expect(t("tracker:lead")).toBe((await i18nInstance("zh-CN")).getFixedT("zh-CN")("tracker:lead"));
    // The instance's translator (not in i18next's types) looks a key up.
    const translate = vi.spyOn((i18n as unknown as { translator: { translate: () => unknown } }).translator, "translate");
    expect(t("tracker:lead")).not.toBe("tracker:lead");
    expect(t("nav.home")).toBe(t("nav.home"));
    expect(translate).toHaveBeenCalledTimes(1);
    translate.mockRestore();
  });

  it("put values in and choose plurals each time: a translation with values is never the kept one", async () => {
    const t = (await i18nInstance("en")).getFixedT("en");
    expect(t("tracker:figures.rateEnacted", { count: 1 })).toBe("adoption rate (the 1 enacted draft only)");
    expect(t("tracker:figures.rateEnacted", { count: 3 })).toBe("adoption rate (the 3 enacted drafts only)");
    expect(t("tracker:figures.rateEnacted", { count: 1 })).toBe("adoption rate (the 1 enacted draft only)");
  });

  it("answer another language asked of an instance in that language, not the instance's own", async () => {
    const t = (await i18nInstance("en")).getFixedT("en");
    expect(t("tracker:title")).toBe("Adoption tracker");
    expect(t("tracker:title", { lng: "zh-CN" })).toBe("采纳追踪");
  });
});
