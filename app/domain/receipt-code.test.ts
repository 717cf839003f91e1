import { describe, expect, it } from "vitest";
import { seededRandom } from "./random";
import { generateReceiptCode, isReceiptCode, normalizeReceiptCode, RECEIPT_ALPHABET } from "./receipt-code";

describe("receipt codes", () => {
  it("are 8 characters without look-alikes", () => {
    expect(RECEIPT_ALPHABET).not.toMatch(/[01OIL]/);
    const rng = seededRandom(1);
    for (let i = 0; i < 1000; i++) {
      const code = generateReceiptCode(rng.int);
      expect(code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
      expect(isReceiptCode(code)).toBe(true);
    }
  });

  it("accept what a person types: lower case, spaces, dashes, full-width", () => {
    expect(normalizeReceiptCode(" ab3d-ef4g ")).toBe("AB3DEF4G");
    expect(normalizeReceiptCode("ＡＢ３ＤＥＦ４Ｇ")).toBe("AB3DEF4G");
    expect(isReceiptCode("AB3DEF4O")).toBe(false);
    expect(isReceiptCode("AB3DEF4")).toBe(false);
  });
});
