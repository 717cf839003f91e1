// Helpers for the scripts that start the production server and load it
// (npm run bench, npm run check:durability): a free port, the server as a child
// process on a given database, its real PID for /proc, sign-in, working copies.
// A database is a SQLite file's path or a PostgreSQL database's postgres:// URL.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { sql } from "kysely";
import { isReceiptCode } from "../app/domain/receipt-code";
import { isPostgresUrl, openDatabase, type Db } from "../db/connection";
import { migrateToLatest } from "../db/migrator";
import { databaseName, quoteIdent, withDatabase as databaseOnServer, withServer } from "../db/postgres-tools";
import { todayInChina } from "../app/utils/clock.server";

export const HOST = "127.0.0.1";

/** A free port on 127.0.0.1 from `from` on, starting at a random place so that runs side by side do not collide. */
export async function freePort(from = 3400): Promise<number> {
  const start = from + Math.floor(Math.random() * 500);
  for (let port = start; port < from + 1000; port++) {
    const free = await new Promise<boolean>((resolve) => {
      const probe = net.createServer();
      probe.once("error", () => resolve(false));
      probe.listen(port, HOST, () => probe.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error(`No free port from ${from}`);
}

export type RunningProcess = {
  child: ChildProcess;
  port: number;
  origin: string;
  /** Everything the process wrote, for errors such as SQLITE_BUSY. */
  output: () => string;
  /** The PID of the process doing the work (tsx runs the script in a child node process). */
  workerPid: () => number;
  stop: (signal?: NodeJS.Signals) => Promise<void>;
};

const running = new Set<RunningProcess>();
let exitHookInstalled = false;

/** Stops every process these helpers started, also when the script fails or is interrupted. */
function installExitHook() {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  const killAll = () => {
    for (const p of running) {
      try {
        process.kill(-p.child.pid!, "SIGKILL");
      } catch {
        // already gone
      }
    }
  };
  process.on("exit", killAll);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      killAll();
      process.exit(130);
    });
  }
}

function childPids(pid: number): number[] {
  try {
    return fs.readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/**
 * Starts `node_modules/.bin/tsx <script>` (a .ts file) or `node <script>` (a .js
 * file) in its own process group (so that it and the node process tsx starts can be
 * stopped together) and waits until `ready(origin)` succeeds.
 */
export async function startProcess(
  script: string,
  env: Record<string, string>,
  { ready, timeoutMs = 60_000, port: wanted, args: extra = [] }: { ready: (origin: string) => Promise<boolean>; timeoutMs?: number; port?: number; args?: string[] },
): Promise<RunningProcess> {
  installExitHook();
  const port = wanted ?? (await freePort());
  // BENCH_CPU_PROF=DIR (npm run bench -- --cpu-prof DIR): each server process writes a V8 CPU profile there when it stops.
  const profile = process.env.BENCH_CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const [command, args] = script.endsWith(".ts") ? ["node_modules/.bin/tsx", [script, ...extra]] : [process.execPath, [...profile, script, ...extra]];
  const child = spawn(command, args, {
    env: { ...process.env, ...env, PORT: String(port), HOST },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 2_000_000) output = output.slice(-1_000_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const origin = `http://${HOST}:${port}`;
  const proc: RunningProcess = {
    child,
    port,
    origin,
    output: () => output,
    workerPid: () => childPids(child.pid!)[0] ?? child.pid!,
    stop: async (signal = "SIGTERM") => {
      if (child.exitCode === null && child.signalCode === null) {
        try {
          process.kill(-child.pid!, signal);
        } catch {
          // already gone
        }
        const timer = setTimeout(() => {
          try {
            process.kill(-child.pid!, "SIGKILL");
          } catch {
            // already gone
          }
        }, 10_000);
        await exited;
        clearTimeout(timer);
      }
      running.delete(proc);
    },
  };
  running.add(proc);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode ?? child.signalCode} before it was ready:\n${output.slice(-2000)}`);
    if (await ready(origin).catch(() => false)) return proc;
    await sleep(200);
  }
  await proc.stop("SIGKILL");
  throw new Error(`${script} did not become ready in ${timeoutMs / 1000} s:\n${output.slice(-2000)}`);
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function healthy(origin: string, timeoutMs = 2000): Promise<boolean> {
  const response = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
  return response.ok;
}

/** The environment that points the server at `database`. */
export const databaseEnv = (database: string): Record<string, string> =>
  isPostgresUrl(database) ? { DATABASE_URL: database } : { DATABASE_PATH: database, DATABASE_URL: "" };

/**
 * The production server (build/server.js, npm run build) on `database`, as `instances`
 * processes on one port (npm run serve -- --instances N). The write limit is raised (a load test
 * writes from one address), and X-Forwarded-For is trusted so that a test can act
 * as many residents or devices, each under the per-address limits.
 */
export function startServer(database: string, extraEnv: Record<string, string> = {}, port?: number, { instances = 1 } = {}) {
  return startProcess(
    "build/server.js",
    {
      ...databaseEnv(database),
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      TRUST_PROXY: "1",
      WRITE_RATE_LIMIT_PER_MINUTE: "10000000",
      ...extraEnv,
    },
    { ready: (origin) => healthy(origin), port, args: instances > 1 ? ["--instances", String(instances)] : [] },
  );
}

/** Kilobytes from /proc/PID/status: VmRSS now, VmHWM the peak. */
export function memoryOf(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rss: field("VmRSS"), hwm: field("VmHWM") };
}

/** Signs in through the login form and returns the session cookie ("name=value"). */
export async function signIn(origin: string, username: string, password: string, address: string): Promise<string> {
  const response = await fetch(`${origin}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: origin, "X-Forwarded-For": address },
    body: new URLSearchParams({ username, password, redirectTo: "" }),
  });
  const cookie = response.headers.getSetCookie().find((c) => /session=/.test(c));
  if (response.status !== 302 || !cookie) throw new Error(`Sign-in as ${username} failed with ${response.status}`);
  return cookie.split(";")[0];
}

/** Where a script keeps its working copy of `source`: beside it on the same PostgreSQL server, or a file in the temporary folder. */
export function workingCopyOf(source: string, label: string): string {
  if (!isPostgresUrl(source)) return path.join(os.tmpdir(), `zhitongche-${label}-${process.pid}.db`);
  return databaseOnServer(source, `zt_${label.replace(/\W/g, "_")}_${process.pid}`);
}

/**
 * A consistent copy of a database, migrated to the latest schema as the server would
 * at start, so that scripts that write never touch the original: for a SQLite file
 * through its online backup API in one step; for PostgreSQL a new database made from
 * the source as its template (nothing may be connected to the source meanwhile).
 */
export async function copyDatabase(source: string, destination: string): Promise<void> {
  await removeDatabase(destination);
  if (isPostgresUrl(source)) {
    await withServer(source, (client) => client.query(`CREATE DATABASE ${quoteIdent(databaseName(destination))} TEMPLATE ${quoteIdent(databaseName(source))}`));
  } else {
    const db = new SQLite(source, { readonly: true, fileMustExist: true });
    try {
      await db.backup(destination, { progress: () => 0x7fffffff });
    } finally {
      db.close();
    }
  }
  const copy = openDatabase(destination);
  try {
    await migrateToLatest(copy);
  } finally {
    await copy.destroy();
  }
}

export async function removeDatabase(database: string): Promise<void> {
  if (isPostgresUrl(database)) {
    await withServer(database, (client) => client.query(`DROP DATABASE IF EXISTS ${quoteIdent(databaseName(database))} WITH (FORCE)`));
  } else {
    for (const suffix of ["", "-wal", "-shm", "-journal"]) fs.rmSync(database + suffix, { force: true });
  }
}

/** Runs `fn` on a connection of its own to `database` (a file or a postgres:// URL), closed afterwards. */
export async function withConnection<T>(database: string, fn: (db: Db) => Promise<T>): Promise<T> {
  const db = openDatabase(database, { poolSize: 1 });
  try {
    return await fn(db);
  } finally {
    await db.destroy();
  }
}

/** What a submitter needs to record an opinion: an open draft at their point, a grid, an article. */
export type SubmitTarget = { username: string; userId: number; draftId: number; gridId: number; article: string };

/** For each of these informants that has one, the newest open draft at their contact point, their first grid and its first article. */
export function findSubmitTargets(database: string, usernames: string[], today: string): Promise<SubmitTarget[]> {
  return withConnection(database, async (db) => {
    const targets: SubmitTarget[] = [];
    for (const username of usernames) {
      const { rows } = await sql<Omit<SubmitTarget, "article"> & { article: number | null }>`
        SELECT u.id AS "userId", u.username, d.id AS "draftId",
          (SELECT ug.grid_id FROM user_grids ug WHERE ug.user_id = u.id ORDER BY ug.grid_id LIMIT 1) AS "gridId",
          (SELECT a.number FROM draft_versions v JOIN articles a ON a.version_id = v.id
            WHERE v.draft_id = d.id ORDER BY v.seq DESC, a.position LIMIT 1) AS article
        FROM users u
        JOIN draft_contact_points dcp ON dcp.contact_point_id = u.contact_point_id
        JOIN drafts d ON d.id = dcp.draft_id
        WHERE u.username = ${username} AND u.role = 'informant' AND u.active = 1 AND d.status = 'open' AND d.deadline >= ${today}
        ORDER BY d.deadline DESC, d.id LIMIT 1`.execute(db);
      const row = rows[0];
      if (row?.gridId) targets.push({ ...row, article: row.article === null ? "" : String(row.article) });
    }
    return targets;
  });
}

/** A submission the server acknowledged (a 303 to the saved opinion), with the idempotency key it was sent under. */
export type Ack = { id: number; userId: number; key: string };

/** Which acknowledged submissions are not stored as sent: by id, with this collector's idempotency key and a receipt code. */
export function missingAcks(database: string, acks: Ack[]): Promise<{ missing: Ack[]; codes: number }> {
  return withConnection(database, async (db) => {
    const stored = new Map<number, { receipt_code: string; idempotency_key: string | null; collector_id: number }>();
    const ids = acks.map((a) => a.id);
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await db.selectFrom("opinions").select(["id", "receipt_code", "idempotency_key", "collector_id"]).where("id", "in", ids.slice(i, i + 500)).execute();
      for (const row of rows) stored.set(row.id, row);
    }
    const codes = new Set<string>();
    const missing = acks.filter((ack) => {
      const row = stored.get(ack.id);
      if (!row || row.idempotency_key !== `${ack.userId}:${ack.key}` || row.collector_id !== ack.userId || !isReceiptCode(row.receipt_code)) return true;
      codes.add(row.receipt_code);
      return false;
    });
    return { missing, codes: codes.size };
  });
}

