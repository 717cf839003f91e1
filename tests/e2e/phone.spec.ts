import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { login, readDatabase } from "./utils";

// The screens as their users meet them on a 360×740 phone: nothing wider than the
// screen, no text too small to read, no short label broken one character per line,
// and the informant's form keeping everything typed, with and without JavaScript.

const PHONE = { width: 360, height: 740 };

/** What would make the page hard to read on a phone, as messages (empty when none). */
async function phoneProblems(page: Page): Promise<string[]> {
  return page.evaluate((width) => {
    const problems: string[] = [];
    if (document.documentElement.scrollWidth > width) problems.push(`the page scrolls sideways: ${document.documentElement.scrollWidth}px`);
    const scrolls = (el: Element | null): boolean => {
      for (let e = el; e; e = e.parentElement) if (["auto", "scroll"].includes(getComputedStyle(e).overflowX)) return true;
      return false;
    };
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.className && typeof el.className === "string" ? `.${el.className.split(" ")[0]}` : ""} "${(el.textContent ?? "").trim().slice(0, 20)}"`;
    for (const el of Array.from(document.body.querySelectorAll("*"))) {
      const box = el.getBoundingClientRect();
      if (!box.width || !box.height) continue;
      const style = getComputedStyle(el);
      if (style.visibility === "hidden") continue;
      // Placed off the screen on purpose (the skip link until it is focused): no sideways scroll.
      if ((style.position === "absolute" || style.position === "fixed") && box.right <= 0) continue;
      if ((box.right > width + 1 || box.left < -1) && !scrolls(el.parentElement)) problems.push(`wider than the screen: ${name(el)} (${Math.round(box.left)}–${Math.round(box.right)})`);
      const ownText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
      if (ownText && parseFloat(style.fontSize) < 11) problems.push(`text under 11px: ${name(el)} ${style.fontSize}`);
    }
    // A short label (buttons, badges, table headers) fits on one line: its text's line boxes share one top.
    for (const el of Array.from(document.body.querySelectorAll("button, .button, .badge, th, summary"))) {
      const text = (el.textContent ?? "").trim();
      if (!el.getBoundingClientRect().width || [...text].length > 6 || !text) continue;
      const range = document.createRange();
      range.selectNodeContents(el);
      const lines = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top))).size;
      if (lines > 1) problems.push(`a short label on ${lines} lines: ${name(el)}`);
    }
    return problems;
  }, PHONE.width);
}

async function expectReadable(page: Page, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  expect(await phoneProblems(page), path).toEqual([]);
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => `${path}: ${v.id}`)).toEqual([]);
}

test("the public tracker, a draft, the consultation list and the staff workbench read well on a phone", async ({ browser }) => {
  test.slow();
  const page = await (await browser.newContext({ viewport: PHONE })).newPage();
  const { draftId, reviewDraft } = readDatabase((db) => ({
    draftId: (db.prepare("SELECT id FROM drafts WHERE status = 'enacted' ORDER BY id LIMIT 1").get() as { id: number }).id,
    reviewDraft: (db.prepare("SELECT draft_id AS id FROM opinions WHERE status = 'under_review' GROUP BY draft_id ORDER BY count(*) DESC LIMIT 1").get() as { id: number }).id,
  }));
  for (const path of ["/", "/tracker", `/tracker/drafts/${draftId}`, `/drafts/${draftId}`, "/consultations"]) await expectReadable(page, path);
  // The navigation folds into a menu that opens without JavaScript.
  const header = await page.locator(".site-header").boundingBox();
  expect(header!.height).toBeLessThan(90);
  await page.locator(".site-menu summary").click();
  await expect(page.locator(".site-menu").getByRole("link", { name: "采纳追踪" })).toBeVisible();

  await login(page, "staff");
  await expectReadable(page, `/staff/review/${reviewDraft}`);
});

test("without JavaScript, finding an article by 第十二条 keeps everything typed, and the receipt slip prints", async ({ browser }) => {
  test.slow();
  // An open draft of the informant's contact point long enough to have a twelfth article.
  const draftId = readDatabase((db) => (db.prepare(`SELECT d.id FROM drafts d
    JOIN draft_contact_points dcp ON dcp.draft_id = d.id JOIN users u ON u.contact_point_id = dcp.contact_point_id AND u.username = 'informant'
    JOIN draft_versions v ON v.draft_id = d.id JOIN articles a ON a.version_id = v.id AND a.number = 12
    WHERE d.status = 'open' ORDER BY d.id LIMIT 1`).get() as { id: number }).id);
  const page = await (await browser.newContext({ viewport: PHONE, javaScriptEnabled: false })).newPage();
  await login(page, "informant");
  await page.goto(`/collect/new?draft=${draftId}`);
  await expect(page.locator("#opinion")).toBeVisible();
  // The opinion box comes first, within the first screen and a half.
  expect((await page.locator("#opinion").boundingBox())!.y).toBeLessThan(PHONE.height * 1.5);
  await page.locator("#opinion").fill("建议在本条增加社区议事会的职责。");
  await page.locator("#consent").check();
  await page.locator("#residentName").fill("王小明");
  await page.locator("#articleQuery").fill("第十二条");
  await page.getByRole("button", { name: "查找" }).click();
  await expect(page.locator("#article")).toHaveValue("12");
  await expect(page.locator("#opinion")).toHaveValue("建议在本条增加社区议事会的职责。");
  await expect(page.locator("#residentName")).toHaveValue("王小明");
  await expect(page.locator("#consent")).toBeChecked();
  await page.getByRole("button", { name: "保存意见" }).click();
  const code = (await page.getByTestId("receipt-code").textContent())!.trim();

  await page.getByRole("link", { name: "打印回执条" }).click();
  await expect(page.getByTestId("slip-code")).toHaveText(code);
  await expect(page.locator(".slip .qr svg")).toBeVisible();
  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".site-header")).toBeHidden();
  const pdf = await page.pdf({ format: "A4" });
  expect(pdf.subarray(0, 5).toString()).toBe("%PDF-");
  expect(await page.content()).not.toContain("王小明");

  // "Record another" starts from the same draft, grid and channel.
  await page.emulateMedia({ media: "screen" });
  await page.goBack();
  await page.getByRole("link", { name: "再记录一条" }).click();
  await expect(page.locator("#opinion")).toHaveValue("");
  await expect(page.locator(".record-context summary")).toContainText("走访入户");
});

test("with JavaScript, a failed save brings the error summary into view, focused", async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: PHONE })).newPage();
  await login(page, "informant");
  await page.goto("/collect/new");
  await page.locator("a.choice").first().click();
  await page.locator("#consent").check();
  await page.locator("#residentPhone").fill("12345");
  await page.locator("#residentPhone").scrollIntoViewIfNeeded();
  await page.getByRole("button", { name: "保存意见" }).click();
  const summary = page.locator(".error-summary");
  await expect(summary).toBeFocused();
  await expect(summary).toBeInViewport();
  await expect(page.locator("#residentPhone")).toHaveValue("12345");
});

test("an opinion sent back to its collector cannot be marked ready until it is corrected", async ({ browser }) => {
  const page = await (await browser.newContext({ viewport: PHONE })).newPage();
  await login(page, "liaison");
  await page.goto("/collect/queue");
  const first = page.locator(".record-list li").first();
  const code = (await first.locator(".receipt").textContent())!.trim();
  await first.locator("summary").click();
  await first.locator("textarea").fill("请补充条文序号。");
  await first.getByRole("button", { name: "退回" }).click();
  const waiting = page.locator("section[aria-labelledby=waiting-heading]");
  await expect(waiting).toContainText(code);
  await expect(waiting.getByRole("checkbox")).toHaveCount(0);
  await expect(page.getByRole("checkbox", { name: new RegExp(code) })).toHaveCount(0);
});
