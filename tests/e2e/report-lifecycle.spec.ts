import { expect, test } from "@playwright/test";
import { login } from "./utils";

// From a resident's opinion to the report sent upward and the legislature's answer,
// as the collector and the congress office do it in their browsers.
test("staff build and send a report, record the outcome, and the collector sees it", async ({ browser }) => {
  test.slow();
  test.setTimeout(90_000);
  const collector = await (await browser.newContext()).newPage();
  await login(collector, "informant");
  await collector.getByRole("link", { name: "记录一条意见" }).click();
  await collector.locator("a.choice").first().click();
  await collector.waitForURL(/draft=\d+/);
  const draftId = new URL(collector.url()).searchParams.get("draft")!;
  await collector.locator("#article").selectOption({ index: 1 });
  await collector.locator("#opinion").fill("建议把社区议事会写入本条。");
  await collector.getByRole("button", { name: "保存意见" }).click();
  const code = (await collector.getByTestId("receipt-code").textContent())!.trim();

  const staff = await (await browser.newContext()).newPage();
  await login(staff, "staff");
  await staff.goto(`/staff/drafts/${draftId}`);
  await staff.getByRole("button", { name: "结束征求意见" }).click();
  // Done before the next page is asked for: a navigation away would cancel the form's submission.
  await expect(staff.getByRole("status")).toContainText("草案状态已更新");

  await staff.goto(`/staff/review/${draftId}?status=collected`);
  await staff.getByRole("checkbox", { name: `选择 ${code}` }).check();
  await staff.getByRole("button", { name: "转为审核中" }).click();
  await expect(staff.getByRole("status")).toContainText("已处理 1 条意见");

  await staff.getByRole("link", { name: "编写报送材料" }).click();
  await expect(staff.getByText("建议把社区议事会写入本条。")).toBeVisible();
  await staff.getByRole("button", { name: "生成报送材料" }).click();
  await expect(staff.locator(".report-table")).toContainText("建议把社区议事会写入本条。");
  const docx = await staff.request.get(staff.url() + "/docx");
  expect(docx.headers()["content-type"]).toContain("wordprocessingml");
  // Sending cannot be undone: the first submit only says what will happen.
  await staff.getByRole("button", { name: "核对并报送" }).click();
  await expect(staff.locator(".confirm-step")).toContainText("报送后这份材料和其中的意见不能再修改");
  await expect(staff.locator(".confirm-step h2")).toBeFocused();
  await staff.getByRole("button", { name: "确认报送" }).click();
  await expect(staff.getByRole("status")).toContainText("报送");

  await staff.goto(`/staff/outcomes/${draftId}`);
  await staff.getByRole("button", { name: "标记为已通过" }).click();
  await expect(staff.locator(".confirm-step")).toContainText("标记后不能撤销");
  await staff.getByRole("button", { name: "确认已通过" }).click();
  // The outcome fields appear once the draft is enacted: wait for the office's confirmation first.
  await expect(staff.getByRole("status")).toContainText("通过");
  await staff.getByRole("checkbox", { name: new RegExp(code) }).check();
  await staff.locator("#outcome").selectOption("adopted");
  await staff.getByRole("button", { name: "记录所选意见的采纳情况" }).click();
  await expect(staff.getByRole("status")).toContainText("已记录 1 条");

  await collector.goto("/collect");
  const card = collector.locator(".record-list li", { hasText: code });
  await expect(card).toContainText("采纳");
  await expect(card.locator(".notice")).toBeVisible();
});
