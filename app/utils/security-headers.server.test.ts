import type { AddressInfo } from "node:net";
import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { securityHeaders } from "./security-headers.server";

let url = "";
let close = () => {};

beforeAll(async () => {
  const app = express();
  app.use((_req, res, next) => {
    res.locals.cspNonce = "bm9uY2Utb2YtdGhlLWFuc3dlcg==";
    next();
  });
  app.use(securityHeaders());
  app.get("/tracker", (_req, res) => res.type("html").send("<!DOCTYPE html><p>tracker</p>"));
  app.get("/open-data/summary.json", (_req, res) => res.json({ opinionsForwarded: 770 }));
  app.get("/open-data/opinions.csv", (_req, res) => res.type("text/csv").send("a,b\n"));
  // As the app's own "not found", a page, also at an address that looked like data.
  app.use((_req, res) => res.status(404).type("html").send("<!DOCTYPE html><p>not found</p>"));
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => server.close();
});
afterAll(() => close());

const DOCUMENT_ONLY = ["cross-origin-opener-policy", "origin-agent-cluster", "referrer-policy", "x-frame-options", "x-dns-prefetch-control", "permissions-policy"];

describe("security headers", () => {
  it("give a page helmet's whole set, its scripts' nonce in the policy, and the permissions it may not ask for", async () => {
    const page = await fetch(`${url}/tracker`);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self' 'nonce-bm9uY2Utb2YtdGhlLWFuc3dlcg=='");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    for (const name of DOCUMENT_ONLY) expect(page.headers.get(name), name).not.toBeNull();
    expect(page.headers.get("permissions-policy")).toContain("camera=()");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    expect(page.headers.get("strict-transport-security")).toBeNull();
  });

  it("give data (.json, .csv) the headers that matter for data, and none meant for documents", async () => {
    for (const path of ["/open-data/summary.json", "/open-data/opinions.csv"]) {
      const answer = await fetch(`${url}${path}`);
      expect(answer.status, path).toBe(200);
      expect(answer.headers.get("content-security-policy"), path).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(answer.headers.get("x-content-type-options"), path).toBe("nosniff");
      expect(answer.headers.get("cross-origin-resource-policy"), path).toBe("same-origin");
      for (const name of DOCUMENT_ONLY) expect(answer.headers.get(name), `${path} ${name}`).toBeNull();
    }
  });

  it("give a page answered at a data address (not found) a page's headers", async () => {
    const missing = await fetch(`${url}/open-data/nothing.json`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get("content-security-policy")).toContain("'nonce-bm9uY2Utb2YtdGhlLWFuc3dlcg=='");
    for (const name of DOCUMENT_ONLY) expect(missing.headers.get(name), name).not.toBeNull();
  });
});
