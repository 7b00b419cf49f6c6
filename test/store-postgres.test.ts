import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import pg from 'pg';
import { openStore } from '../src/store/database.js';
import { pgUrl } from './dialects.js';

// Teams share one PostgreSQL server: other sessions create and drop schemas while Endwatch
// opens its own and migrates it. Nothing another schema does may break our migration.
describe('PostgreSQL store beside other sessions', { skip: pgUrl ? undefined : 'set ENDWATCH_TEST_PG_URL' }, () => {
  it('migrates its own schema while other schemas are created and dropped', async () => {
    const url = pgUrl!;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const ours = Array.from({ length: 6 }, () => `t_${randomBytes(6).toString('hex')}`);
    let stop = false;
    let churned = 0;
    const churn = (async () => {
      while (!stop) {
        const other = `t_${randomBytes(6).toString('hex')}`;
        await admin.query(`create schema ${other}`);
        await admin.query(`create table ${other}.claims (id serial primary key, body text)`);
        await admin.query(`drop schema ${other} cascade`);
        churned++;
      }
    })();
    try {
      for (const schema of ours) {
        const store = await openStore(url, { schema });
        try {
          const { rows } = await admin.query(
            `select count(*)::int as n from information_schema.tables where table_schema = $1 and table_name = 'permits'`,
            [schema],
          );
          assert.equal(rows[0].n, 1, `schema ${schema} has its permits table`);
        } finally {
          await store.close();
        }
      }
    } finally {
      stop = true;
      await churn;
      for (const schema of ours) await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    }
    assert.ok(churned > 0, 'other schemas were created and dropped meanwhile');
  });

  it('opens an already migrated schema again without changing it', async () => {
    const url = pgUrl!;
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await (await openStore(url, { schema })).close();
      const count = async () =>
        (await admin.query(`select count(*)::int as n from ${schema}.kysely_migration`)).rows[0].n as number;
      const applied = await count();
      assert.ok(applied >= 4, `${applied} migrations recorded`);
      await (await openStore(url, { schema })).close();
      assert.equal(await count(), applied);
    } finally {
      await admin.query(`drop schema if exists ${schema} cascade`);
      await admin.end();
    }
  });
});
