import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { login, readDatabase } from "./utils";

// Similar opinions as informants and staff meet them in the browser: the hint while
// typing (with JavaScript) and after saving (without), and the workbench's groups.

async function expectNoSeriousAxe(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);
}

/** An open draft of the informant's contact point with a second article. */
const openDraft = () =>
  readDatabase((db) => (db.prepare(`SELECT d.id FROM drafts d
    JOIN draft_contact_points dcp ON dcp.draft_id = d.id JOIN users u ON u.contact_point_id = dcp.contact_point_id AND u.username = 'informant'
    JOIN draft_versions v ON v.draft_id = d.id JOIN articles a ON a.version_id = v.id AND a.number = 2
    WHERE d.status = 'open' ORDER BY d.id LIMIT 1`).get() as { id: number }).id);

async function record(page: Page, draftId: number, text: string) {
  await page.goto(`/collect/new?draft=${draftId}`);
  await page.locator("#article").selectOption("2");
  await page.locator("#opinion").fill(text);
  await page.getByRole("button", { name: "保存意见" }).click();
  await expect(page.getByTestId("receipt-code")).toBeVisible();
}

test("an informant sees similar opinions of their contact point while typing, and after saving without JavaScript", async ({ browser }) => {
  test.slow();
  const draftId = openDraft();
  const marker = `${Date.now() % 100000}`;
  const first = `建议第二条规定小区广场舞晚上九点以后停止，音响不得扰民，编号${marker}。`;
  const page = await (await browser.newContext()).newPage();
  await login(page, "informant");
  await record(page, draftId, first);

  await page.goto(`/collect/new?draft=${draftId}`);
  await page.locator("#article").selectOption("2");
  await page.locator("#opinion").fill(`晚上九点后小区里别再跳广场舞了，音响太吵，编号${marker}`);
  const hint = page.locator(".similar-hint");
  await expect(hint).toContainText(first);
  await expectNoSeriousAxe(page);
  // The hint never stands in the way: saving works as always.
  await page.getByRole("button", { name: "保存意见" }).click();
  await expect(page.getByTestId("receipt-code")).toBeVisible();

  const noScript = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
  await login(noScript, "informant");
  await record(noScript, draftId, `小区广场舞晚上九点以后要停，音响声音太大，编号${marker}`);
  await expect(noScript.locator(".similar-hint")).toContainText(first);
});

test("staff read a draft's similar opinions as groups, opened to their members", async ({ page }) => {
  const draftId = readDatabase((db) => (db.prepare("SELECT draft_id AS id FROM opinions WHERE status IN ('collected', 'under_review') GROUP BY draft_id ORDER BY count(*) DESC LIMIT 1").get() as { id: number }).id);
  await login(page, "staff");
  await page.goto(`/staff/review/${draftId}`);
  const group = page.locator(".similar-group").first();
  await expect(group).toBeVisible();
  await group.locator("summary").click();
  await expect(group.locator(".opinion-row").nth(1)).toBeVisible();
  await expect(group.getByRole("button", { name: /合并这一组/ })).toBeVisible();
  await expectNoSeriousAxe(page);
});
