import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "zhitongche-demo";

/** Signs in through the real login form as one of the demo accounts. */
export async function login(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.locator("#username").fill(username);
  await page.locator("#password").fill(password);
  await page.locator("form button[type=submit]").last().click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** Switches the interface language with the header button. */
export async function useLanguage(page: Page, lng: "zh-CN" | "en") {
  const lang = await page.locator("html").getAttribute("lang");
  if (lang === lng) return;
  await page.locator(".language-switch button").click();
  await expect(page.locator("html")).toHaveAttribute("lang", lng);
}
