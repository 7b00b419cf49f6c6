import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TopK } from './screening.select.js';

test('TopK keeps the k best keys, equal keys to the lower id', () => {
  let seed = 3;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 50) / 10;
  const top = new TopK(4);
  for (const k of [0, 1, 4, 10]) {
    top.reset(k);
    const keys = Array.from({ length: 200 }, rand);
    keys.forEach((key, id) => top.offer(key, id));
    const expected = keys.map((key, id) => ({ key, id })).sort((a, b) => b.key - a.key || a.id - b.id).slice(0, k).map((x) => x.id);
    assert.deepEqual(top.kept().sort((a, b) => keys[b] - keys[a] || a - b), expected);
    if (k > 0) assert.equal(top.worstKey(), keys[expected[k - 1]]);
  }
});
