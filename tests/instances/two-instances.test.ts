import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../db/connection";
import { migrateToLatest } from "../../db/migrator";
import { DEMO_PASSWORD, seedDistrict } from "../../db/seed-district";
import {
  findSubmitTargets, missingAcks, newTally, removeDatabase, signIn, sleep, startServer, submitter, todayInChina, workingCopyOf,
  type RunningProcess,
} from "../../scripts/server-process";
import { createDatabase, withAdmin } from "../setup/postgres";

// Two instances of the production server (npm run build) on one PostgreSQL database,
// on two ports, as behind a load balancer: what is done through one holds on the other.
// npm test runs this after the build when a PostgreSQL server answers.

const server = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const database = workingCopyOf(server, "instances");
const today = todayInChina();
const RETENTION_DAYS = 30;
const LOGIN_LIMIT = 6;

/** Opinions whose residents were told the outcome more than RETENTION_DAYS ago and whose name or phone is kept. */
const dueForErasure = (db: ReturnType<typeof openDatabase>) =>
  sql<{ n: number }>`
    SELECT count(*) AS n FROM opinions WHERE feedback_given_at <= ${new Date(Date.now() - RETENTION_DAYS * 86_400_000).toISOString()}
      AND (resident_name IS NOT NULL OR resident_phone IS NOT NULL)`.execute(db).then((r) => Number(r.rows[0].n));
let due = 0;
/** The last audit row written before the instances started. */
let lastAudit = 0;

let a: RunningProcess;
let b: RunningProcess;

beforeAll(async () => {
  await removeDatabase(database);
  await withAdmin(server, (client) => createDatabase(client, new URL(database).pathname.slice(1)));
  const db = openDatabase(database, { poolSize: 2 });
  try {
    await migrateToLatest(db);
    await db.transaction().execute((trx) => seedDistrict(trx, { today }));
    await sql`
      UPDATE opinions SET resident_name = '王秀英', resident_phone = '13800000000', feedback_given_at = '2020-01-01T00:00:00.000Z'
      WHERE id IN (SELECT id FROM opinions WHERE consent = 1 ORDER BY id LIMIT 200)`.execute(db);
    due = await dueForErasure(db);
    lastAudit = Number((await sql<{ id: number | null }>`SELECT max(id) AS id FROM audit_log`.execute(db)).rows[0].id ?? 0);

    // Each instance runs the daily purge as it starts. So that the two runs meet, the
    // opinions are held locked against writes until both are under way: each is then
    // waiting either to write (having found what is due) or to run at all.
    const env = { LOGIN_ATTEMPTS_PER_MINUTE: String(LOGIN_LIMIT), PAGE_CACHE_STALE_MS: "0", RESIDENT_DATA_RETENTION_DAYS: String(RETENTION_DAYS) };
    await db.connection().execute(async (holder) => {
      await sql`BEGIN`.execute(holder);
      await sql`LOCK TABLE opinions IN SHARE MODE`.execute(holder);
      [a, b] = await Promise.all([startServer(database, env), startServer(database, env)]);
      let waiting = 0;
      for (let i = 0; i < 100 && waiting < 2; i++) {
        await sleep(100);
        waiting = Number((await sql<{ n: number }>`
          SELECT (SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'update "opinions"%')
            + (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 22001 AND NOT granted) AS n`.execute(db)).rows[0].n);
      }
      await sql`COMMIT`.execute(holder);
      expect(waiting).toBe(2);
    });
    // Until both have finished: no transaction open on the database but ours.
    for (let open = 1, i = 0; open && i < 100; i++) {
      await sleep(100);
      open = Number((await sql<{ n: number }>`
        SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND xact_start IS NOT NULL`.execute(db)).rows[0].n);
    }
  } finally {
    await db.destroy();
  }
}, 180_000);

afterAll(async () => {
  await Promise.all([a?.stop(), b?.stop()]);
  await removeDatabase(database);
});

const form = (origin: string, cookie: string, address: string) => ({
  Origin: origin, Cookie: cookie, "X-Forwarded-For": address, "Content-Type": "application/x-www-form-urlencoded",
});

/** A sign-in through the form from `address`, answered but not followed. */
const signInAttempt = (origin: string, address: string, username: string, password: string) =>
  fetch(`${origin}/login`, {
    method: "POST",
    redirect: "manual",
    headers: form(origin, "", address),
    body: new URLSearchParams({ username, password, redirectTo: "" }),
  });

