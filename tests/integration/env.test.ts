import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { parseEnv } from "~/utils/env.server";

describe("the environment", () => {
  it("has working defaults", () => {
    expect(parseEnv({})).toMatchObject({ PORT: 3000, DATABASE_PATH: "data/zhitongche.db", RESIDENT_DATA_RETENTION_DAYS: 180 });
  });

  it.each([
    ["PORT", "abc"],
    ["PORT", "70000"],
    ["NODE_ENV", "staging"],
    ["RESIDENT_DATA_RETENTION_DAYS", "-1"],
    ["NOW", "tomorrow"],
    ["NOW", "2026-13-45"],
  ])("rejects %s=%s naming the variable", (name, value) => {
    expect(() => parseEnv({ [name]: value })).toThrow(new RegExp(`^Invalid environment: ${name}=`));
  });

  it("sets the clock only outside production", () => {
    expect(parseEnv({ NOW: "2027-01-15" }).NOW).toBe("2027-01-15T09:00:00+08:00");
    expect(parseEnv({ NOW: "2027-01-15T08:00:00Z", NODE_ENV: "test" }).NOW).toBe("2027-01-15T08:00:00Z");
    expect(() => parseEnv({ NOW: "2027-01-15", NODE_ENV: "production" })).toThrow(/^Invalid environment: NOW="2027-01-15" \(only a development or test server/);
  });

  it("stops the server with one clear line and a non-zero exit", () => {
    const result = spawnSync("node_modules/.bin/tsx", ["server.ts"], {
      env: { ...process.env, PORT: "abc", NODE_ENV: "production" },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(result.status).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^Invalid environment: PORT="abc"/);
  });
});
