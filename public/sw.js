// The field app's service worker (registered by app/components/field-app.tsx for
// informants and liaisons). It keeps the collection pages on the phone so that the form
// opens without a signal, and sends the outbox when the connection returns (Background
// Sync). Hand-written, no build step: it is served as is from the site's root, uncached
// (server.ts), so a new version is picked up on the next visit.
//
// What it keeps: the pages listed by /collect/offline-pages.json (the form per open draft,
// the draft chooser, the outbox), the scripts and styles they load, the manifest and icons.
// Nothing else: never a record or list with residents' details. Signing out deletes it all.

const PAGES = "zt-pages-v1";
const ASSETS = "zt-assets-v1";
const KEPT = [PAGES, ASSETS];
const OFFLINE_PAGE = "/collect/outbox";
/** Pages answered from the network when there is one, from the kept copy otherwise. */
const FIELD_PATHS = ["/collect/new", "/collect/outbox", "/collect/new.data", "/collect/outbox.data"];
const STATIC_FILES = ["/manifest.webmanifest", "/favicon.svg", "/icons/icon.svg", "/icons/icon-192.png", "/icons/icon-512.png"];

self.addEventListener("install", () => {
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith("zt-") && !KEPT.includes(name)) await caches.delete(name);
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  if (event.data?.type === "refresh") event.waitUntil(refresh());
  if (event.data?.type === "send") event.waitUntil(sendOutbox());
});

self.addEventListener("sync", (event) => {
  if (event.tag === "zt-outbox") event.waitUntil(sendOutbox());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/assets/")) return event.respondWith(cacheFirst(request));
  if (FIELD_PATHS.includes(url.pathname) || STATIC_FILES.includes(url.pathname)) return event.respondWith(networkFirst(request));
  // Any other page, when there is no network at all: the outbox, which says what waits.
  if (request.mode === "navigate") event.respondWith(fetch(request).catch(() => offlineFallback()));
});

/** The form is kept once per draft: `?draft=1&outbox=…` (changing a waiting opinion) opens the copy of `?draft=1`. */
function cacheKey(request) {
  const url = new URL(request.url);
  const kept = new URL(url.pathname, url.origin);
  const draft = url.searchParams.get("draft");
  if (draft && url.pathname.startsWith("/collect/new")) kept.searchParams.set("draft", draft);
  if (url.searchParams.has("_routes") && url.pathname.endsWith(".data")) kept.searchParams.set("_routes", url.searchParams.get("_routes"));
  return kept.href;
}

async function keptCopy(request) {
  const cache = await caches.open(PAGES);
  return cache.match(cacheKey(request));
}

/** Sent on to the kept outbox page (by its own address, so that the page starts as itself). */
async function offlineFallback() {
  if (await keptCopy(new Request(new URL(OFFLINE_PAGE, self.location.origin)))) return Response.redirect(OFFLINE_PAGE, 302);
  return Response.error();
}

async function networkFirst(request) {
  try {
    const response = await fetch(request);
    // A redirect (to sign in) or an error is passed on, never kept in place of the page.
    // After signing out the caches are gone, and stay gone until the field pages are kept again.
    if (response.ok && !response.redirected && response.type === "basic" && (await caches.has(PAGES))) {
      const cache = await caches.open(PAGES);
      await cache.put(cacheKey(request), response.clone());
    }
    return response;
  } catch (error) {
    const kept = await keptCopy(request);
    if (kept) return kept;
    if (request.mode === "navigate") return offlineFallback();
    throw error;
  }
}

