import type JSZip from "jszip";
import { articleLabel as numberedArticleLabel } from "~/domain/articles";
import { resources } from "~/locales";
import type { ReportPreview, ReportSource } from "~/domain/report";
import { formatDate } from "~/utils/format";

// The office sends these documents upward as official Chinese documents, so
// their wording is Chinese whatever language the person producing them uses.
// docx, exceljs and jszip (about 45 MiB resident together) are loaded when a
// document is first made, not with every server.

export const REPORT_COLUMNS = ["序号", "条款", "原文", "意见", "修改建议", "理由", "来源"] as const;

const GENERAL_COMMENT = "总体意见";
const CREATOR = "直通车";
const SHEET_NAME = "意见汇总";

export function articleLabel(n: number | null): string {
  return n === null ? GENERAL_COMMENT : numberedArticleLabel(n);
}

const CHANNEL_LABELS: Readonly<Record<string, string>> = resources["zh-CN"].common.channel;
const CHANNEL_ORDER = Object.keys(CHANNEL_LABELS);

export function channelLabel(code: string): string {
  return Object.hasOwn(CHANNEL_LABELS, code) ? CHANNEL_LABELS[code] : code;
}

/**
 * "金溪社区立法联系点 3 条（座谈会 2，走访入户 1）；江翠社区立法联系点 1 条（线上 1）":
 * contact points in the order given, channels in their usual order.
 */
