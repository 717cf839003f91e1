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
    ["SMS_PROVIDER", "pigeon"],
    ["SITE_URL", "ftp://example.org"],
    ["TENCENT_SMS_SDK_APP_ID", "app"],
  ])("rejects %s=%s naming the variable", (name, value) => {
    expect(() => parseEnv({ [name]: value })).toThrow(new RegExp(`^Invalid environment: ${name}=`));
  });

  it("sets the clock only outside production", () => {
    expect(parseEnv({ NOW: "2027-01-15" }).NOW).toBe("2027-01-15T09:00:00+08:00");
    expect(parseEnv({ NOW: "2027-01-15T08:00:00Z", NODE_ENV: "test" }).NOW).toBe("2027-01-15T08:00:00Z");
    expect(() => parseEnv({ NOW: "2027-01-15", NODE_ENV: "production" })).toThrow(/^Invalid environment: NOW="2027-01-15" \(only a development or test server/);
  });

  it("needs every Tencent Cloud SMS setting when texts go through Tencent Cloud, and none otherwise", () => {
    expect(parseEnv({}).SMS_PROVIDER).toBe("log");
    expect(() => parseEnv({ SMS_PROVIDER: "tencent", TENCENT_SMS_SECRET_ID: "AKID1" })).toThrow(/TENCENT_SMS_SECRET_KEY=undefined \(required when SMS_PROVIDER=tencent\)/);
    const full = {
      SMS_PROVIDER: "tencent", TENCENT_SMS_SECRET_ID: "AKID1", TENCENT_SMS_SECRET_KEY: "k", TENCENT_SMS_SDK_APP_ID: "1400000001",
      TENCENT_SMS_SIGN_NAME: "江海区人大", TENCENT_SMS_TEMPLATE_ENACTED: "1001", TENCENT_SMS_TEMPLATE_OUTCOME: "1002",
    };
    expect(parseEnv(full)).toMatchObject({ TENCENT_SMS_REGION: "ap-guangzhou", TENCENT_SMS_ENDPOINT: "https://sms.tencentcloudapi.com" });
    expect(parseEnv({ SITE_URL: "https://lfd.jianghai.gov.cn/" }).SITE_URL).toBe("https://lfd.jianghai.gov.cn");
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
