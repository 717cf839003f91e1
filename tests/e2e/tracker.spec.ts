import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Page } from "@playwright/test";
import { readDatabase, useLanguage } from "./utils";

// The public adoption tracker and the open data, in both languages. Other specs may
// forward or record opinions on the shared server, so figures are compared with
// summary.json at the same moment rather than with fixed numbers.

async function expectNoSeriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

const number = (n: number, lng: string) => new Intl.NumberFormat(lng).format(n);

test("the tracker shows the same figures as summary.json, with accessible charts, in both languages", async ({ page, request }) => {
  test.slow();
  const summary = await (await request.get("/open-data/summary.json")).json();
  // A long page of Chinese text, whole: no byte of it a NUL (a streamed render padded some with them).
  const html = await (await request.get("/tracker")).body();
  expect(html.length).toBeGreaterThan(20_000);
  expect(html.includes(0)).toBe(false);
  expect(html.toString("utf8").trimEnd()).toMatch(/<\/html>(?:<!--[^>]*-->)*$/);
  await page.goto("/tracker");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("采纳追踪");
  const figures = page.locator("#tracker-figures + .figures .figure-value");
  await expect(figures.nth(0)).toHaveText(number(summary.draftsConsulted, "zh-CN"));
  await expect(figures.nth(2)).toHaveText(number(summary.opinionsForwarded, "zh-CN"));
  await expect(figures.nth(3)).toHaveText(number(summary.opinionsAdopted, "zh-CN"));
  await expect(figures.nth(4)).toHaveText(number(summary.opinionsPartlyAdopted, "zh-CN"));
  await expect(page.getByRole("img", { name: /每月收集、上报和采纳的意见数/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /各草案上报意见的采纳情况/ })).toBeVisible();
  await expect(page.getByRole("img", { name: /各街道上报和采纳的意见数/ })).toBeVisible();
  // The figures behind a chart, in a table behind a disclosure.
  const monthly = page.locator("figure.chart").first();
  await expect(monthly.getByRole("table")).toBeHidden();
  await monthly.getByText("以表格查看数据").click();
  await expect(monthly.getByRole("table")).toBeVisible();
  await expect(page.getByRole("heading", { name: "“民事好商量”协商" })).toBeVisible();
  await expectNoSeriousA11yViolations(page);

  await useLanguage(page, "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Adoption tracker");
  await expect(figures.nth(2)).toHaveText(number(summary.opinionsForwarded, "en"));
  await expect(page.getByRole("img", { name: /Opinions collected, forwarded and adopted per month/ })).toBeVisible();
  await expect(page.locator(".figure-label").nth(5)).toHaveText("adoption rate (all forwarded)");
  await expectNoSeriousA11yViolations(page);
});

