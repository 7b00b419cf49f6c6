import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { cliPath, endwatch } from './cli.js';
import { forEachDialect } from './dialects.js';
import { buildBundle, buildLargeBundle } from './factories.js';

const tmp = mkdtempSync(join(tmpdir(), 'endwatch-kill-'));
const large = join(tmp, 'large.json');
writeFileSync(large, JSON.stringify(buildLargeBundle(40_000)));
const small = join(tmp, 'small.json');
writeFileSync(small, JSON.stringify(buildBundle()));

/** Starts an import and SIGKILLs it once it reports that permits are being written. */
function importAndKill(target: string): Promise<{ killedAt: string; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, '--db', target, 'import', 'registry', large], {
      env: { ...process.env, ENDWATCH_PROGRESS: 'lines', ENDWATCH_USER: 'loader' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let killedAt = '';
    let buffered = '';
    child.stderr.on('data', (d) => {
      buffered += d;
      const m = /progress write (\d+)\/(\d+)/.exec(buffered.split('\n').filter((l) => l.startsWith('progress write')).pop() ?? '');
      // Parties and items are written first; kill once some permits are in the open transaction.
      if (m && !killedAt && Number(m[1]) > 10 && Number(m[1]) < Number(m[2])) {
        killedAt = m[0];
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => resolve({ killedAt, signal }));
  });
}

async function state(target: string) {
  const permits = JSON.parse((await endwatch(['--db', target, 'permits', 'list', '--json'])).stdout) as { id: string }[];
  const audit = JSON.parse((await endwatch(['--db', target, 'audit', 'log', '--json'])).stdout) as { seq: number; hash: string }[];
  return { permits: permits.map((p) => p.id), audit: audit.map((a) => `${a.seq}:${a.hash}`) };
}

await forEachDialect('import killed with SIGKILL', ({ db, dialect }) => {
  // A first load of this size runs on SQLite with a rollback journal instead of the WAL
  // (store/bulk.ts, withRollbackJournal): the journal left by the killed process must be
  // rolled back by the next one that opens the file, and the file must be back in WAL mode.
  it('as a first load into an empty ledger: leaves it empty, with a verifiable audit chain', { timeout: 180_000 }, async () => {
    const t = db();
    const before = await state(t.target);
    assert.deepEqual(before.permits, []);
    const run = await importAndKill(t.target);
    assert.equal(run.signal, 'SIGKILL', 'the import finished before it could be killed');
    assert.ok(run.killedAt, 'never saw a write in progress');
    if (dialect === 'sqlite') assert.ok(existsSync(`${t.target}-journal`), 'the killed first load should have left its rollback journal');
    assert.deepEqual(await state(t.target), before);
    if (dialect === 'sqlite') {
      assert.equal(existsSync(`${t.target}-journal`), false, 'the journal was not rolled back');
      const mode = (await t.raw('pragma journal_mode')) as { journal_mode: string }[];
      assert.equal(mode[0].journal_mode, 'wal');
    }
    assert.equal((await endwatch(['--db', t.target, 'audit', 'verify'])).code, 0);
    const again = await endwatch(['--db', t.target, 'import', 'registry', large, '--json']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).permits.created, 40_000);
    assert.equal((await endwatch(['--db', t.target, 'audit', 'verify'])).code, 0);
  });

  it('into a ledger that holds permits: leaves it exactly as before, with a verifiable audit chain', { timeout: 180_000 }, async () => {
    const t = db();
    assert.equal((await endwatch(['--db', t.target, 'import', 'registry', small])).code, 0);
    const before = await state(t.target);
    const run = await importAndKill(t.target);
    assert.equal(run.signal, 'SIGKILL', 'the import finished before it could be killed');
    assert.ok(run.killedAt, 'never saw a write in progress');
    assert.deepEqual(await state(t.target), before);
    const verify = await endwatch(['--db', t.target, 'audit', 'verify']);
    assert.equal(verify.code, 0, verify.stderr);
    // The ledger is usable afterwards: the same import now runs to completion.
    const again = await endwatch(['--db', t.target, 'import', 'registry', large, '--json']);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(JSON.parse(again.stdout).permits.created, 40_000);
    assert.equal((await endwatch(['--db', t.target, 'audit', 'verify'])).code, 0);
  });
});
