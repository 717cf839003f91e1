import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";

// Work that one request could make long or large (reading an uploaded spreadsheet,
// grouping a national draft's opinions) runs in a worker thread: on the other core,
// with its own memory limit and a time budget, so that another visitor's page is never kept waiting behind it and a
// hostile file can only exhaust the worker, which is then ended.

const SOURCES = {
  "import-check": "../services/import-worker.server.ts",
  "similarity": "../services/similarity-worker.server.ts",
} as const;

export type WorkerName = keyof typeof SOURCES;

export class WorkerFailed extends Error {
  constructor(readonly reason: "timeout" | "memory" | "crash", cause?: unknown) {
    super(`worker ${reason}`, { cause });
  }
}

/**
 * The compiled worker of the production build (build/workers/, whether this code runs
 * in build/server.js or build/server/index.js), or the TypeScript source through tsx.
 */
function location(name: WorkerName): { file: URL; data: Record<string, unknown> } {
  const here = fileURLToPath(import.meta.url);
  const build = /^(.*[\\/]build)[\\/](?:server\.js|server[\\/][^\\/]+\.js)$/.exec(here)?.[1];
  if (build) return { file: pathToFileURL(path.join(build, "workers", `${name}.js`)), data: {} };
  return { file: new URL("./worker-boot.mjs", import.meta.url), data: { entry: new URL(SOURCES[name], import.meta.url).href } };
}

/**
 * Runs a worker with `input` and resolves with its last message of type "done";
 * messages of type "progress" go to `onProgress`. Rejects with WorkerFailed when
 * the worker runs out of time or memory or crashes.
 */
export function runWorker<T>(
  name: WorkerName,
  input: unknown,
  { timeoutMs = 60_000, memoryMb = 384, onProgress }: { timeoutMs?: number; memoryMb?: number; onProgress?: (progress: unknown) => void } = {},
): Promise<T> {
  const { file, data } = location(name);
  return new Promise<T>((resolve, reject) => {
    const worker = new Worker(file, {
      workerData: { ...data, input },
      resourceLimits: { maxOldGenerationSizeMb: memoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(() => finish(() => reject(new WorkerFailed("timeout"))), timeoutMs);
    worker.on("message", (message: { type: string; value: unknown }) => {
      if (message.type === "progress") onProgress?.(message.value);
      else if (message.type === "done") finish(() => resolve(message.value as T));
    });
    worker.on("error", (error: Error & { code?: string }) =>
      finish(() => reject(new WorkerFailed(error.code === "ERR_WORKER_OUT_OF_MEMORY" ? "memory" : "crash", error))),
    );
    worker.on("exit", (code) => finish(() => reject(new WorkerFailed("crash", new Error(`exit ${code}`)))));
  });
}
