// Part of npm run bench: a collection day. 50 anonymous readers across the home page,
// /tracker, the busiest and the median draft pages and receipt lookups (each from its
// own address) while 20 informants, each signed in on their own account, submit
// opinions without pause; both for the same measured seconds on one server. Readers'
// and submitters' figures are reported apart, and every acknowledged submission is
// checked to be stored.
import autocannon, { type Result } from "autocannon";
import { sql } from "kysely";
import { DEMO_PASSWORD } from "../db/seed-district";
import { findSubmitTargets, opinionForm, signIn, startServer, todayInChina, withConnection, type SubmitTarget } from "./server-process";

export type DayMeasure = { rps: number; p50: number; p99: number; ok: number; failed: number };
export type DayResult = {
  label: string;
  readers: DayMeasure;
  submitters: DayMeasure;
  submitterAccounts: number;
  acknowledged: number;
  stored: number;
  /** Page copies the server reported not made in time (app/utils/page-cache.server.ts). */
  slowCopies: number;
};

const READERS = 50;
const SUBMITTERS = 20;
const GET_HEADERS = { accept: "text/html,application/json", "accept-encoding": "gzip" };

/** Up to `n` informants with an open draft at their contact point, the demo's own first. */
async function submitters(database: string, n: number, today: string): Promise<SubmitTarget[]> {
  const names = await withConnection(database, async (db) =>
    (await sql<{ username: string }>`
      SELECT username FROM users WHERE role = 'informant' AND active = 1 ORDER BY CASE WHEN username = 'informant' THEN 0 ELSE 1 END, id LIMIT 2000`.execute(db)).rows.map((r) => r.username));
  return (await findSubmitTargets(database, names, today)).slice(0, n);
}

function measure(result: Result, ok: (status: number) => boolean): DayMeasure {
  const statuses = Object.entries(result.statusCodeStats).map(([code, { count }]) => [Number(code), count] as const);
  const answered = statuses.reduce((n, [, count]) => n + count, 0);
  const good = statuses.reduce((n, [code, count]) => (ok(code) ? n + count : n), 0);
  return { rps: good / result.duration, p50: result.latency.p50, p99: result.latency.p99, ok: good, failed: answered - good + result.errors };
}

export async function benchCollectionDay(
  database: string,
  pages: { busiest: number; median: number; receipts: string[] },
  { label, duration, warmup, env = {}, instances = 1 }: { label: string; duration: number; warmup: number; env?: Record<string, string>; instances?: number },
): Promise<DayResult> {
  const today = todayInChina();
  const targets = await submitters(database, SUBMITTERS, today);
  if (!targets.length) throw new Error("no informant with an open draft to submit to");
  const server = await startServer(database, env, undefined, { instances });
  try {
    const origin = server.origin;
    const cookies: string[] = [];
    for (const [i, target] of targets.entries()) cookies.push(await signIn(origin, target.username, DEMO_PASSWORD, `10.254.1.${i + 1}`));
    const paths = ["/", "/tracker", `/drafts/${pages.busiest}`, `/drafts/${pages.median}`, "receipt"];
    let read = 0;
    let address = 0;
    const readers = (seconds: number) =>
      autocannon({
        url: origin, connections: READERS, duration: seconds, timeout: 30,
        requests: [{
          method: "GET", path: "/", headers: GET_HEADERS,
          setupRequest: (req) => {
            const path = paths[read++ % paths.length];
            if (path !== "receipt") return { ...req, path };
            address++;
            return { ...req, path: `/tracker/receipt?code=${pages.receipts[address % pages.receipts.length]}`, headers: { ...GET_HEADERS, "x-forwarded-for": `10.${(address >> 16) & 255}.${(address >> 8) & 255}.${address & 255}` } };
          },
        }],
      });
    let sent = 0;
    let connection = 0;
    const writers = (seconds: number) =>
      autocannon({
        url: origin, connections: SUBMITTERS, duration: seconds, timeout: 30,
        requests: [{
          method: "POST", path: "/collect/new",
          setupRequest: (req, context: Record<string, unknown>) => {
            // Each connection is one informant on their phone.
            context.who ??= connection++ % targets.length;
            const who = context.who as number;
            const n = ++sent;
            return {
              ...req,
              headers: { cookie: cookies[who], origin, "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": `10.254.1.${who + 1}` },
              body: opinionForm(targets[who], `bench-day-${process.pid}-${n}`, today, `收集日测试意见第${n}条：建议进一步明确有关部门的职责。`),
            };
          },
        }],
      });
    const warm = warmup ? (await Promise.all([readers(warmup), writers(warmup)]))[1] : null;
    const [r, w] = await Promise.all([readers(duration), writers(duration)]);
    const reading = measure(r, (s) => s >= 200 && s < 300);
    const writing = measure(w, (s) => s === 303);
    const stored = await withConnection(database, async (db) =>
      Number((await sql<{ n: number }>`SELECT count(*) AS n FROM opinions WHERE idempotency_key LIKE ${`%:bench-day-${process.pid}-%`}`.execute(db)).rows[0].n));
    const acknowledged = writing.ok + (warm ? measure(warm, (s) => s === 303).ok : 0);
    const slowCopies = server.output().match(/page copy not made in time/g)?.length ?? 0;
    return { label, readers: reading, submitters: writing, submitterAccounts: targets.length, acknowledged, stored, slowCopies };
  } finally {
    await server.stop();
  }
}

export function printCollectionDay(results: DayResult[]) {
  console.log(`\nCollection day: ${READERS} anonymous readers (home, /tracker, two draft pages, receipt lookups) while ${SUBMITTERS} informants submit:`);
  for (const r of results) {
    console.log(`  ${r.label}:`);
    console.log(`    readers:    ${r.readers.rps.toFixed(0)} ok/s, p50 ${r.readers.p50} ms, p99 ${r.readers.p99} ms, ${r.readers.failed} failed`);
    console.log(`    submitters: ${r.submitters.rps.toFixed(0)} ok/s, p50 ${r.submitters.p50} ms, p99 ${r.submitters.p99} ms, ${r.submitters.failed} failed (${r.submitterAccounts} accounts)`);
    console.log(`    ${r.acknowledged} submissions acknowledged with 303 (warm-up included), ${r.stored} stored${r.stored < r.acknowledged ? " — PROBLEM: acknowledged submissions missing" : ""}`);
    if (r.slowCopies) console.log(`    note: ${r.slowCopies} page copies were not made within 2 s; their waiting readers made their own`);
    const pass = r.readers.rps >= 400 && r.readers.p99 < 150 && r.submitters.rps >= 100 && r.submitters.p99 < 500 && r.readers.failed + r.submitters.failed === 0 && r.stored >= r.acknowledged;
    console.log(`    ${pass ? "PASS" : "FAIL"}  readers ≥ 400 ok/s with p99 < 150 ms while submitters get ≥ 100 ok/s with p99 < 500 ms, nothing failed or lost`);
  }
}
