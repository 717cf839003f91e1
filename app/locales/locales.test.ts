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

describe("the keys the code uses", () => {
  it("all exist: every literal i18n key in app/ names a translation", async () => {
    const fs = await import("node:fs");
    const path = await import("node:path");
    const files = (dir: string): string[] =>
      fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [path.join(dir, e.name)] : []));
    const namespaces = Object.keys(resources["zh-CN"]).join("|");
    const pattern = new RegExp(`["'\`]((?:${namespaces}):[A-Za-z0-9_.]+|validation\\.[A-Za-z0-9_]+)["'\`]`, "g");
    const missing: string[] = [];
    for (const file of files("app").filter((f) => !f.includes(`${path.sep}locales${path.sep}`))) {
      for (const [, key] of fs.readFileSync(file, "utf8").matchAll(pattern)) {
        if (key.endsWith(".")) continue; // a prefix completed at run time
        const [ns, rest] = key.includes(":") ? key.split(":") : ["common", key];
        let parent: unknown = (resources["zh-CN"] as Record<string, unknown>)[ns];
        const parts = rest.split(".");
        for (const part of parts.slice(0, -1)) parent = (parent as Record<string, unknown> | undefined)?.[part];
        const last = parts.at(-1)!;
        const holder = parent as Record<string, unknown> | undefined;
        // A key used with a count resolves to its plural forms (key_other, key_one).
        if (typeof holder?.[last] !== "string" && typeof holder?.[`${last}_other`] !== "string") missing.push(`${file}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
