import { describe, expect, it } from "vitest";
import { idCsv, MAX_LIST } from "./fields";

describe("idCsv", () => {
  it("reads comma-separated ids, ignoring empty parts", () => {
    expect(idCsv.parse("3,14,,15")).toEqual([3, 14, 15]);
    expect(idCsv.parse("")).toEqual([]);
  });

  it("refuses what is not an id, and more than MAX_LIST of them, before the work", () => {
    for (const bad of ["1,x", "1,-2", "1,0", "1.5", "99999999999999999"]) expect(idCsv.safeParse(bad).success, bad).toBe(false);
    expect(idCsv.safeParse(Array.from({ length: MAX_LIST + 1 }, (_, i) => i + 1).join(",")).success).toBe(false);
    expect(idCsv.safeParse("1,".repeat(MAX_LIST * 10)).success).toBe(false);
  });
});
