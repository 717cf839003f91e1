import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { login, readDatabase } from "./utils";

// Closing the loop: the congress office answers many forwarded opinions at once with
// a reason, the resident reads it behind the receipt code, and the contact point
// prints the notice-board sheet.

async function expectNoSeriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

test("outcomes recorded in bulk reach the resident's receipt page and the printed notice sheet", async ({ browser }) => {
  test.slow();
  // A draft reported upward and not yet passed, with at least three forwarded opinions.
  const { draftId, title, codes } = readDatabase((db) => {
    const draft = db.prepare(`SELECT d.id, d.title FROM drafts d WHERE d.status = 'reported'
      AND (SELECT count(*) FROM opinions o WHERE o.draft_id = d.id AND o.status = 'forwarded') >= 3 ORDER BY d.id DESC LIMIT 1`).get() as { id: number; title: string };
    const rows = db.prepare("SELECT receipt_code AS code FROM opinions WHERE draft_id = ? AND status = 'forwarded' ORDER BY id LIMIT 3").all(draft.id) as { code: string }[];
    return { draftId: draft.id, title: draft.title, codes: rows.map((r) => r.code) };
  });

  const staff = await (await browser.newContext()).newPage();
  await login(staff, "staff");
  await staff.goto(`/staff/outcomes/${draftId}`);
  await staff.getByRole("button", { name: "标记为已通过" }).click();
  // Enactment cannot be undone: it is confirmed on a second step.
  await expect(staff.locator(".confirm-step")).toContainText(title);
  await staff.getByRole("button", { name: "确认已通过" }).click();
  await expect(staff.getByRole("status")).toContainText("已标记为通过");
  await expectNoSeriousA11yViolations(staff);

  // Not adopted needs a reason: refused, with the choices kept and the problem beside the field.
  for (const code of codes) await staff.getByRole("checkbox", { name: new RegExp(code) }).check();
  await staff.locator("#outcome").selectOption("not_adopted");
  await staff.getByRole("button", { name: "记录所选意见的采纳情况" }).click();
  await expect(staff.locator(".error-summary")).toBeFocused();
  await expect(staff.locator("#reason-error")).toContainText("必须写明理由");
  for (const code of codes) await expect(staff.getByRole("checkbox", { name: new RegExp(code) })).toBeChecked();

  // A saved phrase fills the reason; staff edit it and answer all three at once.
  await staff.locator("#template").selectOption({ index: 3 });
  const phrase = await staff.locator("#reason").inputValue();
  expect(phrase.length).toBeGreaterThan(5);
  await staff.locator("#reason").fill(`${phrase}已转区司法局研究。`);
  await staff.getByRole("button", { name: "记录所选意见的采纳情况" }).click();
  await expect(staff.getByRole("status")).toContainText("已记录 3 条");

  // The resident, with the receipt code only.
  const resident = await (await browser.newContext()).newPage();
  await resident.goto(`/tracker/receipt?code=${codes[0]}`);
  await expect(resident.getByRole("heading", { level: 2, name: new RegExp(codes[0]) })).toBeVisible();
  const steps = resident.locator(".timeline-steps li");
  await expect(steps.filter({ hasText: "法律通过" })).toHaveCount(1);
  await expect(steps.filter({ hasText: "未采纳" })).toContainText("已转区司法局研究。");
  await expect(steps.filter({ hasText: "查询回执码" })).toHaveCount(1);
  await expectNoSeriousA11yViolations(resident);

  // What we heard, what changed, and its notice-board sheet.
  await resident.getByRole("link", { name: title }).click();
  await expect(resident.getByRole("heading", { level: 1 })).toContainText("意见处理情况");
  await expect(resident.getByText("已转区司法局研究。").first()).toBeVisible();
  await expectNoSeriousA11yViolations(resident);
  await resident.getByRole("link", { name: "打印公告栏版（A4）" }).click();
  await expect(resident.locator(".notice-sheet .qr svg").first()).toBeVisible();
  await resident.emulateMedia({ media: "print" });
  await expect(resident.locator(".site-header")).toBeHidden();
  const fontSize = await resident.locator(".notice-sheet").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(fontSize).toBeGreaterThanOrEqual(20);
  const pdf = await resident.pdf({ format: "A4", printBackground: false });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  expect(pdf.length).toBeGreaterThan(5000);
});
