import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { expect, test, type Browser, type Page } from "@playwright/test";
import { login, useLanguage } from "./utils";

// Staff take a real law text from a file to a published page; the public reads it
// with working article anchors. Each test makes its own draft, titled uniquely.
const lawsDir = path.resolve(process.cwd(), "../shared/laws");
const unique = () => `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`;
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);

async function expectNoSeriousA11yViolations(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
}

type Case = {
  lng: "zh-CN" | "en";
  file: string;
  articles: number;
  chapter2: string;
  article12: string;
  titleEn: boolean;
  ui: Record<
    "check" | "parsed" | "save" | "created" | "assign" | "saveAssign" | "assigned" | "open" | "statusChanged" | "openBadge" | "search" | "searchButton" | "contents" | "fullText",
    string
  >;
};

const cases: Case[] = [
  {
    lng: "zh-CN",
    file: "个人信息保护法(2021-08-20).md",
    articles: 74,
    chapter2: "第二章 个人信息处理规则",
    article12: "个人信息保护国际规则",
    titleEn: false,
    ui: {
      check: "检查文本", parsed: "解析出 8 章、74 条。", save: "保存草案", created: "草案已保存。请分配立法联系点，然后开始征求意见。",
      assign: "分配立法联系点", saveAssign: "保存分配", assigned: "立法联系点分配已保存。", open: "开始征求意见",
      statusChanged: "草案状态已更新。", openBadge: "征求意见中", search: "搜索草案", searchButton: "搜索", contents: "目录", fullText: "草案全文",
    },
  },
  {
    lng: "en",
    file: "噪声污染防治法(2021-12-24).md",
    articles: 90,
    chapter2: "第二章 噪声污染防治标准和规划",
    article12: "做出显著成绩",
    titleEn: true,
    ui: {
      check: "Check the text", parsed: "Read 9 chapters and 90 articles.", save: "Save the draft", created: "The draft is saved. Assign contact points, then open it for comment.",
      assign: "Assign contact points", saveAssign: "Save", assigned: "The contact points are saved.", open: "Open for comment",
      statusChanged: "The status is changed.", openBadge: "Open for comment", search: "Search drafts", searchButton: "Search", contents: "Contents", fullText: "Full text",
    },
  },
];

async function anonymousPage(browser: Browser, lng: Case["lng"]) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto("/");
  await useLanguage(page, lng);
  return page;
}

for (const c of cases) {
  test(`staff publish a law text from a file and the public reads it with article anchors (${c.lng})`, async ({ page, browser }) => {
    test.slow();
    test.skip(!existsSync(path.join(lawsDir, c.file)), `needs the law texts in ${lawsDir}`);
    const tag = unique();
    const title = `${c.file.replace(/\(.*$/, "")}（草案）${tag}`;
    const titleEn = `Draft law ${tag}`;

    await login(page, "staff");
    await useLanguage(page, c.lng);

    // The text from a file, checked before anything is saved.
    await page.goto("/staff/drafts/new");
    await page.locator("#file").setInputFiles({ name: "law.md", mimeType: "text/markdown", buffer: readFileSync(path.join(lawsDir, c.file)) });
    await page.getByRole("button", { name: c.ui.check }).click();
    await expect(page.getByText(c.ui.parsed)).toBeVisible();
    await expect(page.locator("#text")).toHaveValue(/第一条/);

    await page.locator("#title").fill(title);
    if (c.titleEn) await page.locator("#titleEn").fill(titleEn);
    await page.locator("#requestingBody").fill("全国人大常委会法制工作委员会");
    await page.locator("#deadline").fill(inDays(30));
    await page.locator("#keyQuestions").fill("1. 本法的适用范围是否合适？\n2. 还有哪些情形需要规定？");
    await page.getByRole("button", { name: c.ui.save }).click();
    await expect(page).toHaveURL(/\/staff\/drafts\/\d+\?notice=created$/);
    await expect(page.getByRole("status")).toHaveText(c.ui.created);
    const id = /\/staff\/drafts\/(\d+)/.exec(page.url())![1];

    // Not public yet.
    const visitor = await anonymousPage(browser, c.lng);
    expect((await visitor.goto(`/drafts/${id}`))?.status()).toBe(404);

    // Contact points, then open for comment.
    await page.getByRole("link", { name: c.ui.assign }).first().click();
    await page.getByRole("button", { name: c.ui.saveAssign }).click();
    await expect(page.getByRole("status")).toHaveText(c.ui.assigned);
    await page.getByRole("button", { name: c.ui.open }).click();
    await expect(page.getByRole("status")).toHaveText(c.ui.statusChanged);
    await expect(page.locator(".badge.status-open").first()).toHaveText(c.ui.openBadge);

    // The public finds it and reads it.
    await visitor.goto("/drafts");
    await visitor.getByLabel(c.ui.search).fill(tag);
    await visitor.getByRole("button", { name: c.ui.searchButton, exact: true }).click();
    const shown = c.titleEn ? titleEn : title;
    await visitor.getByRole("link", { name: shown }).click();
    await expect(visitor).toHaveURL(new RegExp(`/drafts/${id}$`));
    await expect(visitor.getByRole("heading", { level: 1 })).toHaveText(shown);
    await expect(visitor.getByRole("heading", { name: c.ui.fullText })).toBeVisible();
    await expect(visitor.locator(".draft-article")).toHaveCount(c.articles);
    await expect(visitor.locator("#art-1")).toContainText("第一条");
    await expectNoSeriousA11yViolations(visitor);

    // The table of contents and the article anchors work.
    await visitor.getByRole("navigation", { name: c.ui.contents }).getByRole("link", { name: c.chapter2 }).click();
    await expect(visitor).toHaveURL(new RegExp(`/drafts/${id}#chapter-2$`));
    await expect(visitor.getByRole("heading", { name: c.chapter2 })).toBeInViewport();

    // A shared link to one article, opened fresh.
    await visitor.goto("about:blank");
    await visitor.goto(`/drafts/${id}#art-12`);
    const article12 = visitor.locator("#art-12");
    await expect(article12).toBeInViewport();
    await expect(article12).toContainText("第十二条");
    await expect(article12).toContainText(c.article12);
    // After hydration, so that the in-page link is handled by the router (which keeps each jump in history).
    await visitor.waitForLoadState("networkidle");
    await visitor.locator("#art-40").getByRole("link", { name: "第四十条" }).click();
    await expect(visitor).toHaveURL(new RegExp(`#art-40$`));
    await expect(visitor.locator("#art-40")).toBeInViewport();

    await visitor.goto(`/drafts?q=${encodeURIComponent(tag)}`);
    await expect(visitor.getByRole("link", { name: shown })).toBeVisible();
    await expectNoSeriousA11yViolations(visitor);
    await visitor.context().close();
  });
}
