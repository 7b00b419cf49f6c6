import { CompiledQuery, type Insertable, type Kysely } from 'kysely';
import type { DB } from './schema.js';

/** Rows per statement: large enough to amortise a round trip, small enough to reuse one prepared statement. */
const ROWS_PER_STATEMENT = 100;

/** Multi-row INSERT texts, compiled once per table, column list and row count. */
const statements = new WeakMap<object, Map<string, string>>();

function statementFor(db: Kysely<DB>, table: string, columns: string[], rows: number): string {
  let byKey = statements.get(db.getExecutor().adapter);
  if (!byKey) {
    byKey = new Map();
    statements.set(db.getExecutor().adapter, byKey);
  }
  const key = `${table}|${columns.join(',')}|${rows}`;
  let text = byKey.get(key);
  if (!text) {
    // Let Kysely write the statement (quoting and placeholders per dialect) for placeholder rows.
    const template = Array.from({ length: rows }, () => Object.fromEntries(columns.map((c) => [c, null])));
    text = (db as Kysely<any>).insertInto(table).values(template).compile().sql;
    byKey.set(key, text);
  }
  return text;
}

/**
 * Inserts many rows with multi-row INSERT statements. The statement text is built once per
 * shape and the values are bound as a flat list, so a large import does not build a query
 * tree per row. All rows must have the same columns, in the same order.
 */
export async function insertRows<T extends keyof DB & string>(
  db: Kysely<DB>,
  table: T,
  rows: readonly Insertable<DB[T]>[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] as object);
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const part = rows.slice(start, start + ROWS_PER_STATEMENT);
    const params: unknown[] = [];
    for (const row of part) {
      const r = row as Record<string, unknown>;
      for (const c of columns) params.push(r[c] === undefined ? null : r[c]);
    }
    await db.executeQuery(CompiledQuery.raw(statementFor(db, table, columns, part.length), params));
  }
}
