import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Rules about the code itself, checked on its text.

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [file] : [];
  });
}

describe("time", () => {
  it("is read from the machine only by app/utils/clock.server.ts", () => {
    const readers = [...sourceFiles("app"), ...sourceFiles("db"), "server.ts"].filter((file) => {
      if (file === path.join("app", "utils", "clock.server.ts")) return false;
      return /new Date\(\)|Date\.now\(\)/.test(fs.readFileSync(file, "utf8"));
    });
    expect(readers).toEqual([]);
  });
});
