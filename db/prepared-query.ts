import type { Compilable, CompiledQuery } from "kysely";
import { dialectOf, type Db } from "./connection";

// Kysely builds a query as a tree of frozen objects and compiles the tree to SQL on every
// call: on a busy server, for the few queries every receipt lookup and every submission
// runs, more of the thread than SQLite's own work. A query made with `prepared` is built
// and compiled once per dialect, with a stand-in for each value; each call sends that SQL
// with its own values in their places.
//
// So `build` must make the same query whatever the values: it may only hand them to the
// query as values (where, values, set …), never look at them (`v.x ?? null`, `if (v.x)`,
// a list's length): a stand-in is neither null nor empty.

/** A value's stand-in while the query is built. */
class Slot {
  constructor(readonly name: string) {}
}

/**
 * `build(db, values)`, built and compiled once per dialect; the function returned runs it
 * on a connection or a transaction with the values given, and returns its rows.
 */
export function prepared<V extends Record<string, unknown>, O>(build: (db: Db, values: V) => Compilable<O>): (db: Db, values: V) => Promise<O[]> {
  const templates = new Map<string, CompiledQuery>();
  const slots = new Proxy({} as V, { get: (_, name) => new Slot(String(name)) });
  return async (db, values) => {
    const dialect = dialectOf(db);
    let template = templates.get(dialect);
    if (!template) templates.set(dialect, (template = build(db, slots).compile()));
    const parameters = template.parameters.map((p) => (p instanceof Slot ? values[p.name] : p));
    return (await db.executeQuery<O>({ ...template, parameters })).rows;
  };
}
