import { describe, expect, it } from "vitest";
import { axisTicks, linePoints, scale, shortLabel, stackSegments, textWidth } from "./tracker-charts";

describe("chart geometry", () => {
  it("ends axes on round whole numbers past the largest value", () => {
    expect(axisTicks(770)).toEqual([0, 200, 400, 600, 800]);
    expect(axisTicks(255)).toEqual([0, 100, 200, 300]);
    expect(axisTicks(23)).toEqual([0, 10, 20, 30]);
    expect(axisTicks(3)).toEqual([0, 1, 2, 3]);
    expect(axisTicks(0)).toEqual([0, 1]);
    for (const max of [1, 7, 12, 91, 99, 100, 101, 1001, 66_000]) {
      const ticks = axisTicks(max);
      expect(ticks.every(Number.isInteger)).toBe(true);
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeLessThanOrEqual(6);
    }
  });

  it("estimates label widths, CJK characters wider", () => {
    expect(textWidth("采纳")).toBe(24);
    expect(textWidth("Adopted")).toBe(51);
  });

  it("scales values into the drawing, clamped", () => {
    expect(scale(50, 100, 300)).toBe(150);
    expect(scale(150, 100, 300)).toBe(300);
    expect(scale(-1, 100, 300)).toBe(0);
    expect(scale(5, 0, 300)).toBe(0);
  });

  it("places line points left to right, higher values higher up", () => {
    expect(linePoints([0, 5, 10], { max: 10, width: 200, height: 100 })).toEqual([[0, 100], [100, 50], [200, 0]]);
    expect(linePoints([4], { max: 8, width: 200, height: 100 })).toEqual([[100, 50]]);
  });

  it("stacks bar segments end to end", () => {
    expect(stackSegments([2, 3, 5], { max: 10, length: 100 })).toEqual([{ x: 0, width: 20 }, { x: 20, width: 30 }, { x: 50, width: 50 }]);
  });

  it("shortens long labels, CJK characters counting double", () => {
    expect(shortLabel("中华人民共和国民法典", 8)).toBe("中华人民…");
    expect(shortLabel("Civil Code", 20)).toBe("Civil Code");
  });
});