describe("two instances on one PostgreSQL database", () => {
  it("the purge both ran as they started erased each resident's data once", async () => {
    const db = openDatabase(database, { poolSize: 1 });
    try {
      expect(due).toBeGreaterThanOrEqual(200);
      expect(await dueForErasure(db)).toBe(0);
      const audits = await sql<{ entity_id: number; n: number }>`
        SELECT entity_id, count(*) AS n FROM audit_log WHERE action = 'erase_personal_data' AND id > ${lastAudit} GROUP BY entity_id`.execute(db);
      expect(audits.rows.length).toBe(due);
      expect(audits.rows.filter((r) => r.n !== 1)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it("a sign-in on one is valid on the other, and a sign-out on the other ends it on both", async () => {
    const cookie = await signIn(a.origin, "informant", DEMO_PASSWORD, "10.61.0.1");
    const page = (origin: string) => fetch(`${origin}/collect`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect((await page(b.origin)).status).toBe(200);
    const out = await fetch(`${b.origin}/logout`, { method: "POST", redirect: "manual", headers: form(b.origin, cookie, "10.61.0.1"), body: "" });
    expect(out.status).toBe(302);
    expect((await page(a.origin)).status).toBe(302);
    expect((await page(a.origin)).headers.get("location")).toMatch(/^\/login/);
  });

  it("the sign-in limit counts the attempts made on both", async () => {
    const attempt = (origin: string, n: number) => signInAttempt(origin, "10.62.0.1", `nobody${n}`, "wrong password").then((r) => r.status);
    const allowed: number[] = [];
    for (let n = 0; n < LOGIN_LIMIT; n++) allowed.push(await attempt(n % 2 ? b.origin : a.origin, n));
    expect(allowed.filter((status) => status === 429)).toEqual([]);
    expect(await attempt(a.origin, LOGIN_LIMIT)).toBe(429);
    expect(await attempt(b.origin, LOGIN_LIMIT + 1)).toBe(429);
  });

  it("an account's failed sign-ins are counted on both: the address waits after five, wherever it tries", async () => {
    const attempt = (origin: string, password: string) => signInAttempt(origin, "10.65.0.1", "cppcc", password);
    const statuses: number[] = [];
    for (let n = 0; n < 5; n++) statuses.push((await attempt(n % 2 ? b.origin : a.origin, "wrong password")).status);
    // Three failures on one instance and two on the other are five for the account at this address.
    expect(statuses).toEqual([400, 400, 400, 400, 429]);
    const right = await attempt(b.origin, DEMO_PASSWORD);
    expect(right.status).toBe(429);
    expect(await right.text()).toContain("登录失败次数过多");
  });

  it("an opinion recorded through one is counted at once on the other's public pages", async () => {
    const tracker = async (origin: string) => {
      const response = await fetch(`${origin}/tracker`);
      const figures = [...(await response.text()).matchAll(/class="figure-value">([\d,]+)</g)].map((m) => Number(m[1].replace(/,/g, "")));
      return { state: response.headers.get("x-page-cache"), collected: figures[1] };
    };
    // Once what the earlier tests wrote has been heard of, the page is served from the cache.
    let before = await tracker(b.origin);
    for (let i = 0; i < 20 && before.state !== "hit"; i++) {
      await sleep(50);
      before = await tracker(b.origin);
    }
    expect(before.state).toBe("hit");

    const [target] = await findSubmitTargets(database, ["informant"], today);
    const cookie = await signIn(a.origin, "informant", DEMO_PASSWORD, "10.63.0.1");
    const tally = newTally();
    let sent = 0;
    await submitter(a, { ...target, cookie, address: "10.63.0.1" }, tally, () => sent++ > 0, "instances-one");
    expect(tally.acks).toHaveLength(1);

    // The other instance hears of the commit from the database (NOTIFY), within moments.
    let after = await tracker(b.origin);
    for (let i = 0; i < 20 && after.collected === before.collected; i++) {
      await sleep(50);
      after = await tracker(b.origin);
    }
    expect(after.collected).toBe(before.collected + 1);
    expect(after.state).toBe("miss");
  });

  it("SIGKILL of one instance during 50 concurrent submitters loses no acknowledged opinion", async () => {
    const usernames = Array.from({ length: 120 }, (_, i) => `informant${String(i + 1).padStart(3, "0")}`);
    const targets = (await findSubmitTargets(database, usernames, today)).slice(0, 50);
    expect(targets).toHaveLength(50);
    const people = await Promise.all(
      targets.map(async (t, i) => {
        const at = i % 2 ? b : a;
        const address = `10.64.0.${i + 1}`;
        return { ...t, at, address, cookie: await signIn(at.origin, t.username, DEMO_PASSWORD, address) };
      }),
    );
    const onA = newTally();
    const onB = newTally();
    let stopped = false;
    const running = Promise.all(people.map((p) => submitter(p.at, p, p.at === a ? onA : onB, () => stopped, "instances-kill")));
    await sleep(2500);
    const beforeKill = onA.acks.length;
    await a.stop("SIGKILL");
    await sleep(1500);
    stopped = true;
    await running;

    expect(beforeKill).toBeGreaterThan(0);
    // The survivor answered every one of its submitters throughout.
    expect(onB.acks.length).toBeGreaterThan(0);
    expect(onB.networkErrors).toBe(0);
    expect([...onB.status.keys()]).toEqual([303]);
    const { missing, codes } = await missingAcks(database, [...onA.acks, ...onB.acks]);
    expect(missing).toEqual([]);
    expect(codes).toBe(onA.acks.length + onB.acks.length);
  }, 120_000);
});
