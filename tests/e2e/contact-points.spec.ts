import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { login, readDatabase } from "./utils";

// A resident reads a draft on a phone and learns where and when to give their view:
// the contact points the draft was sent to, nearest first for the community they
// pick (with and without JavaScript), each point's page, and the upcoming events.

async function expectAccessible(page: Page) {
  const { violations } = await new AxeBuilder({ page }).analyze();
  const serious = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${page.url()}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`)).toEqual([]);
}

type Fixture = { draftId: number; communityId: number; point: { id: number; name: string; address: string; hours: string; phone: string } };

/** An open draft sent to 金溪社区's contact point, and that point's details as stored. */
function fixture(): Fixture {
  return readDatabase((db) => {
    const point = db
      .prepare(`SELECT cp.id, cp.name, cp.address, cp.opening_hours AS hours, cp.phone, cp.place_id AS communityId FROM contact_points cp
        JOIN places p ON p.id = cp.place_id WHERE p.name = '金溪社区' AND cp.kind = 'liaison_unit'`)
      .get() as Fixture["point"] & { communityId: number };
    const draft = db
      .prepare(`SELECT d.id FROM drafts d JOIN draft_contact_points dcp ON dcp.draft_id = d.id WHERE d.status = 'open' AND dcp.contact_point_id = ? ORDER BY d.id LIMIT 1`)
      .get(point.id) as { id: number };
    return { draftId: draft.id, communityId: point.communityId, point };
  });
}

test.describe("on a phone", () => {
  test.use({ viewport: { width: 360, height: 740 } });

  test("the draft page puts the picked community's contact point first, with its address, hours and phone", async ({ page }) => {
    const { draftId, communityId, point } = fixture();
    await page.goto(`/drafts/${draftId}`);
    const section = page.locator("#how-to-comment");
    await expect(section.getByRole("heading", { level: 2 })).toHaveText("如何提出意见");
    await expectAccessible(page);

    await section.getByLabel("您住在哪里？").selectOption(String(communityId));
    await section.getByRole("button", { name: "查看" }).click();
    await expect(page).toHaveURL(new RegExp(`[?&]place=${communityId}(&|$)`));
    const first = page.locator("#how-to-comment .contact-point-card").first();
    await expect(first.getByRole("heading", { level: 4 })).toHaveText(point.name);
    await expect(first).toContainText(point.address);
    await expect(first).toContainText(point.hours);
    await expect(first.getByRole("link", { name: point.phone })).toHaveAttribute("href", /^tel:0750\d{7}$/);
    await expect(section).toContainText("按离金溪社区由近到远排列。");
    await expectAccessible(page);

    // Its page, and the district's events, from there.
    await first.getByRole("link", { name: /联系点详情/ }).click();
    await expect(page).toHaveURL(new RegExp(`/tracker/contact-points/${point.id}$`));
    await expect(page.getByRole("img", { name: "本页面的二维码" })).toBeVisible();
    await expect(page.getByRole("link", { name: "在高德地图中查看" })).toHaveAttribute("href", /^https:\/\/uri\.amap\.com\/marker\?position=113\.\d+,22\.\d+/);
    await expect(page.locator(".event-list li").first()).toBeVisible();
    await expectAccessible(page);
  });

  test("the upcoming events: listed from the home page, filtered by street", async ({ page }) => {
    await page.goto("/");
    await page.getByRole("link", { name: "查看即将举行的征集活动" }).click();
    await expect(page).toHaveURL(/\/events$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("即将举行的征集活动");
    const cards = page.locator(".event-cards > li");
    await expect(cards.first()).toBeVisible();
    for (const label of ["日期", "形式", "地点", "联系点", "草案"]) await expect(cards.first()).toContainText(label);
    await expectAccessible(page);

    const street = readDatabase((db) => db.prepare("SELECT id FROM places WHERE level = 'street' AND name = '外海街道'").pluck().get() as number);
    await page.getByLabel("街道").selectOption(String(street));
    await page.getByRole("button", { name: "筛选" }).click();
    await expect(page).toHaveURL(new RegExp(`street=${street}`));
    await expect(page.getByLabel("街道")).toHaveValue(String(street));
    await expectAccessible(page);
  });
});

test.describe("without JavaScript", () => {
  test.use({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });

  test("picking a community is a plain GET form", async ({ page }) => {
    const { draftId, communityId, point } = fixture();
    await page.goto(`/drafts/${draftId}`);
    await page.locator("#place").selectOption(String(communityId));
    await page.locator("#how-to-comment button[type=submit]").click();
    await expect(page).toHaveURL(new RegExp(`place=${communityId}`));
    await expect(page.locator("#how-to-comment .contact-point-card").first()).toContainText(point.address);
  });
});

test("a liaison keeps their contact point's details: errors beside the fields, the page accessible", async ({ page }) => {
  await page.setViewportSize({ width: 360, height: 740 });
  await login(page, "liaison");
  await page.goto("/collect/contact-point");
  await expectAccessible(page);
  await page.getByLabel("办公电话").fill("13812345678");
  await page.getByLabel("经度").fill("");
  await page.getByRole("button", { name: "保存" }).click();
  await expect(page.locator("#phone-error")).toContainText("手机号码");
  await expect(page.getByLabel("办公电话")).toHaveValue("13812345678");
  await expect(page.locator("#longitude-error")).toContainText("同时填写");
  await expectAccessible(page);
});
