// Part of npm run bench: similar opinions on the draft with the most opinions.
// Grouping measured in this process (reading the opinions, then grouping them and
// finding each article's keywords, as the worker does), then the staff workbench of
// that draft through the production server: the first request, which groups the
// draft in the worker thread, and later ones, which reuse the groups.
import { sql } from "kysely";
import { openDatabase } from "../db/connection";
import { analyseOpinions } from "../app/domain/similarity";
import { listOpinionsForGrouping } from "../app/models/similarity.server";
import { DEMO_PASSWORD } from "../db/seed-district";
import { signIn, startServer, withConnection } from "./server-process";

export type SimilarBench = {
  draftId: number;
  opinions: number;
  groups: number;
  grouped: number;
  campaigns: number;
  readMs: number;
  groupMs: number;
  firstPageMs: number;
  page: { p50: number; max: number; count: number };
};

const REPEATS = 20;

export async function benchSimilar(database: string): Promise<SimilarBench> {
  const busiest = await withConnection(database, async (db) =>
    (await sql<{ id: number; n: number }>`
      SELECT draft_id AS id, count(*) AS n FROM opinions WHERE status != 'withdrawn' GROUP BY draft_id ORDER BY n DESC LIMIT 1`.execute(db)).rows[0]);

  const db = openDatabase(database);
  let readMs: number;
  let groupMs: number;
  let analysis: ReturnType<typeof analyseOpinions>;
  let opinions: number;
  try {
    const started = performance.now();
    const input = await listOpinionsForGrouping(db, { draftId: busiest.id });
    readMs = performance.now() - started;
    opinions = input.length;
    const grouping = performance.now();
    analysis = analyseOpinions(input);
    groupMs = performance.now() - grouping;
  } finally {
    await db.destroy();
  }

  const server = await startServer(database);
  try {
    const cookie = await signIn(server.origin, "staff", DEMO_PASSWORD, "10.254.0.2");
    const get = async () => {
      const started = performance.now();
      const response = await fetch(`${server.origin}/staff/review/${busiest.id}`, { headers: { cookie } });
      const html = await response.text();
      if (response.status !== 200 || !html.includes("similar-group")) throw new Error(`the workbench answered ${response.status} without groups`);
      return performance.now() - started;
    };
    const firstPageMs = await get();
    const samples: number[] = [];
    for (let i = 0; i < REPEATS; i++) samples.push(await get());
    samples.sort((a, b) => a - b);
    return {
      draftId: busiest.id, opinions,
      groups: analysis.groups.length,
      grouped: analysis.groups.reduce((n, g) => n + g.members.length, 0),
      campaigns: analysis.groups.filter((g) => g.campaign).length,
      readMs, groupMs, firstPageMs,
      page: { p50: samples[Math.floor(samples.length / 2)], max: samples[samples.length - 1], count: samples.length },
    };
  } finally {
    await server.stop();
  }
}

export function printSimilarBench(r: SimilarBench) {
  const ms = (n: number) => `${Math.round(n).toLocaleString("en")} ms`;
  console.log(`\nSimilar opinions on the busiest draft (#${r.draftId}, ${r.opinions.toLocaleString("en")} opinions): ${r.groups.toLocaleString("en")} groups holding ${r.grouped.toLocaleString("en")} opinions, ${r.campaigns} flagged as campaigns`);
  console.log(`  reading the opinions:            ${ms(r.readMs)}`);
  console.log(`  grouping and keywords:           ${ms(r.groupMs)}   (target < 2,000 ms: ${r.readMs + r.groupMs < 2000 ? "PASS" : "FAIL"})`);
  console.log(`  workbench, first request:        ${ms(r.firstPageMs)}   (grouping included: in the worker above 1,000 opinions)`);
  console.log(`  workbench, later requests:       p50 ${ms(r.page.p50)}, max ${ms(r.page.max)} of ${r.page.count}   (target < 300 ms: ${r.page.p50 < 300 ? "PASS" : "FAIL"})`);
}
