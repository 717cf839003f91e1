import { openDatabase, type Db } from "../../db/connection";
import { getEnv } from "./env.server";

export type { Db };
export type { Database } from "../../db/schema";

// One connection per process. Tests point it at a fresh file with useDatabase();
// importers see the new value through the live binding.
export let db: Db = openDatabase(databaseTarget(), { poolSize: getEnv().DATABASE_POOL_SIZE });

/** DATABASE_URL (PostgreSQL) when set, else the SQLite file at DATABASE_PATH. */
export function databaseTarget(): string {
  const env = getEnv();
  return env.DATABASE_URL ?? env.DATABASE_PATH;
}

/** Points the app at another database: a SQLite file or a postgres:// URL. */
export async function useDatabase(target: string): Promise<Db> {
  await db.destroy();
  db = openDatabase(target);
  return db;
}

export { commitWithoutWaitingForDisk, dialectOf } from "../../db/connection";
export { prepared } from "../../db/prepared-query";
