import { type Kysely, SqliteAdapter, sql } from 'kysely';
import type { DB } from './schema.js';

/**
 * Makes the allocation of ids of one kind (next case number, next decision of a case, …)
 * wait for any other transaction allocating them, until this transaction ends. Ids are taken
 * as "highest so far + 1" inside the writing transaction: on PostgreSQL two sessions could
 * otherwise read the same highest id and the second insert would fail on the key. SQLite
 * needs nothing: its write transactions begin IMMEDIATE and never overlap.
 */
export async function lockIdSequence(db: Kysely<DB>, sequence: string): Promise<void> {
  if (!db.isTransaction || db.getExecutor().adapter instanceof SqliteAdapter) return;
  await sql`select pg_advisory_xact_lock(hashtext(${`endwatch.ids.${sequence}`}))`.execute(db);
}