/** The form fields of one opinion, as the browser posts them from /collect/new. */
export function opinionForm(target: SubmitTarget, idempotencyKey: string, today: string, text: string): string {
  return new URLSearchParams({
    draftId: String(target.draftId),
    idempotencyKey,
    article: target.article,
    gridId: String(target.gridId),
    unitId: "",
    channel: "home_visit",
    collectedOn: today,
    eventId: "",
    submitterCategory: "resident",
    opinion: text,
    suggestedRevision: "",
    reason: "",
  }).toString();
}

/** What submitters got back: the acknowledgements, the count of each status, network errors, latencies of acknowledged ones. */
export type Tally = { acks: Ack[]; status: Map<number, number>; networkErrors: number; latencies: number[] };

export const newTally = (): Tally => ({ acks: [], status: new Map(), networkErrors: 0, latencies: [] });

/**
 * One submitter: posts opinions one after the other until `stop()` says so. Only a
 * 303 to the saved opinion counts as acknowledged; a connection cut off by the kill
 * is a network error, not an acknowledgement.
 */
export async function submitter(
  server: RunningProcess,
  who: SubmitTarget & { cookie: string; address: string },
  tally: Tally,
  stop: () => boolean,
  prefix: string,
) {
  const today = todayInChina();
  let n = 0;
  while (!stop()) {
    const key = `${prefix}-${who.userId}-${++n}`;
    const started = Date.now();
    try {
      const response = await fetch(`${server.origin}/collect/new`, {
        method: "POST",
        redirect: "manual",
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          Origin: server.origin,
          Cookie: who.cookie,
          "X-Forwarded-For": who.address,
        },
        body: opinionForm(who, key, today, `耐久性检查意见（${key}）：建议明确基层执行标准。`),
        signal: AbortSignal.timeout(30_000),
      });
      await response.arrayBuffer();
      tally.status.set(response.status, (tally.status.get(response.status) ?? 0) + 1);
      const saved = /^\/collect\/opinions\/(\d+)\?saved=1$/.exec(response.headers.get("location") ?? "");
      if (response.status === 303 && saved) {
        tally.acks.push({ id: Number(saved[1]), userId: who.userId, key });
        tally.latencies.push(Date.now() - started);
      }
    } catch {
      tally.networkErrors++;
      if (stop()) return;
      await sleep(50);
    }
  }
}

export { todayInChina };
