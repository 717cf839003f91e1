import { describe, expect, it } from "vitest";
import { assertTransition, canTransition, TransitionError } from "./opinion-status";

describe("the opinion lifecycle", () => {
  it.each([
    ["collected", "under_review"],
    ["under_review", "forwarded"],
    ["under_review", "merged"],
    ["under_review", "not_forwarded"],
    ["forwarded", "adopted"],
    ["forwarded", "partly_adopted"],
    ["forwarded", "not_adopted"],
    ["adopted", "feedback_given"],
    ["merged", "under_review"],
  ] as const)("allows %s → %s", (from, to) => {
    expect(canTransition(from, to)).toBe(true);
  });

  it.each([
    ["collected", "forwarded"],
    ["collected", "adopted"],
    ["forwarded", "collected"],
    ["adopted", "not_adopted"],
    ["feedback_given", "collected"],
    ["withdrawn", "collected"],
    ["under_review", "adopted"],
  ] as const)("refuses %s → %s", (from, to) => {
    expect(canTransition(from, to)).toBe(false);
    expect(() => assertTransition(from, to)).toThrow(TransitionError);
  });
});
