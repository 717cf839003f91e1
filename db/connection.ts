import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import {
  CompiledQuery, Kysely, sql, PostgresAdapter, PostgresDialect, SelectQueryNode, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler,
  type DatabaseConnection, type Dialect, type Driver, type QueryResult,
} from "kysely";
import pg from "pg";
import type { Database } from "./schema";
import { startCheckpointer, walSync, WRITER_PRAGMAS } from "./sqlite-durability";

export type Db = Kysely<Database>;

/** A PostgreSQL connection string (postgres://…) rather than the path of a SQLite file. */
export const isPostgresUrl = (target: string) => /^postgres(?:ql)?:\/\//i.test(target);

/** What a transaction on SQLite sends to ask that its commit not wait for the disk (RoutedConnection keeps it from SQLite). */
const UNFLUSHED_COMMIT = "-- commit without waiting for the disk";

/**
 * Inside a transaction: its commit is answered without waiting for the log to reach the
 * disk (SQLite: the next acknowledged write's flush or the next checkpoint, within a
 * quarter of a second, takes it there; PostgreSQL: synchronous_commit off). Only for a
 * record that is no one's words and that the next request would make again if a power
 * loss took it.
 */
export async function commitWithoutWaitingForDisk(trx: Kysely<any>): Promise<void> {
  await sql.raw(dialectOf(trx) === "postgres" ? "SET LOCAL synchronous_commit TO OFF" : UNFLUSHED_COMMIT).execute(trx);
}

/** Which database a connection (or a transaction on it) talks to. */
export function dialectOf(db: Kysely<any>): "postgres" | "sqlite" {
  return db.getExecutor().adapter instanceof PostgresAdapter ? "postgres" : "sqlite";
}

// count(*) and sum() are bigint in PostgreSQL, avg() numeric: both arrive as strings
// unless parsed. The app's counts stay far below 2^53, so they are read as numbers,
// as better-sqlite3 returns them.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

/**
 * The database at `target`: a PostgreSQL server when it is a postgres:// URL (a pool
 * of `poolSize` connections), else the SQLite file at that path.
 */
export function openDatabase(target: string, { poolSize = 10 }: { poolSize?: number } = {}): Db {
  if (isPostgresUrl(target)) return openPostgres(target, poolSize);
  return openSqlite(target);
}

function openPostgres(url: string, max: number): Db {
  const pool = new pg.Pool({ connectionString: url, max, application_name: "zhitongche" });
  // An idle connection the server dropped (a restart, a failover) is replaced, not fatal.
  pool.on("error", () => {});
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
}

/** Opens the SQLite file with the settings every connection must have. */
function openHandle(file: string): SQLite.Database {
  const sqlite = new SQLite(file);
  sqlite.pragma("journal_mode = WAL");
  // FULL: a commit survives a power loss, not only a crash (the writer's own way to that: WRITER_PRAGMAS).
  sqlite.pragma("synchronous = FULL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma("busy_timeout = 5000");
  return sqlite;
}

/**
 * The database at `file`, through two connections: every write and every
 * transaction goes through one, one at a time; a read outside a transaction goes
 * through the other, which never waits behind a writer (in WAL mode a reader sees
 * the last commit). So a long write — a 5,000-row import — never holds up a page.
 * A write is answered once it is on disk, without the request thread waiting for the
 * disk meanwhile (db/sqlite-durability.ts).
 */
function openSqlite(file: string): Db {
  if (file === ":memory:") {
    // An in-memory database is private to its connection: it has no second one, and no disk.
    const only = openHandle(file);
    return new Kysely<Database>({ dialect: new SplitSqliteDialect(only, only, { sync: async () => {}, close: async () => {} }) });
  }
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const writer = openHandle(file);
  for (const pragma of WRITER_PRAGMAS) writer.pragma(pragma);
  // The writer waits for another process's write lock itself, without stopping the thread (beginImmediate).
  writer.pragma("busy_timeout = 0");
  // Its statement journals stay in memory. An opinion's INSERT, with the running totals its
  // triggers move, changes more pages than SQLite keeps in memory before spilling the journal
  // into a temporary file: a file made and deleted on the request thread for every submission.
  // Bounded by what one statement changes (and the writer's sorts by one transaction's rows).
  writer.pragma("temp_store = MEMORY");
  const reader = openHandle(file);
  reader.pragma("query_only = ON");
  const wal = walSync(file);
  const checkpointer = startCheckpointer(file);
  return new Kysely<Database>({
    dialect: new SplitSqliteDialect(writer, reader, {
      sync: wal.sync,
      close: async () => {
        await checkpointer.stop();
        wal.close();
      },
    }),
  });
}

/** What makes a commit durable, and what closes with the connections. */
type Disk = { sync: () => Promise<void>; close: () => Promise<void> };

class SplitSqliteDialect implements Dialect {
  constructor(
    private readonly writer: SQLite.Database,
    private readonly reader: SQLite.Database,
    private readonly disk: Disk,
  ) {}
  createDriver(): Driver {
    return new SplitSqliteDriver(new Statements(this.writer), new Statements(this.reader), this.disk);
  }
  createQueryCompiler() {
    return new SqliteQueryCompiler();
  }
  createAdapter() {
    return new SqliteAdapter();
  }
  createIntrospector(db: Kysely<any>) {
    return new SqliteIntrospector(db);
  }
}

const STATEMENTS_KEPT = 500;

/**
 * Kysely prepares every query afresh; preparing is most of the cost of a small
 * query, and an INSERT into opinions compiles every trigger on the table. The
 * prepared statements of a connection are kept by their SQL text (the least recently
 * used dropped beyond STATEMENTS_KEPT); SQLite prepares one again by itself if the
 * schema changed. better-sqlite3 runs each statement to completion before returning,
 * so one statement is never used by two queries at once.
 */
class Statements {
  private readonly kept = new Map<string, SQLite.Statement>();
  constructor(readonly handle: SQLite.Database) {}
  prepare(sql: string): SQLite.Statement {
    let statement = this.kept.get(sql);
    if (statement) this.kept.delete(sql);
    else {
      statement = this.handle.prepare(sql);
      if (this.kept.size >= STATEMENTS_KEPT) this.kept.delete(this.kept.keys().next().value!);
    }
    this.kept.set(sql, statement);
    return statement;
  }
  run(query: CompiledQuery): QueryResult<unknown> {
    const statement = this.prepare(query.sql);
    if (statement.reader) return { rows: statement.all(query.parameters as unknown[]) };
    const { changes, lastInsertRowid } = statement.run(query.parameters as unknown[]);
    return { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] };
  }
}

