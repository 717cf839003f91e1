// Writes the corpus of sheets the import is tested with (tests/fixtures/imports/):
// the ways contact-point clerks really lay out and save their sheets. Run it again
// after changing it: npx tsx scripts/make-import-fixtures.ts
//
// The sheets are for the demo district's 金溪社区立法联系点 (JH-L-12, grids
// 金溪社区第1–6网格) on the test district's day (2026-11-27), about the open draft
// 中华人民共和国生态环境法典（草案） (12 articles in 3 chapters, received 2026-11-17).
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";

const dir = path.join("tests", "fixtures", "imports");
fs.mkdirSync(dir, { recursive: true });

const DRAFT = "中华人民共和国生态环境法典（草案）";
const HEAD = ["序号", "草案", "条文", "网格", "征集方式", "收集日期", "提出人类别", "意见", "修改建议", "理由", "同意留存姓名电话", "姓名", "电话"];
const FIXED = new Date("2026-11-27T02:00:00Z");

type Row = (string | number | Date | null)[];

function row(n: number | string, fields: Partial<Record<"draft" | "article" | "grid" | "channel" | "date" | "category" | "opinion" | "revision" | "reason" | "consent" | "name" | "phone", string | number | Date>>): Row {
  return [
    n, fields.draft ?? DRAFT, fields.article ?? "", fields.grid ?? "金溪社区第1网格", fields.channel ?? "座谈会", fields.date ?? "2026-11-20",
    fields.category ?? "居民", fields.opinion ?? "", fields.revision ?? "", fields.reason ?? "", fields.consent ?? "否", fields.name ?? "", fields.phone ?? "",
  ];
}

async function xlsx(name: string, build: (workbook: ExcelJS.Workbook) => void) {
  const workbook = new ExcelJS.Workbook();
  workbook.created = FIXED;
  workbook.modified = FIXED;
  build(workbook);
  fs.writeFileSync(path.join(dir, name), Buffer.from(await workbook.xlsx.writeBuffer()));
}

function sheetOf(workbook: ExcelJS.Workbook, name: string, rows: Row[]) {
  const sheet = workbook.addWorksheet(name);
  for (const r of rows) sheet.addRow(r);
  return sheet;
}

