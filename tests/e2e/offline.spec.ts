import AxeBuilder from "@axe-core/playwright";
import { expect, test, type BrowserContext, type Page } from "@playwright/test";
import Database from "better-sqlite3";
import { login, readDatabase } from "./utils";

// An informant in a village without signal (issue "Collect without signal"): the
// field app with its real service worker in Chromium, on a phone-sized screen.
test.use({ viewport: { width: 360, height: 740 } });

const run = Math.random().toString(36).slice(2, 8);

type Stored = { n: number; receiptCode: string | null; residentName: string | null };
const storedOpinion = (text: string): Stored =>
  readDatabase((db) => db.prepare("SELECT count(*) AS n, max(receipt_code) AS receiptCode, max(resident_name) AS residentName FROM opinions WHERE opinion = ?").get(text) as Stored);

/** The outbox on the phone, read as the app keeps it (IndexedDB "zhitongche-outbox"). */
function outbox(page: Page): Promise<{ key: string; state: string; fields: [string, string][]; receiptCode?: string; message?: string }[]> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open("zhitongche-outbox", 1);
        open.onupgradeneeded = () => open.result.createObjectStore("opinions", { keyPath: "key" });
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction("opinions").objectStore("opinions").getAll();
          request.onsuccess = () => resolve(request.result);
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

/** Signs in, opens the form of the first open draft and waits until the service worker keeps it for offline use. */
async function openFormKeptOffline(page: Page): Promise<string> {
  await login(page, "informant");
  await page.goto("/collect/new");
  const href = (await page.locator("a.choice").first().getAttribute("href"))!;
  const formUrl = new URL(href, page.url()).pathname + new URL(href, page.url()).search;
  await page.goto(formUrl);
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
  // A page loaded before the worker took over is not yet under its control; the next load is.
  if (!(await page.evaluate(() => navigator.serviceWorker.controller != null))) await page.reload();
  await page.waitForFunction(() => navigator.serviceWorker.controller != null);
  await expect
    .poll(
      () =>
        page.evaluate(async (url) => {
          const pages = await caches.open("zt-pages-v1");
          const kept = await Promise.all([url, "/collect/outbox"].map((u) => pages.match(new URL(u, location.origin).href)));
          const assets = [...document.querySelectorAll<HTMLLinkElement | HTMLScriptElement>("link[rel=modulepreload], link[rel=stylesheet]")].map(
            (e) => (e as HTMLLinkElement).href,
          );
          const keptAssets = await Promise.all(assets.map((a) => caches.match(a)));
          return kept.every(Boolean) && keptAssets.every(Boolean);
        }, formUrl),
      { timeout: 30_000 },
    )
    .toBe(true);
  return formUrl;
}

async function recordOffline(page: Page, text: string, { article = 2, resident = false } = {}) {
  await page.locator("#article").selectOption({ index: article });
  if (resident) {
    await page.locator("#consent").check();
    await page.locator("#residentName").fill("李大伯");
    await page.locator("#residentPhone").fill("13912345678");
  }
  await page.locator("#opinion").fill(text);
  await page.getByRole("button", { name: "保存意见" }).click();
  await expect(page).toHaveURL(/\/collect\/outbox\?kept=/);
  await expect(page.getByTestId("provisional-slip")).toContainText("回执码：发送后生成");
}

/** Zero serious or critical axe findings. */
async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)).toEqual([]);
}

/** The phone's folded menu, then "sign out". */
async function signOut(page: Page) {
  await page.locator(".site-menu summary").click();
  await page.locator(".site-menu").getByRole("button", { name: "退出登录" }).click();
}

async function goOffline(context: BrowserContext, page: Page) {
  await context.setOffline(true);
  await expect.poll(() => page.evaluate(() => navigator.onLine)).toBe(false);
}

test("the app is installable: manifest, icons and a service worker from the root", async ({ page }) => {
  test.slow();
  await openFormKeptOffline(page);
  const href = await page.locator("link[rel=manifest]").getAttribute("href");
  const manifest = await (await page.request.get(href!)).json();
  expect(manifest).toMatchObject({ name: "直通车意见采集", short_name: "意见采集", start_url: "/collect/new", display: "standalone", scope: "/" });
  for (const icon of manifest.icons as { src: string; type: string }[]) {
    const response = await page.request.get(icon.src);
    expect(response.status(), icon.src).toBe(200);
    expect(response.headers()["content-type"]).toContain(icon.type);
  }
  const sw = await page.request.get("/sw.js");
  expect(sw.headers()["content-type"]).toContain("javascript");
  expect(sw.headers()["cache-control"]).toBe("no-cache");
  const registration = await page.evaluate(async () => {
    const r = await navigator.serviceWorker.ready;
    return { script: r.active?.scriptURL, scope: r.scope };
  });
  expect(registration).toEqual({ script: new URL("/sw.js", page.url()).href, scope: new URL("/", page.url()).href });
  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = (await cdp.send("Page.getInstallabilityErrors" as "Page.enable")) as unknown as { installabilityErrors: { errorId: string }[] };
  // A test browser's context is incognito, where Chromium never offers to install; nothing else may be missing.
  expect(installabilityErrors.map((e) => e.errorId).filter((id) => id !== "in-incognito")).toEqual([]);
});

