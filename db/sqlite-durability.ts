import fs from "node:fs";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

// How an acknowledged write reaches the disk without stopping the request thread.
//
// better-sqlite3 runs a statement to completion before it returns. With
// synchronous = FULL each COMMIT would wait there for the disk, and every page being
// served by the process would wait with it; and every thousand pages of log, a commit
// would also copy the write-ahead log back into the database file (a checkpoint: most
// of a second in a 1.5 GB file). So the writing connection runs with synchronous =
// NORMAL (a commit writes its log frames and returns) and nobody's commit checkpoints;
// then, before the write is acknowledged, the log file is flushed to disk with
// fdatasync on libuv's thread pool (walSync), while the request thread goes on
// serving. Commits that arrive while a flush is under way share the next one (group
// commit). A power loss can only take commits not yet flushed, and none of those has
// been acknowledged: what FULL promises, at a fraction of the cost. A thread of its own
// checkpoints the log every CHECKPOINT_MS without blocking anyone
// (PRAGMA wal_checkpoint(PASSIVE)); the writer checkpoints by itself only if the log
// ever passes BACKSTOP_PAGES (say, that thread cannot keep up).

export const WRITER_PRAGMAS = ["synchronous = NORMAL", "wal_autocheckpoint = 10000"];
const CHECKPOINT_MS = 250;

/** Flushes the write-ahead log of `file` to disk; calls made while a flush runs share the next one. */
export function walSync(file: string): { sync: () => Promise<void>; close: () => void } {
  const walFile = `${file}-wal`;
  let fd: number | null = null;
  let running: Promise<void> | null = null;
  let next: Promise<void> | null = null;
  const flush = async () => {
    fd ??= fs.openSync(walFile, "r");
    await new Promise<void>((resolve, reject) => fs.fdatasync(fd!, (error) => (error ? reject(error) : resolve())));
  };
  const start = (): Promise<void> => {
    const flushing = flush().finally(() => {
      if (running === flushing) running = null;
    });
    running = flushing;
    return flushing;
  };
  return {
    sync: () => {
      if (!running) return start();
      // The flush under way may have begun before this commit's frames were written: wait for the next.
      next ??= running.catch(() => {}).then(() => {
        next = null;
        return start();
      });
      return next;
    },
    close: () => {
      if (fd !== null) fs.closeSync(fd);
      fd = null;
    },
  };
}

// Given as source (eval), so that it runs the same from the TypeScript sources, Vite's
// bundle of the app and the compiled server.
const CHECKPOINTER = `
const { parentPort, workerData } = require("node:worker_threads");
const SQLite = require(workerData.module);
const handle = new SQLite(workerData.file);
handle.pragma("busy_timeout = 5000");
const checkpoint = handle.prepare("PRAGMA wal_checkpoint(PASSIVE)");
const timer = setInterval(() => {
  try {
    checkpoint.run();
  } catch {
    // Busy or closing: the next round does it.
  }
}, workerData.everyMs);
parentPort.once("message", () => {
  clearInterval(timer);
  handle.close();
  parentPort.close();
});
`;

/** The thread that checkpoints `file`'s log in the background; `stop` ends it once its connection is closed. */
export function startCheckpointer(file: string): { stop: () => Promise<void> } {
  const module = createRequire(import.meta.url).resolve("better-sqlite3");
  const thread = new Worker(CHECKPOINTER, { eval: true, workerData: { module, file, everyMs: CHECKPOINT_MS } });
  // It never keeps a process alive by itself.
  thread.unref();
  thread.on("error", () => {});
  const exited = new Promise<void>((resolve) => thread.once("exit", () => resolve()));
  return {
    stop: async () => {
      thread.ref();
      thread.postMessage("stop");
      await exited;
    },
  };
}
