import { describe, expect, it } from "vitest";
import { isSameSite } from "./origin";

describe("isSameSite", () => {
  const host = "localhost:3000";
  it("accepts this site's origin, or its referer when origin is missing", () => {
    expect(isSameSite({ origin: "http://localhost:3000", host })).toBe(true);
    expect(isSameSite({ referer: "http://localhost:3000/collect/new", host })).toBe(true);
  });
  it("refuses other sites, opaque origins and requests with neither header", () => {
    expect(isSameSite({ origin: "https://evil.example", host })).toBe(false);
    expect(isSameSite({ origin: "http://localhost:3001", host })).toBe(false);
    expect(isSameSite({ origin: "null", referer: "https://evil.example/x", host })).toBe(false);
    // An opaque origin is refused even with this site's referer: the app behind would refuse it with a 500.
    expect(isSameSite({ origin: "null", referer: "http://localhost:3000/login", host })).toBe(false);
    expect(isSameSite({ host })).toBe(false);
    expect(isSameSite({ origin: "not a url", host })).toBe(false);
  });
});
