import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { sql } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "./connection";
import { prepared } from "./prepared-query";

describe("prepared", () => {
  let dir: string;
  let db: Db;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "prepared-"));
    db = openDatabase(path.join(dir, "test.db"));
    await sql`CREATE TABLE notes (id INTEGER PRIMARY KEY, author TEXT NOT NULL, body TEXT)`.execute(db);
  });
  afterEach(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  // The tables of the app's schema are not here: the queries go through an untyped view of the connection.
  const untyped = (db: Db) => db as unknown as Db & { insertInto: (t: string) => any; selectFrom: (t: string) => any };

  it("builds once and runs each call with its own values, in a transaction too", async () => {
    let builds = 0;
    const insertNote = prepared((db, v: { author: string; body: string | null }) => {
      builds++;
      return untyped(db).insertInto("notes").values({ author: v.author, body: v.body }).returning("id");
    });
    const byAuthor = prepared((db, v: { author: string }) =>
      untyped(db).selectFrom("notes").select(["author", "body"]).where("author", "=", v.author).where("id", ">", 0).orderBy("id"),
    );
    const [first] = await insertNote(db, { author: "张三", body: "第一条" });
    await insertNote(db, { author: "李四", body: null });
    await db.transaction().execute(async (trx) => {
      await insertNote(trx, { author: "张三", body: "第二条" });
    });
    await expect(
      db.transaction().execute(async (trx) => {
        await insertNote(trx, { author: "张三", body: "rolled back" });
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    expect(first).toEqual({ id: 1 });
    expect(builds).toBe(1);
    expect(await byAuthor(db, { author: "张三" })).toEqual([{ author: "张三", body: "第一条" }, { author: "张三", body: "第二条" }]);
    expect(await byAuthor(db, { author: "李四" })).toEqual([{ author: "李四", body: null }]);
    expect(await byAuthor(db, { author: "王五" })).toEqual([]);
  });
});
