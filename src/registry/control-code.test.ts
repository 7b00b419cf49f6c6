import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyControlCode, controlCodeProblem } from './control-code.js';

test('Munitions List entries ML1–ML22 with sub-items are accepted', () => {
  for (const c of ['ML1', 'ML10.a', 'ML4.b.2', 'ML22', 'ML8.a.1.b', 'ML15']) assert.equal(classifyControlCode(c), 'munitions', c);
});

test('ML numbers outside 1–22 and malformed sub-items are refused', () => {
  for (const c of ['ML0', 'ML23', 'ML99', 'ML10a', 'ML10.A', 'ml10', 'ML']) assert.equal(classifyControlCode(c), null, c);
  assert.match(controlCodeProblem('ML99') ?? '', /ML1 to ML22/);
});

test('dual-use codes 0A001…9E999 are accepted, others refused', () => {
  for (const c of ['5A002', '5A002.a', '0A001', '9E999', '5A002.a.1']) assert.equal(classifyControlCode(c), 'dual_use', c);
  for (const c of ['5F002', '5A02', '5A0021', 'A5002']) assert.equal(classifyControlCode(c), null, c);
});

test('national codes need a real country prefix (or UK/EU, or a named list such as ECL)', () => {
  for (const c of ['CA-2-15', 'UK-PL5001', 'US-XII(c)', 'ECL 2-6', 'DE-0001']) assert.equal(classifyControlCode(c), 'national', c);
  for (const c of ['ZZ-2-15', 'CA-', 'CA 2-15', 'XX-PL5001']) assert.equal(classifyControlCode(c), null, c);
});