for (const lng of ["zh-CN", "en"] as const) {
  test(`the pages of a draft, its grid coverage, a contact point and a street render in ${lng} without serious accessibility problems`, async ({ page }) => {
    test.slow();
    test.setTimeout(120_000);
    await page.goto("/tracker");
    await useLanguage(page, lng);
    const en = lng === "en";

    await page.locator("#tracker-drafts ~ .table-scroll tbody th a").first().click();
    await expect(page).toHaveURL(/\/tracker\/drafts\/\d+$/);
    await expect(page.getByRole("heading", { name: en ? "Timeline" : "时间线" })).toBeVisible();
    await expect(page.getByRole("heading", { name: en ? "Opinions per article" : "各条文的意见数" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    await page.getByRole("link", { name: en ? "See the coverage grid by grid" : "查看每个网格的覆盖情况" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(en ? "Grid coverage" : "网格覆盖情况");
    await expect(page.getByRole("img", { name: en ? /Opinions given by each grid/ : /各网格提出的意见数/ })).toBeVisible();
    await expect(page.getByRole("cell", { name: en ? "Gap" : "空白", exact: true }).first()).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    await page.goto("/tracker");
    await page.locator("#tracker-points ~ .table-scroll tbody th a").first().click();
    await expect(page).toHaveURL(/\/tracker\/contact-points\/\d+$/);
    await expect(page.getByRole("heading", { level: 2, name: en ? "By draft" : "各草案" })).toBeVisible();
    await expectNoSeriousA11yViolations(page);

    await page.goto("/tracker");
    await page.getByRole("link", { name: en ? "外海街道 in detail" : "外海街道详情" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("外海街道");
    await page.getByRole("link", { name: "金溪社区", exact: true }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("金溪社区");
    await expectNoSeriousA11yViolations(page);
  });
}

test("the overview links to every draft, street and contact point, a page at a time, in both languages", async ({ page }) => {
  test.slow();
  await page.goto("/tracker");
  await page.getByRole("link", { name: /^查看全部 \d+ 个联系点$/ }).click();
  await expect(page).toHaveURL(/\/tracker\/contact-points$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("各联系点的意见");
  await expect(page.locator("tbody tr")).toHaveCount(50);
  await expectNoSeriousA11yViolations(page);
  await page.getByRole("navigation", { name: "分页" }).getByRole("link", { name: "下一页" }).click();
  await expect(page).toHaveURL(/\?page=2$/);
  await expect(page.getByText("第 2 页，共 2 页")).toBeVisible();
  await expect(page.locator("tbody tr")).toHaveCount(9);

  await useLanguage(page, "en");
  await page.goto("/tracker");
  await page.getByRole("link", { name: /^See all \d+ drafts$/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Opinions by draft");
  // The filters carry over to the list and stay on it.
  await page.getByLabel("Year").selectOption({ index: 2 });
  await page.getByRole("button", { name: "Filter" }).click();
  await expect(page).toHaveURL(/\/tracker\/drafts\?year=\d{4}/);
  await expect(page.locator("tbody tr").first()).toBeVisible();
  await expectNoSeriousA11yViolations(page);
  await page.getByRole("link", { name: "Back to the adoption tracker" }).click();
  await expect(page).toHaveURL(/\/tracker\?year=\d{4}$/);
  await page.getByRole("link", { name: /^See all 3 streets$/ }).click();
  await expect(page.locator("tbody tr")).toHaveCount(3);
  await expect(page.getByRole("link", { name: "外海街道" })).toBeVisible();
});

test("a resident looks up an opinion with the home page's form; unknown and malformed codes are explained", async ({ page }) => {
  const code = readDatabase((db) =>
    (db.prepare("SELECT o.receipt_code AS code FROM opinions o JOIN opinion_outcomes oc ON oc.opinion_id = o.id WHERE oc.outcome = 'adopted' ORDER BY o.id LIMIT 1").get() as { code: string }).code,
  );
  await page.goto("/");
  await page.locator("#receipt-code").fill(`${code.slice(0, 4).toLowerCase()}-${code.slice(4).toLowerCase()}`);
  await page.locator("#receipt-code").press("Enter");
  await expect(page).toHaveURL(/\/tracker\/receipt\?code=/);
  // The address changes as the navigation commits; the page follows a moment later.
  await expect(page.getByRole("heading", { name: "处理进程" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: new RegExp(code) })).toBeVisible();
  await expect(page.locator(".timeline-steps li")).not.toHaveCount(0);
  await expect(page.getByText("采纳", { exact: true }).first()).toBeVisible();
  // Opened from a text message, a page of plain HTML: nothing for the resident's phone to download and run.
  const served = await page.request.get(page.url());
  expect(await served.text()).toContain(code);
  expect(await served.text()).not.toContain("<script");
  await expectNoSeriousA11yViolations(page);

  await page.getByRole("textbox", { name: "回执码" }).fill("ZZZZZZZZ");
  await page.getByRole("button", { name: "查询" }).click();
  await expect(page.locator(".field-error")).toHaveText(/没有找到这个回执码/);
  await expect(page.getByRole("textbox", { name: "回执码" })).toHaveAttribute("aria-invalid", "true");

  await useLanguage(page, "en");
  await page.getByLabel("Receipt code").fill("AB1");
  await page.getByRole("button", { name: "Look up" }).click();
  await expect(page.locator(".field-error")).toHaveText(/A receipt code has 8 letters and digits/);
  await expectNoSeriousA11yViolations(page);
});

test("a resident opens the link of a text message on a phone: a page without scripts, in both languages", async ({ browser }) => {
  const code = readDatabase((db) => (db.prepare("SELECT receipt_code AS code FROM opinions ORDER BY id LIMIT 1").get() as { code: string }).code);
  const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto(`/tracker/receipt?code=${code}`);
  await expect(page.getByRole("heading", { level: 2, name: new RegExp(code) })).toBeVisible();
  await expect(page.locator("script")).toHaveCount(0);
  // Its navigation, in the menu and in the bar, marks where the resident is, as the app's pages do.
  const current = page.locator('.site-nav a[aria-current="page"]');
  await expect(current).toHaveCount(2);
  for (const link of await current.all()) await expect(link).toHaveAttribute("href", "/tracker");
  await useLanguage(page, "en");
  await expect(page.getByRole("heading", { level: 1, name: "Opinion lookup" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: new RegExp(code) })).toBeVisible();
  await expect(page.locator("script")).toHaveCount(0);
  await expectNoSeriousA11yViolations(page);
  await context.close();
});

test("the filters work without JavaScript", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/tracker");
  const year = await page.locator("#year option").nth(2).getAttribute("value");
  await page.locator("#year").selectOption(year!);
  await page.getByRole("button", { name: "筛选", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`year=${year}`));
  await expect(page.getByRole("heading", { name: "筛选结果" })).toBeVisible();
  await expect(page.locator("#year")).toHaveValue(year!);
  await context.close();
});

test("the open data is documented, cached by ETag, and carries no resident's name or phone", async ({ page, request }) => {
  await page.goto("/open-data");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("开放数据");
  await expectNoSeriousA11yViolations(page);
  await useLanguage(page, "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Open data");
  await expectNoSeriousA11yViolations(page);

  const summary = await request.get("/open-data/summary.json");
  expect(summary.headers()["content-type"]).toMatch(/application\/json/);
  const figures = await summary.json();
  expect(Object.keys(figures)).toEqual(["draftsConsulted", "opinionsForwarded", "opinionsAdopted", "opinionsPartlyAdopted", "adoptionRate"]);
  expect(figures.adoptionRate).toBeGreaterThanOrEqual(0);
  expect(figures.adoptionRate).toBeLessThanOrEqual(1);
  const etag = summary.headers()["etag"];
  expect((await request.get("/open-data/summary.json", { headers: { "If-None-Match": etag } })).status()).toBe(304);

  const drafts = await (await request.get("/open-data/drafts.json")).json();
  expect(drafts.reduce((n: number, d: { opinionsForwarded: number }) => n + d.opinionsForwarded, 0)).toBe(figures.opinionsForwarded);

  const csv = await request.get("/open-data/opinions.csv");
  expect(csv.headers()["content-type"]).toMatch(/^text\/csv/);
  const bytes = await csv.body();
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = bytes.toString("utf8");
  expect(text.split("\r\n")[0]).toBe(
    "\uFEFFid,draft_id,draft_title,requesting_body,article_number,street,community,grid_code,contact_point_code,channel,submitter_category,collected_on,forwarded_on,status,outcome,final_article_number,draft_enacted_on,merged_opinions,opinion,suggested_revision,reason",
  );

  const secrets = readDatabase((db) =>
    (db.prepare("SELECT resident_name AS name, resident_phone AS phone FROM opinions WHERE resident_name IS NOT NULL OR resident_phone IS NOT NULL").all() as { name: string | null; phone: string | null }[])
      .flatMap((r) => [r.name, r.phone])
      .filter((v): v is string => Boolean(v)),
  );
  expect(secrets.length).toBeGreaterThan(0);
  const pages = [text, JSON.stringify(drafts)];
  for (const path of ["/tracker", "/open-data"]) {
    await page.goto(path);
    pages.push(await page.content());
  }
  for (const content of pages) {
    expect(secrets.filter((s) => content.includes(s))).toEqual([]);
    expect(content).not.toMatch(/(?<!\d)1[3-9]\d{9}(?!\d)/);
  }
});
