import { parentPort, workerData } from "node:worker_threads";
import { analyseOpinions, type OpinionForGrouping } from "~/domain/similarity";

// The off-thread half of grouping a large draft's opinions (services/similarity.server.ts):
// everything it needs comes in its input; it touches no database.

parentPort?.postMessage({ type: "done", value: analyseOpinions((workerData as { input: OpinionForGrouping[] }).input) });
