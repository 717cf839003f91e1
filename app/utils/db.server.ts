import { openDatabase, type Db } from "../../db/connection";
import { getEnv } from "./env.server";

export type { Db };

// One connection per process. Tests point it at a fresh file with useDatabase();
// importers see the new value through the live binding.
export let db: Db = openDatabase(getEnv().DATABASE_PATH);

export async function useDatabase(file: string): Promise<Db> {
  await db.destroy();
  db = openDatabase(file);
  return db;
}
