import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { readSources } from './source.read.js';

const dir = mkdtempSync(join(tmpdir(), 'endwatch-evidence-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('a directory gives its regular files recursively, sorted, hidden ones skipped', async () => {
  const root = join(dir, 'tree');
  mkdirSync(join(root, 'b-sub'), { recursive: true });
  mkdirSync(join(root, '.git'), { recursive: true });
  writeFileSync(join(root, 'c.txt'), 'c');
  writeFileSync(join(root, 'a.html'), '<p>a</p>');
  writeFileSync(join(root, 'b-sub', 'inner.txt'), 'inner');
  writeFileSync(join(root, '.hidden.txt'), 'hidden');
  writeFileSync(join(root, '.git', 'config'), 'x');
  const results = await readSources([root]);
  assert.deepEqual(
    results.map((r) => r.origin),
    [join(root, 'a.html'), join(root, 'b-sub', 'inner.txt'), join(root, 'c.txt')],
  );
  const first = results[0];
  assert.ok(first.ok && first.raw.bytes.toString() === '<p>a</p>' && first.raw.contentType === null);
});

test('a file over maxBytes is refused by size, a missing one is not found; the others still load', async () => {
  const big = join(dir, 'big.txt');
  const small = join(dir, 'small.txt');
  writeFileSync(big, 'x'.repeat(5000));
  writeFileSync(small, 'fine');
  const missing = join(dir, 'missing.txt');
  const results = await readSources([big, missing, small], { maxBytes: 4096 });
  assert.equal(results.length, 3);
  const [b, m, s] = results;
  assert.ok(!b.ok && b.error.code === 'invalid_input');
  assert.equal(!b.ok && b.error.message, `${big}: file is 5000 bytes, over the limit of 4096 bytes (maxBytes)`);
  assert.ok(!m.ok && m.error.code === 'not_found' && m.error.message === `${missing}: no such file or directory`);
  assert.ok(s.ok && s.raw.bytes.toString() === 'fine');
});
