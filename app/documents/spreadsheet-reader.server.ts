import type ExcelJS from "exceljs";
import iconv from "iconv-lite";
import type { Merge, Sheet, SheetRow, Workbook } from "~/domain/import-check";
import type { SheetCell } from "~/domain/import-values";

// Reads an uploaded sheet of opinions into plain rows: an .xlsx workbook (any sheet,
// merged cells and hidden rows and columns noted), or a CSV/tab-separated text in
// UTF-8, UTF-16 (Excel's "Unicode text") or GB18030/GBK (Excel on Chinese Windows).
// The format is told from the bytes, not the file's name. Every bound is checked
// before the work it limits: the size of the file, the zip's entries and their
// declared sizes, the rows a sheet has, the length of a record.

export const READER_LIMITS = {
  fileBytes: 10 * 1024 * 1024,
  zipEntries: 300,
  zipBytes: 80 * 1024 * 1024,
  zipEntryBytes: 40 * 1024 * 1024,
  /** Rows read from one sheet, the header and notes included (the opinions themselves are capped at 5,000). */
  sheetRows: 6000,
  columns: 200,
  cellChars: 32_767,
} as const;

export class UnreadableFile extends Error {
  constructor(
    /** An i18n key of collect:import. */
    readonly reason: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(reason);
  }
}

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);

/** Reads a workbook from an upload's bytes; throws UnreadableFile with the reason to show the clerk. */
export async function readWorkbook(bytes: Uint8Array): Promise<Workbook> {
  if (!bytes.length) throw new UnreadableFile("collect:import.noFile");
  if (bytes.length > READER_LIMITS.fileBytes) throw new UnreadableFile("collect:import.tooLarge", { mb: READER_LIMITS.fileBytes / 1024 / 1024 });
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) throw new UnreadableFile("collect:import.oldExcel");
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) return readXlsx(bytes);
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) throw new UnreadableFile("collect:import.notSheet");
  return readText(bytes);
}

// ---- .xlsx

async function readXlsx(bytes: Uint8Array): Promise<Workbook> {
  const { default: JSZip } = await import("jszip");
  let zip: InstanceType<typeof JSZip>;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    throw new UnreadableFile("collect:import.unreadable");
  }
  const entries = Object.values(zip.files).filter((f) => !f.dir);
  if (zip.file("mimetype") && !zip.file("xl/workbook.xml")) throw new UnreadableFile("collect:import.otherSpreadsheet");
  if (!zip.file("xl/workbook.xml")) throw new UnreadableFile("collect:import.notSheet");
  // The central directory says how large each part unpacks to; a zip bomb says so too, or lies
  // and is stopped by the counting below and by the worker's memory limit.
  const declared = (f: (typeof entries)[number]) => Number((f as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0);
  const total = entries.reduce((sum, f) => sum + declared(f), 0);
  if (entries.length > READER_LIMITS.zipEntries || total > READER_LIMITS.zipBytes || entries.some((f) => declared(f) > READER_LIMITS.zipEntryBytes)) {
    throw new UnreadableFile("collect:import.tooComplex");
  }
  // Count each sheet's rows as it unpacks, stopping as soon as one has too many.
  for (const entry of entries.filter((f) => /^xl\/worksheets\/[^/]+\.xml$/.test(f.name))) {
    if ((await countRows(entry, READER_LIMITS.sheetRows + 1)) > READER_LIMITS.sheetRows) {
      throw new UnreadableFile("collect:import.tooManyRows", { max: READER_LIMITS.sheetRows });
    }
  }
  const { default: Excel } = await import("exceljs");
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  } catch {
    throw new UnreadableFile("collect:import.unreadable");
  }
  return { format: "xlsx", encoding: null, sheets: workbook.worksheets.map(readWorksheet) };
}

/** How many <row> elements a worksheet part has, counting as it unpacks and stopping at `stopAt`. */
function countRows(entry: { nodeStream(type: "nodebuffer"): NodeJS.ReadableStream }, stopAt: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let rows = 0;
    let bytes = 0;
    let tail = "";
    let done = false;
    const stream = entry.nodeStream("nodebuffer");
    const finish = (error: Error | null) => {
      if (done) return;
      done = true;
      stream.removeAllListeners("data");
      stream.pause();
      if (error) reject(error);
      else resolve(rows);
    };
    stream.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > READER_LIMITS.zipEntryBytes) return finish(new UnreadableFile("collect:import.tooComplex"));
      const text = tail + chunk.toString("latin1");
      rows += text.match(/<row[\s>]/g)?.length ?? 0;
      tail = text.slice(-5);
      if (rows >= stopAt) finish(null);
    });
    stream.on("end", () => finish(null));
    stream.on("error", () => finish(new UnreadableFile("collect:import.unreadable")));
  });
}