test("three opinions recorded offline are listed as waiting, then stored once each with receipt codes, though an answer was lost", async ({ page, context }) => {
  test.slow();
  const formUrl = await openFormKeptOffline(page);
  await goOffline(context, page);
  const texts = [1, 2, 3].map((i) => `没有信号时记下的第${i}条意见 ${run}`);
  await page.goto(formUrl);
  await recordOffline(page, texts[0], { resident: true });
  for (const text of texts.slice(1)) {
    await page.getByRole("link", { name: "再记录一条" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("记录一条意见");
    await recordOffline(page, text);
  }
  await page.goto("/collect/outbox");
  await expect(page.getByTestId("outbox-waiting").locator("li")).toHaveCount(3);
  await expect(page.getByTestId("outbox-badge")).toHaveText("待发送 3");
  await expect(page.getByText("现在没有网络连接")).toBeVisible();
  await expectAccessible(page);
  for (const text of texts) expect(storedOpinion(text).n).toBe(0);

  // The first send reaches the server, which stores it, but its answer never comes back.
  let lost = 0;
  await context.route("**/collect/outbox/send", async (route) => {
    if (lost === 0) {
      lost++;
      await route.fetch();
      return route.abort("connectionreset");
    }
    return route.continue();
  });
  await context.setOffline(false);
  await expect(page.getByTestId("outbox-sent").locator("li")).toHaveCount(3, { timeout: 30_000 });
  await expect(page.getByTestId("outbox-empty")).toBeVisible();
  await expect(page.getByTestId("outbox-badge")).toHaveCount(0);
  expect(lost).toBe(1);
  for (const text of texts) {
    const stored = storedOpinion(text);
    expect(stored.n, text).toBe(1);
    expect(stored.receiptCode).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
  }
  expect(storedOpinion(texts[0]).residentName).toBe("李大伯");
  // The server has them: the residents' details are gone from the phone, the codes are shown.
  const entries = await outbox(page);
  expect(entries.map((e) => e.state)).toEqual(["sent", "sent", "sent"]);
  expect(entries.flatMap((e) => e.fields.map(([name]) => name))).not.toContain("residentName");
  expect(JSON.stringify(entries)).not.toContain("13912345678");
  await expect(page.getByTestId("outbox-receipt").first()).toHaveText(storedOpinion(texts[0]).receiptCode!);
  // The informant's list shows them with the server's codes.
  await page.goto("/collect");
  await expect(page.getByText(texts[2])).toBeVisible();

  // Signing out clears the sent entries and the kept pages.
  await signOut(page);
  await expect(page).toHaveURL(/\/$/);
  expect(await outbox(page)).toEqual([]);
  expect(await page.evaluate(async () => (await caches.keys()).filter((k) => k.startsWith("zt-")))).toEqual([]);
});

test("a sign-in that expired meanwhile: the queue waits, the informant signs in again and it is sent once", async ({ page, context }) => {
  test.slow();
  const formUrl = await openFormKeptOffline(page);
  await goOffline(context, page);
  await page.goto(formUrl);
  const text = `登录过期时记下的意见 ${run}`;
  await recordOffline(page, text);
  // The session ends on the server while the phone is away.
  const db = new Database(process.env.E2E_DATABASE_PATH ?? "tests/.tmp/e2e.db");
  try {
    db.prepare("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = 'informant')").run();
  } finally {
    db.close();
  }
  await context.setOffline(false);
  await expect(page.getByRole("alert")).toContainText("登录已过期");
  await expect(page.getByTestId("outbox-waiting").locator("li")).toHaveCount(1);
  expect(storedOpinion(text).n).toBe(0);
  await page.getByRole("link", { name: "重新登录" }).click();
  await page.locator("#username").fill("informant");
  await page.locator("#password").fill("zhitongche-demo");
  await page.locator("form button[type=submit]").last().click();
  await expect(page).toHaveURL(/\/collect\/outbox/);
  await expect(page.getByTestId("outbox-sent").locator("li")).toHaveCount(1, { timeout: 30_000 });
  expect(storedOpinion(text).n).toBe(1);
});

test("a refused opinion stays on the phone with the server's message, is fixed and sent; signing out warns while one waits", async ({ page, context }) => {
  test.slow();
  const formUrl = await openFormKeptOffline(page);
  await goOffline(context, page);
  await page.goto(formUrl);
  const text = `规则改变后被拒的意见 ${run}`;
  await recordOffline(page, text);
  // A rule changed while it waited: the article it names is no longer in the draft.
  await page.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open("zhitongche-outbox", 1);
        open.onsuccess = () => {
          const store = open.result.transaction("opinions", "readwrite").objectStore("opinions");
          const all = store.getAll();
          all.onsuccess = () => {
            const entry = all.result[0];
            entry.fields = entry.fields.map(([n, v]: [string, string]) => [n, n === "article" ? "第九百条" : v]);
            store.put(entry).onsuccess = () => resolve();
          };
        };
        open.onerror = () => reject(open.error);
      }),
  );
  await context.setOffline(false);
  await page.goto("/collect/outbox");
  await expect(page.getByTestId("outbox-refusal")).toContainText("这部草案没有这一条");
  expect(storedOpinion(text).n).toBe(0);
  expect((await outbox(page)).map((e) => e.state)).toEqual(["refused"]);
  await expectAccessible(page);

  // Signing out with it unsent asks first; declining keeps the informant signed in.
  page.once("dialog", (dialog) => {
    expect(dialog.message()).toContain("还有 1 条意见没有发送");
    void dialog.dismiss();
  });
  await signOut(page);
  await expect(page).toHaveURL(/\/collect\/outbox/);

  // Fixed in the form, it goes.
  await page.getByRole("link", { name: "修改" }).click();
  await expect(page.getByText("正在修改一条等待发送的意见")).toBeVisible();
  await expect(page.locator("#opinion")).toHaveValue(text);
  await page.locator("#article").selectOption({ index: 2 });
  await page.getByRole("button", { name: "保存意见" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("意见已保存");
  expect(storedOpinion(text).n).toBe(1);
  expect(await outbox(page)).toEqual([]);
});

test("online, a save with JavaScript goes through the outbox to the record and leaves nothing on the phone", async ({ page }) => {
  test.slow();
  await openFormKeptOffline(page);
  const text = `有信号时记下的意见 ${run}`;
  await page.locator("#article").selectOption({ index: 2 });
  await page.locator("#consent").check();
  await page.locator("#residentName").fill("陈女士");
  await page.locator("#opinion").fill(text);
  await page.getByRole("button", { name: "保存意见" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("意见已保存");
  await expect(page.getByTestId("receipt-code")).toHaveText(storedOpinion(text).receiptCode!);
  expect(storedOpinion(text)).toMatchObject({ n: 1, residentName: "陈女士" });
  expect(await outbox(page)).toEqual([]);
  await expect(page.getByTestId("outbox-badge")).toHaveCount(0);
});

test("offline, a waiting opinion is changed in the kept form, another deleted, before they go", async ({ page, context }) => {
  test.slow();
  const formUrl = await openFormKeptOffline(page);
  await goOffline(context, page);
  await page.goto(formUrl);
  const [first, second] = [`先记下再修改的意见 ${run}`, `记错了要删除的意见 ${run}`];
  await recordOffline(page, first);
  await page.getByRole("link", { name: "再记录一条" }).click();
  await recordOffline(page, second);
  await page.goto("/collect/outbox");
  const items = page.getByTestId("outbox-waiting").locator("li");
  await expect(items).toHaveCount(2);
  page.once("dialog", (dialog) => void dialog.accept());
  await items.filter({ hasText: second }).getByRole("button", { name: "删除" }).click();
  await expect(items).toHaveCount(1);
  await items.filter({ hasText: first }).getByRole("link", { name: "修改" }).click();
  await expect(page.getByText("正在修改一条等待发送的意见")).toBeVisible();
  await expect(page.locator("#opinion")).toHaveValue(first);
  await page.locator("#opinion").fill(`${first}（已补充）`);
  await page.getByRole("button", { name: "保存意见" }).click();
  await expect(page.getByTestId("provisional-slip")).toBeVisible();
  const entries = await outbox(page);
  expect(entries).toHaveLength(1);
  expect(entries[0].fields).toContainEqual(["opinion", `${first}（已补充）`]);
  await context.setOffline(false);
  await expect(page.getByTestId("outbox-sent").locator("li")).toHaveCount(1, { timeout: 30_000 });
  expect(storedOpinion(`${first}（已补充）`).n).toBe(1);
  expect(storedOpinion(first).n).toBe(0);
  expect(storedOpinion(second).n).toBe(0);
});