export function formatSources(sources: ReportSource[]): string {
  const byPoint = new Map<string, Map<string, number>>();
  for (const { contactPoint, channel, count } of sources) {
    if (count <= 0) continue;
    const channels = byPoint.get(contactPoint) ?? new Map<string, number>();
    channels.set(channel, (channels.get(channel) ?? 0) + count);
    byPoint.set(contactPoint, channels);
  }
  const rank = (code: string) => {
    const i = CHANNEL_ORDER.indexOf(code);
    return i === -1 ? CHANNEL_ORDER.length : i;
  };
  return [...byPoint]
    .map(([point, channels]) => {
      const ordered = [...channels].sort(([a], [b]) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
      const total = ordered.reduce((sum, [, n]) => sum + n, 0);
      const detail = ordered.map(([code, n]) => `${channelLabel(code)} ${n}`).join("，");
      return `${point} ${total} 条（${detail}）`;
    })
    .join("；");
}

// Control characters other than tab and line breaks cannot be written in the
// XML of either document (the file would not open), so they are dropped.
const XML_INVALID = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function cellText(value: string | null): string {
  if (value === null) return "";
  return value.replace(/\r\n?/g, "\n").replace(XML_INVALID, "");
}

/** The cells of the table in both documents, one row per item, in REPORT_COLUMNS order. */
export function reportRows(report: ReportPreview): string[][] {
  return report.items.map((item, index) => [
    String(index + 1),
    articleLabel(item.articleNumber),
    cellText(item.originalText),
    cellText(item.opinion),
    cellText(item.suggestedRevision),
    cellText(item.reason),
    cellText(formatSources(item.sources)),
  ]);
}

function isIsoDate(s: string | null): s is string {
  if (s === null || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** The lines under the title: where the report goes, when, and what it rests on. */
export function reportInfoLines(report: ReportPreview): string[] {
  const first = [`草案：${cellText(report.draftTitle)}`];
  if (report.recipient) first.push(`报送对象：${cellText(report.recipient)}`);
  if (report.sentOn) first.push(`报送日期：${isIsoDate(report.sentOn) ? formatDate(report.sentOn, "zh-CN") : cellText(report.sentOn)}`);
  return [
    first.join("　　"),
    `征集活动 ${report.eventsHeld} 场、参与 ${report.participants} 人次，涉及意见 ${report.opinionsBehind} 条`,
  ];
}

/**
 * The documents' own dates come from the report, not the clock, so that the
 * same report always gives the same file (zip entries store a date too).
 */
export function documentDate(report: ReportPreview): Date {
  if (isIsoDate(report.sentOn)) {
    const year = Number(report.sentOn.slice(0, 4));
    // The zip format cannot store dates outside these years.
    if (year >= 1980 && year <= 2107) return new Date(`${report.sentOn}T00:00:00Z`);
  }
  return new Date("2000-01-01T00:00:00Z");
}

function w3cdtf(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** Repacks a zip with every entry dated `date`, optionally rewriting some text entries. */
async function repack(bytes: Uint8Array | ArrayBuffer, date: Date, rewrite: Record<string, (xml: string) => string> = {}): Promise<Buffer> {
  const { default: Zip } = await import("jszip");
  const source = await Zip.loadAsync(bytes);
  const out = new Zip();
  const entries: JSZip.JSZipObject[] = [];
  source.forEach((_path, entry) => {
    if (!entry.dir) entries.push(entry);
  });
  for (const entry of entries) {
    const change = rewrite[entry.name];
    const data = change ? change(await entry.async("string")) : await entry.async("uint8array");
    out.file(entry.name, data, { date, createFolders: false });
  }
  return out.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 6 }, platform: "DOS" });
}

// ---------------------------------------------------------------------------
// Spreadsheet

const XLSX_WIDTHS = [6, 12, 40, 44, 40, 30, 34];
const THIN = { style: "thin" as const, color: { argb: "FF000000" } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };

export async function buildReportXlsx(report: ReportPreview): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const date = documentDate(report);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = CREATOR;
  workbook.lastModifiedBy = CREATOR;
  workbook.title = report.title;
  workbook.created = date;
  workbook.modified = date;

  const info = reportInfoLines(report);
  const headerRow = 2 + info.length;
  const sheet = workbook.addWorksheet(SHEET_NAME, {
    views: [{ state: "frozen", xSplit: 0, ySplit: headerRow, topLeftCell: `A${headerRow + 1}`, activeCell: `A${headerRow + 1}` }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.5, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 },
      printTitlesRow: `${headerRow}:${headerRow}`,
    },
    headerFooter: { oddFooter: "&C第 &P 页" },
  });
  sheet.columns = XLSX_WIDTHS.map((width) => ({ width }));
  const last = REPORT_COLUMNS.length;

  const title = sheet.getRow(1);
  title.getCell(1).value = cellText(report.title);
  title.getCell(1).font = { name: "黑体", size: 16, bold: true };
  title.getCell(1).alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  title.height = 30;
  sheet.mergeCells(1, 1, 1, last);

  info.forEach((line, i) => {
    const row = sheet.getRow(2 + i);
    row.getCell(1).value = line;
    row.getCell(1).alignment = { horizontal: "left", vertical: "middle", wrapText: true };
    sheet.mergeCells(2 + i, 1, 2 + i, last);
  });

  const header = sheet.getRow(headerRow);
  REPORT_COLUMNS.forEach((name, i) => {
    const cell = header.getCell(i + 1);
    cell.value = name;
    cell.font = { bold: true };
    cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFD9D9D9" } };
    cell.border = BORDER;
    cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  });

  // Every value is assigned as a plain string (or the row number), never as
  // `{ formula }`: exceljs then writes it as a shared string, which Excel shows
  // as text even when it starts with "=", "+", "-" or "@".
  reportRows(report).forEach((cells, r) => {
    const row = sheet.getRow(headerRow + 1 + r);
    cells.forEach((text, c) => {
      const cell = row.getCell(c + 1);
      cell.value = c === 0 ? r + 1 : text;
      cell.border = BORDER;
      cell.alignment = { vertical: "top", horizontal: c <= 1 ? "center" : "left", wrapText: true };
    });
  });

  return repack(await workbook.xlsx.writeBuffer(), date);
}

// ---------------------------------------------------------------------------
// Word document

