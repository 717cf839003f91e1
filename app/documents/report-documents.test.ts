import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { ReportPreview } from "~/domain/report";
import {
  REPORT_COLUMNS,
  articleLabel,
  buildReportDocx,
  buildReportXlsx,
  channelLabel,
  documentDate,
  formatSources,
  reportInfoLines,
  reportRows,
} from "./report-documents.server";

const INJECTION = '=HYPERLINK("http://x")';

const report: ReportPreview = {
  id: 7,
  title: "关于《某市物业管理条例（草案）》的意见汇总",
  draftId: 3,
  draftTitle: "某市物业管理条例（草案）",
  status: "sent",
  recipient: "市人大常委会法制工作委员会",
  sentOn: "2024-05-10",
  eventsHeld: 4,
  participants: 86,
  opinionsBehind: 6,
  items: [
    {
      position: 1,
      articleNumber: 12,
      originalText: "业主大会应当设立业主委员会。\n业主委员会由五至十一名委员组成。",
      opinion: "建议明确业主委员会委员的任职条件。",
      suggestedRevision: "增加一款：“业主委员会委员应当具有完全民事行为能力。”",
      reason: "便于实践中操作。",
      sources: [
        { contactPoint: "金溪社区立法联系点", channel: "seminar", count: 2 },
        { contactPoint: "金溪社区立法联系点", channel: "home_visit", count: 1 },
        { contactPoint: "江翠社区立法联系点", channel: "online", count: 1 },
      ],
    },
    {
      position: 2,
      articleNumber: 103,
      originalText: null,
      opinion: `${INJECTION} 见附件`,
      suggestedRevision: null,
      reason: null,
      sources: [{ contactPoint: "江翠社区立法联系点", channel: "online", count: 1 }],
    },
    {
      position: 3,
      articleNumber: null,
      originalText: null,
      opinion: "草案总体可行，建议加强与上位法的衔接。",
      suggestedRevision: null,
      reason: "+避免冲突",
      sources: [{ contactPoint: "金溪社区立法联系点", channel: "seminar", count: 1 }],
    },
  ],
};

