import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect, type SqliteDatabase } from "kysely";
import type { Database } from "./schema";

export type Db = Kysely<Database>;

/** Opens the SQLite file with the settings every connection must have. */
export function openDatabase(file: string): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  // FULL: an acknowledged write survives a power loss, not only a crash.
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
}

const STATEMENTS_KEPT = 500;

/**
 * Kysely prepares every query afresh; preparing is most of the cost of a small
 * query, and an INSERT into opinions compiles every trigger on the table. The
 * prepared statements are kept by their SQL text (the least recently used dropped
 * beyond STATEMENTS_KEPT); SQLite prepares one again by itself if the schema changed.
 * better-sqlite3 runs each statement to completion before returning, so one
 * statement is never used by two queries at once (nothing here iterates lazily).
 */
function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let statement = statements.get(sql);
      if (statement) {
        statements.delete(sql);
      } else {
        statement = sqlite.prepare(sql);
        if (statements.size >= STATEMENTS_KEPT) statements.delete(statements.keys().next().value!);
      }
      statements.set(sql, statement);
      return statement;
    },
  };
}
