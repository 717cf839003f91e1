// Starts a worker thread from TypeScript source (development, tests, command-line
// scripts); the production build runs the worker's compiled file instead.
import { workerData } from "node:worker_threads";

const { register } = await import("tsx/esm/api");
register();
await import(workerData.entry);
