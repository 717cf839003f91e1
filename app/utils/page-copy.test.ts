import crypto from "node:crypto";
import zlib from "node:zlib";
import { describe, expect, it } from "vitest";
import { acceptsGzip, pageCopy } from "./page-copy.server";

const nonce = () => crypto.randomBytes(16).toString("base64");

describe("a kept page", () => {
  it("is sent with each request's nonce, plain and gzipped, the same text either way", () => {
    const made = nonce();
    const text = "采纳追踪：草案、联系点与网格。".repeat(3000);
    const body = `<!DOCTYPE html><script nonce="${made}">a()</script><p>${text}</p><script nonce="${made}">b()</script>`;
    const copy = pageCopy(body, made);
    for (const other of [nonce(), nonce()]) {
      const expected = body.replaceAll(made, other);
      expect(copy.plain(other).toString("utf8")).toBe(expected);
      const gzipped = copy.gzip(other);
      // Node checks the CRC-32 and length of the trailer as it inflates.
      expect(zlib.gunzipSync(gzipped).toString("utf8")).toBe(expected);
      expect(gzipped.length).toBeLessThan(Buffer.byteLength(expected) / 10);
    }
  });

  it("starts or ends with its nonce, or holds none (JSON), and still inflates", () => {
    const made = nonce();
    for (const body of [`${made}x${made}`, made, "{\"opinions\":1}", ""]) {
      const copy = pageCopy(body, body.includes(made) ? made : "");
      const other = nonce();
      const expected = body.includes(made) ? body.replaceAll(made, other) : body;
      expect(zlib.gunzipSync(copy.gzip(other)).toString("utf8")).toBe(expected);
      expect(copy.plain(other).toString("utf8")).toBe(expected);
    }
  });
});

describe("Accept-Encoding", () => {
  it("accepts gzip by name or by *, unless its weight is 0", () => {
    expect(acceptsGzip("gzip, deflate, br")).toBe(true);
    expect(acceptsGzip("br;q=1.0, GZIP;q=0.5")).toBe(true);
    expect(acceptsGzip("*")).toBe(true);
    expect(acceptsGzip("gzip;q=0, *")).toBe(false);
    expect(acceptsGzip("*;q=0")).toBe(false);
    expect(acceptsGzip("identity")).toBe(false);
    expect(acceptsGzip("gzip;q=abc")).toBe(false);
    expect(acceptsGzip(undefined)).toBe(false);
    expect(acceptsGzip("")).toBe(false);
  });
});
