import { describe, expect, it } from "vitest";
import { sendsScripts } from "./scripts";

describe("sendsScripts", () => {
  it("sends the scripts unless a route of the page says hydrate: false", () => {
    expect(sendsScripts([undefined, {}, { hydrate: true }])).toBe(true);
    expect(sendsScripts([undefined, { hydrate: false }])).toBe(false);
    expect(sendsScripts([])).toBe(true);
  });
});
