import type { Insertable, Kysely } from 'kysely';
import { batchSize, chunks } from './json.js';
import type { DB } from './schema.js';

/**
 * Inserts many rows with multi-row INSERT statements, each under the bind-parameter limit.
 * All rows must have the same columns.
 */
export async function insertRows<T extends keyof DB & string>(
  db: Kysely<DB>,
  table: T,
  rows: readonly Insertable<DB[T]>[],
): Promise<void> {
  if (rows.length === 0) return;
  const size = batchSize(Object.keys(rows[0] as object).length);
  for (const part of chunks(rows, size)) {
    // biome-ignore lint: Kysely's generic insert typing cannot follow a table name held in T.
    await (db as Kysely<any>).insertInto(table).values(part as any[]).execute();
  }
}
