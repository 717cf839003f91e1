import { describe, expect, it } from "vitest";
import { escapeFormula } from "./spreadsheet-cells";

describe("CSV cells", () => {
  it("escapes cells a spreadsheet would run as formulas", () => {
    expect(escapeFormula('=HYPERLINK("http://evil.example","点我")')).toBe(`'=HYPERLINK("http://evil.example","点我")`);
    for (const bad of ["+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "  =1", "＝1"]) expect(escapeFormula(bad).startsWith("'")).toBe(true);
    for (const fine of ["建议=细化", "2022-01-05", "第3条", ""]) expect(escapeFormula(fine)).toBe(fine);
  });
});