const csv = (rows: (string | number)[][], delimiter = ",") =>
  rows.map((r) => r.map((c) => (/[",\n\t]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(delimiter)).join("\r\n") + "\r\n";

// 01 The template's own layout: twenty rows, full-width punctuation, three residents saying the same.
await xlsx("01-standard.xlsx", (wb) => {
  const rows: Row[] = [HEAD];
  for (let i = 1; i <= 17; i++) {
    rows.push(row(i, { article: `第${(i % 12) + 1}条`, grid: `金溪社区第${(i % 6) + 1}网格`, date: `2026-11-${String(17 + (i % 10)).padStart(2, "0")}`, opinion: `建议（第${i}条意见）：加强宣传，提高居民的知晓率；并明确责任主体。` }));
  }
  // The phones as residents give them: with dashes, with the country code.
  for (const [i, [name, phone]] of [["张三", "138-0000-1111"], ["李四", "+86 13900002222"], ["王五", "13700003333"]].entries()) {
    rows.push(row(18 + i, { article: "第三条", grid: "金溪社区第2网格", date: "2026-11-21", opinion: "垃圾分类投放点应当设置在居民方便到达的位置，“定时定点”要兼顾上班族。", consent: "是", name, phone }));
  }
  sheetOf(wb, "意见", rows);
});

// 02 The clerk's own headings, and a remarks column nobody asked for.
await xlsx("02-synonym-headings.xlsx", (wb) => {
  sheetOf(wb, "Sheet1", [
    ["草案名称", "涉及条款", "所在网格", "收集方式", "日期", "身份", "意见内容", "具体修改建议", "修改理由", "是否同意留存姓名电话", "居民姓名", "联系电话", "备注"],
    [DRAFT, "第五条", "金溪社区第3网格", "走访入户", "2026-11-22", "居民", "建议增加噪声投诉的处理时限。", "在第五条中增加“七日内答复”。", "居民反映投诉后长期无人答复。", "是", "赵六", "13600004444", "老党员"],
    [DRAFT, "第六条", "金溪社区第3网格", "走访入户", "2026-11-22", "企业", "建议给小微企业设置过渡期。", "", "小微企业改造成本较高。", "否", "", "", ""],
  ]);
});

// 03 A title above the header, a blank row, and the signature and total lines below.
await xlsx("03-title-and-footer.xlsx", (wb) => {
  sheetOf(wb, "意见收集表", [
    ["金溪社区立法联系点意见收集表（生态环境法典）"],
    ["报送单位：金溪社区立法联系点", "", "", "", "报送日期：2026年11月26日"],
    [],
    HEAD,
    row(1, { article: "第一条", opinion: "赞成立法目的的表述。" }),
    row(2, { article: "第二条", grid: "金溪社区第4网格", opinion: "建议在第二条中写明“公众参与”。" }),
    [],
    ["合计", "", "", "", "", "", "", "", "", "", "", "", ""],
    ["填表人：陈晓文", "", "", "", "审核人：黄志明"],
  ]);
});

// 04 Instructions on the first sheet, the data on the second.
await xlsx("04-second-sheet.xlsx", (wb) => {
  sheetOf(wb, "填表说明", [["填表说明"], ["1. 每行填写一条意见。"], ["2. 日期请写作 2026-11-20。"]]);
  sheetOf(wb, "意见汇总", [HEAD, row(1, { article: "第七条", opinion: "建议明确第七条中“重点区域”的范围。" })]);
});

// 05 The grid and the date typed once for a group of rows, in merged cells.
await xlsx("05-merged-cells.xlsx", (wb) => {
  const sheet = sheetOf(wb, "意见", [
    HEAD,
    row(1, { article: "第八条", grid: "金溪社区第5网格", date: "2026-11-24", opinion: "第一位居民的意见。" }),
    row(2, { article: "第八条", grid: "", date: "", opinion: "第二位居民的意见。" }),
    row(3, { article: "第九条", grid: "", date: "", opinion: "第三位居民的意见。" }),
  ]);
  sheet.mergeCells("D2:D4");
  sheet.mergeCells("F2:F4");
});

// 06 A hidden row and a hidden column.
await xlsx("06-hidden-rows-cols.xlsx", (wb) => {
  const sheet = sheetOf(wb, "意见", [HEAD, row(1, { opinion: "看得见的一行。" }), row(2, { opinion: "隐藏起来的一行。" }), row(3, { opinion: "最后一行。" })]);
  sheet.getRow(3).hidden = true;
  sheet.getColumn(10).hidden = true; // 理由
});

// 07 CSV saved by Excel on Chinese Windows: GBK, no byte-order mark.
const gbkRows = [HEAD, row(1, { article: "十", opinion: "建议细化第十条，明确“生态补偿”的标准（按面积计算）。" }) as (string | number)[]];
fs.writeFileSync(path.join(dir, "07-gbk.csv"), iconv.encode(csv(gbkRows), "gbk"));

// 08 CSV in UTF-8 with a byte-order mark (Excel's "CSV UTF-8"), English headings and labels.
fs.writeFileSync(
  path.join(dir, "08-utf8-bom-english.csv"),
  `\uFEFF${csv([
    ["No.", "Draft", "Article", "Grid", "Channel", "Date collected", "Submitter category", "Opinion", "Suggested revision", "Reason", "Consent to keep name and phone", "Name", "Phone"],
    [1, DRAFT, "12", "440704004002001", "Home visit", "2026/11/21", "Lawyer", "Please define “ecological damage” in Article 12.", "", "", "no", "", ""],
  ])}`,
);

// 09 Excel's "Unicode text": UTF-16 little-endian with a byte-order mark, tab-separated.
fs.writeFileSync(
  path.join(dir, "09-unicode-text.txt"),
  Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(csv([HEAD, row(1, { article: "第4条", opinion: "用Unicode文本保存的意见，含全角标点：（一）、（二）。" }) as (string | number)[]], "\t"), "utf-16le")]),
);

// 10 Dates as clerks type them, and as Excel stores them.
await xlsx("10-dates.xlsx", (wb) => {
  const sheet = sheetOf(wb, "意见", [
    HEAD,
    row(1, { date: 46346, opinion: "日期是Excel的序列号（2026-11-20）。" }),
    row(2, { date: new Date(Date.UTC(2026, 10, 21)), opinion: "日期是带中文格式的日期单元格。" }),
    row(3, { date: "2026年11月22号", opinion: "日期写作“号”。" }),
    row(4, { date: "2026-11-23 14:30", opinion: "日期后面带时间。" }),
    row(5, { date: "11月24日", opinion: "日期没有年份。" }),
    row(6, { date: "2026-12-25", opinion: "日期在将来。" }),
    row(7, { date: "2026-11-10", opinion: "日期早于收到草案。" }),
    row(8, { date: "2026-02-30", opinion: "不存在的日期。" }),
  ]);
  sheet.getCell("F3").numFmt = 'yyyy"年"m"月"d"日"';
});

// 11 Articles: a paragraph named too, the whole draft, a chapter, an article the draft lacks.
await xlsx("11-articles.xlsx", (wb) => {
  sheetOf(wb, "意见", [
    HEAD,
    row(1, { article: "第十二条第二款", opinion: "关于第十二条第二款的意见。" }),
    row(2, { article: "整体意见", opinion: "对草案整体的意见。" }),
    row(3, { article: "全文", opinion: "对全文的意见。" }),
    row(4, { article: "第二章", opinion: "对第二章的意见。" }),
    row(5, { article: "第九十九条", opinion: "草案没有的一条。" }),
    row(6, { article: "１２", opinion: "全角数字的条文。" }),
  ]);
});

// 12 Grids written every way, and codes Excel has rounded.
await xlsx("12-grids.xlsx", (wb) => {
  sheetOf(wb, "意见", [
    HEAD,
    row(1, { grid: "外海街道金溪社区第4网格", opinion: "网格前写了街道和社区。" }),
    row(2, { grid: "第一网格", opinion: "网格只写了中文数字。" }),
    row(3, { grid: 440704004002003, opinion: "网格编码是数字。" }),
    row(4, { grid: "4.40704E+14", opinion: "网格编码被 Excel 改成了科学计数法。" }),
    row(5, { grid: "金溪社区第9网格", opinion: "没有这个网格。" }),
    row(6, { grid: "5号网格", opinion: "网格写作几号网格。" }),
  ]);
});

// 13 The words clerks use for channels and submitters.
await xlsx("13-channel-category-words.xlsx", (wb) => {
  sheetOf(wb, "意见", [
    HEAD,
    row(1, { channel: "座谈", category: "群众", opinion: "座谈与群众。" }),
    row(2, { channel: "入户走访", category: "网格员", opinion: "入户走访与网格员。" }),
    row(3, { channel: "微信", category: "人大代表", opinion: "微信与人大代表。" }),
    row(4, { channel: "来电", category: "律师", opinion: "来电与律师。" }),
    row(5, { channel: "飞鸽传书", category: "居民", opinion: "不认识的征集方式。" }),
  ]);
});

// 14 The same row typed twice, and the same words from two different residents.
await xlsx("14-duplicates.xlsx", (wb) => {
  const same = { article: "第五条", opinion: "建议增加公共绿地。", consent: "是", name: "孙七", phone: "13500005555" };
  sheetOf(wb, "意见", [
    HEAD,
    row(1, same),
    row(2, same),
    row(3, { ...same, name: "周八", phone: "13400006666" }),
    row(4, { article: "第五条", opinion: "建议增加公共绿地。" }),
    row(5, { article: "第五条", opinion: "建议增加公共绿地。" }),
  ]);
});

// 15 An old Excel 97–2003 workbook (.xls): only its signature matters.
fs.writeFileSync(path.join(dir, "15-old-excel.xls"), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]));

