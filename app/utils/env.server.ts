import { z } from "zod";

// The environment, parsed once at start. A bad value stops the process with one
// line naming the variable, before anything listens or writes.
const TENCENT_REQUIRED = [
  "TENCENT_SMS_SECRET_ID", "TENCENT_SMS_SECRET_KEY", "TENCENT_SMS_SDK_APP_ID", "TENCENT_SMS_SIGN_NAME",
  "TENCENT_SMS_TEMPLATE_ENACTED", "TENCENT_SMS_TEMPLATE_OUTCOME",
] as const;

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_PATH: z.string().min(1).default("data/zhitongche.db"),
  /** A PostgreSQL server (postgres://user@host:5432/db) instead of the SQLite file; several instances may share it. */
  DATABASE_URL: z.string().regex(/^postgres(?:ql)?:\/\/\S+$/i, "a postgres:// connection string").optional(),
  /** Connections each instance keeps open to PostgreSQL. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Days after feedback is given before a resident's name and phone are erased. */
  RESIDENT_DATA_RETENTION_DAYS: z.coerce.number().int().min(0).max(3650).default(180),
  /** Number of proxies in front of the server whose X-Forwarded-For is trusted. */
  TRUST_PROXY: z.coerce.number().int().min(0).max(10).default(0),
  /** Sign-in attempts allowed per minute from one address. */
  LOGIN_ATTEMPTS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(10),
  /** Writes (POST and the like) allowed per minute from one address. */
  WRITE_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(10_000_000).default(300),
  /** Memory for public pages kept for anonymous readers until the data changes (app/utils/page-cache.server.ts); 0 turns it off. */
  PAGE_CACHE_MB: z.coerce.number().int().min(0).max(4096).default(64),
  PAGE_CACHE_STALE_MS: z.coerce.number().int().min(0).max(10_000).default(1000),
  /** The site's public address, for the links in text messages and the QR codes on printed sheets (default: http://localhost:PORT). */
  SITE_URL: z.string().url().refine((v) => /^https?:\/\//.test(v), "not an http(s) address").transform((v) => v.replace(/\/+$/, "")).optional(),
  /** Who sends text messages to residents: `log` writes them to the log; `tencent` sends them with Tencent Cloud SMS. */
  SMS_PROVIDER: z.enum(["log", "tencent"]).default("log"),
  /** Seconds between the sender's looks at the outbox. */
  SMS_SEND_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(30),
  TENCENT_SMS_SECRET_ID: z.string().min(1).optional(),
  TENCENT_SMS_SECRET_KEY: z.string().min(1).optional(),
  TENCENT_SMS_SDK_APP_ID: z.string().regex(/^\d+$/, "digits only").optional(),
  TENCENT_SMS_SIGN_NAME: z.string().min(1).optional(),
  /** The approved template for "the law was passed": {1} draft, {2} receipt code, {3} address. */
  TENCENT_SMS_TEMPLATE_ENACTED: z.string().regex(/^\d+$/, "digits only").optional(),
  /** The approved template for the outcome: {1} draft, {2} receipt code, {3} outcome, {4} address. */
  TENCENT_SMS_TEMPLATE_OUTCOME: z.string().regex(/^\d+$/, "digits only").optional(),
  TENCENT_SMS_REGION: z.string().regex(/^[a-z]+-[a-z]+$/, "a region such as ap-guangzhou").default("ap-guangzhou"),
  TENCENT_SMS_ENDPOINT: z.string().url().default("https://sms.tencentcloudapi.com"),
  /**
   * Starts the clock at this instant (2026-11-27T10:00:00+08:00, or a day: 09:00 in China),
   * to see the app as it will be on another day. Refused in production.
   */
  NOW: z
    .string()
    .transform((value) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T09:00:00+08:00` : value))
    .refine((value) => /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)), "not a date or an ISO 8601 instant")
    .optional(),
})
  .refine((env) => !(env.NOW && env.NODE_ENV === "production"), { path: ["NOW"], message: "only a development or test server may set the clock" })
  .superRefine((env, ctx) => {
    if (env.SMS_PROVIDER !== "tencent") return;
    for (const key of TENCENT_REQUIRED) if (!env[key]) ctx.addIssue({ code: "custom", path: [key], message: "required when SMS_PROVIDER=tencent" });
  });


export type Env = z.infer<typeof schema>;

export class EnvError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty variable is treated as unset, as shells and .env files often leave them.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = schema.safeParse(cleaned);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join(".")}=${JSON.stringify(source[String(issue.path[0])])} (${issue.message})`,
    );
    throw new EnvError(`Invalid environment: ${problems.join("; ")}`);
  }
  return result.data;
}

let cached: Env | undefined;

export function getEnv(): Env {
  cached ??= parseEnv(process.env);
  return cached;
}

/** The site's public address, without a trailing slash: where the links in messages and on printed sheets point. */
export function siteUrl(env: Env = getEnv()): string {
  return env.SITE_URL ?? `http://localhost:${env.PORT}`;
}
