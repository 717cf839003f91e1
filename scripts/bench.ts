// npm run bench [-- --db FILE|postgres://… [--db …] --duration SECONDS --warmup SECONDS --connections N
//                  --rate N --light-rate N --steady-connections N --instances N --json FILE --only import|similar|day
//                  --cpu-prof DIR]
//
// Starts the production build on a working copy of each database and loads it with
// autocannon (50 connections, a warm-up, then a fixed duration): the home page,
// /tracker, a draft page (the draft with the most opinions, and one in the middle),
// a receipt lookup, /open-data/summary.json and signed-in opinion submission. A route
// whose single request already takes seconds is reported, not queued 50 deep. Before
// the app, it measures a floor on the same copy (scripts/bench-floor.ts: node:http
// answering the summary figures with one SQL statement; and from memory, the physical limit)
// and prints each route's throughput as a share of the one from memory; summary.json's
// target is a share of that floor measured again just before and just after it, as the
// machine's speed drifts within a run. Then /tracker and the draft pages at a steady 100
// requests/s (autocannon's overallRate; at 10 requests/s when a route cannot sustain
// 100); /tracker with the page cache off (PAGE_CACHE_MB=0: every request a render) at 50
// connections and at a steady 50 requests/s; and the whole /open-data/opinions.csv on a freshly started server with that
// server's peak memory (VmHWM). Without --db: the demo database and the national-scale
// one (npm run db:seed -- --scale national), whichever exist. A --db postgres://… URL
// runs the same on a copy of that PostgreSQL database made beside it on its server. Last, a 5,000-row sheet
// imported while another client asks for /healthz (scripts/bench-import.ts); --only
// import runs that part alone. A collection day (scripts/bench-day.ts): readers and
// submitters at once, on one server process and on one per core (npm run serve --
// --instances N); --only day runs it alone. Similar opinions on each database's busiest draft:
// grouping time and the staff workbench (scripts/bench-similar.ts); --only similar
// runs that part alone. --instances N serves the per-route and steady-load tables (and the
// CSV download) from N server processes on one port instead of one.
//
// The figures are for the machine it runs on, load generator included (see
// docs/performance.md). The copies are deleted afterwards; the originals are never written.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import autocannon, { type Request, type Result } from "autocannon";
import { sql, type RawBuilder } from "kysely";
import { isPostgresUrl } from "../db/connection";
import { DEMO_PASSWORD } from "../db/seed-district";
import {
  copyDatabase, databaseEnv, findSubmitTargets, healthy, memoryOf, opinionForm, removeDatabase, signIn, sleep,
  startProcess, startServer, todayInChina, withConnection, workingCopyOf, type RunningProcess,
} from "./server-process";
import { benchImport, printImportBench, type ImportBench } from "./bench-import";
import { benchCollectionDay, printCollectionDay, type DayResult } from "./bench-day";
import { benchSimilar, printSimilarBench, type SimilarBench } from "./bench-similar";

const { values: args } = parseArgs({
  options: {
    db: { type: "string", multiple: true },
    duration: { type: "string", default: "20" },
    warmup: { type: "string", default: "5" },
    connections: { type: "string", default: "50" },
    rate: { type: "string", default: "100" },
    "light-rate": { type: "string", default: "10" },
    "steady-connections": { type: "string", default: "10" },
    instances: { type: "string", default: "1" },
    json: { type: "string" },
    only: { type: "string" },
    "cpu-prof": { type: "string" },
  },
});
if (args.only !== undefined && !["import", "similar", "day"].includes(args.only)) {
  console.error("--only takes: import (the 5,000-row import alone), similar (grouping similar opinions and the workbench alone) or day (the collection day alone).");
  process.exit(2);
}
// Each server process started writes a V8 CPU profile into this directory when it stops (open it in Chrome's DevTools).
if (args["cpu-prof"]) process.env.BENCH_CPU_PROF = path.resolve(args["cpu-prof"]);
const duration = Number(args.duration);
const warmup = Number(args.warmup);
const connections = Number(args.connections);
const steadyRate = Number(args.rate);
const lightRate = Number(args["light-rate"]);
const steadyConnections = Number(args["steady-connections"]);
const instances = Number(args.instances);
if (![duration, warmup, connections, steadyRate, lightRate, steadyConnections].every((n) => Number.isFinite(n) && n > 0)) {
  console.error("--duration, --warmup, --connections, --rate, --light-rate and --steady-connections take positive numbers.");
  process.exit(2);
}
if (!Number.isInteger(instances) || instances < 1 || instances > 64) {
  console.error("--instances takes a number of server processes from 1 to 64.");
  process.exit(2);
}
const databases = args.db ?? ["data/zhitongche.db", "data/national.db"].filter((f) => fs.existsSync(f));
if (!databases.length) {
  console.error("No database to run on: seed one (npm run db:seed, npm run db:seed -- --scale national) or pass --db FILE.");
  process.exit(2);
}
for (const file of databases) {
  if (!isPostgresUrl(file) && !fs.existsSync(file)) {
    console.error(`There is no database at ${file}.`);
    process.exit(2);
  }
}
if (!fs.existsSync("build/server.js") || !fs.existsSync("build/server/index.js")) {
  console.error("There is no production build: run npm run build first.");
  process.exit(2);
}

