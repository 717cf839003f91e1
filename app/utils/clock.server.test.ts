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

  it("gives the day the Asia/Shanghai time zone gives, around every midnight there from 1992 to 2100", () => {
    const china = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" });
    for (let day = Date.UTC(1992, 0, 1); day < Date.UTC(2100, 0, 1); day += 37 * 86_400_000) {
      // Midnight in China is 16:00 UTC the day before.
      for (const instant of [day - 8 * 3_600_000 - 1, day - 8 * 3_600_000, day + 43_200_000]) {
        expect(dayInChina(new Date(instant))).toBe(china.format(instant));
      }
    }
  });

  it("refuses what is not an instant", () => {
    expect(() => setClock("next tuesday")).toThrow(/Not an instant/);
  });
});
