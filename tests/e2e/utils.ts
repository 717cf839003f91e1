import { expect, type Page } from "@playwright/test";
import Database from "better-sqlite3";

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

/** Read-only access to the e2e server's database, for receipt codes and residents' names. */
export function readDatabase<T>(read: (db: Database.Database) => T): T {
  const db = new Database(process.env.E2E_DATABASE_PATH ?? "tests/.tmp/e2e.db", { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}
