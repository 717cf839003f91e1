// The one source of "now" (docs/decisions/007-one-clock.md). Loaders, actions and
// services ask it for the instant or the district's calendar day and pass them
// down; models and domain rules take them as arguments and never read Date.
//
// Tests, and a non-production server started with NOW=…, set the clock to a
// chosen instant; it then runs on from there at the real pace, so that records
// written one after another still get increasing times.

import { getEnv } from "./env.server";

let offsetMs: number | undefined;

/** The clock's distance from the machine's, set on first use from NOW when it is given. */
function offset(): number {
  if (offsetMs === undefined) {
    const start = getEnv().NOW;
    offsetMs = start ? Date.parse(start) - Date.now() : 0;
  }
  return offsetMs;
}

/** The current instant. */
export function now(): Date {
  return new Date(Date.now() + offset());
}

/** The current instant as an ISO string, the form timestamps are stored in. */
export function nowIso(): string {
  return now().toISOString();
}

/** Milliseconds since the epoch, for expiries and time windows. */
export function nowMs(): number {
  return Date.now() + offset();
}

/** China's clock is UTC+8 all year (no summer time since 1991). */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** The calendar day in China (the district's calendar) at `instant`, as YYYY-MM-DD. */
export function dayInChina(instant: Date): string {
  // Arithmetic rather than Intl, which costs more than the rest of serving a kept page.
  return new Date(instant.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** Today in China, as YYYY-MM-DD. */
export function todayInChina(): string {
  return dayInChina(now());
}

/** Sets the clock to `instant` (it runs on from there); null puts it back on the machine's time. */
export function setClock(instant: Date | string | null): void {
  const at = instant === null ? Date.now() : new Date(instant).getTime();
  if (Number.isNaN(at)) throw new Error(`Not an instant: ${String(instant)}`);
  offsetMs = at - Date.now();
}
