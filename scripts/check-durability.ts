// npm run check:durability [-- --db FILE|postgres://… --duration SECONDS --submitters N]
//
// On a working copy of the demo database (or --db: a SQLite file, or a PostgreSQL
// database, copied beside it on its server), with the production server:
//  1. N informants (50 by default), each signed in from their own device, submit
//     opinions as fast as the server answers for the given time (60 s by default).
//     Every acknowledged submission (a 303 to /collect/opinions/ID?saved=1) must be in
//     the database with its receipt code; no answer may be a 5xx, and the server must
//     not log SQLITE_BUSY.
//  2. They submit again, and the server is killed with SIGKILL in the middle of it.
//     After a restart, every submission acknowledged before the kill must be there,
//     and on SQLite PRAGMA integrity_check must say ok.
// Exits non-zero when anything fails. The copy is deleted afterwards.
import fs from "node:fs";
import { parseArgs } from "node:util";
import SQLite from "better-sqlite3";
import { isPostgresUrl } from "../db/connection";
import { DEMO_PASSWORD } from "../db/seed-district";
import {
  copyDatabase, findSubmitTargets, missingAcks, newTally, removeDatabase, signIn, sleep, startServer, submitter, todayInChina, workingCopyOf,
  type RunningProcess, type Tally,
} from "./server-process";

const { values: args } = parseArgs({
  options: {
    db: { type: "string", default: "data/zhitongche.db" },
    duration: { type: "string", default: "60" },
    submitters: { type: "string", default: "50" },
  },
});
const duration = Number(args.duration);
const submitters = Number(args.submitters);
if (!(duration > 0) || !(submitters > 0 && submitters <= 349)) {
  console.error("--duration takes seconds; --submitters a number from 1 to 349.");
  process.exit(2);
}
if (!isPostgresUrl(args.db!) && !fs.existsSync(args.db!)) {
  console.error(`There is no database at ${args.db}: run npm run db:seed first, or pass --db FILE.`);
  process.exit(2);
}
if (!fs.existsSync("build/server.js") || !fs.existsSync("build/server/index.js")) {
  console.error("There is no production build: run npm run build first.");
  process.exit(2);
}

/** PRAGMA integrity_check of a SQLite file; PostgreSQL's own recovery answers for a PostgreSQL database. */
function integrity(database: string): string {
  if (isPostgresUrl(database)) return "ok";
  const db = new SQLite(database, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma("integrity_check") as { integrity_check: string }[];
    return rows.map((r) => r.integrity_check).join("; ");
  } finally {
    db.close();
  }
}

const percentile = (values: number[], p: number) => {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
};
const describe = (t: Tally) =>
  `${[...t.status].sort((a, b) => a[0] - b[0]).map(([s, n]) => `${n} × ${s}`).join(", ") || "no answers"}` +
  `${t.networkErrors ? `, ${t.networkErrors} network errors` : ""}`;

