import { nowMs } from "./clock.server";

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

const FREE_FAILURES = 5;
const ACCOUNT_FREE_FAILURES = 20;
const FIRST_WAIT_MS = 30_000;
const LONGEST_WAIT_MS = 60 * 60_000;
/** A failure is forgotten this long after the last one. */
const MEMORY_MS = 24 * 60 * 60_000;
const DEVICE_TRUST_MS = 90 * 24 * 60 * 60_000;
const MAX_KEYS = 50_000;

type Failures = { count: number; last: number; waitUntil: number };

export class LoginThrottle {
  private readonly failures = new Map<string, Failures>();
  private readonly devices = new Map<string, number>();

  /** Milliseconds to wait before this address may try this account again (0: now). */
  waitFor({ account, address, device }: { account: string; address: string; device: string | null }, now = nowMs()): number {
    const pair = this.current(`pair ${account} ${address}`, now);
    const trusted = (device && this.isTrusted(account, `device ${device}`, now)) || this.isTrusted(account, `address ${address}`, now);
    const wide = trusted ? null : this.current(`account ${account}`, now);
    return Math.max(0, (pair?.waitUntil ?? 0) - now, (wide?.waitUntil ?? 0) - now);
  }

  /** Counts a failure; returns the wait it now imposes on this address (0 while the first tries are free). */
  fail({ account, address }: { account: string; address: string }, now = nowMs()): number {
    const pair = this.count(`pair ${account} ${address}`, FREE_FAILURES, now);
    this.count(`account ${account}`, ACCOUNT_FREE_FAILURES, now);
    return Math.max(0, pair.waitUntil - now);
  }

  /** A success clears the address's failures and trusts the device for this account. */
  succeed({ account, address, device }: { account: string; address: string; device: string }, now = nowMs()): void {
    this.failures.delete(`pair ${account} ${address}`);
    this.devices.set(`${account} device ${device}`, now + DEVICE_TRUST_MS);
    this.devices.set(`${account} address ${address}`, now + DEVICE_TRUST_MS);
    this.sweep(now);
  }

  private isTrusted(account: string, what: string, now: number): boolean {
    return (this.devices.get(`${account} ${what}`) ?? 0) > now;
  }

  private current(key: string, now: number): Failures | undefined {
    const entry = this.failures.get(key);
    if (entry && now - entry.last > MEMORY_MS) {
      this.failures.delete(key);
      return undefined;
    }
    return entry;
  }

  private count(key: string, free: number, now: number): Failures {
    const entry = this.current(key, now) ?? { count: 0, last: now, waitUntil: 0 };
    entry.count++;
    entry.last = now;
    if (entry.count >= free) entry.waitUntil = now + Math.min(LONGEST_WAIT_MS, FIRST_WAIT_MS * 2 ** (entry.count - free));
    this.failures.set(key, entry);
    this.sweep(now);
    return entry;
  }

  private sweep(now: number) {
    if (this.failures.size > MAX_KEYS) for (const [key, e] of this.failures) if (now - e.last > MEMORY_MS || e.waitUntil < now) this.failures.delete(key);
    if (this.devices.size > MAX_KEYS) for (const [key, until] of this.devices) if (until < now) this.devices.delete(key);
  }
}

export const loginThrottle = new LoginThrottle();
