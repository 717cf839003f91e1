import http from "node:http";
import type { AddressInfo } from "node:net";
import zlib from "node:zlib";
import compression from "compression";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { gzipSmallPages } from "./small-pages.server";

// As the server puts it: after compression(), so that compression sees the page encoded.

const page = `<!DOCTYPE html><p>${"回执查询".repeat(400)}</p>`;
let origin = "";
let server: http.Server;

beforeAll(async () => {
  const app = express();
  app.use(compression());
  app.use(gzipSmallPages());
  app.get("/whole", (_req, res) => void res.type("html").end(page));
  app.get("/written", (_req, res) => {
    res.type("html").write(page);
    res.end();
  });
  app.get("/streamed", (_req, res) => {
    res.type("html").write(page);
    res.write(page);
    res.end();
  });
  app.get("/tiny", (_req, res) => void res.type("html").send("<p>ok</p>"));
  app.get("/large", (_req, res) => void res.type("html").end(page.repeat(5)));
  app.get("/json", (_req, res) => void res.json({ page }));
  app.get("/missing", (_req, res) => void res.status(404).type("html").send(page));
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** The raw answer: status, headers and the bytes as sent. */
function get(path: string, encoding = "gzip"): Promise<{ status: number; headers: http.IncomingHttpHeaders; bytes: Buffer }> {
  return new Promise((resolve, reject) => {
    http.get(origin + path, { headers: encoding ? { "accept-encoding": encoding } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, bytes: Buffer.concat(chunks) }));
    }).on("error", reject);
  });
}

describe("a small page written whole", () => {
  it("is gzipped at once, with its length, whether given to end() or written then ended", async () => {
    for (const path of ["/whole", "/written"]) {
      const { headers, bytes } = await get(path);
      expect(headers["content-encoding"]).toBe("gzip");
      expect(Number(headers["content-length"])).toBe(bytes.length);
      expect(headers.vary).toMatch(/accept-encoding/i);
      expect(zlib.gunzipSync(bytes).toString("utf8")).toBe(page);
    }
  });

  it("an error page too, with its status", async () => {
    const { status, headers, bytes } = await get("/missing");
    expect([status, headers["content-encoding"]]).toEqual([404, "gzip"]);
    expect(zlib.gunzipSync(bytes).toString("utf8")).toBe(page);
  });

  it("leaves to compression what comes in pieces, what is larger, and what is not HTML", async () => {
    const streamed = await get("/streamed");
    expect([streamed.headers["content-encoding"], streamed.headers["content-length"]]).toEqual(["gzip", undefined]);
    expect(zlib.gunzipSync(streamed.bytes).toString("utf8")).toBe(page + page);
    // A whole page too large to gzip in the request's own turn.
    const large = await get("/large");
    expect(large.headers["content-encoding"]).toBe("gzip");
    expect(zlib.gunzipSync(large.bytes).toString("utf8")).toBe(page.repeat(5));
    expect(large.headers["content-length"]).toBeUndefined();
    const json = await get("/json");
    expect(json.headers["content-encoding"]).toBe("gzip");
    expect(JSON.parse(zlib.gunzipSync(json.bytes).toString("utf8"))).toEqual({ page });
  });

  it("sends as they are a page too small to gain, and any page to a reader who does not take gzip", async () => {
    const tiny = await get("/tiny");
    expect([tiny.headers["content-encoding"], tiny.bytes.toString("utf8")]).toEqual([undefined, "<p>ok</p>"]);
    const plain = await get("/whole", "");
    expect([plain.headers["content-encoding"], plain.bytes.toString("utf8")]).toEqual([undefined, page]);
  });
});
