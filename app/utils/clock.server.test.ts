import { afterEach, describe, expect, it } from "vitest";
import { SEED_NOW } from "../../tests/setup/clock";
import { dayInChina, now, nowIso, setClock, todayInChina } from "./clock.server";

afterEach(() => setClock(SEED_NOW));

describe("the clock", () => {
  it("stands where it is set and runs on from there", async () => {
    setClock("2030-02-03T04:05:06.000Z");
    const first = now().getTime();
    expect(first - Date.parse("2030-02-03T04:05:06.000Z")).toBeLessThan(1000);
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(Date.parse(nowIso())).toBeGreaterThanOrEqual(first);
  });

  it("counts days in China: 16:30 UTC is already the next day there", () => {
    setClock("2026-12-03T16:30:00Z");
    expect(todayInChina()).toBe("2026-12-04");
    expect(dayInChina(new Date("2026-12-03T15:59:59Z"))).toBe("2026-12-03");
  });

  it("refuses what is not an instant", () => {
    expect(() => setClock("next tuesday")).toThrow(/Not an instant/);
  });
});
