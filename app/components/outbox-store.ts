// The phone's outbox: opinions recorded in the field that the server has not
// acknowledged yet, kept in IndexedDB so that closing the browser, a dead battery or an
// expired sign-in loses nothing. Browser-only (called from effects and event handlers).
// public/sw.js reads and writes the same database for Background Sync: keep the two in step
// (database "zhitongche-outbox", version 1, store "opinions" keyed by "key").

export const OUTBOX_DB = "zhitongche-outbox";
const STORE = "opinions";
/** Fired on window (and broadcast to other tabs and the service worker) whenever the outbox changes. */
export const OUTBOX_CHANGED = "zt-outbox-changed";
const CHANNEL = "zt-outbox";

/** The fields that identify a resident: removed from the phone once the server has the opinion. */
const RESIDENT_FIELDS = ["residentName", "residentPhone"];

export type OutboxState = "waiting" | "refused" | "sent";

export type OutboxEntry = {
  /** The idempotency key the server deduplicates on: one opinion, however often it is sent. */
  key: string;
  /** The collector who recorded it; it is only ever sent under their sign-in. */
  username: string;
  draftId: number;
  draftTitle: string;
  /** The form's fields as typed, in order (FormData entries). */
  fields: [string, string][];
  state: OutboxState;
  /** Order of recording on this phone. */
  seq: number;
  message?: string;
  errors?: Record<string, string[]>;
  receiptCode?: string;
  opinionId?: number;
};

function openOutbox(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(OUTBOX_DB, 1);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE, { keyPath: "key" });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function inStore<T>(mode: IDBTransactionMode, work: (store: IDBObjectStore) => IDBRequest<T> | void): Promise<T | undefined> {
  const db = await openOutbox();
  try {
    return await new Promise<T | undefined>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request ? request.result : undefined);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

function announce() {
  window.dispatchEvent(new Event(OUTBOX_CHANGED));
  if ("BroadcastChannel" in window) {
    const channel = new BroadcastChannel(CHANNEL);
    channel.postMessage("changed");
    channel.close();
  }
}

/** Calls `listener` when this tab, another tab or the service worker changes the outbox. */
export function onOutboxChanged(listener: () => void): () => void {
  window.addEventListener(OUTBOX_CHANGED, listener);
  const channel = "BroadcastChannel" in window ? new BroadcastChannel(CHANNEL) : null;
  channel?.addEventListener("message", listener);
  return () => {
    window.removeEventListener(OUTBOX_CHANGED, listener);
    channel?.close();
  };
}

export async function listOutbox(): Promise<OutboxEntry[]> {
  const all = (await inStore<OutboxEntry[]>("readonly", (store) => store.getAll())) ?? [];
  return all.sort((a, b) => a.seq - b.seq);
}

export async function getOutboxEntry(key: string): Promise<OutboxEntry | undefined> {
  return inStore<OutboxEntry>("readonly", (store) => store.get(key));
}

/** Keeps an opinion on the phone (a new one, or a changed one under its old key) as waiting to send. */
export async function keepInOutbox(entry: Omit<OutboxEntry, "seq" | "state"> & { seq?: number }): Promise<void> {
  const seq = entry.seq ?? Math.max(0, ...(await listOutbox()).map((e) => e.seq)) + 1;
  await inStore("readwrite", (store) => store.put({ ...entry, seq, state: "waiting", message: undefined, errors: undefined }));
  announce();
}

export async function deleteFromOutbox(key: string): Promise<void> {
  await inStore("readwrite", (store) => store.delete(key));
  announce();
}

/** The server has it: only the receipt code and the opinion's words stay, the resident's details go. */
export async function markSent(key: string, answer: { id: number; receiptCode: string }): Promise<void> {
  const entry = await getOutboxEntry(key);
  if (!entry) return;
  const fields = entry.fields.filter(([name]) => !RESIDENT_FIELDS.includes(name));
  await inStore("readwrite", (store) => store.put({ ...entry, fields, state: "sent", receiptCode: answer.receiptCode, opinionId: answer.id, message: undefined, errors: undefined }));
  announce();
}

export async function markRefused(key: string, answer: { message: string; errors: Record<string, string[]> }): Promise<void> {
  const entry = await getOutboxEntry(key);
  if (!entry) return;
  await inStore("readwrite", (store) => store.put({ ...entry, state: "refused", message: answer.message, errors: answer.errors }));
  announce();
}

/** On signing out: the sent entries go (what waits or was refused stays until it is sent or deleted). */
export async function forgetSent(): Promise<void> {
  const sent = (await listOutbox()).filter((e) => e.state === "sent");
  if (sent.length) await inStore("readwrite", (store) => void sent.forEach((e) => store.delete(e.key)));
  announce();
}

/** A new idempotency key, in browsers with or without crypto.randomUUID (it needs HTTPS or localhost). */
export function newOutboxKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The value of one field of an entry. */
export const fieldOf = (entry: OutboxEntry, name: string) => entry.fields.find(([n]) => n === name)?.[1] ?? "";
