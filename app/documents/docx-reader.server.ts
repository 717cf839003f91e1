// Reads the text of a Word file (.docx), as the legislature sends its drafts, into
// plain text for the article parser: one paragraph a line. The conversion is
// mammoth's (raw text: paragraphs, no formatting). A .docx is a zip, so every bound
// is checked before the work it limits, as for uploaded sheets
// (spreadsheet-reader.server.ts): the file's size, the number of entries and the sizes
// they declare, then the bytes each really unpacks to, counted as it unpacks.

export const DOCX_LIMITS = {
  fileBytes: 5 * 1024 * 1024,
  zipEntries: 500,
  /** What all the parts may unpack to together. */
  zipBytes: 40 * 1024 * 1024,
  /** What one part (word/document.xml above all) may unpack to. */
  zipEntryBytes: 20 * 1024 * 1024,
} as const;

/** An i18n key of drafts:errors. */
export type DocxProblem = "drafts:errors.docxTooLarge" | "drafts:errors.oldWord" | "drafts:errors.docxUnreadable" | "drafts:errors.docxTooComplex";

export type DocxText = { ok: true; text: string } | { ok: false; error: DocxProblem };

const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);

/** Whether the bytes are a zip (a .docx is one), as opposed to text or an old binary Word file. */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]);
}

/** The old binary formats (.doc, .xls): Office's compound file. */
export function looksLikeOldOffice(bytes: Uint8Array): boolean {
  return startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
}

type ZipEntry = { name: string; dir: boolean; nodeStream(type: "nodebuffer"): NodeJS.ReadableStream };

/** The size the zip's directory says an entry unpacks to (JSZip keeps it privately); a zip bomb may lie, hence the counting below. */
const declaredSize = (entry: ZipEntry) => Number((entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0);

export async function readDocxText(bytes: Uint8Array): Promise<DocxText> {
  if (bytes.length > DOCX_LIMITS.fileBytes) return { ok: false, error: "drafts:errors.docxTooLarge" };
  if (looksLikeOldOffice(bytes)) return { ok: false, error: "drafts:errors.oldWord" };
  if (!looksLikeZip(bytes)) return { ok: false, error: "drafts:errors.docxUnreadable" };
  const { default: JSZip } = await import("jszip");
  let zip: InstanceType<typeof JSZip>;
  try {
    zip = await JSZip.loadAsync(bytes);
  } catch {
    return { ok: false, error: "drafts:errors.docxUnreadable" };
  }
  const entries = Object.values(zip.files).filter((f) => !f.dir) as unknown as ZipEntry[];
  if (!zip.file("word/document.xml")) return { ok: false, error: "drafts:errors.docxUnreadable" };
  const declared = entries.reduce((sum, f) => sum + declaredSize(f), 0);
  if (entries.length > DOCX_LIMITS.zipEntries || declared > DOCX_LIMITS.zipBytes || entries.some((f) => declaredSize(f) > DOCX_LIMITS.zipEntryBytes)) {
    return { ok: false, error: "drafts:errors.docxTooComplex" };
  }
  // Unpack once, counting, before mammoth unpacks again: what the directory declared is not trusted.
  let budget: number = DOCX_LIMITS.zipBytes;
  for (const entry of entries) {
    const size = await unpackedSize(entry, Math.min(DOCX_LIMITS.zipEntryBytes, budget));
    if (size === null) return { ok: false, error: "drafts:errors.docxTooComplex" };
    budget -= size;
  }
  const { default: mammoth } = await import("mammoth");
  let raw: string;
  try {
    raw = (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
  } catch {
    return { ok: false, error: "drafts:errors.docxUnreadable" };
  }
  return { ok: true, text: paragraphLines(raw) };
}

/** The bytes an entry unpacks to, or null as soon as it passes `limit` (or cannot be unpacked). */
function unpackedSize(entry: ZipEntry, limit: number): Promise<number | null> {
  return new Promise((resolve) => {
    let bytes = 0;
    let done = false;
    const stream = entry.nodeStream("nodebuffer");
    const finish = (size: number | null) => {
      if (done) return;
      done = true;
      stream.removeAllListeners("data");
      stream.pause();
      resolve(size);
    };
    stream.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > limit) finish(null);
    });
    stream.on("end", () => finish(bytes));
    stream.on("error", () => finish(null));
  });
}

/**
 * One paragraph a line with a blank line between (as in Markdown, so a preamble renders
 * as paragraphs too), without the empty paragraphs Word keeps for spacing; a tab after
 * 第X条 becomes the space the Markdown texts have.
 */
function paragraphLines(raw: string): string {
  return raw
    .split(/\n+/)
    .map((line) => line.replace(/\t+/g, " ").replace(/[ \u00a0]+$/u, ""))
    .filter((line) => line.trim() !== "")
    .join("\n\n");
}
