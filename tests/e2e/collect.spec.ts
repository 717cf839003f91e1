import { expect, test } from "@playwright/test";
import { login } from "./utils";

// An informant on an older phone with JavaScript off: the form must work on its own.
test.use({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });

async function openForm(page: import("@playwright/test").Page) {
  await login(page, "informant");
  await expect(page).toHaveURL(/\/collect$/);
  await page.getByRole("link", { name: "记录一条意见" }).click();
  await page.locator("a.choice").first().click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("记录一条意见");
}

test("an informant records an opinion on a phone without JavaScript and gets the receipt", async ({ page }) => {
  await openForm(page);
  await page.locator("#article").selectOption({ index: 2 });
  // Where, how and when start from the last record, folded away: open them to change the channel.
  await page.locator(".record-context summary").click();
  await page.locator("#channel").selectOption("seminar");
  await page.locator("#submitterCategory").selectOption("lawyer");
  await page.locator("#opinion").fill("建议明确社区在宣传中的职责。");
  await page.locator("#suggestedRevision").fill("增加一款：街道办事处应当组织宣传。");
  // Nothing on the page is wider than the phone.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.getByRole("button", { name: "保存意见" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("意见已保存");
  await expect(page.getByTestId("receipt-code")).toHaveText(/^[2-9A-HJKMNP-Z]{8}$/);
  await page.getByRole("link", { name: "返回采集首页" }).click();
  await expect(page.getByText("建议明确社区在宣传中的职责。")).toBeVisible();
});

test("an invalid phone is flagged beside the field and nothing typed is lost", async ({ page }) => {
  await openForm(page);
  await page.locator("#article").selectOption({ index: 3 });
  await page.locator("#consent").check();
  await page.locator("#residentName").fill("测试居民");
  await page.locator("#residentPhone").fill("12345");
  await page.locator("#opinion").fill("这段意见不能丢。");
  await page.locator("#reason").fill("理由也要保留。");
  const article = await page.locator("#article").inputValue();
  await page.getByRole("button", { name: "保存意见" }).click();
  await expect(page.locator("#residentPhone-error")).toHaveText("电话号码格式不正确。");
  await expect(page.getByRole("alert")).toBeVisible();
  await expect(page.locator("#residentPhone")).toHaveValue("12345");
  await expect(page.locator("#residentName")).toHaveValue("测试居民");
  await expect(page.locator("#opinion")).toHaveValue("这段意见不能丢。");
  await expect(page.locator("#reason")).toHaveValue("理由也要保留。");
  await expect(page.locator("#consent")).toBeChecked();
  await expect(page.locator("#article")).toHaveValue(article);
  await page.locator("#residentPhone").fill("13812345678");
  await page.getByRole("button", { name: "保存意见" }).click();
  await expect(page.getByTestId("receipt-code")).toBeVisible();
});
