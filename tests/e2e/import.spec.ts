import { expect, test } from "@playwright/test";
import ExcelJS from "exceljs";
import { login } from "./utils";

// A contact-point clerk imports a sheet typed up from paper slips, on a phone with
// JavaScript off: upload, read the check, say what an unknown column holds, save,
// and print the receipt list for the residents.
test.use({ viewport: { width: 360, height: 740 }, javaScriptEnabled: false });

const todayInChina = () => new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(Date.now());

/** A sheet as a clerk makes it: a title row, their own heading for the reasons, today's date. */
async function clerksSheet(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("意见");
  sheet.addRow(["金溪社区意见收集表"]);
  sheet.addRow(["草案", "条文", "网格", "征集方式", "收集日期", "提出人类别", "意见", "提出依据和说明"]);
  sheet.addRow(["中华人民共和国生态环境法典（草案）", "第三条", "金溪社区第1网格", "座谈", todayInChina(), "群众", "建议明确“生态保护红线”的划定程序（含公示）。", "居民担心划定过程不公开。"]);
  sheet.addRow(["中华人民共和国生态环境法典（草案）", "整体意见", "金溪社区第2网格", "入户走访", todayInChina(), "居民", "赞成制定法典。", ""]);
  sheet.addRow(["填表人：陈晓文"]);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

test("a clerk uploads a sheet, corrects a column's meaning, saves it and prints the receipts, on a phone without JavaScript", async ({ page }) => {
  test.slow();
  await login(page, "informant");
  await page.goto("/collect/import");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("导入纸质意见");
  await page.locator("#file").setInputFiles({ name: "金溪社区意见.xlsx", mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", buffer: await clerksSheet() });
  await page.getByRole("button", { name: "上传并检查" }).click();

  // The check: nothing saved yet, the unknown column named, the title and signature rows explained.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("检查结果：金溪社区意见.xlsx", { timeout: 20_000 });
  await expect(page.getByText("共 2 行意见：2 行可以保存")).toBeVisible();
  await expect(page.getByText("表头上面的 1 行（标题等）未读取。")).toBeVisible();
  await expect(page.getByText("“填表人：陈晓文”看起来是签名或合计行")).toBeVisible();
  const mapping = page.getByLabel("把“提出依据和说明”一列导入为");
  await expect(mapping).toHaveValue("ignore");
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // The clerk says the column holds the reasons, and the file is checked again.
  await mapping.selectOption("reason");
  await page.getByRole("button", { name: "按以上选择重新检查" }).click();
  await expect(page.getByLabel("把“提出依据和说明”一列导入为")).toHaveValue("reason");
  await page.getByRole("button", { name: "保存全部 2 条意见" }).click();

  // Saved: the receipt list, ready to print and hand to residents.
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("导入完成", { timeout: 20_000 });
  await expect(page.getByText("已保存 2 条意见")).toBeVisible();
  const codes = page.locator(".receipt-list td.receipt-code");
  await expect(codes).toHaveCount(2);
  await expect(codes.first()).toHaveText(/^[2-9A-HJKMNP-Z]{8}$/);
  await expect(page.locator(".receipt-list")).toContainText("建议明确“生态保护红线”的划定程序（含公示）。");

  await page.emulateMedia({ media: "print" });
  await expect(page.locator(".receipt-list")).toBeVisible();
  await expect(page.getByRole("button", { name: "打印回执清单" })).toBeHidden();
  await expect(page.locator(".site-header")).toBeHidden();
  const pdf = await page.pdf({ format: "A4" });
  expect(pdf.length).toBeGreaterThan(1000);
});
