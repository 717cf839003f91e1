// Sends the outbox to POST /collect/outbox/send, one opinion at a time in the order they
// were recorded, each under its own idempotency key, so that a send that reached the server
// but lost its answer is recognised there and never saved twice. Browser-only.
import { listOutbox, markRefused, markSent, type OutboxEntry } from "./outbox-store";

export const SEND_URL = "/collect/outbox/send";
export const SYNC_TAG = "zt-outbox";
const SEND_TIMEOUT_MS = 20_000;

export type SendOutcome = {
  /** Why sending stopped before the end: no network, or no (or another) sign-in. */
  stopped: "offline" | "signedOut" | "busy" | null;
  sent: number;
  refused: number;
};

type Answer =
  | { status: "saved" | "again"; id: number; receiptCode: string }
  | { status: "refused"; message: string; errors: Record<string, string[]> }
  | { status: "signedOut"; message: string };

export function sendBody(entry: OutboxEntry): URLSearchParams {
  const body = new URLSearchParams(entry.fields.filter(([name]) => !["draftId", "idempotencyKey", "collector", "intent"].includes(name)));
  body.set("draftId", String(entry.draftId));
  body.set("idempotencyKey", entry.key);
  body.set("collector", entry.username);
  return body;
}

/** One opinion to the server; null when the answer never came (no network, server down). */
export async function sendOne(entry: OutboxEntry): Promise<Answer | null> {
  let response: Response;
  try {
    // A weak signal can hang for minutes; the key makes giving up and trying again later safe.
    const signal = typeof AbortSignal.timeout === "function" ? AbortSignal.timeout(SEND_TIMEOUT_MS) : undefined;
    response = await fetch(SEND_URL, { method: "POST", body: sendBody(entry), credentials: "same-origin", headers: { Accept: "application/json" }, signal });
  } catch {
    return null;
  }
  if (![200, 401, 409, 422].includes(response.status)) return null;
  try {
    return (await response.json()) as Answer;
  } catch {
    return null;
  }
}

let running: Promise<SendOutcome> | null = null;

/** Sends what waits for `username`; concurrent calls in one tab share one run, tabs take turns. */
export function sendOutbox(username: string): Promise<SendOutcome> {
  if (running) return running;
  const run = async () => {
    const work = () => sendWaiting(username);
    // Two tabs (or a tab and the service worker) sending at once would be safe, but twice the traffic.
    return navigator.locks ? navigator.locks.request(SYNC_TAG, work) : work();
  };
  running = run().finally(() => {
    running = null;
  });
  return running;
}

async function sendWaiting(username: string): Promise<SendOutcome> {
  const outcome: SendOutcome = { stopped: null, sent: 0, refused: 0 };
  const waiting = (await listOutbox()).filter((e) => e.state === "waiting" && e.username === username);
  for (const entry of waiting) {
    const answer = await sendOne(entry);
    if (!answer) return { ...outcome, stopped: "offline" };
    if (answer.status === "signedOut") return { ...outcome, stopped: "signedOut" };
    if (answer.status === "refused") {
      await markRefused(entry.key, answer);
      outcome.refused++;
    } else {
      await markSent(entry.key, answer);
      outcome.sent++;
    }
  }
  return outcome;
}

/** Asks the service worker to send when the connection returns, where the browser has Background Sync. */
export async function requestBackgroundSync(): Promise<void> {
  try {
    const registration = await navigator.serviceWorker?.ready;
    const sync = (registration as (ServiceWorkerRegistration & { sync?: { register(tag: string): Promise<void> } }) | undefined)?.sync;
    await sync?.register(SYNC_TAG);
  } catch {
    // Without Background Sync the page sends on its next load or "online" event.
  }
}
