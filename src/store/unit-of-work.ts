import type { Kysely } from 'kysely';
import { AuditTrail } from '../audit/audit.repository.js';
import type { Dialect, Store } from './database.js';
import type { DB } from './schema.js';

/** What every multi-step write gets: one transaction, its audit trail, and who is acting. */
export interface UnitOfWork {
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  readonly actor: string;
  readonly audit: AuditTrail;
}

/**
 * Runs `work` in one transaction and writes its audit entries in that same transaction:
 * either the change and its audit record are both committed, or neither is.
 */
export async function transact<T>(store: Store, actor: string, work: (uow: UnitOfWork) => Promise<T>): Promise<T> {
  return store.db.transaction().execute(async (tx) => {
    const audit = new AuditTrail(tx, store.dialect, actor);
    const result = await work({ db: tx, dialect: store.dialect, actor, audit });
    await audit.flush();
    return result;
  });
}
