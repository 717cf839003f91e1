import type { Role } from "./vocabulary";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type SessionPolicy = { idleMs: number; absoluteMs: number };

/**
 * How long a session lives. Desk roles handle residents' personal data on shared
 * office computers: 30 minutes idle, 12 hours in all. Informants and liaisons
 * work on their own phones in the field and stay signed in for 30 days of use, and
 * sign in again after 90 days at most, so a lost phone does not stay signed in for ever.
 */
export function sessionPolicy(role: Role): SessionPolicy {
  return role === "informant" || role === "liaison"
    ? { idleMs: 30 * DAY, absoluteMs: 90 * DAY }
    : { idleMs: 30 * MINUTE, absoluteMs: 12 * HOUR };
}

/** When a session seen at `now` expires, given when it began. */
export function nextExpiry(policy: SessionPolicy, createdAt: number, now: number): number {
  return Math.min(now + policy.idleMs, createdAt + policy.absoluteMs);
}
