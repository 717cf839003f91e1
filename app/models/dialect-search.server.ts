import { sql, type RawBuilder, type SqlBool } from "kysely";
import { dialectOf, type Db } from "~/utils/db.server";

// Substring search, the one place where SQLite and PostgreSQL are asked differently.
// SQLite: FTS5 trigram tables (opinions_fts, drafts_fts, articles_fts) find a term of
// three or more characters, LIKE a shorter one (common in Chinese: 妇女, 噪声), both
// ignoring ASCII case. PostgreSQL: ILIKE, which the pg_trgm GIN indexes
// (opinions_search, drafts_search, articles_search) serve for three characters or
// more; a shorter term scans, as LIKE does on SQLite.

/** A LIKE pattern finding `term` anywhere, its wildcards escaped (ESCAPE '\'). */
export const likePattern = (term: string) => `%${term.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const indexable = (term: string) => [...term].length >= 3;
const phrase = (term: string) => `"${term.replace(/"/g, '""')}"`;

/** `column` contains `term`, ignoring ASCII case, on either database. */
export function contains(db: Db, column: string, term: string): RawBuilder<SqlBool> {
  const like = dialectOf(db) === "postgres" ? sql`ILIKE` : sql`LIKE`;
  return sql<SqlBool>`${sql.ref(column)} ${like} ${likePattern(term)} ESCAPE '\\'`;
}

/** A draft (`drafts`) whose title, English title, key questions or any article's text contains `term`. */
export function draftMatches(db: Db, term: string): RawBuilder<SqlBool> {
  const like = likePattern(term);
  if (dialectOf(db) === "postgres") {
    return sql<SqlBool>`(
      drafts.id IN (SELECT d.id FROM drafts d WHERE d.title ILIKE ${like} ESCAPE '\\' OR d.key_questions ILIKE ${like} ESCAPE '\\')
      OR drafts.id IN (
        SELECT v.draft_id FROM articles a JOIN draft_versions v ON v.id = a.version_id
        WHERE a.text ILIKE ${like} ESCAPE '\\'
      )
      OR drafts.title_en ILIKE ${like} ESCAPE '\\'
    )`;
  }
  if (indexable(term)) {
    return sql<SqlBool>`(
      drafts.id IN (SELECT rowid FROM drafts_fts WHERE drafts_fts MATCH ${phrase(term)})
      OR drafts.id IN (
        SELECT v.draft_id FROM articles_fts
        JOIN articles a ON a.id = articles_fts.rowid
        JOIN draft_versions v ON v.id = a.version_id
        WHERE articles_fts MATCH ${phrase(term)}
      )
      OR drafts.title_en LIKE ${like} ESCAPE '\\'
    )`;
  }
  return sql<SqlBool>`(
    drafts.title LIKE ${like} ESCAPE '\\'
    OR drafts.title_en LIKE ${like} ESCAPE '\\'
    OR drafts.key_questions LIKE ${like} ESCAPE '\\'
    OR EXISTS (
      SELECT 1 FROM articles a JOIN draft_versions v ON v.id = a.version_id
      WHERE v.draft_id = drafts.id AND a.text LIKE ${like} ESCAPE '\\'
    )
  )`;
}

/**
 * An opinion (`opinions`) whose words contain `term`: with three characters or more
 * its opinion, suggested revision, reason or quoted text; a shorter term is looked for
 * in the first three only.
 */
export function opinionMatches(db: Db, term: string): RawBuilder<SqlBool> {
  const postgres = dialectOf(db) === "postgres";
  if (indexable(term) && !postgres) {
    return sql<SqlBool>`opinions.id IN (SELECT rowid FROM opinions_fts WHERE opinions_fts MATCH ${phrase(term)})`;
  }
  const like = postgres ? sql`ILIKE` : sql`LIKE`;
  const pattern = likePattern(term);
  const columns = ["opinion", "suggested_revision", "reason", ...(indexable(term) ? ["quoted_text"] : [])];
  const any = sql.join(columns.map((c) => sql`s.${sql.ref(c)} ${like} ${pattern} ESCAPE '\\'`), sql` OR `);
  return sql<SqlBool>`opinions.id IN (SELECT s.id FROM opinions s WHERE ${any})`;
}