/** How long a write waits for another process's to end before it fails with SQLITE_BUSY. */
const WRITE_LOCK_WAIT_MS = 5000;

const isBusy = (error: unknown) => error instanceof SQLite.SqliteError && error.code.startsWith("SQLITE_BUSY");

/**
 * BEGIN IMMEDIATE: takes the file's write lock, which another process (npm run serve --
 * --instances N) may hold for the moment its own write takes. SQLite's own wait
 * (busy_timeout) sleeps in the calling thread, and every request of this process would
 * wait with it; here the thread goes on serving between tries.
 */
async function beginImmediate(handle: SQLite.Database): Promise<void> {
  const deadline = performance.now() + WRITE_LOCK_WAIT_MS;
  for (let pause = 0; ; pause = Math.min(pause + 1, 10)) {
    try {
      handle.exec("begin immediate");
      return;
    } catch (error) {
      if (!isBusy(error) || performance.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}

/** Waits its turn for the writing connection. */
class Mutex {
  private last: Promise<void> = Promise.resolve();
  async lock(): Promise<() => void> {
    let release!: () => void;
    const previous = this.last;
    this.last = new Promise((resolve) => (release = resolve));
    await previous;
    return release;
  }
}

/** A read a reader can answer: a SELECT built with Kysely, or raw SQL that starts with SELECT. */
function isRead(query: CompiledQuery): boolean {
  return SelectQueryNode.is(query.query) || (query.query.kind === "RawNode" && /^\s*select\b/i.test(query.sql));
}

class SplitSqliteDriver implements Driver {
  private readonly mutex = new Mutex();
  constructor(
    private readonly writer: Statements,
    private readonly reader: Statements,
    private readonly disk: Disk,
  ) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutedConnection(this.writer, this.reader, this.mutex, this.disk);
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as RoutedConnection).begin();
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    const routed = connection as RoutedConnection;
    routed.end("commit");
    if (!routed.unflushed) await this.disk.sync();
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    (connection as RoutedConnection).end("rollback");
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {
    // Wait for a write in progress, then close.
    const release = await this.mutex.lock();
    try {
      await this.disk.close();
      // The last connection to close checkpoints the log into the file.
      if (this.reader.handle !== this.writer.handle) this.reader.handle.close();
      this.writer.handle.close();
    } finally {
      release();
    }
  }
}

class RoutedConnection implements DatabaseConnection {
  private release: (() => void) | null = null;
  /** The transaction asked that its commit not wait for the disk (commitWithoutWaitingForDisk). */
  unflushed = false;
  constructor(
    private readonly writer: Statements,
    private readonly reader: Statements,
    private readonly mutex: Mutex,
    private readonly disk: Disk,
  ) {}

  async begin(): Promise<void> {
    this.release = await this.mutex.lock();
    try {
      // IMMEDIATE: the write lock is taken at the start, so that several processes on one
      // file queue up instead of failing when a reading transaction first tries to write.
      await beginImmediate(this.writer.handle);
    } catch (error) {
      this.unlock();
      throw error;
    }
  }

  end(command: "commit" | "rollback"): void {
    try {
      this.writer.handle.exec(command);
    } finally {
      this.unlock();
    }
  }

  private unlock() {
    const release = this.release;
    this.release = null;
    release?.();
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (query.sql === UNFLUSHED_COMMIT) {
      this.unflushed = this.release !== null;
      return { rows: [] };
    }
    if (this.release) return this.writer.run(query) as QueryResult<R>;
    if (isRead(query)) return this.reader.run(query) as QueryResult<R>;
    // A single write is a transaction of its own, its lock taken as a transaction's.
    await this.begin();
    let result: QueryResult<R>;
    try {
      result = this.writer.run(query) as QueryResult<R>;
    } catch (error) {
      this.end("rollback");
      throw error;
    }
    this.end("commit");
    await this.disk.sync();
    return result;
  }

  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error("Streaming queries are not used");
  }
}