type Measure = { rps: number; p50: number; p99: number; ok: number; failed: number; statuses: Record<string, number>; seconds: number };
/**
 * `first`: the route's first request, which renders the page (nothing is in the public
 * page cache after the sign-in's commit); `single`: one request on an otherwise idle
 * server afterwards (median of a few), from the page cache where the route is cached.
 */
type RouteResult = Measure & { key: string; label: string; ratio: number | null; first: number; single: number; skipped: string | null };
/** `rate`: the offered load measured at: `steadyRate`, or `lightRate` when the route cannot sustain `steadyRate`. */
type SteadyResult = { key: string; label: string; rate: number; skipped: string | null } & Partial<Measure>;
/** Memory in MiB of the server process: VmHWM (peak since start), the highest VmRSS sampled, VmRSS before. */
type CsvResult = { rows: number; megabytes: number; seconds: number; peakRssMb: number; sampledMaxRssMb: number; idleRssMb: number };
type DatabaseResult = {
  file: string;
  name: string;
  sizeMb: number;
  counts: Record<string, number>;
  floor: Measure;
  /** node:http answering the summary JSON from memory, and a static 77 KB page */
  memoryFloor: { summary: Measure; page: Measure };
  /** The summary floor again, measured just before and just after summary.json (its target is a share of their mean). */
  summaryFloor: Measure[];
  floorMatches: boolean;
  day: DayResult[];
  routes: RouteResult[];
  steady: SteadyResult[];
  /** /tracker rendered for every request (PAGE_CACHE_MB=0): at `connections`, and at a steady UNCACHED_RATE requests/s. */
  uncached: { capacity: Measure; steady: Measure };
  csv: CsvResult | null;
  submissionsStored: { acknowledged: number; stored: number };
};

type Route = { key: string; label: string; request: Request; ok: (status: number) => boolean };

const GET_HEADERS = { accept: "text/html,application/json", "accept-encoding": "gzip" };
const isOk = (status: number) => status >= 200 && status < 300;

/** The steady load /tracker is measured at with the page cache off (each request a render). */
const UNCACHED_RATE = 50;
/** Requests one route is not loaded with: one request alone takes longer than this. */
const TOO_SLOW_MS = 2000;

async function load(
  origin: string,
  route: Route,
  seconds: number,
  options: { connections: number; overallRate?: number; amount?: number },
): Promise<Measure> {
  const result: Result = await autocannon({
    url: origin,
    connections: options.connections,
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    ...(options.amount ? { amount: options.amount } : { duration: seconds }),
    timeout: 30,
    requests: [route.request],
  });
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, { count }]) => [code, count]));
  const answered = Object.values(statuses).reduce((n, count) => n + count, 0);
  const ok = Object.entries(statuses).reduce((n, [code, count]) => (route.ok(Number(code)) ? n + count : n), 0);
  // autocannon's errors include its timeouts.
  const failed = answered - ok + result.errors;
  return { rps: ok / result.duration, p50: result.latency.p50, p99: result.latency.p99, ok, failed, statuses, seconds: result.duration };
}

/**
 * Waits until the server answers /healthz promptly again: requests abandoned when a
 * run ends are still being worked through. A server that takes too long is restarted.
 */
async function drain(holder: { server: RunningProcess; database: string }): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const started = Date.now();
    const ok = await healthy(holder.server.origin, 1500).catch(() => false);
    if (ok && Date.now() - started < 200) return;
    await sleep(250);
  }
  console.log("    (server still busy with abandoned requests after 30 s: restarting it)");
  const port = holder.server.port;
  await holder.server.stop("SIGKILL");
  holder.server = await startServer(holder.database, {}, port, { instances });
}

type DatabaseInfo = Awaited<ReturnType<typeof inspect>>;

