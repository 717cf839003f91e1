import path from "node:path";
import { describe, expect, it } from "vitest";
import { openDatabase } from "./connection";
import { migrateToLatest } from "./migrator";
import { freshDatabase, onPostgres } from "../tests/setup/database";
import { checkedLists, indexNames, tableColumns } from "../tests/setup/schema";

// SQLite's migrations are frozen and PostgreSQL's were written after them: this holds
// the two to the same tables, columns (in order, NOT NULL and keys alike) and CHECK
// lists, so that a migration added to one folder and not the other fails here. It
// runs in the PostgreSQL pass of the suite (TEST_DATABASE_URL).
describe.runIf(onPostgres)("the SQLite and PostgreSQL schemas", () => {
  it("have the same tables, columns, CHECK lists and indexes", async () => {
    const sqlite = openDatabase(path.join(path.dirname(process.env.DATABASE_PATH!), "parity.db"));
    await migrateToLatest(sqlite);
    const postgres = await freshDatabase();
    try {
      // Rate limits are counted in memory with SQLite (app/utils/rate-limit.server.ts); the data's
      // versions are notifications on PostgreSQL (db/migrations/2026-12-03T00-00-data-versions.ts).
      const { rate_limits: _, ...postgresTables } = await tableColumns(postgres);
      const { data_versions: __, ...sqliteTables } = await tableColumns(sqlite);
      expect(postgresTables).toEqual(sqliteTables);
      const sqliteLists = Object.fromEntries(await checkedLists(sqlite));
      delete sqliteLists["data_versions.area"];
      expect(Object.fromEntries(await checkedLists(postgres))).toEqual(sqliteLists);
      // The trigram tables of SQLite are indexes of PostgreSQL's (app/models/dialect-search.server.ts).
      const search = ["articles_search", "drafts_search", "opinions_search"];
      expect((await indexNames(postgres)).filter((name) => !search.includes(name))).toEqual(await indexNames(sqlite));
    } finally {
      await sqlite.destroy();
    }
  });
});