const BODY_FONT = { ascii: "FangSong", hAnsi: "FangSong", eastAsia: "仿宋", cs: "FangSong" };
const HEADING_FONT = { ascii: "SimHei", hAnsi: "SimHei", eastAsia: "黑体", cs: "SimHei" };
const TABLE_SIZE = 21; // half-points: 10.5pt (五号)
const A4 = { width: 11906, height: 16838 };
const MARGIN = 1134; // 2 cm
const DOCX_SHARES = [5, 9, 19, 22, 18, 13, 14];

export async function buildReportDocx(report: ReportPreview): Promise<Buffer> {
  const {
    AlignmentType, Document, Footer, HeadingLevel, Packer, PageNumber, PageOrientation, Paragraph, ShadingType, Table, TableCell,
    TableLayoutType, TableRow, TextRun, VerticalAlign, WidthType,
  } = await import("docx");
  const cellParagraphs = (text: string, bold = false, alignment: (typeof AlignmentType)[keyof typeof AlignmentType] = AlignmentType.LEFT) =>
    text.split("\n").map((line) => new Paragraph({ alignment, children: line ? [new TextRun({ text: line, bold, size: TABLE_SIZE })] : [] }));
  const date = documentDate(report);
  const contentWidth = A4.height - 2 * MARGIN;
  const shareTotal = DOCX_SHARES.reduce((a, b) => a + b, 0);
  const widths = DOCX_SHARES.map((s) => Math.floor((contentWidth * s) / shareTotal));
  widths[widths.length - 1] += contentWidth - widths.reduce((a, b) => a + b, 0);

  const headerRow = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: REPORT_COLUMNS.map(
      (name, i) =>
        new TableCell({
          width: { size: widths[i], type: WidthType.DXA },
          shading: { type: ShadingType.CLEAR, color: "auto", fill: "D9D9D9" },
          verticalAlign: VerticalAlign.CENTER,
          children: cellParagraphs(name, true, AlignmentType.CENTER),
        }),
    ),
  });
  const bodyRows = reportRows(report).map(
    (cells) =>
      new TableRow({
        children: cells.map(
          (text, i) =>
            new TableCell({
              width: { size: widths[i], type: WidthType.DXA },
              children: cellParagraphs(text, false, i <= 1 ? AlignmentType.CENTER : AlignmentType.LEFT),
            }),
        ),
      }),
  );

  const document = new Document({
    creator: CREATOR,
    lastModifiedBy: CREATOR,
    title: report.title,
    styles: {
      default: {
        document: { run: { font: BODY_FONT, size: 24 } },
        heading1: {
          run: { font: HEADING_FONT, size: 36, bold: true, color: "000000" },
          paragraph: { alignment: AlignmentType.CENTER, spacing: { before: 0, after: 240 } },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: A4.width, height: A4.height, orientation: PageOrientation.LANDSCAPE },
            margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN, header: 567, footer: 567 },
          },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: ["第 ", PageNumber.CURRENT, " 页"], size: TABLE_SIZE })],
              }),
            ],
          }),
        },
        children: [
          new Paragraph({
            heading: HeadingLevel.HEADING_1,
            alignment: AlignmentType.CENTER,
            children: [new TextRun(cellText(report.title))],
          }),
          ...reportInfoLines(report).map((line) => new Paragraph({ spacing: { after: 120 }, children: [new TextRun(line)] })),
          new Table({
            width: { size: contentWidth, type: WidthType.DXA },
            columnWidths: widths,
            layout: TableLayoutType.FIXED,
            rows: [headerRow, ...bodyRows],
          }),
        ],
      },
    ],
  });

  const packed = await Packer.toBuffer(document);
  const stamp = w3cdtf(date);
  return repack(packed, date, {
    "docProps/core.xml": (xml) =>
      xml.replace(
        /(<dcterms:(created|modified)\b[^>]*>)[^<]*(<\/dcterms:\2>)/g,
        (_m, open: string, _name: string, close: string) => `${open}${stamp}${close}`,
      ),
  });
}
