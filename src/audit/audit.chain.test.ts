import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GENESIS_HASH } from '../store/migrations.js';
import { type AuditEntry, ChainVerifier, entryHash } from './audit.chain.js';

function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = { seq, at: `2026-01-01T00:00:0${seq}Z`, actor: 'a', verb: 'permit.create', objectType: 'permit', objectId: `P${seq}`, reason: null, payload: `{"n":${seq}}`, prevHash: prev };
    const hash = entryHash(e);
    out.push({ ...e, hash });
    prev = hash;
  }
  return out;
}

function verify(entries: AuditEntry[], head: { seq: number; hash: string }) {
  const v = new ChainVerifier();
  for (const e of entries) if (!v.push(e)) break;
  return v.finish(head);
}

test('an untouched chain verifies', () => {
  const c = chain(5);
  assert.equal(verify(c, { seq: 5, hash: c[4].hash }), null);
});

test('an edited entry is named', () => {
  const c = chain(5);
  c[2] = { ...c[2], payload: '{"n":99}' };
  const b = verify(c, { seq: 5, hash: c[4].hash });
  assert.equal(b?.seq, 3);
  assert.equal(b?.problem, 'edited');
});

test('a deleted entry is named, also at the end of the trail', () => {
  const c = chain(5);
  const b = verify([...c.slice(0, 2), ...c.slice(3)], { seq: 5, hash: c[4].hash });
  assert.equal(b?.seq, 3);
  assert.equal(b?.problem, 'deleted');
  const t = verify(c.slice(0, 4), { seq: 5, hash: c[4].hash });
  assert.equal(t?.problem, 'truncated');
  assert.equal(t?.seq, 5);
});

test('entries swapped (seq numbers kept) are caught at the first moved one', () => {
  const c = chain(5);
  const swapped = [...c];
  swapped[1] = { ...c[2], seq: 2 };
  swapped[2] = { ...c[1], seq: 3 };
  const b = verify(swapped, { seq: 5, hash: c[4].hash });
  assert.equal(b?.seq, 2);
});

test('an entry re-hashed after editing still breaks the link to the next one', () => {
  const c = chain(4);
  const edited = { ...c[1], payload: '{"n":42}' };
  edited.hash = entryHash(edited);
  c[1] = edited;
  const b = verify(c, { seq: 4, hash: c[3].hash });
  assert.equal(b?.seq, 3);
  assert.equal(b?.problem, 'reordered');
});

test('the hash is SHA-256 of the fields as a JSON array, a newline and the payload, as documented', async () => {
  const { createHash } = await import('node:crypto');
  const awkward = { seq: 12, at: '2026-01-01T00:00:00.000Z', actor: 'O\'Brien "ops"\\ünïcode 𝔸', verb: 'permit.update', objectType: 'permit', objectId: 'P\n1\u2028', payload: '{"a":"\\n"}', prevHash: GENESIS_HASH };
  for (const reason of [null, 'why: "because" \t']) {
    const e = { ...awkward, reason };
    const text = `${JSON.stringify([e.seq, e.at, e.actor, e.verb, e.objectType, e.objectId, e.reason, e.prevHash])}\n${e.payload}`;
    assert.equal(entryHash(e), createHash('sha256').update(text, 'utf8').digest('hex'));
  }
});