/** Each table row of word/document.xml as its cells' texts: runs joined, paragraphs joined with "\n". */
function docxTableRows(xml: string): string[][] {
  const table = xml.match(/<w:tbl>[\s\S]*<\/w:tbl>/)?.[0] ?? "";
  const unescape = (s: string) =>
    s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
  return [...table.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map(([tr]) =>
    [...tr.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map(([tc]) =>
      [...tc.matchAll(/<w:p[ >][\s\S]*?<\/w:p>|<w:p\/>/g)]
        .map(([p]) => [...p.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => unescape(m[1])).join(""))
        .join("\n"),
    ),
  );
}

async function readDocx(buffer: Buffer) {
  const zip = await JSZip.loadAsync(buffer);
  return {
    document: await zip.file("word/document.xml")!.async("string"),
    core: await zip.file("docProps/core.xml")!.async("string"),
    footer: await Promise.all(Object.keys(zip.files).filter((n) => /^word\/footer\d*\.xml$/.test(n)).map((n) => zip.file(n)!.async("string"))),
  };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("labels", () => {
  it("names articles in Chinese, and general comments as such", () => {
    expect(articleLabel(12)).toBe("第十二条");
    expect(articleLabel(103)).toBe("第一百零三条");
    expect(articleLabel(null)).toBe("总体意见");
  });

  it("names channels in Chinese and keeps an unknown code as it is", () => {
    expect(channelLabel("seminar")).toBe("座谈会");
    expect(channelLabel("home_visit")).toBe("走访入户");
    expect(channelLabel("letter_phone")).toBe("来信来电");
    expect(channelLabel("carrier_pigeon")).toBe("carrier_pigeon");
    expect(channelLabel("constructor")).toBe("constructor");
  });
});

describe("formatSources", () => {
  it("groups counts by contact point, then by channel", () => {
    expect(formatSources(report.items[0].sources)).toBe("金溪社区立法联系点 3 条（座谈会 2，走访入户 1）；江翠社区立法联系点 1 条（线上 1）");
  });

  it("adds up repeated pairs, orders channels the usual way and skips empty counts", () => {
    expect(
      formatSources([
        { contactPoint: "江翠社区立法联系点", channel: "online", count: 1 },
        { contactPoint: "江翠社区立法联系点", channel: "seminar", count: 2 },
        { contactPoint: "江翠社区立法联系点", channel: "online", count: 3 },
        { contactPoint: "金溪社区立法联系点", channel: "box", count: 0 },
      ]),
    ).toBe("江翠社区立法联系点 6 条（座谈会 2，线上 4）");
    expect(formatSources([])).toBe("");
  });
});

describe("reportRows and info", () => {
  it("gives one row of seven cells per item, empty text for missing fields", () => {
    const rows = reportRows(report);
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toHaveLength(REPORT_COLUMNS.length);
    expect(rows[0].slice(0, 2)).toEqual(["1", "第十二条"]);
    expect(rows[1]).toEqual(["2", "第一百零三条", "", `${INJECTION} 见附件`, "", "", "江翠社区立法联系点 1 条（线上 1）"]);
    expect(rows[2]).toEqual(["3", "总体意见", "", report.items[2].opinion, "", "+避免冲突", "金溪社区立法联系点 1 条（座谈会 1）"]);
  });

  it("drops characters XML cannot carry and normalises line breaks", () => {
    const odd = { ...report, items: [{ ...report.items[2], opinion: "甲\u0001乙\r\n丙\u000B" }] };
    expect(reportRows(odd)[0][3]).toBe("甲乙\n丙");
  });

  it("states draft, recipient, date and participation", () => {
    expect(reportInfoLines(report)).toEqual([
      "草案：某市物业管理条例（草案）　　报送对象：市人大常委会法制工作委员会　　报送日期：2024年5月10日",
      "征集活动 4 场、参与 86 人次，涉及意见 6 条",
    ]);
    expect(reportInfoLines({ ...report, recipient: null, sentOn: null })[0]).toBe("草案：某市物业管理条例（草案）");
  });

  it("dates the documents from the report, not the clock", () => {
    expect(documentDate(report).toISOString()).toBe("2024-05-10T00:00:00.000Z");
    expect(documentDate({ ...report, sentOn: null }).toISOString()).toBe("2000-01-01T00:00:00.000Z");
    expect(documentDate({ ...report, sentOn: "2024-02-30" }).toISOString()).toBe("2000-01-01T00:00:00.000Z");
  });
});

describe("buildReportXlsx", () => {
  it("holds the title, the header row and exactly the report's rows, without formulas", async () => {
    const workbook = new ExcelJS.Workbook();
    // exceljs types its input as its own Buffer interface, which Node's Buffer no longer matches.
    await workbook.xlsx.load((await buildReportXlsx(report)) as unknown as Parameters<typeof workbook.xlsx.load>[0]);
    expect(workbook.creator).toBe("直通车");
    expect(workbook.created.toISOString()).toBe("2024-05-10T00:00:00.000Z");
    const sheet = workbook.getWorksheet("意见汇总")!;
    expect(sheet).toBeDefined();

    expect(sheet.getCell("A1").value).toBe(report.title);
    expect(sheet.getCell("A1").font.bold).toBe(true);
    expect(sheet.getCell("A1").isMerged && sheet.getCell("G1").master.address).toBe("A1");
    expect(sheet.getCell("A2").value).toBe(reportInfoLines(report)[0]);
    expect(sheet.getCell("A3").value).toBe(reportInfoLines(report)[1]);

    const texts = (r: number) => REPORT_COLUMNS.map((_, c) => sheet.getRow(r).getCell(c + 1).text);
    expect(texts(4)).toEqual([...REPORT_COLUMNS]);
    expect(sheet.getCell("A4").font.bold).toBe(true);
    const rows = reportRows(report);
    expect([5, 6, 7].map(texts)).toEqual(rows);
    expect(sheet.rowCount).toBe(7);
    // The text cells hold the strings themselves, the row numbers are numbers.
    expect(sheet.getCell("D6").value).toBe(`${INJECTION} 见附件`);
    expect(sheet.getCell("A5").value).toBe(1);

    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        expect(cell.formula).toBeUndefined();
      }),
    );

    expect(sheet.views[0]).toMatchObject({ state: "frozen", ySplit: 4 });
    expect(sheet.pageSetup).toMatchObject({ orientation: "landscape", paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    expect(sheet.pageSetup.printTitlesRow).toBe("4:4");
  });

  it("never writes a formula element into the sheet", async () => {
    const zip = await JSZip.loadAsync(await buildReportXlsx(report));
    const xml = await zip.file("xl/worksheets/sheet1.xml")!.async("string");
    expect(xml).not.toMatch(/<f[ >]/);
  });

  it("is byte-identical for the same report, whenever it is built", async () => {
    const first = await buildReportXlsx(report);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2031-07-04T12:34:56Z"));
    const second = await buildReportXlsx(report);
    expect(second.equals(first)).toBe(true);
  });
});

describe("buildReportDocx", () => {
  it("has the header row and exactly the report's rows in its table", async () => {
    const { document } = await readDocx(await buildReportDocx(report));
    expect(docxTableRows(document)).toEqual([[...REPORT_COLUMNS], ...reportRows(report)]);
    // Title and info lines come before the table.
    const beforeTable = document.slice(0, document.indexOf("<w:tbl>"));
    expect(beforeTable).toContain(report.title);
    for (const line of reportInfoLines(report)) expect(beforeTable).toContain(line);
  });

  it("is laid out as the office sends it: landscape A4, repeated header, page numbers", async () => {
    const { document, core, footer } = await readDocx(await buildReportDocx(report));
    expect(document).toMatch(/<w:pgSz w:w="16838" w:h="11906" w:orient="landscape"\/>/);
    expect(document).toMatch(/<w:tblHeader\/>/);
    expect(document).toMatch(/<w:shd [^>]*w:fill="D9D9D9"/);
    expect(document).toContain('w:val="21"');
    expect(footer.join("")).toMatch(/第 [\s\S]*PAGE[\s\S]* 页/);
    expect(core).toContain("<dc:creator>直通车</dc:creator>");
    expect(core).toContain(`<dc:title>${report.title}</dc:title>`);
    expect(core).toMatch(/<dcterms:created [^>]*>2024-05-10T00:00:00Z<\/dcterms:created>/);
    expect(core).toMatch(/<dcterms:modified [^>]*>2024-05-10T00:00:00Z<\/dcterms:modified>/);
  });

  it("is byte-identical for the same report, whenever it is built", async () => {
    const first = await buildReportDocx(report);
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2031-07-04T12:34:56Z"));
    const second = await buildReportDocx(report);
    expect(second.equals(first)).toBe(true);
  });
});

describe("privacy", () => {
  it("carries nothing about residents beyond the report's own text", async () => {
    const name = "张三丰";
    const docx = await readDocx(await buildReportDocx(report));
    const xlsx = await JSZip.loadAsync(await buildReportXlsx(report));
    const sheetTexts = await Promise.all(Object.values(xlsx.files).filter((f) => !f.dir).map((f) => f.async("string")));
    expect(docx.document + docx.core).not.toContain(name);
    expect(sheetTexts.join("")).not.toContain(name);
  });
});
