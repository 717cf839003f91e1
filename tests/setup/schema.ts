import { sql } from "kysely";
import { dialectOf, type Db } from "~/utils/db.server";

// The shape of a migrated schema, read from SQLite's or PostgreSQL's catalog, for the
// tests that hold the two schemas and the vocabulary together.

/** Every `column … CHECK (column IN ('a','b'))`, by table.column. */
export async function checkedLists(db: Db): Promise<Map<string, string[]>> {
  const lists = new Map<string, string[]>();
  if (dialectOf(db) === "postgres") {
    // PostgreSQL keeps `x IN ('a','b')` as `x = ANY (ARRAY['a'::text, 'b'::text])`.
    const checks = await sql<{ name: string; column: string; definition: string }>`
      SELECT c.conrelid::regclass::text AS name, a.attname AS column, pg_get_constraintdef(c.oid) AS definition
      FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      WHERE c.contype = 'c' AND cardinality(c.conkey) = 1 AND c.connamespace = 'public'::regnamespace`.execute(db);
    for (const check of checks.rows) {
      const m = /^CHECK \(\(?(\w+) = ANY \(ARRAY\[(.*)\]\)\)?\)$/.exec(check.definition);
      if (!m || m[1] !== check.column || !m[2].includes("'")) continue;
      lists.set(`${check.name}.${check.column}`, [...m[2].matchAll(/'([^']*)'/g)].map((w) => w[1]));
    }
    return lists;
  }
  const tables = await sql<{ name: string; sql: string }>`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND sql IS NOT NULL`.execute(db);
  for (const table of tables.rows) {
    for (const m of table.sql.matchAll(/\b(\w+)\s+TEXT\b[^,]*?CHECK\s*\(\s*(\w+)\s+IN\s*\(([^)]*)\)\s*\)/g)) {
      if (m[1] !== m[2]) continue;
      lists.set(`${table.name}.${m[1]}`, [...m[3].matchAll(/'([^']*)'/g)].map((w) => w[1]));
    }
  }
  return lists;
}

export type Column = { name: string; notNull: boolean; primaryKey: boolean };

/** The app's tables and their columns in order (not the search tables, not the migrations' own). */
export async function tableColumns(db: Db): Promise<Record<string, Column[]>> {
  const tables: Record<string, Column[]> = {};
  if (dialectOf(db) === "postgres") {
    const { rows } = await sql<{ table: string; name: string; not_null: boolean; primary_key: boolean }>`
      SELECT c.relname AS table, a.attname AS name, a.attnotnull AS not_null,
        EXISTS (SELECT 1 FROM pg_index i WHERE i.indrelid = c.oid AND i.indisprimary AND a.attnum = ANY (i.indkey)) AS primary_key
      FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid
      WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
        AND c.relname NOT LIKE 'kysely%'
      ORDER BY c.relname, a.attnum`.execute(db);
    for (const r of rows) (tables[r.table] ??= []).push({ name: r.name, notNull: r.not_null, primaryKey: r.primary_key });
    return tables;
  }
  const names = await sql<{ name: string }>`
    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' AND name NOT LIKE 'kysely%' AND name NOT LIKE '%!_fts%' ESCAPE '!'
    ORDER BY name`.execute(db);
  for (const { name } of names.rows) {
    const info = await sql<{ name: string; notnull: number; pk: number }>`SELECT name, "notnull", pk FROM pragma_table_info(${name})`.execute(db);
    // A primary key column is NOT NULL in PostgreSQL whatever it says; an INTEGER PRIMARY KEY is in SQLite too.
    tables[name] = info.rows.map((c) => ({ name: c.name, notNull: c.notnull === 1 || c.pk > 0, primaryKey: c.pk > 0 }));
  }
  return tables;
}

/** The app's index names, without those that keys and UNIQUE make by themselves. */
export async function indexNames(db: Db): Promise<string[]> {
  const { rows } =
    dialectOf(db) === "postgres"
      ? await sql<{ name: string }>`
          SELECT i.relname AS name FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
          WHERE t.relnamespace = 'public'::regnamespace AND NOT x.indisprimary
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) AND t.relname NOT LIKE 'kysely%'`.execute(db)
      : await sql<{ name: string }>`
          SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND tbl_name NOT LIKE 'kysely%'`.execute(db);
  return rows.map((r) => r.name).sort();
}
