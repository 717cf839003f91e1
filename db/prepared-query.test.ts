import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase, type Db } from "./connection";
import { migrateToLatest } from "./migrator";
import { prepared } from "./prepared-query";

describe("prepared", () => {
  let dir: string;
  let db: Db;
  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "prepared-"));
    db = openDatabase(path.join(dir, "test.db"));
    await migrateToLatest(db);
  });
  afterEach(async () => {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("builds once and runs each call with its own values, in a transaction too", async () => {
    let builds = 0;
    const record = prepared((db, v: { action: string; entityId: string | null }) => {
      builds++;
      return db.insertInto("audit_log").values({ at: "2026-12-05T00:00:00Z", user_id: null, action: v.action, entity: "note", entity_id: v.entityId }).returning("id");
    });
    const byAction = prepared((db, v: { action: string }) =>
      db.selectFrom("audit_log").select(["action", "entity_id"]).where("entity", "=", "note").where("action", "=", v.action).orderBy("id"),
    );
    const [first] = await record(db, { action: "写", entityId: "一" });
    await record(db, { action: "读", entityId: null });
    await db.transaction().execute(async (trx) => {
      await record(trx, { action: "写", entityId: "二" });
    });
    await expect(
      db.transaction().execute(async (trx) => {
        await record(trx, { action: "写", entityId: "rolled back" });
        throw new Error("undo");
      }),
    ).rejects.toThrow("undo");
    expect(first).toEqual({ id: expect.any(Number) });
    expect(builds).toBe(1);
    expect(await byAction(db, { action: "写" })).toEqual([{ action: "写", entity_id: "一" }, { action: "写", entity_id: "二" }]);
    expect(await byAction(db, { action: "读" })).toEqual([{ action: "读", entity_id: null }]);
    expect(await byAction(db, { action: "删" })).toEqual([]);
  });
});
