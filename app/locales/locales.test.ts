import { describe, expect, it } from "vitest";
import { resources } from "./index";

function keys(value: unknown, prefix = ""): string[] {
  if (typeof value !== "object" || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe("translations", () => {
  it("have the same keys in zh-CN and en, none empty", () => {
    expect(Object.keys(resources.en)).toEqual(Object.keys(resources["zh-CN"]));
    for (const ns of Object.keys(resources["zh-CN"]) as (keyof (typeof resources)["zh-CN"])[]) {
      expect(keys(resources.en[ns]).sort()).toEqual(keys(resources["zh-CN"][ns]).sort());
    }
    const strings = JSON.stringify(resources).match(/"[^"]*"/g) ?? [];
    expect(strings).not.toContain('""');
  });
});
