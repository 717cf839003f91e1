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
    for (const bad of ["//evil.example", "/\\evil.example", "https://evil.example", null, undefined]) expect(safeRedirectPath(bad)).toBe("/");
  });
});
