import { describe, expect, it } from "vitest";
import { can, scopeFor } from "./permissions";

describe("permissions", () => {
  it("give each role the widest scope it holds", () => {
    expect(scopeFor("informant", "create", "opinion")).toBe("own-grids");
    expect(scopeFor("liaison", "create", "opinion")).toBe("contact-point");
    expect(scopeFor("liaison", "read", "opinion")).toBe("contact-point");
    expect(scopeFor("staff", "forward", "opinion")).toBe("any");
    expect(scopeFor("informant", "forward", "opinion")).toBeNull();
    expect(scopeFor("cppcc", "create", "opinion")).toBeNull();
    expect(scopeFor("admin", "read", "opinion")).toBeNull();
  });

  it("let a wider scope cover a narrower one, never the reverse", () => {
    expect(can("liaison", "read", "opinion", "own")).toBe(true);
    expect(can("informant", "read", "opinion", "contact-point")).toBe(false);
    expect(can("staff", "read", "opinion", "contact-point")).toBe(true);
    expect(can("cppcc", "create", "consultation", "any")).toBe(true);
    expect(can("liaison", "create", "consultation")).toBe(false);
    expect(can("informant", "create", "consultation")).toBe(false);
    expect(can("admin", "manage", "user", "any")).toBe(true);
    expect(can("staff", "manage", "user")).toBe(false);
  });
});
