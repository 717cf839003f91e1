import { sql } from "kysely";
import { dialectOf, type Db } from "~/utils/db.server";

// Work that must happen once however many instances run it. SQLite has one writer at
// a time, and a transaction there is already alone. PostgreSQL lets transactions run
// side by side: a job takes a transaction-scoped advisory lock first (a second
// instance waits, then finds the work done), and claims of queued rows skip the rows
// another instance holds (FOR UPDATE SKIP LOCKED).

/** Jobs that take a lock; the numbers are the advisory lock keys. */
const JOBS = { residentDataPurge: 22_001, importPurge: 22_002 } as const;

/** Waits, inside transaction `trx`, until no other instance runs `job`; released at commit or rollback. */
export async function lockJob(trx: Db, job: keyof typeof JOBS): Promise<void> {
  if (dialectOf(trx) === "postgres") await sql`SELECT pg_advisory_xact_lock(${JOBS[job]})`.execute(trx);
}

/** Whether queued rows should be claimed with FOR UPDATE SKIP LOCKED. */
export const claimsSkipLocked = (db: Db) => dialectOf(db) === "postgres";
