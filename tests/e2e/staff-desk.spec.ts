import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { login, readDatabase } from "./utils";

// The congress office's desk (issue 18): the to-do list and the reports list, the
// workbench on a phone (grouped by article, its actions in a bar that stays in view),
// and the two-step merge, which works without JavaScript.

async function expectNoSeriousA11yViolations(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

/** The open draft with the most opinions under review. */
function busyDraft() {
  return readDatabase((db) =>
    (db.prepare(`SELECT o.draft_id AS id FROM opinions o JOIN drafts d ON d.id = o.draft_id
      WHERE d.status = 'open' AND o.status = 'under_review' GROUP BY o.draft_id ORDER BY count(*) DESC LIMIT 1`).get() as { id: number }).id,
  );
}

test("the desk's to-do list and the reports list link to where the work is done", async ({ page }) => {
  test.slow();
  await login(page, "staff");
  await page.goto("/staff");
  const todo = page.locator("section.todo");
  await expect(todo.getByRole("heading", { level: 2, name: "待办事项" })).toBeVisible();
  await todo.getByRole("heading", { name: /待审核的意见/ }).waitFor();
  const first = todo.locator("[data-testid=todo-screening] a").first();
  const href = await first.getAttribute("href");
  expect(href).toMatch(/^\/staff\/review\/\d+$/);
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("link", { name: "全部报送材料" }).first().click();
  await expect(page).toHaveURL(/\/staff\/reports$/);
  await expect(page.locator("table.report-list tbody tr").first()).toBeVisible();
  await page.locator("#status").selectOption("sent");
  await page.getByRole("button", { name: "筛选" }).click();
  await expect(page).toHaveURL(/status=sent/);
  await expect(page.locator("table.report-list .badge.warn")).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
});

test("the workbench on a 360×740 phone: nothing wider than the screen, the actions stay in view", async ({ page }) => {
  test.slow();
  await page.setViewportSize({ width: 360, height: 740 });
  await login(page, "staff");
  const draftId = busyDraft();
  await page.goto(`/staff/review/${draftId}`);
  await expect(page.locator(".article-group h3").first()).toBeVisible();

  // No element reaches past the right edge, and the page does not scroll sideways.
  const overflowing = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll("main *")]
      .filter((el) => {
        const box = el.getBoundingClientRect();
        return box.width > 0 && (box.right > width + 1 || box.width > width);
      })
      .map((el) => `${el.tagName.toLowerCase()}.${(el as HTMLElement).className}`)
      .slice(0, 10);
  });
  expect(overflowing).toEqual([]);
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

  // The headings follow the text: every article heading before the general comments.
  const headings = await page.locator(".article-group h3").allTextContents();
  const general = headings.findIndex((h) => h.startsWith("总体意见"));
  if (general >= 0) expect(general).toBe(headings.length - 1);

  // Scrolled to the end of the list, the bar with the actions is still at the top of the screen.
  await page.locator(".opinion-row").last().scrollIntoViewIfNeeded();
  const bar = page.locator(".review-bar");
  await expect(bar.getByRole("button", { name: "转为审核中" })).toBeInViewport();
  const top = await bar.evaluate((el) => el.getBoundingClientRect().top);
  expect(top).toBeLessThanOrEqual(1);
  await expectNoSeriousA11yViolations(page);
});

test("merging without JavaScript: tick, choose the one kept among the ticked, confirm", async ({ browser }) => {
  test.slow();
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await login(page, "staff");
  const draftId = busyDraft();
  const codes = readDatabase((db) =>
    (db.prepare("SELECT receipt_code AS code FROM opinions WHERE draft_id = ? AND status = 'under_review' ORDER BY id LIMIT 2").all(draftId) as { code: string }[]).map((r) => r.code),
  );
  await page.goto(`/staff/review/${draftId}?status=under_review`);
  for (const code of codes) {
    const box = page.locator(`input[type=checkbox][aria-label="选择 ${code}"]`);
    // An opinion in a group of similar ones is ticked after opening the group.
    const group = box.locator("xpath=ancestor::details[not(@open)]");
    if (await group.count()) await group.locator("summary").first().click();
    await box.check();
  }
  await page.getByRole("button", { name: "合并勾选的意见…" }).click();

  // The second step lists only the ticked opinions; nothing has changed yet.
  const keep = page.getByLabel("保留哪一条（合并后进入报送材料的意见）");
  await expect(keep.locator("option")).toHaveCount(2);
  for (const code of codes) await expect(keep.locator("option", { hasText: code })).toHaveCount(1);
  await expect(page.locator(".review-bar")).toContainText("保留的那条进入报送材料");
  await keep.selectOption((await keep.locator("option", { hasText: codes[1] }).getAttribute("value"))!);
  await page.getByRole("button", { name: "确认合并" }).click();
  await expect(page.getByRole("status")).toContainText("已把 1 条意见合并到保留的意见");
  await page.goto(`/staff/review/${draftId}`);
  await expect(page.locator(".opinion-row", { hasText: codes[0] })).toContainText(`已合并到 ${codes[1]}`);
  await context.close();
});
