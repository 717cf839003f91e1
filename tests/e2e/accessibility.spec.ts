import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { login, readDatabase, useLanguage } from "./utils";

// Zero serious or critical axe findings on the pages each kind of user works in.
async function expectAccessible(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${path}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)).toEqual([]);
}

test("public pages", async ({ page }) => {
  test.slow();
  for (const path of ["/", "/login", "/privacy", "/help", "/drafts"]) await expectAccessible(page, path);
  await useLanguage(page, "en");
  await expectAccessible(page, "/");
});

test("collection pages on a phone", async ({ page }) => {
  test.slow();
  await page.setViewportSize({ width: 360, height: 740 });
  await login(page, "liaison");
  await expectAccessible(page, "/collect");
  await page.goto("/collect/new");
  const draft = await page.locator("a.choice").first().getAttribute("href");
  for (const path of [draft!, "/collect/queue", "/collect/events", "/collect/import", "/collect/feedback", "/account"]) await expectAccessible(page, path);
});

test("desk pages", async ({ page }) => {
  test.slow();
  await login(page, "staff");
  await expectAccessible(page, "/staff");
  const review = await page.locator("table a").first().getAttribute("href");
  await expectAccessible(page, review!);
  const enacted = readDatabase((db) => (db.prepare("SELECT id FROM drafts WHERE status = 'enacted' ORDER BY id LIMIT 1").get() as { id: number }).id);
  for (const path of [`/staff/outcomes/${enacted}?show=all`, "/staff/notifications", `/tracker/drafts/${enacted}/response`, `/tracker/drafts/${enacted}/notice`]) {
    await expectAccessible(page, path);
  }
  await page.context().clearCookies();
  await login(page, "admin");
  for (const path of ["/admin", "/admin/users/new", "/admin/audit"]) await expectAccessible(page, path);
});
