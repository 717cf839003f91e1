import pg from "pg";
import { RateLimiterPostgres, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import { nowMs } from "./clock.server";
import { getEnv } from "./env.server";

// Fixed-window counters. With the SQLite file the app runs as one process (or
// several sharing the file through one machine's cluster, each keeping its own
// counts: docs/decisions/015-postgresql-and-instances.md), kept in memory and cleared
// as they expire. With PostgreSQL every instance counts in the rate_limits table
// through rate-limiter-flexible, so an address has one limit however many instances
// serve it.
class MemoryWindows {
  private hits = new Map<string, { count: number; resetAt: number }>();
  constructor(private readonly windowMs: number) {}

  hit(key: string, now: number): number {
    let entry = this.hits.get(key);
    if (!entry || entry.resetAt <= now) {
      if (this.hits.size > 10_000) this.sweep(now);
      entry = { count: 0, resetAt: now + this.windowMs };
      this.hits.set(key, entry);
    }
    return ++entry.count;
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private sweep(now: number) {
    for (const [key, entry] of this.hits) if (entry.resetAt <= now) this.hits.delete(key);
  }
}

let sharedPool: pg.Pool | null = null;
/** A small pool of its own, so that a burst of refused requests never waits behind the app's queries. */
export function rateLimitPool(url: string): pg.Pool {
  if (!sharedPool) {
    sharedPool = new pg.Pool({ connectionString: url, max: 3, application_name: "zhitongche-rate-limits" });
    sharedPool.on("error", () => {});
  }
  return sharedPool;
}

export class RateLimiter {
  private memory: MemoryWindows;
  private shared: RateLimiterAbstract | null | undefined;

  /** `limit` is read when used, so that the environment is parsed (and reported) at start, not at import. */
  constructor(
    readonly name: string,
    private readonly limitOf: () => number,
    readonly windowMs: number,
  ) {
    this.memory = new MemoryWindows(windowMs);
  }

  get limit(): number {
    return this.limitOf();
  }

  /** The PostgreSQL store when the app runs on PostgreSQL (table rate_limits, made by the migration). */
  private store(): RateLimiterAbstract | null {
    if (this.shared === undefined) {
      const url = getEnv().DATABASE_URL;
      this.shared = url
        ? new RateLimiterPostgres({
            storeClient: rateLimitPool(url),
            storeType: "pool",
            tableName: "rate_limits",
            tableCreated: true,
            clearExpiredByTimeout: false,
            keyPrefix: this.name,
            points: this.limit,
            duration: Math.ceil(this.windowMs / 1000),
          })
        : null;
    }
    return this.shared;
  }

  /** Counts a hit; false when the key is over its limit for the current window. */
  async hit(key: string, now = nowMs()): Promise<boolean> {
    const store = this.store();
    if (!store) return this.memory.hit(key, now) <= this.limit;
    try {
      await store.consume(key);
      return true;
    } catch (refused) {
      if (refused instanceof RateLimiterRes) return false;
      // The database cannot count: this instance counts alone until it can again.
      return this.memory.hit(key, now) <= this.limit;
    }
  }

  async reset(key: string): Promise<void> {
    this.memory.reset(key);
    await this.store()?.delete(key);
  }
}

const MINUTE = 60_000;

/** Sign-in attempts a minute from one address (10 unless configured). */
export const loginAttemptsByAddress = new RateLimiter("login", () => getEnv().LOGIN_ATTEMPTS_PER_MINUTE, MINUTE);
/** Receipt lookups a minute from one address, so codes cannot be enumerated. */
export const receiptLookupsByAddress = new RateLimiter("receipt", () => 20, MINUTE);
/** Writes (POST and the like) a minute from one address. */
export const writesByAddress = new RateLimiter("write", () => getEnv().WRITE_RATE_LIMIT_PER_MINUTE, MINUTE);

/** Expired windows of every limiter, deleted by the daily purge (PostgreSQL only). */
export async function deleteExpiredRateLimits(): Promise<void> {
  const url = getEnv().DATABASE_URL;
  if (url) await rateLimitPool(url).query("DELETE FROM rate_limits WHERE expire < $1", [nowMs()]);
}

export function tooManyRequests(): never {
  throw new Response("Too Many Requests", { status: 429, headers: { "Retry-After": "60" } });
}
