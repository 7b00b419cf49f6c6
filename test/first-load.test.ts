import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { it } from 'node:test';
import Database from 'better-sqlite3';
import { verifyAuditChain as verifyChain } from '../src/audit/audit.repository.js';
import { importBundle } from '../src/registry/bundle.import.js';
import { jsonLocator } from '../src/registry/bundle.validate.js';
import { PermitRepository } from '../src/registry/permit.repository.js';
import { withIndexesDeferred } from '../src/store/bulk.js';
import type { TestDb } from './dialects.js';
import { forEachDialect } from './dialects.js';
import { buildLargeBundle } from './factories.js';

// A first load (no permit in the ledger, 5,000 permits or more) runs on SQLite with a rollback
// journal instead of the WAL (store/bulk.ts, withRollbackJournal). These tests watch the file's
// journal mode from a second connection while the import writes, and check that whatever the
// outcome the file ends in WAL mode with its usual settings.

const options = { actor: 'loader', asOf: '2025-06-30', contentHash: 'test' };

/** The indexes and foreign keys of the permit tables, as the database's catalogue lists them. */
async function keysAndIndexes(t: TestDb, dialect: string): Promise<unknown[]> {
  if (dialect === 'sqlite') {
    return t.raw(
      `select 'index' as what, name, sql from sqlite_schema where type = 'index' and tbl_name in ('permits', 'permit_lines', 'assurances')
       union all select 'fk', m.name || '.' || f."from", f."table" || '.' || f."to" from sqlite_schema m, pragma_foreign_key_list(m.name) f
        where m.type = 'table' and m.name in ('permits', 'permit_lines', 'assurances') order by 1, 2, 3`,
    );
  }
  return t.raw(
    `select 'index' as what, indexname as name, indexdef as def from pg_indexes where schemaname = current_schema() and tablename in ('permits', 'permit_lines', 'assurances')
     union all select 'fk', conname, pg_get_constraintdef(oid) from pg_constraint where contype = 'f' and conrelid::regclass::text in ('permits', 'permit_lines', 'assurances')
     order by 1, 2, 3`,
  );
}

await forEachDialect('first load of a large bundle', ({ db, dialect }) => {
  it('writes with a rollback journal on SQLite, then puts the file back in WAL mode', async () => {
    const t = db();
    const store = await t.open();
    const modes = new Set<string>();
    const bundle = buildLargeBundle(6_000);
    const summary = await importBundle(store, bundle, jsonLocator('large.json', bundle), {
      ...options,
      onProgress: (phase) => {
        if (phase === 'write' && dialect === 'sqlite') modes.add(journalModeSeenBy(t.target));
      },
    });
    assert.equal(summary.permits.created, 6_000);
    assert.equal((await new PermitRepository(store.db).countLines()).lines, 12_000);
    assert.equal((await verifyChain(store.db)).ok, true);
    if (dialect === 'sqlite') {
      assert.deepEqual([...modes], ['delete']);
      assert.deepEqual(await t.raw('pragma journal_mode'), [{ journal_mode: 'wal' }]);
      assert.equal(existsSync(`${t.target}-journal`), false);
    }
    // A second large import is not a first load: it runs in WAL mode.
    modes.clear();
    const more = buildLargeBundle(6_000, 'MORE');
    await importBundle(store, more, jsonLocator('more.json', more), {
      ...options,
      onProgress: (phase) => {
        if (phase === 'write' && dialect === 'sqlite') modes.add(journalModeSeenBy(t.target));
      },
    });
    if (dialect === 'sqlite') assert.deepEqual([...modes], ['wal']);
    assert.equal((await new PermitRepository(store.db).countLines()).permits, 12_000);
  });

  it('has every index and foreign key of the permit tables back after a first load, a failed one included', async () => {
    const t = db();
    const store = await t.open();
    const before = await keysAndIndexes(t, dialect);
    assert.ok(before.some((r) => (r as { what: string }).what === 'fk') && before.some((r) => (r as { what: string }).what === 'index'));
    const failing = buildLargeBundle(6_000);
    failing.shipments = [{ id: 'S-OVER', permitId: 'BULK-0000000', shippedOn: '2021-01-01', lines: [{ itemId: 'I-TURRET', quantity: 11 }] }];
    await assert.rejects(importBundle(store, failing, jsonLocator('failing.json', failing), options));
    assert.deepEqual(await keysAndIndexes(t, dialect), before);
    const bundle = buildLargeBundle(6_000);
    await importBundle(store, bundle, jsonLocator('large.json', bundle), options);
    assert.deepEqual(await keysAndIndexes(t, dialect), before);
  });

  it('still refuses a row that breaks a foreign key while the keys are deferred, and keeps nothing', async () => {
    const t = db();
    const store = await t.open();
    const bundle = buildLargeBundle(10);
    await importBundle(store, { ...bundle, permits: [] }, jsonLocator('parties.json', bundle), options);
    const before = await keysAndIndexes(t, dialect);
    // A line of a permit that does not exist, written past the importer's own checks.
    const dangling = store.db.transaction().execute((tx) =>
      withIndexesDeferred(tx, ['permits', 'permit_lines', 'assurances'], async () => {
        await tx.insertInto('permit_lines').values({ permit_id: 'NO-SUCH-PERMIT', line_no: 1, item_id: 'I-TURRET', quantity: 1, value: null, currency: null, shipped_quantity: 0, shipped_value: 0 }).execute();
      }),
    );
    await assert.rejects(dangling, /foreign key/i);
    assert.deepEqual(await t.raw('select count(*) as n from permit_lines'), [{ n: dialect === 'sqlite' ? 0 : '0' }]);
    assert.deepEqual(await keysAndIndexes(t, dialect), before);
  });

  it('rolls a failed first load back whole and puts the file back in WAL mode', async () => {
    const t = db();
    const store = await t.open();
    const bundle = buildLargeBundle(6_000);
    // Checked only while writing, after every permit is in the transaction: 11 turrets on a permit for 1.
    bundle.shipments = [{ id: 'S-OVER', permitId: 'BULK-0000000', shippedOn: '2021-01-01', lines: [{ itemId: 'I-TURRET', quantity: 11 }] }];
    await assert.rejects(importBundle(store, bundle, jsonLocator('large.json', bundle), options), /overdraw permit BULK-0000000.*nothing was imported/);
    assert.equal(await new PermitRepository(store.db).hasAny(), false);
    assert.equal((await verifyChain(store.db)).ok, true);
    if (dialect === 'sqlite') assert.deepEqual(await t.raw('pragma journal_mode'), [{ journal_mode: 'wal' }]);
  });

  if (dialect === 'sqlite') {
    it('stays in WAL mode when another connection has the file open', async () => {
      const t = db();
      const store = await t.open();
      const other = new Database(t.target);
      try {
        other.prepare('select count(*) from permits').get();
        const modes = new Set<string>();
        const bundle = buildLargeBundle(6_000);
        const summary = await importBundle(store, bundle, jsonLocator('large.json', bundle), {
          ...options,
          onProgress: (phase) => {
            if (phase === 'write') modes.add(other.pragma('journal_mode', { simple: true }) as string);
          },
        });
        assert.equal(summary.permits.created, 6_000);
        assert.deepEqual([...modes], ['wal']);
      } finally {
        other.close();
      }
    });
  }
});

/** The journal mode in the file's header, as a new connection reads it. */
function journalModeSeenBy(file: string): string {
  const reader = new Database(file, { readonly: true });
  try {
    return reader.pragma('journal_mode', { simple: true }) as string;
  } finally {
    reader.close();
  }
}
