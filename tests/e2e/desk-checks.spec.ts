import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { login, useLanguage } from "./utils";

// Issue 18 in the browser: a session whose day has not come cannot be recorded as
// held; the place list follows the level (with and without JavaScript); the audit
// log filters and reads in words; an informant's grids are tick boxes by community.

const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function expectNoSeriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("a session planned for a day to come cannot be recorded as held", async ({ page }) => {
  test.slow();
  const topic = `关于社区长者饭堂的协商 ${unique()}`;
  await login(page, "cppcc");
  await page.goto("/cppcc/sessions/new");
  await page.getByLabel("议题", { exact: true }).fill(topic);
  await page.getByLabel("层级").selectOption("street");
  await expect(page.locator("#placeId option")).toHaveText(["（请选择）", "江南街道", "外海街道", "礼乐街道"]);
  await page.locator("#placeId").selectOption({ label: "外海街道" });
  await page.getByLabel("日期").fill("2999-01-01");
  await page.getByLabel("议事室（地点）").fill("外海街道“民事好商量”议事室");
  await page.getByLabel("召集人").fill("区政协委员 李明");
  await page.getByRole("button", { name: "保存计划" }).click();
  await expect(page.getByRole("status")).toHaveText("协商活动计划已保存。");
  await expect(page.getByText(/当天或之后才能登记召开情况/)).toBeVisible();

  await page.getByRole("link", { name: "登记召开情况" }).click();
  await expect(page.locator(".notice.warn")).toContainText("尚未到期");
  await page.getByLabel("群众").fill("12");
  await page.getByLabel("会议纪要").fill("居民提出增加送餐服务。");
  await page.getByRole("button", { name: "保存召开情况" }).click();
  await expect(page.getByRole("alert")).toContainText("召开日期晚于今天");
  await expect(page.getByLabel("群众")).toHaveValue("12");
  await expectNoSeriousA11yViolations(page);
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });
  test("the session form shows the places of the level chosen, keeping what was typed", async ({ page }) => {
    await login(page, "cppcc");
    await page.goto("/cppcc/sessions/new");
    await page.getByLabel("议题", { exact: true }).fill("关于背街小巷照明的协商");
    await page.getByLabel("层级").selectOption("district");
    await page.getByRole("button", { name: "显示该层级可选的地点" }).click();
    await expect(page.getByLabel("议题", { exact: true })).toHaveValue("关于背街小巷照明的协商");
    await expect(page.locator("#placeId option")).toHaveText(["江海区"]);
  });
});

test("the audit log filters by day, user and action and reads in both languages", async ({ page }) => {
  test.slow();
  await login(page, "admin");
  await page.goto("/admin/audit");
  await page.getByLabel("操作人用户名").fill("admin");
  await page.getByLabel("操作", { exact: true }).selectOption("seed");
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/action=seed/);
  await expect(page.getByRole("cell", { name: "初始化演示数据" }).first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await page.goto("/admin/audit?from=2026-02-30");
  await expect(page.getByRole("alert")).toContainText("起始日期");
  await useLanguage(page, "en");
  await page.goto("/admin/audit?entity=user");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Audit log");
  await expect(page.getByRole("link", { name: /^User #\d+$/ }).first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);
});

test("an informant's grids are ticked by community", async ({ page }) => {
  test.slow();
  await login(page, "admin");
  await page.goto("/admin/users/new");
  await page.getByLabel("用户名").fill(`grid${unique()}`);
  await page.getByLabel("姓名").fill("网格员乙");
  await page.getByLabel("角色").selectOption("informant");
  await page.getByLabel("联系点").selectOption({ label: "JH-L-01 建联社区立法联系点" });
  const group = page.getByRole("group", { name: "江南街道 · 建联社区" });
  await group.getByLabel("建联社区第1网格").check();
  await group.getByLabel("建联社区第2网格").check();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole("button", { name: "创建用户" }).click();
  await expect(page.getByRole("status")).toContainText("用户已创建");
});