function cellOf(value: ExcelJS.CellValue): SheetCell {
  if (value === null || value === undefined) return { text: "" };
  if (value instanceof Date) {
    const iso = Number.isNaN(value.getTime()) ? "" : value.toISOString().slice(0, 10);
    return { text: iso, ...(iso ? { date: iso } : {}) };
  }
  if (typeof value === "number") return { text: Number.isInteger(value) ? value.toFixed(0) : String(value), number: value };
  if (typeof value === "boolean") return { text: value ? "TRUE" : "FALSE" };
  if (typeof value === "string") return { text: value.slice(0, READER_LIMITS.cellChars) };
  if ("richText" in value) return { text: value.richText.map((r) => r.text).join("").slice(0, READER_LIMITS.cellChars) };
  if ("result" in value) return cellOf((value.result ?? null) as ExcelJS.CellValue);
  if ("text" in value) return cellOf(value.text as ExcelJS.CellValue);
  if ("error" in value) return { text: String(value.error) };
  return { text: "" };
}

/** "B3:D5" → rows 3–5, columns 1–3. */
function mergeOf(range: string): Merge | null {
  const m = /^([A-Z]+)(\d+):([A-Z]+)(\d+)$/.exec(range);
  if (!m) return null;
  const column = (letters: string) => [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0) - 1;
  return { top: Number(m[2]), left: column(m[1]), bottom: Number(m[4]), right: column(m[3]) };
}

function readWorksheet(sheet: ExcelJS.Worksheet): Sheet {
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, number) => {
    const values = (row.values as ExcelJS.CellValue[]).slice(1, READER_LIMITS.columns + 1);
    rows.push({ number, cells: Array.from(values, (v) => cellOf(v ?? null)), hidden: Boolean(row.hidden) });
  });
  const hiddenColumns: number[] = [];
  const width = Math.min(sheet.columnCount, READER_LIMITS.columns);
  for (let i = 1; i <= width; i++) if (sheet.getColumn(i).hidden) hiddenColumns.push(i - 1);
  const merges = ((sheet.model as { merges?: string[] }).merges ?? []).map(mergeOf).filter((m): m is Merge => m !== null);
  return { name: sheet.name, hidden: sheet.state !== "visible", rows, hiddenColumns, merges };
}

// ---- CSV and tab-separated text

/** The text of a CSV in whatever encoding Excel or WPS saved it. */
export function decodeText(bytes: Uint8Array): { text: string; encoding: string } {
  const buffer = Buffer.from(bytes);
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) return { text: buffer.subarray(3).toString("utf8"), encoding: "utf-8" };
  if (startsWith(bytes, [0xff, 0xfe])) return { text: iconv.decode(buffer.subarray(2), "utf-16le"), encoding: "utf-16le" };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: iconv.decode(buffer.subarray(2), "utf-16be"), encoding: "utf-16be" };
  // UTF-16 without a mark: every other byte of ASCII text is zero.
  const sample = bytes.subarray(0, 2000);
  const zerosAt = (parity: number) => sample.filter((b, i) => i % 2 === parity && b === 0).length;
  if (sample.length > 3 && zerosAt(1) > sample.length / 4) return { text: iconv.decode(buffer, "utf-16le"), encoding: "utf-16le" };
  if (sample.length > 3 && zerosAt(0) > sample.length / 4) return { text: iconv.decode(buffer, "utf-16be"), encoding: "utf-16be" };
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    // Not UTF-8: Excel and WPS on Chinese Windows save "CSV" in the system code page, GBK; GB18030 reads it and more.
    return { text: iconv.decode(buffer, "gb18030"), encoding: "gb18030" };
  }
}

async function readText(bytes: Uint8Array): Promise<Workbook> {
  const { text, encoding } = decodeText(bytes);
  // Text with many control characters (other than line breaks and tabs) is not a sheet; a stray one is a row's problem.
  const sample = text.slice(0, 4000);
  if (sample.includes("\u0000") || (sample.match(/[\u0001-\u0008\u000e-\u001a]/g)?.length ?? 0) > sample.length / 100) {
    throw new UnreadableFile("collect:import.notSheet");
  }
  const firstLines = text.split(/\r?\n/, 5).join("\n");
  const count = (c: string) => firstLines.split(c).length - 1;
  const delimiter = count("\t") > count(",") ? "\t" : count(",") >= count(";") ? "," : ";";
  const { parse } = await import("csv-parse/sync");
  let records: string[][];
  try {
    records = parse(text, {
      delimiter, bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false,
      max_record_size: READER_LIMITS.cellChars * 4, to_line: READER_LIMITS.sheetRows + 1,
    }) as string[][];
  } catch {
    throw new UnreadableFile("collect:import.unreadable");
  }
  if (records.length > READER_LIMITS.sheetRows) throw new UnreadableFile("collect:import.tooManyRows", { max: READER_LIMITS.sheetRows });
  const rows: SheetRow[] = records.map((cells, i) => ({
    number: i + 1,
    cells: cells.slice(0, READER_LIMITS.columns).map((c) => ({ text: c })),
    hidden: false,
  }));
  return { format: delimiter === "\t" ? "tsv" : "csv", encoding, sheets: [{ name: "", hidden: false, rows, hiddenColumns: [], merges: [] }] };
}