function inspect(database: string) {
  return withConnection(database, async (db) => {
    const count = async (query: RawBuilder<{ n: number }>) => Number((await query.execute(db)).rows[0].n);
    const counts = {
      contactPoints: await count(sql`SELECT count(*) AS n FROM contact_points`),
      grids: await count(sql`SELECT count(*) AS n FROM places WHERE level = 'grid'`),
      drafts: await count(sql`SELECT count(*) AS n FROM drafts`),
      opinions: await count(sql`SELECT count(*) AS n FROM opinions`),
      forwarded: await count(sql`SELECT coalesce(sum(forwarded), 0) AS n FROM tracker_draft_months`),
    };
    const perDraft = (await sql<{ id: number; n: number }>`
      SELECT d.id, count(o.id) AS n FROM drafts d LEFT JOIN opinions o ON o.draft_id = d.id
      WHERE d.status <> 'draft' GROUP BY d.id ORDER BY n DESC, d.id`.execute(db)).rows;
    const receipts = (await sql<{ code: string }>`SELECT receipt_code AS code FROM opinions ORDER BY random() LIMIT 2000`.execute(db)).rows.map((r) => r.code);
    const sizeMb = isPostgresUrl(database)
      ? (await count(sql`SELECT pg_database_size(current_database()) AS n`)) / 1024 ** 2
      : fs.statSync(database).size / 1024 ** 2;
    return { counts, sizeMb, busiest: perDraft[0], median: perDraft[Math.floor(perDraft.length / 2)], receipts };
  });
}

function countBenchSubmissions(database: string, userId: number): Promise<number> {
  return withConnection(database, async (db) => {
    const row = await db.selectFrom("opinions").select((eb) => eb.fn.countAll<number>().as("n"))
      .where("collector_id", "=", userId).where("idempotency_key", "like", `${userId}:bench-%`).executeTakeFirstOrThrow();
    return Number(row.n);
  });
}

async function downloadCsv(server: RunningProcess): Promise<CsvResult> {
  const pid = server.workerPid();
  const idle = memoryOf(pid);
  let sampled = idle.rss;
  const sampler = setInterval(() => {
    try {
      sampled = Math.max(sampled, memoryOf(pid).rss);
    } catch {
      // the process is gone; the download will fail too
    }
  }, 50);
  const started = Date.now();
  let bytes = 0;
  let rows = 0;
  try {
    const response = await fetch(`${server.origin}/open-data/opinions.csv`, { headers: { "accept-encoding": "identity" } });
    if (!response.ok || !response.body) throw new Error(`opinions.csv answered ${response.status}`);
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (let i = 0; i < chunk.length; i++) if (chunk[i] === 10) rows++;
    }
  } finally {
    clearInterval(sampler);
  }
  const after = memoryOf(pid);
  return {
    rows: rows - 1, // the header line
    megabytes: bytes / 1024 ** 2,
    seconds: (Date.now() - started) / 1000,
    peakRssMb: after.hwm / 1024,
    sampledMaxRssMb: Math.max(sampled, after.rss) / 1024,
    idleRssMb: idle.rss / 1024,
  };
}

/**
 * The true floor: node:http answering the summary figures from memory, and a static 77 KB
 * page. Its process is kept running beside the app's, so that summary.json can be compared
 * with the floor measured just before and just after it (the machine's speed drifts).
 */
async function startMemoryFloor(work: string) {
  console.log("  floor: node:http from memory …");
  const floor = await startProcess("scripts/bench-floor.ts", { ...databaseEnv(work), FLOOR_MEMORY: "1" }, {
    ready: async (origin) => (await fetch(origin, { signal: AbortSignal.timeout(2000) })).ok,
  });
  const measureOf = async (key: string, urlPath: string) => {
    const route: Route = { key, label: key, request: { method: "GET", path: urlPath, headers: GET_HEADERS }, ok: isOk };
    await load(floor.origin, route, warmup, { connections });
    return load(floor.origin, route, duration, { connections });
  };
  const summary = await measureOf("memorySummary", "/");
  const page = await measureOf("memoryPage", "/page");
  console.log(`    summary JSON ${summary.rps.toFixed(0)} req/s (p99 ${summary.p99} ms), static 77 KB page ${page.rps.toFixed(0)} req/s (p99 ${page.p99} ms)`);
  return { summary, page, summaryAgain: () => measureOf("memorySummary", "/"), stop: () => floor.stop() };
}

/** The collection day on a fresh server of the working copy: one process, then one per core. */
async function runDay(work: string, info: DatabaseInfo): Promise<DayResult[]> {
  const days: DayResult[] = [];
  for (const instances of [...new Set([1, os.availableParallelism()])]) {
    const label = instances === 1 ? "one server process" : `${instances} server processes (--instances ${instances})`;
    process.stdout.write(`  collection day (readers and submitters at once), ${label} …`);
    const day = await benchCollectionDay(work, { busiest: info.busiest.id, median: info.median.id, receipts: info.receipts }, { label, duration, warmup, instances });
    console.log(` readers ${day.readers.rps.toFixed(0)} ok/s (p99 ${day.readers.p99} ms), submitters ${day.submitters.rps.toFixed(0)} ok/s (p99 ${day.submitters.p99} ms)`);
    days.push(day);
  }
  return days;
}

