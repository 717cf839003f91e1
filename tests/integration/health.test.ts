import path from "node:path";
import { describe, expect, it } from "vitest";
import { loader } from "~/routes/healthz";
import { useDatabase } from "~/utils/db.server";
import { freshDatabase } from "../setup/database";

describe("GET /healthz", () => {
  it("answers ok after a real query", async () => {
    await freshDatabase();
    const response = await loader();
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", db: "ok" });
  });

  it("answers 503 when the database cannot be read", async () => {
    // A database file without the schema: the health query fails.
    await useDatabase(path.join(path.dirname(process.env.DATABASE_PATH!), "unmigrated.db"));
    const response = await loader();
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "error", db: "error" });
  });
});