// 16 A workbook saved with the wrong extension.
fs.copyFileSync(path.join(dir, "04-second-sheet.xlsx"), path.join(dir, "16-workbook-named.csv"));

// 17 Rows with problems among good ones: to save the good ones and download the others.
await xlsx("17-some-bad-rows.xlsx", (wb) => {
  sheetOf(wb, "意见", [
    HEAD,
    row(1, { opinion: "好的一行。" }),
    row(2, { opinion: "" , revision: "只有修改建议，没有意见。" }),
    row(3, { opinion: "电话不对。", consent: "是", name: "吴九", phone: "12345" }),
    row(4, { opinion: "没有同意却写了姓名。", name: "郑十" }),
    row(5, { opinion: "=HYPERLINK(\"http://evil.example\",\"点我\")" }),
    row(6, { opinion: "又一行好的。", grid: "金溪社区第6网格" }),
  ]);
});

// 18 No header anywhere.
await xlsx("18-no-header.xlsx", (wb) => {
  sheetOf(wb, "Sheet1", [["这是一份会议记录"], ["与会人员：居民代表 12 人"], ["大家对草案总体表示赞成。"]]);
});

// 19 No channel column: the clerk chooses one for every row.
await xlsx("19-no-channel.xlsx", (wb) => {
  sheetOf(wb, "意见", [
    ["草案", "条文", "网格", "收集日期", "提出人类别", "意见"],
    [DRAFT, "第一条", "金溪社区第1网格", "2026-11-25", "居民", "座谈会上收集的意见，表里没有征集方式一列。"],
  ]);
});

// 20 A column the importer does not know, holding the reasons.
await xlsx("20-unrecognised-column.xlsx", (wb) => {
  sheetOf(wb, "意见", [
    ["草案", "条文", "网格", "征集方式", "收集日期", "提出人类别", "意见", "提出依据和说明"],
    [DRAFT, "第十一条", "金溪社区第2网格", "座谈会", "2026-11-25", "专家", "建议第十一条写明信息公开的时限。", "其他法律已有类似规定。"],
  ]);
});

// 21 A CSV whose text holds a control character (a wrongly decoded or corrupted file).
fs.writeFileSync(path.join(dir, "21-control-characters.csv"), `\uFEFF${csv([HEAD, row(1, { opinion: "有一个响铃字符\u0007在这里。" }) as (string | number)[]])}`);

console.log(`Wrote ${fs.readdirSync(dir).length} files to ${dir}`);