async function cacheFirst(request) {
  if (!(await caches.has(ASSETS))) return fetch(request);
  const cache = await caches.open(ASSETS);
  const kept = await cache.match(request);
  if (kept) return kept;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

/** Fetches the field pages afresh (and the scripts and styles they name) while online. */
async function refresh() {
  let list;
  try {
    const response = await fetch("/collect/offline-pages.json", { credentials: "same-origin", cache: "no-store" });
    if (!response.ok || response.redirected) return;
    list = await response.json();
  } catch {
    return;
  }
  const pages = await caches.open(PAGES);
  const assets = await caches.open(ASSETS);
  for (const file of STATIC_FILES) {
    try {
      const response = await fetch(file, { credentials: "same-origin" });
      if (response.ok) await pages.put(cacheKey(new Request(new URL(file, self.location.origin))), response);
    } catch {
      // Kept from before, or fetched next time.
    }
  }
  for (const page of list.pages) {
    const pageUrl = new URL(page, self.location.origin);
    const dataUrl = new URL(pageUrl.pathname + ".data" + pageUrl.search, self.location.origin);
    try {
      const [html, data] = await Promise.all([pageUrl, dataUrl].map((url) => fetch(url, { credentials: "same-origin", cache: "no-store" })));
      if (!html.ok || html.redirected) continue;
      // A page is kept only with every script and style it loads, or it would not start offline.
      const text = await html.clone().text();
      for (const match of text.matchAll(/(?:href|src)="(\/assets\/[^"]+)"|"(\/assets\/[^"]+\.js)"/g)) {
        const asset = match[1] || match[2];
        if (await assets.match(asset)) continue;
        const response = await fetch(asset);
        if (!response.ok) throw new Error(`asset ${asset}: ${response.status}`);
        await assets.put(asset, response);
      }
      if (data.ok && !data.redirected) await pages.put(cacheKey(new Request(dataUrl)), data);
      await pages.put(cacheKey(new Request(pageUrl)), html);
    } catch {
      // No signal half-way: what was kept before stays.
    }
  }
}

// The outbox, as app/components/outbox-store.ts and outbox-sender.ts keep and send it.
const OUTBOX_DB = "zhitongche-outbox";
const STORE = "opinions";
const RESIDENT_FIELDS = ["residentName", "residentPhone"];

function openOutbox() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(OUTBOX_DB, 1);
    request.onupgradeneeded = () => {
      if (!request.result.objectStoreNames.contains(STORE)) request.result.createObjectStore(STORE, { keyPath: "key" });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

async function inStore(mode, work) {
  const db = await openOutbox();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = work(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request ? request.result : undefined);
      tx.onerror = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

function announce() {
  const channel = new BroadcastChannel("zt-outbox");
  channel.postMessage("changed");
  channel.close();
}

async function sendOutbox() {
  const run = async () => {
    const all = (await inStore("readonly", (store) => store.getAll())) || [];
    const waiting = all.filter((e) => e.state === "waiting").sort((a, b) => a.seq - b.seq);
    for (const entry of waiting) {
      const body = new URLSearchParams(entry.fields.filter(([name]) => !["draftId", "idempotencyKey", "collector", "intent"].includes(name)));
      body.set("draftId", String(entry.draftId));
      body.set("idempotencyKey", entry.key);
      body.set("collector", entry.username);
      // No network throws: the sync event fails and Background Sync tries again later.
      const response = await fetch("/collect/outbox/send", { method: "POST", body, credentials: "same-origin", headers: { Accept: "application/json" } });
      // Signed out, or signed in as someone else: this one waits for its collector; the next may be theirs.
      if (response.status === 401) continue;
      if (![200, 409, 422].includes(response.status)) throw new Error(`outbox: server answered ${response.status}`);
      const answer = await response.json();
      const current = await inStore("readonly", (store) => store.get(entry.key));
      if (!current || current.state !== "waiting") continue;
      if (answer.status === "saved" || answer.status === "again") {
        const fields = current.fields.filter(([name]) => !RESIDENT_FIELDS.includes(name));
        await inStore("readwrite", (store) => store.put({ ...current, fields, state: "sent", receiptCode: answer.receiptCode, opinionId: answer.id }));
      } else if (answer.status === "refused") {
        await inStore("readwrite", (store) => store.put({ ...current, state: "refused", message: answer.message, errors: answer.errors }));
      }
      announce();
    }
  };
  return self.navigator.locks ? self.navigator.locks.request("zt-outbox", run) : run();
}
