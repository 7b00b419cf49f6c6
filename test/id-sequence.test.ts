import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { it } from 'node:test';
import { CaseRepository } from '../src/cases/case.repository.js';
import type { Store } from '../src/store/database.js';
import { forEachDialect } from './dialects.js';

// Case, decision, verification and application ids are "highest so far + 1", taken inside
// the writing transaction (store/id-sequence.ts). Two PostgreSQL sessions allocating at
// once must get different ids instead of one failing on the key. (SQLite write
// transactions never overlap: they begin IMMEDIATE, and a second one waits for the first.)

/** Opens a case in one transaction; the first waits between reading the highest id and inserting. */
async function openCase(store: Store, pauseMs: number): Promise<string> {
  return store.db.transaction().execute(async (tx) => {
    const repo = new CaseRepository(tx);
    const id = await repo.nextId('2020');
    await sleep(pauseMs);
    const at = '2020-11-01T00:00:00.000Z';
    await repo.insert({ id, title: `case ${id}`, origin: 'manual', status: 'open', assignee: null, openedBy: 'officer', openedAt: at, updatedAt: at, endUserId: null });
    return id;
  });
}

await forEachDialect('allocating case ids', ({ db, dialect }) => {
  it('gives two cases opened one after the other consecutive ids', async () => {
    const store = await db().open();
    assert.equal(await openCase(store, 0), 'C-2020-0001');
    assert.equal(await openCase(store, 0), 'C-2020-0002');
  });

  if (dialect === 'postgres') {
    it('gives two sessions opening cases at the same moment different ids', async () => {
      const t = db();
      const [a, b] = [await t.open(), await t.open()];
      await openCase(a, 0);
      const first = openCase(a, 400); // holds its transaction open after choosing its id
      await sleep(100);
      const second = openCase(b, 0); // chooses while the first has not committed
      const ids = await Promise.all([first, second]);
      assert.deepEqual(ids.sort(), ['C-2020-0002', 'C-2020-0003']);
    });
  }
});
