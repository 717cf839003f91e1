import crypto from "node:crypto";
import type pg from "pg";
import { nowMs } from "./clock.server";
import { getEnv } from "./env.server";
import { rateLimitPool } from "./rate-limit.server";

// Slowing down password guessing without letting anyone lock a user out.
//
// Failed sign-ins are counted per account and address: after a few, that address
// waits before it may try that account again, a wait that doubles with each further
// failure. Someone guessing elsewhere therefore never delays the user at their own
// address. Failures from all addresses together are counted per account as well, so
// that many addresses cannot guess freely; that wait does not apply to a browser the
// account signed in from before (its device cookie, OWASP's "device cookies") nor to
// an address it signed in from in the last 90 days, so the user on their own phone or
// desk can always sign in.
//
// With the SQLite file the counts are kept in this process's memory; with PostgreSQL
// in the rate_limits table, so that every instance counts the same failures
// (docs/decisions/015-postgresql-and-instances.md).

const FREE_FAILURES = 5;
const ACCOUNT_FREE_FAILURES = 20;
const FIRST_WAIT_MS = 30_000;
const LONGEST_WAIT_MS = 60 * 60_000;
/** A failure is forgotten this long after the last one. */
const MEMORY_MS = 24 * 60 * 60_000;
const DEVICE_TRUST_MS = 90 * 24 * 60 * 60_000;
const MAX_KEYS = 50_000;

/** Failures still remembered under one key: how many, and when the last was. */
type Failures = { count: number; last: number };

/** Where failures and trusted devices are kept. */
export type ThrottleStore = {
  failures(key: string, now: number): Promise<Failures | undefined>;
  /** Counts one more failure (starting afresh when the earlier ones are forgotten). */
  fail(key: string, now: number): Promise<Failures>;
  forget(key: string): Promise<void>;
  trust(key: string, until: number, now: number): Promise<void>;
  trustedUntil(key: string): Promise<number>;
};

/** Until when an address must wait after these failures (0 while the first `free` are free). */
const waitUntil = (failures: Failures | undefined, free: number) =>
  failures && failures.count >= free ? failures.last + Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** (failures.count - free)) : 0;

export class LoginThrottle {
  private store: ThrottleStore | undefined;

  /** `store` is chosen when first used, once the environment is read. */
  constructor(private readonly storeOf: () => ThrottleStore) {}

  private get kept(): ThrottleStore {
    return (this.store ??= this.storeOf());
  }

  /** Milliseconds to wait before this address may try this account again (0: now). */
  async waitFor({ account, address, device }: { account: string; address: string; device: string | null }, now = nowMs()): Promise<number> {
    const pair = await this.kept.failures(`pair ${account} ${address}`, now);
    const trusted =
      (device && (await this.kept.trustedUntil(`${account} device ${device}`)) > now) || (await this.kept.trustedUntil(`${account} address ${address}`)) > now;
    const wide = trusted ? undefined : await this.kept.failures(`account ${account}`, now);
    return Math.max(0, waitUntil(pair, FREE_FAILURES) - now, waitUntil(wide, ACCOUNT_FREE_FAILURES) - now);
  }

  /** Counts a failure; returns the wait it now imposes on this address (0 while the first tries are free). */
  async fail({ account, address }: { account: string; address: string }, now = nowMs()): Promise<number> {
    const pair = await this.kept.fail(`pair ${account} ${address}`, now);
    await this.kept.fail(`account ${account}`, now);
    return Math.max(0, waitUntil(pair, FREE_FAILURES) - now);
  }

  /** A success clears the address's failures and trusts the device for this account. */
  async succeed({ account, address, device }: { account: string; address: string; device: string }, now = nowMs()): Promise<void> {
    await this.kept.forget(`pair ${account} ${address}`);
    await this.kept.trust(`${account} device ${device}`, now + DEVICE_TRUST_MS, now);
    await this.kept.trust(`${account} address ${address}`, now + DEVICE_TRUST_MS, now);
  }
}

/** This process's memory, swept when it holds many keys. */
export function memoryThrottleStore(): ThrottleStore {
  const failures = new Map<string, Failures>();
  const devices = new Map<string, number>();
  const current = (key: string, now: number) => {
    const entry = failures.get(key);
    if (entry && now - entry.last > MEMORY_MS) failures.delete(key);
    return failures.get(key);
  };
  const sweep = (now: number) => {
    if (failures.size > MAX_KEYS) for (const [key, e] of failures) if (now - e.last > MEMORY_MS || waitUntil(e, FREE_FAILURES) < now) failures.delete(key);
    if (devices.size > MAX_KEYS) for (const [key, until] of devices) if (until < now) devices.delete(key);
  };
  return {
    failures: async (key, now) => current(key, now),
    fail: async (key, now) => {
      const entry = { count: (current(key, now)?.count ?? 0) + 1, last: now };
      failures.set(key, entry);
      sweep(now);
      return entry;
    },
    forget: async (key) => void failures.delete(key),
    trust: async (key, until, now) => {
      devices.set(key, until);
      sweep(now);
    },
    trustedUntil: async (key) => devices.get(key) ?? 0,
  };
}

/**
 * The rate_limits table that the instances share (key, points, expire in ms): a failure
 * count is its points, its row expiring MEMORY_MS after the last failure; a trusted
 * device's row expires when the trust ends. Keys are hashed, so a long username stays
 * within the column; expired rows go with the daily purge (deleteExpiredRateLimits).
 */
export function postgresThrottleStore(pool: pg.Pool): ThrottleStore {
  const id = (kind: string, key: string) => `${kind}:${crypto.createHash("sha256").update(key).digest("hex")}`;
  const read = async (key: string, now: number) =>
    (await pool.query<{ points: number; expire: string }>("SELECT points, expire FROM rate_limits WHERE key = $1 AND expire >= $2", [key, now])).rows[0];
  return {
    failures: async (key, now) => {
      const row = await read(id("throttle", key), now);
      return row && { count: row.points, last: Number(row.expire) - MEMORY_MS };
    },
    fail: async (key, now) => {
      const { rows } = await pool.query<{ points: number; expire: string }>(
        `INSERT INTO rate_limits (key, points, expire) VALUES ($1, 1, $2)
         ON CONFLICT (key) DO UPDATE SET points = CASE WHEN rate_limits.expire < $3 THEN 1 ELSE rate_limits.points + 1 END, expire = $2
         RETURNING points, expire`,
        [id("throttle", key), now + MEMORY_MS, now],
      );
      return { count: rows[0].points, last: Number(rows[0].expire) - MEMORY_MS };
    },
    forget: async (key) => void (await pool.query("DELETE FROM rate_limits WHERE key = $1", [id("throttle", key)])),
    trust: async (key, until) =>
      void (await pool.query(
        "INSERT INTO rate_limits (key, points, expire) VALUES ($1, 1, $2) ON CONFLICT (key) DO UPDATE SET expire = $2",
        [id("trust", key), until],
      )),
    trustedUntil: async (key) => Number((await pool.query<{ expire: string }>("SELECT expire FROM rate_limits WHERE key = $1", [id("trust", key)])).rows[0]?.expire ?? 0),
  };
}

export const loginThrottle = new LoginThrottle(() => {
  const url = getEnv().DATABASE_URL;
  return url ? postgresThrottleStore(rateLimitPool(url)) : memoryThrottleStore();
});
