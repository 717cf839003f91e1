import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { commitWithoutWaitingForDisk, openDatabase } from "./connection";
import { walSync } from "./sqlite-durability";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zt-durability-"));
afterEach(() => vi.restoreAllMocks());

/** fdatasync held until released, counting the calls. */
function heldFlushes() {
  const waiting: (() => void)[] = [];
  const spy = vi.spyOn(fs, "fdatasync").mockImplementation(((_fd: number, done: (error: NodeJS.ErrnoException | null) => void) => {
    waiting.push(() => done(null));
  }) as typeof fs.fdatasync);
  return { spy, releaseAll: () => waiting.splice(0).forEach((release) => release()) };
}

describe("walSync", () => {
  it("flushes once for the commits that arrive together, and again for a commit that arrives during a flush", async () => {
    const file = path.join(dir, "group.db");
    fs.writeFileSync(`${file}-wal`, "");
    const flushes = heldFlushes();
    const wal = walSync(file);
    const done: string[] = [];
    const first = wal.sync().then(() => done.push("first"));
    await vi.waitFor(() => expect(flushes.spy).toHaveBeenCalledTimes(1));
    // These commits were written after the first flush began: it may not cover them.
    const later = Promise.all([wal.sync(), wal.sync(), wal.sync()]).then(() => done.push("later"));
    flushes.releaseAll();
    await first;
    await vi.waitFor(() => expect(flushes.spy).toHaveBeenCalledTimes(2));
    expect(done).toEqual(["first"]);
    flushes.releaseAll();
    await later;
    expect(done).toEqual(["first", "later"]);
    expect(flushes.spy).toHaveBeenCalledTimes(2);
    wal.close();
  });

  it("fails the write's answer when the disk refuses the flush", async () => {
    const file = path.join(dir, "refused.db");
    fs.writeFileSync(`${file}-wal`, "");
    vi.spyOn(fs, "fdatasync").mockImplementation(((_fd: number, done: (error: NodeJS.ErrnoException | null) => void) =>
      done(Object.assign(new Error("EIO: i/o error"), { code: "EIO" }))) as typeof fs.fdatasync);
    const wal = walSync(file);
    await expect(wal.sync()).rejects.toThrow(/EIO/);
    wal.close();
  });
});

describe("a write through the app's connection", () => {
  it("is answered only after the log holding it is flushed, and a transaction's commit too", async () => {
    const file = path.join(dir, "answered.db");
    const db = openDatabase(file);
    await db.schema.createTable("t").addColumn("x", "integer").execute();
    const flushes = heldFlushes();
    let answered = false;
    const insert = db.insertInto("t" as never).values({ x: 1 } as never).execute().then(() => (answered = true));
    await vi.waitFor(() => expect(flushes.spy).toHaveBeenCalledTimes(1));
    expect(answered).toBe(false);
    flushes.releaseAll();
    await insert;
    let committed = false;
    const transaction = db.transaction().execute((trx) => trx.insertInto("t" as never).values({ x: 2 } as never).execute()).then(() => (committed = true));
    await vi.waitFor(() => expect(flushes.spy).toHaveBeenCalledTimes(2));
    expect(committed).toBe(false);
    flushes.releaseAll();
    await transaction;
    vi.restoreAllMocks();
    await db.destroy();
  });
});

describe("a transaction that asks not to wait for the disk", () => {
  it("is answered before the flush, and the next acknowledged write's flush takes it to the disk", async () => {
    const file = path.join(dir, "unflushed.db");
    const db = openDatabase(file);
    await db.schema.createTable("t").addColumn("x", "integer").execute();
    const flushes = heldFlushes();
    await db.transaction().execute(async (trx) => {
      await commitWithoutWaitingForDisk(trx);
      await trx.insertInto("t" as never).values({ x: 1 } as never).execute();
    });
    expect(flushes.spy).not.toHaveBeenCalled();
    // Committed: every reader sees it at once.
    expect(await db.selectFrom("t" as never).select("x" as never).execute()).toEqual([{ x: 1 }]);
    // A transaction of its own: the next one waits for the flush as ever.
    let answered = false;
    const next = db.transaction().execute((trx) => trx.insertInto("t" as never).values({ x: 2 } as never).execute()).then(() => (answered = true));
    await vi.waitFor(() => expect(flushes.spy).toHaveBeenCalledTimes(1));
    expect(answered).toBe(false);
    flushes.releaseAll();
    await next;
    vi.restoreAllMocks();
    await db.destroy();
  });
});

describe("two processes writing to one file", () => {
  it("wait for each other's write lock without stopping the waiting one's thread, then both writes land", async () => {
    const file = path.join(dir, "two-writers.db");
    // Two openings of the file stand for two processes: each has its own connections and turn-taking.
    const first = openDatabase(file);
    const second = openDatabase(file);
    await first.schema.createTable("t").addColumn("x", "integer").execute();
    let releaseFirst!: () => void;
    const holding = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstHasLock!: () => void;
    const locked = new Promise<void>((resolve) => (firstHasLock = resolve));
    const long = first.transaction().execute(async (trx) => {
      await trx.insertInto("t" as never).values({ x: 1 } as never).execute();
      firstHasLock();
      await holding;
    });
    await locked;
    let written = false;
    const waiting = second.insertInto("t" as never).values({ x: 2 } as never).execute().then(() => (written = true));
    // While it waits, timers still fire: SQLite's own busy wait would have held the thread.
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 5);
    await new Promise((resolve) => setTimeout(resolve, 100));
    clearInterval(ticker);
    expect(ticks).toBeGreaterThan(5);
    expect(written).toBe(false);
    releaseFirst();
    await Promise.all([long, waiting]);
    expect((await second.selectFrom("t" as never).select("x" as never).orderBy("x" as never).execute()).map((r) => (r as { x: number }).x)).toEqual([1, 2]);
    await first.destroy();
    await second.destroy();
  });
});

