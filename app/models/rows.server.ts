// The one row shape out of the models: the database's snake_case columns become
// camelCase properties (received_on → receivedOn), so that the rest of the app
// and its shared helpers see one spelling. Queries keep the database's names.

type CamelKey<S extends string> = S extends `${infer Head}_${infer Tail}` ? `${Head}${Capitalize<CamelKey<Tail>>}` : S;

export type Camel<T> = { [K in keyof T as K extends string ? CamelKey<K> : K]: T[K] };

const keys = new Map<string, string>();

function camelKey(key: string): string {
  let camel = keys.get(key);
  if (camel === undefined) {
    camel = key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    if (keys.size < 10_000) keys.set(key, camel);
  }
  return camel;
}

/** A row with camelCase keys. */
export function camel<T extends object>(row: T): Camel<T> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[camelKey(key)] = value;
  return out as Camel<T>;
}

/** Rows with camelCase keys. */
export function camelAll<T extends object>(rows: T[]): Camel<T>[] {
  return rows.map(camel);
}

/** A row that may be missing, with camelCase keys. */
export function camelMaybe<T extends object>(row: T | undefined): Camel<T> | undefined {
  return row === undefined ? undefined : camel(row);
}