/** What a database is called in the tables: the file's name, or the PostgreSQL database's. */
const nameOf = (database: string) => (isPostgresUrl(database) ? `postgres:${decodeURIComponent(new URL(database).pathname.slice(1))}` : path.basename(database, ".db"));

async function benchDatabase(file: string): Promise<DatabaseResult> {
  const name = nameOf(file);
  const work = workingCopyOf(file, "bench");
  console.log(`\n== ${file} ==`);
  console.log("  copying to a working copy …");
  await copyDatabase(file, work);
  try {
    const info = await inspect(work);
    const today = todayInChina();
    const [target] = await findSubmitTargets(work, ["informant"], today);
    if (!target) throw new Error(`${file} has no open draft for the demo account "informant"`);
    console.log(
      `  ${info.counts.opinions.toLocaleString("en")} opinions, ${info.counts.drafts.toLocaleString("en")} drafts, ` +
        `${info.counts.grids.toLocaleString("en")} grids, ${info.counts.contactPoints.toLocaleString("en")} contact points; ` +
        `busiest draft ${info.busiest.id} (${info.busiest.n} opinions), median draft ${info.median.id} (${info.median.n})`,
    );

    // ---- The floor.
    console.log("  floor: bare node:http on the same database …");
    const floorProcess = await startProcess("scripts/bench-floor.ts", databaseEnv(work), {
      ready: async (origin) => (await fetch(origin, { signal: AbortSignal.timeout(2000) })).ok,
    });
    const floorBody = await (await fetch(floorProcess.origin)).text();
    const floorRoute: Route = { key: "floor", label: "floor (node:http, summary figures)", request: { method: "GET", path: "/", headers: GET_HEADERS }, ok: isOk };
    await load(floorProcess.origin, floorRoute, warmup, { connections });
    const floor = await load(floorProcess.origin, floorRoute, duration, { connections });
    await floorProcess.stop();
    console.log(`    ${floor.rps.toFixed(0)} req/s, p50 ${floor.p50} ms, p99 ${floor.p99} ms`);
    const { stop: stopMemoryFloor, summaryAgain, ...memoryFloor } = await startMemoryFloor(work);
    const summaryFloor: Measure[] = [];

    // ---- The app.
    console.log(instances > 1 ? `  starting the server: ${instances} processes on one port …` : "  starting the server …");
    const holder = { server: await startServer(work, {}, undefined, { instances }), database: work };
    const cookie = await signIn(holder.server.origin, "informant", DEMO_PASSWORD, "10.255.0.1");
    const appBody = await (await fetch(`${holder.server.origin}/open-data/summary.json`)).text();
    const floorMatches = appBody === floorBody;
    if (!floorMatches) console.log(`    note: the floor's figures differ from the app's:\n      floor ${floorBody}\n      app   ${appBody}`);

    let receipt = 0;
    let address = 0;
    let submission = 0;
    const nextAddress = () => {
      address++;
      return `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}`;
    };
    const get = (key: string, label: string, urlPath: string): Route => ({ key, label, request: { method: "GET", path: urlPath, headers: GET_HEADERS }, ok: isOk });
    const routes: Route[] = [
      get("home", "home page /", "/"),
      get("tracker", "/tracker", "/tracker"),
      get("draft", `draft page, busiest (/drafts/${info.busiest.id})`, `/drafts/${info.busiest.id}`),
      get("draftMedian", `draft page, median (/drafts/${info.median.id})`, `/drafts/${info.median.id}`),
      {
        key: "receipt",
        label: "receipt lookup /tracker/receipt?code=…",
        // Residents look up their own codes from their own addresses: each request from another one.
        request: {
          method: "GET",
          path: "/tracker/receipt",
          headers: GET_HEADERS,
          setupRequest: (req) => ({
            ...req,
            path: `/tracker/receipt?code=${info.receipts[receipt++ % info.receipts.length]}`,
            headers: { ...GET_HEADERS, "x-forwarded-for": nextAddress() },
          }),
        },
        ok: isOk,
      },
      get("summary", "/open-data/summary.json", "/open-data/summary.json"),
      {
        key: "submit",
        label: "opinion submission (signed in, POST /collect/new)",
        request: {
          method: "POST",
          path: "/collect/new",
          headers: { cookie, origin: holder.server.origin, "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "10.255.0.1" },
          setupRequest: (req) => ({ ...req, body: opinionForm(target, `bench-${process.pid}-${++submission}`, today, `压力测试意见第${submission}条：建议进一步明确有关部门的职责。`) }),
        },
        // A saved opinion answers 303 to its receipt page.
        ok: (status) => status === 303,
      },
    ];

    const results: RouteResult[] = [];
    let acknowledged = 0;
    for (const route of routes) {
      process.stdout.write(`  ${route.label} …`);
      // One request alone first: a route that takes seconds is not worth queueing 50 of
      // (the answer is then a few requests a second at most, and the queue takes minutes to drain).
      const first = await load(holder.server.origin, route, 0, { connections: 1, amount: 1 });
      if (first.ok !== 1 || first.p50 > TOO_SLOW_MS) {
        const why = first.ok !== 1 ? `one request failed: ${JSON.stringify(first.statuses)} after ${first.p50} ms` : `one request takes ${(first.p50 / 1000).toFixed(1)} s`;
        await drain(holder);
        results.push({ key: route.key, label: route.label, rps: 0, p50: first.p50, p99: first.p99, ok: first.ok, failed: first.failed, statuses: first.statuses, seconds: first.seconds, ratio: 0, first: first.p50, single: first.p50, skipped: why });
        console.log(` not loaded: ${why}`);
        continue;
      }
      const single = await load(holder.server.origin, route, 0, { connections: 1, amount: 10 });
      if (route.key === "summary") summaryFloor.push(await summaryAgain());
      const warm = await load(holder.server.origin, route, warmup, { connections });
      await drain(holder);
      const measured = await load(holder.server.origin, route, duration, { connections });
      await drain(holder);
      if (route.key === "summary") summaryFloor.push(await summaryAgain());
      if (route.key === "submit") acknowledged = 1 + single.ok + warm.ok + measured.ok;
      results.push({ key: route.key, label: route.label, ...measured, ratio: memoryFloor.summary.rps ? measured.rps / memoryFloor.summary.rps : null, first: first.p50, single: single.p50, skipped: null });
      console.log(` ${measured.rps.toFixed(1)} ok/s, p50 ${measured.p50} ms, p99 ${measured.p99} ms (first: ${first.p50} ms, one alone: ${single.p50} ms)${measured.failed ? `, ${measured.failed} failed ${JSON.stringify(measured.statuses)}` : ""}`);
    }
    await stopMemoryFloor();
    const [before, after] = summaryFloor;
    if (before && after) console.log(`  the summary floor beside summary.json: ${before.rps.toFixed(0)} req/s just before it, ${after.rps.toFixed(0)} just after`);
    // Every acknowledged submission is stored (a few more may be, answered after a run ended).
    const submissionsStored = { acknowledged, stored: await countBenchSubmissions(work, target.userId) };
    if (submissionsStored.stored < acknowledged) console.log(`  PROBLEM: ${acknowledged} submissions acknowledged, only ${submissionsStored.stored} stored`);

    // ---- A steady offered load: latency when the server is not saturated. A route that
    // cannot sustain the rate would only show its queue growing; it is measured at a light
    // rate instead, so that the two databases can still be compared. autocannon spends
    // each connection's share of the rate at the start of every second, so the number of
    // connections is the size of the burst the server gets each second: readers arriving
    // at 100 a second are closer to 10 at a time than to 50 (--steady-connections).
    const steady: SteadyResult[] = [];
    for (const key of ["tracker", "draft", "draftMedian"]) {
      const route = routes.find((r) => r.key === key)!;
      const capacity = results.find((r) => r.key === key)!.rps;
      const rate = capacity >= steadyRate ? steadyRate : capacity >= 2 * lightRate ? lightRate : 0;
      if (!rate) {
        steady.push({ key, label: route.label, rate: steadyRate, skipped: `capacity ${capacity.toFixed(1)} req/s, below ${steadyRate} req/s and ${2 * lightRate} req/s` });
        console.log(`  ${route.label}: no steady load (capacity ${capacity.toFixed(1)} req/s)`);
        continue;
      }
      process.stdout.write(`  ${route.label} at ${rate} req/s${rate < steadyRate ? ` (capacity ${capacity.toFixed(1)} req/s is below ${steadyRate})` : ""} …`);
      await load(holder.server.origin, route, warmup, { connections: steadyConnections, overallRate: rate });
      await drain(holder);
      const measured = await load(holder.server.origin, route, duration, { connections: steadyConnections, overallRate: rate });
      await drain(holder);
      steady.push({ key, label: route.label, rate, skipped: null, ...measured });
      console.log(` p50 ${measured.p50} ms, p99 ${measured.p99} ms${measured.failed ? `, ${measured.failed} failed` : ""}`);
    }

    const busy = holder.server.output().match(/SQLITE_BUSY|database is locked/g);
    if (busy) console.log(`  note: the server logged ${busy.length} SQLITE_BUSY errors`);

    // ---- /tracker with the page cache off: what a reader gets when the page must be made.
    await holder.server.stop();
    holder.server = await startServer(work, { PAGE_CACHE_MB: "0" }, undefined, { instances });
    const tracker = routes.find((r) => r.key === "tracker")!;
    process.stdout.write("  /tracker with the page cache off …");
    await load(holder.server.origin, tracker, warmup, { connections });
    await drain(holder);
    const uncachedCapacity = await load(holder.server.origin, tracker, duration, { connections });
    await drain(holder);
    await load(holder.server.origin, tracker, warmup, { connections: steadyConnections, overallRate: UNCACHED_RATE });
    await drain(holder);
    const uncachedSteady = await load(holder.server.origin, tracker, duration, { connections: steadyConnections, overallRate: UNCACHED_RATE });
    console.log(
      ` ${uncachedCapacity.rps.toFixed(1)} ok/s (p99 ${uncachedCapacity.p99} ms); at ${UNCACHED_RATE} req/s p50 ${uncachedSteady.p50} ms, p99 ${uncachedSteady.p99} ms` +
        `${uncachedCapacity.failed + uncachedSteady.failed ? `, ${uncachedCapacity.failed + uncachedSteady.failed} failed` : ""}`,
    );
    await holder.server.stop();

    // ---- A collection day: readers and submitters at once, on a fresh server.
    const day = await runDay(work, info);

    // ---- The whole open-data CSV, with the peak memory of a freshly started server
    // while it streams (a server that has just rendered 50 pages at once holds more).
    holder.server = await startServer(work, {}, undefined, { instances });
    process.stdout.write("  /open-data/opinions.csv download on a fresh server …");
    const csv = await downloadCsv(holder.server).catch((error: unknown) => {
      console.log(` failed: ${error instanceof Error ? error.message : String(error)}`);
      return null;
    });
    if (csv) console.log(` ${csv.rows.toLocaleString("en")} rows, ${csv.megabytes.toFixed(0)} MiB in ${csv.seconds.toFixed(1)} s, peak RSS ${csv.peakRssMb.toFixed(0)} MiB`);
    await holder.server.stop();

    return {
      file, name, sizeMb: info.sizeMb, counts: info.counts, floor, memoryFloor, summaryFloor, floorMatches, day, routes: results, steady, csv,
      uncached: { capacity: uncachedCapacity, steady: uncachedSteady },
      submissionsStored,
    };
  } finally {
    await removeDatabase(work);
  }
}

// ---- Printing

const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : " ".repeat(n - s.length) + s);
function table(headers: string[], rows: string[][]) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? pad(c, widths[i]) : lpad(c, widths[i]))).join("  ");
  console.log(line(headers));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}
