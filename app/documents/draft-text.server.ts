import { createHash } from "node:crypto";
import { DOCX_LIMITS, readDocxText } from "./docx-reader.server";

// A draft's text as staff send it: an uploaded file (Markdown, plain text, or the
// Word file the legislature sent) or pasted text.

export const MAX_TEXT_BYTES = 2 * 1024 * 1024;

/** Line endings as the parser and the checksum expect them, whatever the browser sent. */
export function normaliseDraftText(text: string): string {
  return text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n").trim();
}

/** Identifies a text that staff have seen parsed, so a changed text is checked again before it is saved. */
export function textChecksum(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/** The body is read whole by formData(); a request far over the limit is refused before that. */
export function isOversizedUpload(request: Request): boolean {
  return Number(request.headers.get("content-length") ?? 0) > MAX_TEXT_BYTES * 3 + 256 * 1024;
}

export type DraftTextInput =
  | { ok: true; text: string; fromFile: boolean }
  | { ok: false; field: "file" | "text"; error: string };

const TEXT_FILE_RE = /\.(?:md|markdown|txt)$/i;
const DOCX_FILE_RE = /\.docx$/i;
const OLD_WORD_RE = /\.(?:doc|wps)$/i;
const TEXT_TYPE_RE = /^(?:text\/[\w.+-]+|application\/octet-stream)?$/i;

/** The text of the `file` field when a file was chosen, else of the `text` field; errors are i18n keys. */
export async function readDraftText(form: FormData): Promise<DraftTextInput> {
  const file = form.get("file");
  if (file && typeof file !== "string" && (file.size > 0 || file.name)) {
    if (DOCX_FILE_RE.test(file.name)) return readWordFile(file);
    if (OLD_WORD_RE.test(file.name)) return { ok: false, field: "file", error: "drafts:errors.oldWord" };
    if (!TEXT_FILE_RE.test(file.name) || !TEXT_TYPE_RE.test(file.type.split(";")[0].trim())) {
      return { ok: false, field: "file", error: "drafts:errors.fileType" };
    }
    if (file.size > MAX_TEXT_BYTES) return { ok: false, field: "file", error: "drafts:errors.fileTooLarge" };
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(await file.arrayBuffer());
    } catch {
      return { ok: false, field: "file", error: "drafts:errors.encoding" };
    }
    if (text.includes("\u0000")) return { ok: false, field: "file", error: "drafts:errors.fileType" };
    text = normaliseDraftText(text);
    if (!text) return { ok: false, field: "file", error: "drafts:errors.noText" };
    return { ok: true, text, fromFile: true };
  }
  const pasted = form.get("text");
  const text = normaliseDraftText(typeof pasted === "string" ? pasted : "");
  if (!text) return { ok: false, field: "text", error: "drafts:errors.noText" };
  if (Buffer.byteLength(text, "utf8") > MAX_TEXT_BYTES) return { ok: false, field: "text", error: "drafts:errors.textTooLong" };
  return { ok: true, text, fromFile: false };
}

/** A .docx: its paragraphs as text (the bytes are checked, whatever type the browser claims). */
async function readWordFile(file: File): Promise<DraftTextInput> {
  if (file.size > DOCX_LIMITS.fileBytes) return { ok: false, field: "file", error: "drafts:errors.docxTooLarge" };
  const read = await readDocxText(new Uint8Array(await file.arrayBuffer()));
  if (!read.ok) return { ok: false, field: "file", error: read.error };
  const text = normaliseDraftText(read.text);
  if (!text) return { ok: false, field: "file", error: "drafts:errors.noText" };
  if (Buffer.byteLength(text, "utf8") > MAX_TEXT_BYTES) return { ok: false, field: "file", error: "drafts:errors.textTooLong" };
  return { ok: true, text, fromFile: true };
}
