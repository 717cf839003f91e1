import { describe, expect, it } from "vitest";
import { idParam, safeRedirectPath } from "./http.server";

const status = (fn: () => unknown) => {
  try {
    fn();
    return null;
  } catch (thrown) {
    return thrown instanceof Response ? thrown.status : "not a response";
  }
};

describe("URL parameters", () => {
  it("read a record id, and answer 404 for anything that is not one", () => {
    expect(idParam("12")).toBe(12);
    expect(idParam("999999999999999")).toBe(999999999999999);
    for (const bad of [undefined, "", "0", "012", "-1", "1e3", "1.5", "12abc", " 12", "1234567890123456"]) {
      expect(status(() => idParam(bad)), String(bad)).toBe(404);
    }
  });

  it("only redirect within the site", () => {
    expect(safeRedirectPath("/staff")).toBe("/staff");
    expect(safeRedirectPath("/tracker?year=2022#drafts")).toBe("/tracker?year=2022#drafts");
    const bad = [
      "//evil.example", "/\\evil.example", "https://evil.example", "/\t/evil.example", "/\n/evil.example", "/\r\nSet-Cookie: x=1",
      "/\u0000", "\t//evil.example", "/.//evil.example/..", "", null, undefined,
    ];
    for (const to of bad) expect(safeRedirectPath(to), JSON.stringify(to)).toBe("/");
    // Whatever a form sends, the path stays on this site and holds no line break.
    for (const tricky of ["/%0A", "/%2F%2Fevil.example", "/%09/evil.example", "/..//evil.example"]) {
      const path = safeRedirectPath(tricky);
      expect(new URL(path, "http://here.example").host, tricky).toBe("here.example");
      expect(path).not.toMatch(/[\r\n\t]/);
    }
  });
});
