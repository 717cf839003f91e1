import { sql, type RawBuilder } from "kysely";
import { dialectOf, type Db } from "~/utils/db.server";

// Aggregating text, said differently by SQLite and PostgreSQL.

/** The values of `column` over a group, joined with commas (no order promised). */
export function commaList(db: Db, column: string): RawBuilder<string | null> {
  return dialectOf(db) === "postgres" ? sql<string | null>`string_agg(${sql.ref(column)}, ',')` : sql<string | null>`group_concat(${sql.ref(column)})`;
}