const ms = (n: number | undefined) => (n === undefined ? "–" : String(n));

function printDatabase(r: DatabaseResult) {
  console.log(`\n${r.file} (${r.sizeMb.toFixed(0)} MiB; ${r.counts.opinions.toLocaleString("en")} opinions, ${r.counts.drafts.toLocaleString("en")} drafts, ${r.counts.grids.toLocaleString("en")} grids, ${r.counts.contactPoints.toLocaleString("en")} contact points)`);
  console.log(`${connections} connections, ${warmup} s warm-up, ${duration} s measured${instances > 1 ? `, ${instances} server processes` : ""}; "ok/s" counts only successful answers (303 for a submission).\n`);
  printCollectionDay(r.day);
  console.log("");
  table(
    ["route", "first ms", "one alone ms", "ok/s", "p50 ms", "p99 ms", "failed", "× memory floor"],
    [
      ["floor: node:http, summary JSON from memory", "–", "–", r.memoryFloor.summary.rps.toFixed(0), ms(r.memoryFloor.summary.p50), ms(r.memoryFloor.summary.p99), String(r.memoryFloor.summary.failed), "1"],
      ["floor: node:http, static 77 KB page from memory", "–", "–", r.memoryFloor.page.rps.toFixed(0), ms(r.memoryFloor.page.p50), ms(r.memoryFloor.page.p99), String(r.memoryFloor.page.failed), (r.memoryFloor.page.rps / r.memoryFloor.summary.rps).toFixed(3)],
      [`floor: node:http + one SQL statement${r.floorMatches ? "" : " (figures differ!)"}`, "–", "–", r.floor.rps.toFixed(0), ms(r.floor.p50), ms(r.floor.p99), String(r.floor.failed), (r.floor.rps / r.memoryFloor.summary.rps).toFixed(3)],
      ...r.routes.map((x) =>
        x.skipped
          ? [x.label, ms(x.first), ms(x.single), "–", "–", "–", `not loaded: ${x.skipped}`, "–"]
          : [x.label, ms(x.first), ms(x.single), x.rps.toFixed(1), ms(x.p50), ms(x.p99), String(x.failed), x.ratio === null ? "–" : x.ratio.toFixed(3)],
      ),
    ],
  );
  console.log(`\nAt a steady offered load (${steadyRate} requests/s, or ${lightRate} where the route cannot sustain ${steadyRate}; ${steadyConnections} connections):`);
  table(
    ["route", "req/s offered", "p50 ms", "p99 ms", "failed"],
    r.steady.map((s) => (s.skipped ? [s.label, "–", "–", "–", s.skipped] : [s.label, String(s.rate), ms(s.p50), ms(s.p99), String(s.failed ?? 0)])),
  );
  const { capacity, steady } = r.uncached;
  console.log(
    `\n/tracker with the page cache off (PAGE_CACHE_MB=0, every request a render): ${capacity.rps.toFixed(1)} ok/s at ${connections} connections (p50 ${capacity.p50} ms, p99 ${capacity.p99} ms); ` +
      `at a steady ${UNCACHED_RATE} req/s p50 ${steady.p50} ms, p99 ${steady.p99} ms, ${capacity.failed + steady.failed} failed.`,
  );
  console.log(`\nSubmissions: ${r.submissionsStored.acknowledged} acknowledged with 303, ${r.submissionsStored.stored} stored.`);
  if (r.csv) {
    console.log(
      `\n/open-data/opinions.csv: ${r.csv.rows.toLocaleString("en")} rows (forwarded opinions), ${r.csv.megabytes.toFixed(1)} MiB in ${r.csv.seconds.toFixed(1)} s; ` +
        `server RSS ${r.csv.idleRssMb.toFixed(0)} MiB before, peak ${r.csv.peakRssMb.toFixed(0)} MiB (VmHWM of a freshly started server), ` +
        `highest sampled ${r.csv.sampledMaxRssMb.toFixed(0)} MiB.`,
    );
  }
}

