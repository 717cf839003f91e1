import { expect, test } from "@playwright/test";

test("the home page speaks Chinese by default and English after the switch, and remembers it", async ({ page, request }) => {
  // Other specs add records to the shared server: the figures to expect are those of this moment.
  const summary = await (await request.get("/open-data/summary.json")).json();
  await page.goto("/");
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("直通车");
  await expect(page.getByRole("heading", { name: "正在征求意见的草案" })).toBeVisible();
  // The figures come from the records.
  const number = (n: number) => new Intl.NumberFormat("zh-CN").format(n);
  await expect(page.locator(".figure-value").nth(1)).toHaveText(number(summary.opinionsForwarded));
  await expect(page.locator(".figure-value").nth(2)).toHaveText(number(summary.opinionsAdopted));

  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toContainText("straight to the national legislature");
  await expect(page.getByRole("heading", { name: "Drafts open for comment" })).toBeVisible();

  // The choice persists across pages and visits.
  await page.goto("/privacy");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Privacy");

  await page.getByRole("button", { name: "中文" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("隐私说明");
});

test("the language switch works without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/help");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("采集人使用帮助");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page).toHaveURL(/\/help$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Help for collectors");
  await context.close();
});

test("an unknown page gets a localized 404", async ({ page }) => {
  const response = await page.goto("/no-such-page");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("页面不存在");
});

test("the health endpoint answers over HTTP", async ({ request }) => {
  const response = await request.get("/healthz");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", db: "ok" });
});
