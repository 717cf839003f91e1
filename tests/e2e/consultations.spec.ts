import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { login, useLanguage } from "./utils";

// Each test makes its own sessions, named uniquely, so that other specs' records do not matter.
const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;

async function expectNoSeriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("the CPPCC office records a session and its outputs, and the public sees them in both languages", async ({ page, browser }) => {
  test.slow();
  const tag = unique();
  const topic = `关于议事厅无障碍坡道建设的协商 ${tag}`;
  const publicTitle = `关于在议事厅入口加装坡道的建议 ${tag}`;
  const hiddenTitle = `涉及个别住户的社情民意信息 ${tag}`;
  const internalNote = `内部：坡道预算待区财政确认 ${tag}`;

  await login(page, "cppcc");
  await expect(page).toHaveURL(/\/cppcc$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("政协工作台");

  // Plan.
  await page.getByRole("link", { name: "策划协商活动" }).first().click();
  await page.getByLabel("议题", { exact: true }).fill(topic);
  await page.getByLabel("层级").selectOption("community");
  await page.getByLabel("日期").fill("2026-03-15");
  await page.getByLabel("议事室（地点）").fill("金溪社区“民事好商量”议事点");
  await page.locator("#placeId").selectOption({ label: "外海街道 · 金溪社区" });
  await page.getByLabel("召集人").fill("区政协委员 王芳");
  await page.getByRole("button", { name: "保存计划" }).click();
  await expect(page.getByRole("status")).toHaveText("协商活动计划已保存。");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(topic);
  const sessionUrl = new URL(page.url()).pathname;
  const id = sessionUrl.split("/").pop();

  // Held.
  await page.getByRole("link", { name: "登记召开情况" }).click();
  await page.getByLabel("政协委员").fill("5");
  await page.getByLabel("人大代表").fill("2");
  await page.getByLabel("群众").fill("23");
  await page.getByLabel("职能部门").fill("3");
  await page.getByLabel("专家").fill("1");
  await page.getByLabel("会议纪要").fill("## 协商情况\n\n居民一致同意在议事厅入口加装无障碍坡道。");
  await expect(page.getByLabel("纪要向社会公开")).toBeChecked();
  await page.getByLabel("内部备注").fill(internalNote);
  await page.getByRole("button", { name: "保存召开情况" }).click();
  await expect(page.getByRole("status")).toHaveText("召开情况已保存。");
  await expect(page.getByText(internalNote)).toBeVisible();

  // Outputs: one public, one not.
  await page.getByRole("link", { name: "登记协商成果" }).click();
  await page.getByLabel("成果类型").selectOption("suggestion");
  await page.getByLabel("标题").fill(publicTitle);
  await page.getByLabel("内容").fill("建议由社区居委会牵头，**本季度内**完成坡道建设。");
  await page.getByLabel("承办单位").fill("区住房和城乡建设局");
  await page.getByRole("button", { name: "保存成果" }).click();
  await expect(page.getByRole("status")).toHaveText("协商成果已保存。");
  await page.getByRole("link", { name: "登记协商成果" }).click();
  await page.getByLabel("成果类型").selectOption("social_opinion");
  await page.getByLabel("标题").fill(hiddenTitle);
  await page.getByLabel("内容").fill("个别住户担心施工影响出行。");
  await page.getByLabel("承办单位").fill("外海街道办事处");
  await page.getByLabel("向社会公开").uncheck();
  await page.getByRole("button", { name: "保存成果" }).click();
  await expect(page.getByRole("status")).toHaveText("协商成果已保存。");

  // Follow-up of the public output.
  await page.getByRole("link", { name: publicTitle }).click();
  await page.getByLabel("新的办理状态").selectOption("in_progress");
  await page.getByLabel("办理情况说明").fill("已转交区住房和城乡建设局，正在设计。");
  await page.getByRole("button", { name: "保存办理进展" }).click();
  await expect(page.getByRole("status")).toHaveText("办理进展已保存。");
  await expect(page.getByText("已转交区住房和城乡建设局，正在设计。")).toBeVisible();

  // Close.
  await page.goto(sessionUrl);
  await page.getByRole("button", { name: "结束本次活动" }).click();
  await expect(page.getByRole("status")).toHaveText("本次协商活动已结束。");
  await expect(page.getByRole("link", { name: "登记协商成果" })).toHaveCount(0);

  // The public, signed out.
  const context = await browser.newContext();
  const visitor = await context.newPage();
  await visitor.goto(`/consultations?q=${encodeURIComponent(tag)}`);
  await expect(visitor.getByRole("heading", { level: 1 })).toHaveText("民事好商量");
  await expect(visitor.getByText("共 1 场协商活动")).toBeVisible();
  await expectNoSeriousA11yViolations(visitor);
  await visitor.getByRole("link", { name: topic }).click();
  await expect(visitor).toHaveURL(new RegExp(`/consultations/${id}$`));
  await expect(visitor.getByRole("heading", { level: 1 })).toHaveText(topic);
  await expect(visitor.getByText("居民一致同意在议事厅入口加装无障碍坡道。")).toBeVisible();
  await expect(visitor.getByRole("heading", { name: publicTitle })).toBeVisible();
  await expect(visitor.getByText("办理状态: 办理中")).toBeVisible();
  await expect(visitor.getByText("已转交区住房和城乡建设局，正在设计。")).toBeVisible();
  await expect(visitor.getByRole("row", { name: /合计\s*34/ })).toBeVisible();
  await expect(visitor.locator("body")).not.toContainText(internalNote);
  await expect(visitor.locator("body")).not.toContainText(hiddenTitle);
  await expect(visitor.locator("body")).not.toContainText("王芳");
  await expectNoSeriousA11yViolations(visitor);

  await useLanguage(visitor, "en");
  await expect(visitor.getByRole("heading", { name: "Who took part" })).toBeVisible();
  await expect(visitor.getByRole("heading", { name: "Minutes" })).toBeVisible();
  await expect(visitor.getByText("Follow-up: In progress")).toBeVisible();
  await expect(visitor.getByText("Village/community").first()).toBeVisible();
  await expect(visitor.locator("body")).not.toContainText(internalNote);
  await expectNoSeriousA11yViolations(visitor);
  await visitor.goto(`/consultations?q=${encodeURIComponent(tag)}`);
  await expect(visitor.getByText("1 consultation session", { exact: true })).toBeVisible();
  await expect(visitor.getByRole("heading", { name: "Outputs by type" })).toBeVisible();
  await expectNoSeriousA11yViolations(visitor);
  await context.close();
});

test("the office works in English, is told what to fix, and exports its list", async ({ page }) => {
  test.slow();
  const tag = unique();
  const topic = `Street lighting in back lanes ${tag}`;
  await login(page, "cppcc");
  await useLanguage(page, "en");
  await page.goto("/cppcc/sessions/new");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Plan a session");
  await page.getByLabel("Topic", { exact: true }).fill(topic);
  await page.getByLabel("Level").selectOption("street");
  await page.getByLabel("Date", { exact: true }).fill("2026-04-02");
  await page.getByLabel("Venue (consultation room)").fill("Street CPPCC consultation hall");
  // Only the streets are offered for a street session; leaving it unchosen is refused.
  await expect(page.locator("#placeId option")).toHaveText(["(choose)", "江南街道", "外海街道", "礼乐街道"]);
  await page.getByLabel("Convener").fill("CPPCC member Li");
  await page.getByRole("button", { name: "Save the plan" }).click();
  await expect(page.getByRole("alert")).toContainText("Choose a street for a street session.");
  await expect(page.getByLabel("Topic", { exact: true })).toHaveValue(topic);
  await page.locator("#placeId").selectOption({ label: "外海街道" });
  await page.getByRole("button", { name: "Save the plan" }).click();
  await expect(page.getByRole("status")).toHaveText("The session plan is saved.");

  await page.getByRole("link", { name: "Record as held" }).click();
  await page.getByLabel("Residents").fill("-3");
  await page.getByLabel("Minutes", { exact: true }).fill("Residents asked for more lights.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("Enter a whole number from 0 to 10000.");
  await page.getByLabel("Residents").fill("12");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status")).toHaveText("The session is recorded as held.");

  // The list finds it by its topic and exports the same selection.
  await page.goto(`/cppcc/sessions?q=${encodeURIComponent(tag)}`);
  await expect(page.getByText("1 consultation session", { exact: true })).toBeVisible();
  await expect(page.getByRole("link", { name: topic })).toBeVisible();
  const downloading = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export to Excel" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^consultations-\d{4}-\d{2}-\d{2}\.xlsx$/);

  // The home lists the session among those to close.
  await page.goto("/cppcc");
  await expect(page.getByRole("region", { name: "Sessions held and not yet closed" }).getByRole("link", { name: topic })).toBeVisible();
});

test("the public list filters without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/consultations");
  await expect(page.getByText("已开展协商活动（场）")).toBeVisible();
  await page.getByLabel("层级", { exact: true }).selectOption("district");
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/level=district/);
  await expect(page.getByRole("status")).toHaveText(/^共 \d+ 场协商活动$/);
  const levels = await page.locator("table.consultation-table tbody td:nth-child(3)").allTextContents();
  expect(levels.length).toBeGreaterThan(0);
  expect(new Set(levels)).toEqual(new Set(["区级"]));
  await page.getByRole("link", { name: "清除筛选" }).click();
  await expect(page).toHaveURL(/\/consultations$/);
  await context.close();
});