function printGrowth(small: DatabaseResult, large: DatabaseResult) {
  console.log(`\nGrowth with data: ${small.name} → ${large.name}`);
  table(
    ["route", `${small.name} ok/s`, `${large.name} ok/s`, `${small.name} p99`, `${large.name} p99`],
    small.routes.map((s) => {
      const l = large.routes.find((x) => x.key === s.key)!;
      const rate = (x: RouteResult) => (x.skipped ? "–" : x.rps.toFixed(1));
      const p99 = (x: RouteResult) => (x.skipped ? `(alone ${x.single})` : ms(x.p99));
      return [s.label.replace(/\s*\(\/drafts\/\d+\)/, ""), rate(s), rate(l), p99(s), p99(l)];
    }),
  );
}

function printTargets(demo: DatabaseResult | undefined, national: DatabaseResult) {
  const route = (key: string) => national.routes.find((r) => r.key === key)!;
  const steadyOf = (r: DatabaseResult | undefined, key: string) => r?.steady.find((s) => s.key === key);
  const lines: [string, boolean, string][] = [];
  for (const key of ["tracker", "draft", "draftMedian"]) {
    const r = route(key);
    lines.push([`${r.label}: ≥ 300 req/s at ${connections} connections`, r.rps >= 300 && r.failed === 0, r.skipped ?? `${r.rps.toFixed(1)} ok/s`]);
    const s = steadyOf(national, key);
    const d = steadyOf(demo, key);
    const what = `${r.label}: p99 < 50 ms at ${steadyRate} req/s, ≤ 2 × the demo's`;
    if (!s || s.skipped) {
      lines.push([what, false, s?.skipped ?? "not measured"]);
    } else {
      const comparable = d && !d.skipped && d.rate === s.rate;
      const twice = comparable ? s.p99! <= 2 * Math.max(d.p99!, 1) : null;
      const detail = `p99 ${s.p99} ms at ${s.rate} req/s${comparable ? ` (demo ${d.p99} ms at ${d.rate} req/s)` : d && !d.skipped ? ` (demo ${d.p99} ms at ${d.rate} req/s)` : ""}`;
      lines.push([what, s.rate === steadyRate && s.p99! < 50 && twice !== false && (s.failed ?? 0) === 0, s.rate === steadyRate ? detail : `cannot sustain ${steadyRate} req/s; ${detail}`]);
    }
  }
  const { capacity, steady } = national.uncached;
  lines.push([
    `/tracker with the page cache off: ≥ 150 req/s, and p99 < 100 ms at ${UNCACHED_RATE} req/s`,
    capacity.rps >= 150 && steady.p99 < 100 && capacity.failed + steady.failed === 0,
    `${capacity.rps.toFixed(1)} ok/s; p99 ${steady.p99} ms at ${UNCACHED_RATE} req/s${capacity.failed + steady.failed ? `, ${capacity.failed + steady.failed} failed` : ""}`,
  ]);
  const summary = route("summary");
  // The floor measured beside it; the one from the start of the run if summary.json was not loaded.
  const beside = national.summaryFloor.length ? national.summaryFloor : [national.memoryFloor.summary];
  const floorRps = beside.reduce((sum, m) => sum + m.rps, 0) / beside.length;
  const share = summary.skipped ? 0 : summary.rps / floorRps;
  lines.push([
    "/open-data/summary.json: ≥ 50% of node:http answering it from memory, measured just before and after it",
    share >= 0.5,
    `${summary.rps.toFixed(0)} of ${floorRps.toFixed(0)} req/s (${(share * 100).toFixed(0)}%)`,
  ]);
  const submit = route("submit");
  lines.push([`opinion submission: ≥ 300/s with no error`, !submit.skipped && submit.rps >= 300 && submit.failed === 0, submit.skipped ?? `${submit.rps.toFixed(1)}/s, ${submit.failed} failed`]);
  const csv = national.csv;
  lines.push([
    "opinions.csv streams every row with the server's RSS < 256 MiB",
    csv !== null && csv.rows >= national.counts.forwarded && csv.peakRssMb < 256,
    csv ? `${csv.rows.toLocaleString("en")} of ${national.counts.forwarded.toLocaleString("en")} forwarded rows, peak ${csv.peakRssMb.toFixed(0)} MiB` : "download failed",
  ]);
  console.log(`\nTargets on ${national.file}:`);
  for (const [what, ok, detail] of lines) console.log(`  ${ok ? "PASS" : "FAIL"}  ${what} — ${detail}`);
}

