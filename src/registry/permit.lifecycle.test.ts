import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../shared/errors.js';
import { assertTransition, canTransition, effectiveStatus, permitLifecycle, permitStatuses } from './permit.lifecycle.js';

test('every status has a rule, and every target is a known status', () => {
  for (const s of permitStatuses) {
    assert.ok(permitLifecycle[s], s);
    for (const t of permitLifecycle[s].to) assert.ok(permitStatuses.includes(t));
  }
});

test('expiry is derived from dates for running permits only', () => {
  assert.equal(effectiveStatus('issued', '2021-03-13', '2021-03-13'), 'issued');
  assert.equal(effectiveStatus('issued', '2021-03-13', '2021-03-14'), 'expired');
  assert.equal(effectiveStatus('suspended', '2021-03-13', '2022-01-01'), 'expired');
  assert.equal(effectiveStatus('cancelled', '2021-03-13', '2022-01-01'), 'cancelled');
  assert.equal(effectiveStatus('issued', null, '2099-01-01'), 'issued');
});

test('terminal statuses allow nothing; suspension can be reinstated or cancelled', () => {
  for (const s of ['refused', 'cancelled', 'expired', 'exhausted'] as const) assert.deepEqual(permitLifecycle[s].to, []);
  assert.ok(canTransition('suspended', 'reinstated'));
  assert.ok(canTransition('suspended', 'cancelled'));
  assert.ok(!canTransition('issued', 'reinstated'));
});

test('a forbidden transition throws invalid_transition naming the permit and the statuses', () => {
  assert.throws(
    () => assertTransition('P1', 'cancelled', 'cancelled'),
    (e: unknown) => e instanceof AppError && e.code === 'invalid_transition' && /P1 is cancelled; it cannot become cancelled/.test(e.message),
  );
  assert.throws(() => assertTransition('P1', 'issued', 'exhausted'), /set by the system/);
  assert.doesNotThrow(() => assertTransition('P1', 'issued', 'exhausted', true));
});
