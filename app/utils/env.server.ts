import { z } from "zod";

// The environment, parsed once at start. A bad value stops the process with one
// line naming the variable, before anything listens or writes.
const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_PATH: z.string().min(1).default("data/zhitongche.db"),
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
  /**
   * Starts the clock at this instant (2026-11-27T10:00:00+08:00, or a day: 09:00 in China),
   * to see the app as it will be on another day. Refused in production.
   */
  NOW: z
    .string()
    .transform((value) => (/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T09:00:00+08:00` : value))
    .refine((value) => /^\d{4}-\d{2}-\d{2}T/.test(value) && !Number.isNaN(Date.parse(value)), "not a date or an ISO 8601 instant")
    .optional(),
}).refine((env) => !(env.NOW && env.NODE_ENV === "production"), { path: ["NOW"], message: "only a development or test server may set the clock" });

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
