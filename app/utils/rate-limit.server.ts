import { nowMs } from "./clock.server";
import { getEnv } from "./env.server";

// Fixed-window counters in memory: the app runs as one process on one SQLite file,
// so one process sees every request. Windows are cleared as they expire.
export class RateLimiter {
  private hits = new Map<string, { count: number; resetAt: number }>();

  /** `limit` is read when used, so that the environment is parsed (and reported) at start, not at import. */
  constructor(
    private readonly limitOf: () => number,
    readonly windowMs: number,
  ) {}

  get limit(): number {
    return this.limitOf();
  }

  /** Counts a hit; false when the key is over its limit for the current window. */
  hit(key: string, now = nowMs()): boolean {
    const entry = this.current(key, now);
    entry.count++;
    return entry.count <= this.limit;
  }

  /** True when the key has used up its window, without counting a hit. */
  isBlocked(key: string, now = nowMs()): boolean {
    return this.current(key, now).count >= this.limit;
  }

  reset(key: string): void {
    this.hits.delete(key);
  }

  private current(key: string, now: number) {
    let entry = this.hits.get(key);
    if (!entry || entry.resetAt <= now) {
      if (this.hits.size > 10_000) this.sweep(now);
      entry = { count: 0, resetAt: now + this.windowMs };
      this.hits.set(key, entry);
    }
    return entry;
  }

  private sweep(now: number) {
    for (const [key, entry] of this.hits) if (entry.resetAt <= now) this.hits.delete(key);
  }
}

const MINUTE = 60_000;

/** Sign-in attempts a minute from one address (10 unless configured). */
export const loginAttemptsByAddress = new RateLimiter(() => getEnv().LOGIN_ATTEMPTS_PER_MINUTE, MINUTE);
/** Receipt lookups a minute from one address, so codes cannot be enumerated. */
export const receiptLookupsByAddress = new RateLimiter(() => 20, MINUTE);
/** Writes (POST and the like) a minute from one address. */
export const writesByAddress = new RateLimiter(() => getEnv().WRITE_RATE_LIMIT_PER_MINUTE, MINUTE);

export function tooManyRequests(): never {
  throw new Response("Too Many Requests", { status: 429, headers: { "Retry-After": "60" } });
}
