import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertCaseTransition, caseLifecycle, caseStatuses } from './case.lifecycle.js';

describe('case lifecycle', () => {
  it('lets a case go through review, verification, findings and decisions, and ends only when closed', () => {
    assert.doesNotThrow(() => assertCaseTransition('C', 'open', 'under_review'));
    assert.doesNotThrow(() => assertCaseTransition('C', 'decided', 'verification_requested'));
    assert.doesNotThrow(() => assertCaseTransition('C', 'decided', 'closed'));
    assert.throws(() => assertCaseTransition('C', 'open', 'closed'), /case C is open; it cannot become closed/);
    assert.throws(() => assertCaseTransition('C', 'closed', 'under_review'), /closed case takes no further step/);
  });

  it('reaches every status from open and names only known statuses', () => {
    const seen = new Set(['open']);
    const queue = ['open'] as (typeof caseStatuses)[number][];
    while (queue.length) for (const to of caseLifecycle[queue.shift()!]) if (!seen.has(to)) seen.add(to), queue.push(to);
    assert.deepEqual([...seen].sort(), [...caseStatuses].sort());
    assert.deepEqual(caseLifecycle.closed, []);
  });
});