// ---- Main

console.log(`Benchmark on ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? "unknown"}), Node ${process.version}, ${new Date().toISOString()}`);
const results: DatabaseResult[] = [];
if (args.only === undefined) for (const file of databases) results.push(await benchDatabase(file));
if (args.only === "day") {
  const days: DayResult[] = [];
  for (const file of databases) {
    const work = workingCopyOf(file, "bench-day");
    console.log(`\n== ${file} ==`);
    await copyDatabase(file, work);
    try {
      for (const day of await runDay(work, await inspect(work))) days.push({ ...day, label: `${nameOf(file)}, ${day.label}` });
    } finally {
      await removeDatabase(work);
    }
  }
  printCollectionDay(days);
  process.exit(0);
}
// Similar opinions on each database's busiest draft: grouping, then the workbench page.
const similar: { file: string; result: SimilarBench }[] = [];
if (args.only !== "import") {
  for (const file of databases) {
    const work = workingCopyOf(file, "bench-similar");
    await copyDatabase(file, work);
    try {
      similar.push({ file, result: await benchSimilar(work) });
    } finally {
      await removeDatabase(work);
    }
  }
}
for (const { file, result } of similar) {
  console.log(`\n${file}:`);
  printSimilarBench(result);
}
if (args.only === "similar") process.exit(0);
// A 5,000-row sheet imported while /healthz is asked, on a working copy of each database.
const imports: { file: string; result: ImportBench }[] = [];
for (const file of databases) {
  const work = workingCopyOf(file, "bench-import");
  await copyDatabase(file, work);
  try {
    imports.push({ file, result: await benchImport(work) });
  } finally {
    await removeDatabase(work);
  }
}
for (const { file, result } of imports) {
  console.log(`
${file}:`);
  printImportBench(result);
}
if (args.only === "import") process.exit(0);
for (const r of results) printDatabase(r);
const ordered = [...results].sort((a, b) => a.counts.opinions - b.counts.opinions);
if (ordered.length > 1) printGrowth(ordered[0], ordered[ordered.length - 1]);
const largest = ordered[ordered.length - 1];
if (largest.counts.opinions >= 100_000) printTargets(ordered.length > 1 ? ordered[0] : undefined, largest);
if (args.json) {
  fs.writeFileSync(args.json, JSON.stringify({ at: new Date().toISOString(), cpus: os.cpus().length, node: process.version, duration, warmup, connections, steadyRate, steadyConnections, results, imports, similar }, null, 2));
  console.log(`\nWrote ${args.json}.`);
}
