import { expect, test } from "@playwright/test";
import { login, useLanguage } from "./utils";

const homes = [
  ["informant", "/collect"],
  ["liaison", "/collect"],
  ["staff", "/staff"],
  ["cppcc", "/cppcc"],
  ["admin", "/admin"],
] as const;

for (const [username, home] of homes) {
  test(`${username} signs in and lands on their home`, async ({ page, context }) => {
    await login(page, username);
    await expect(page).toHaveURL(new RegExp(`${home}$`));
    await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
    // Production cookie: __Host- prefix, Secure, HttpOnly, SameSite=Lax.
    const session = (await context.cookies()).find((c) => c.name === "__Host-session");
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: "Lax", path: "/" });
    await page.getByRole("button", { name: "退出登录" }).click();
    await expect(page).toHaveURL(/\/$/);
    await page.goto(home);
    await expect(page).toHaveURL(/\/login\?redirectTo=/);
  });
}

test("the sign-in page and its error speak both languages", async ({ page }) => {
  await page.goto("/login");
  await page.locator("#username").fill("staff");
  await page.locator("#password").fill("wrong password");
  await page.locator("form button[type=submit]").last().click();
  await expect(page.getByRole("alert")).toContainText("用户名或密码不正确");
  await expect(page.locator("#username")).toHaveValue("staff");
  await expect(page.locator("#password")).toHaveValue("");
  await useLanguage(page, "en");
  await page.locator("#username").fill("staff");
  await page.locator("#password").fill("wrong password");
  await page.locator("form button[type=submit]").last().click();
  await expect(page.getByRole("alert")).toContainText("The username or password is not correct");
});

test("a post from another site is refused with 403", async ({ request }) => {
  const foreign = await request.post("/logout", { headers: { Origin: "https://evil.example" }, form: {} });
  expect(foreign.status()).toBe(403);
  const none = await request.post("/language", { headers: { Origin: "null" }, form: { lng: "en" } });
  expect(none.status()).toBe(403);
});

test("an informant cannot open the admin pages", async ({ page }) => {
  await login(page, "informant");
  const response = await page.goto("/admin");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("没有权限");
});

test("no signed-in page is kept by the browser: after signing out, Back shows no resident's details (without JavaScript)", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await login(page, "informant");
  const response = await page.goto("/collect");
  expect(response?.headers()["cache-control"]).toBe("private, no-store");
  // An own record with the resident's name, as its collector sees it.
  await page.locator(".record-list a").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  const recordUrl = page.url();
  await page.goto("/collect");
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goBack();
  await page.goBack();
  // The browser asks the server again, which sends a signed-out visitor to sign in.
  await expect(page).toHaveURL(/\/login\?redirectTo=/);
  expect(recordUrl).toContain("/collect/opinions/");
  await context.close();
});
