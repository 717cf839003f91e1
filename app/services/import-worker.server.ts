import { parentPort, workerData } from "node:worker_threads";
import { readWorkbook, UnreadableFile } from "~/documents/spreadsheet-reader.server";
import { checkWorkbook, type ImportCheck, type ImportChoices, type ImportLookups } from "~/domain/import-check";

// The off-thread half of checking an import (services/imports.server.ts): read the
// uploaded file and check its rows. It gets everything it needs in its input and
// touches no database.

export type CheckInput = { bytes: Uint8Array; lookups: ImportLookups; choices: ImportChoices };
export type CheckOutput =
  | { ok: true; format: string; encoding: string | null; check: ImportCheck }
  | { ok: false; reason: string; params: Record<string, string | number> };

async function check({ bytes, lookups, choices }: CheckInput): Promise<CheckOutput> {
  try {
    const book = await readWorkbook(bytes);
    parentPort?.postMessage({ type: "progress", value: { read: true } });
    return { ok: true, format: book.format, encoding: book.encoding, check: checkWorkbook(book, lookups, choices) };
  } catch (error) {
    if (error instanceof UnreadableFile) return { ok: false, reason: error.reason, params: error.params };
    throw error;
  }
}

parentPort?.postMessage({ type: "done", value: await check((workerData as { input: CheckInput }).input) });