const work = workingCopyOf(args.db!, "durability");
const problems: string[] = [];
let server: RunningProcess | undefined;
try {
  console.log(`Copying ${args.db} to a working copy …`);
  await copyDatabase(args.db!, work);
  const today = todayInChina();
  const usernames = Array.from({ length: 349 }, (_, i) => `informant${String(i + 1).padStart(3, "0")}`);
  const targets = (await findSubmitTargets(work, usernames, today)).slice(0, submitters);
  if (targets.length < submitters) throw new Error(`Only ${targets.length} informants have an open draft to submit to; ${submitters} needed.`);

  server = await startServer(work);
  const port = server.port;
  console.log(`Server on ${server.origin}; signing in ${submitters} informants, each from their own device …`);
  const people = [];
  for (const [i, t] of targets.entries()) {
    const address = `10.77.${i >> 8}.${i & 255}`;
    people.push({ ...t, address, cookie: await signIn(server.origin, t.username, DEMO_PASSWORD, address) });
  }

  // ---- 1. Sustained concurrent submissions.
  console.log(`Phase 1: ${submitters} concurrent submitters for ${duration} s …`);
  const first = newTally();
  const endAt = Date.now() + duration * 1000;
  const started = Date.now();
  await Promise.all(people.map((p) => submitter(server!, p, first, () => Date.now() >= endAt, "dur1")));
  const seconds = (Date.now() - started) / 1000;
  const fiveXx = [...first.status].filter(([s]) => s >= 500).reduce((n, [, c]) => n + c, 0);
  console.log(
    `  ${first.acks.length} acknowledged (${(first.acks.length / seconds).toFixed(1)}/s; latency p50 ${percentile(first.latencies, 50)} ms, ` +
      `p99 ${percentile(first.latencies, 99)} ms); answers: ${describe(first)}`,
  );
  const afterFirst = await missingAcks(work, first.acks);
  console.log(`  in the database: ${first.acks.length - afterFirst.missing.length} of ${first.acks.length}, ${afterFirst.codes} distinct receipt codes`);
  if (afterFirst.missing.length) problems.push(`phase 1: ${afterFirst.missing.length} acknowledged submissions missing`);
  if (fiveXx) problems.push(`phase 1: ${fiveXx} answers with a 5xx status`);
  if (first.networkErrors) problems.push(`phase 1: ${first.networkErrors} network errors`);
  const otherStatuses = [...first.status].filter(([s]) => s !== 303 && s < 500);
  if (otherStatuses.length) problems.push(`phase 1: unexpected answers ${otherStatuses.map(([s, n]) => `${n} × ${s}`).join(", ")}`);
  const busy = server.output().match(/SQLITE_BUSY|database is locked/g)?.length ?? 0;
  if (busy) problems.push(`phase 1: the server logged SQLITE_BUSY ${busy} times`);
  if (!isPostgresUrl(work)) console.log(`  SQLITE_BUSY in the server's log: ${busy}`);

  // ---- 2. SIGKILL in the middle of submissions, restart, check.
  const killAfter = 3000 + Math.floor(Math.random() * 4000);
  console.log(`Phase 2: submitting again; SIGKILL to the server after ${(killAfter / 1000).toFixed(1)} s …`);
  const second = newTally();
  let killed = false;
  const pid = server.workerPid();
  const running = Promise.all(people.map((p) => submitter(server!, p, second, () => killed, "dur2")));
  await sleep(killAfter);
  const inFlightAtKill = second.acks.length;
  killed = true;
  await server.stop("SIGKILL");
  await running;
  console.log(`  killed PID ${pid} with ${inFlightAtKill} acknowledged in this phase; answers: ${describe(second)}`);

  console.log("  restarting the server on the same database …");
  server = await startServer(work, {}, port).catch(async (error: unknown) => {
    // A server that reports a problem exits with a status; one stopped by a signal was
    // stopped from outside (another process on the machine): say so and try once more.
    if (!/exited with (SIG\w+|13[0-9]|14[0-9]) before/.test(String(error))) throw error;
    console.log(`  the restarted server was stopped from outside (${String(error).split("\n")[0]}); starting it once more`);
    return startServer(work, {}, port);
  });
  const check = integrity(work);
  if (!isPostgresUrl(work)) console.log(`  PRAGMA integrity_check: ${check}`);
  if (check !== "ok") problems.push(`after the kill: integrity_check said ${check}`);
  const acks = [...first.acks, ...second.acks];
  const afterKill = await missingAcks(work, acks);
  console.log(`  acknowledged submissions in the database: ${acks.length - afterKill.missing.length} of ${acks.length} (${afterKill.codes} receipt codes)`);
  if (afterKill.missing.length) {
    problems.push(`after the kill: ${afterKill.missing.length} acknowledged submissions missing (ids ${afterKill.missing.slice(0, 10).map((a) => a.id).join(", ")})`);
  }
  // The restarted server serves and accepts submissions again.
  const cookie = await signIn(server.origin, targets[0].username, DEMO_PASSWORD, "10.78.0.1");
  const third = newTally();
  let n = 0;
  await submitter(server, { ...targets[0], cookie, address: "10.78.0.1" }, third, () => ++n > 3, "dur3");
  console.log(`  after the restart: ${describe(third)}`);
  if (third.acks.length !== 3 || (await missingAcks(work, third.acks)).missing.length) problems.push("after the restart: submissions were not accepted and stored");
} catch (error) {
  problems.push(error instanceof Error ? error.message : String(error));
} finally {
  await server?.stop();
  await removeDatabase(work);
}

if (problems.length) {
  console.log(`\nFAILED:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  process.exitCode = 1;
} else {
  console.log(`\nOK: every acknowledged submission was stored, before and after a SIGKILL; no 5xx${isPostgresUrl(work) ? "" : ", no SQLITE_BUSY; integrity_check ok"}.`);
}
