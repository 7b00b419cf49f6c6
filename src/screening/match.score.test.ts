import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareNames, entryFeatures, nameFeatures, osaDistance, type NameSide } from './match.score.js';
import { normalizeName } from './name.normalize.js';
import { phoneticKey, spellingKey } from './name.phonetic.js';
import type { ListEntry } from './screening.types.js';

function side(name: string, weights?: number[]): NameSide {
  const n = normalizeName(name, true);
  return { tokens: n.tokens, spellings: n.spellings, phonetic: n.tokens.map(phoneticKey), spellKeys: n.tokens.map(spellingKey), weights: weights ?? n.tokens.map(() => 3) };
}

function entry(overrides: Partial<ListEntry> = {}): ListEntry {
  return { entryId: '1', type: 'person', names: [{ name: 'X', quality: 'strong' }], countries: [], birthDates: [], identifiers: [], programmes: [], remarks: null, ...overrides };
}

test('optimal-string-alignment distance counts a transposition as one edit and stops past max', () => {
  assert.equal(osaDistance('lavrov', 'lavorv', 2), 1);
  assert.equal(osaDistance('lavrov', 'lavrof', 2), 1);
  assert.equal(osaDistance('lavrov', 'lvrv', 2), 2);
  assert.equal(osaDistance('lavrov', 'petrov', 1), 2);
  assert.equal(osaDistance('', 'abc', 5), 3);
});

test('order does not matter and a missing middle name costs little', () => {
  assert.equal(compareNames(side('Lavrov Sergei'), side('Sergey Lavrov')).score, 1);
  const cmp = compareNames(side('Sergey Lavrov'), side('LAVROV, Sergey Viktorovich'));
  assert.ok(cmp.score > 0.85 && cmp.score < 1, String(cmp.score));
  assert.deepEqual(cmp.missing, [2]);
});

test('parts meet as exact, variant, typo, phonetic or initial', () => {
  const hows = (q: string, e: string) => compareNames(side(q), side(e)).pairs.map((p) => p.how);
  assert.deepEqual(hows('Sergey Lavrov', 'Sergey Lavrov'), ['exact', 'exact']);
  assert.deepEqual(hows('Sergei Lavrov', 'Sergey Lavrov'), ['variant', 'exact']);
  assert.deepEqual(hows('Sergey Lavorv', 'Sergey Lavrov'), ['exact', 'typo']);
  assert.deepEqual(hows('S. Lavrov', 'Sergey Lavrov'), ['initial', 'exact']);
  assert.deepEqual(hows('Francesca Diaz', 'Francisco Diaz'), ['phonetic', 'exact']);
  assert.equal(compareNames(side('Ivan Petrov'), side('Sergey Lavrov')).score, 0);
});

test('a query part the listed name lacks costs more than a listed part the query lacks', () => {
  const extra = compareNames(side('Sergey Ivan Lavrov'), side('Sergey Lavrov')).score;
  const missing = compareNames(side('Sergey Lavrov'), side('Sergey Ivan Lavrov')).score;
  assert.ok(extra < missing);
});

test('numbers, legal forms and weak aliases move a name score', () => {
  const f = (q: string, e: string, weak = false, isPerson = false) =>
    nameFeatures(normalizeName(q), { ...normalizeName(e), weak, isPerson }).map((x) => [x.feature, x.delta]);
  assert.deepEqual(f('Ocean Star 1', 'Ocean Star 2'), [['number', -0.25]]);
  assert.deepEqual(f('Ocean Star 2', 'Ocean Star 2'), [['number', 0.02]]);
  assert.deepEqual(f('Acme LLC', 'OOO Acme'), [['legalForm', 0.02]]);
  assert.deepEqual(f('Acme LLC', 'Acme', false, true), [['legalForm', -0.05]]);
  assert.deepEqual(f('Acme', 'Acme', true), [['weakAlias', -0.06]]);
});

test('country, date of birth and type move an entry score up when consistent and down when not', () => {
  const e = entry({ countries: ['RU'], birthDates: ['1950-03-21'] });
  const f = (q: Parameters<typeof entryFeatures>[0]) => entryFeatures(q, e).map((x) => [x.feature, x.delta]);
  assert.deepEqual(f({ country: 'ru', birthDate: '1950-03-21' }), [['country', 0.04], ['birthDate', 0.06]]);
  assert.deepEqual(f({ birthDate: '1950' }), [['birthDate', 0.04]]);
  assert.deepEqual(f({ birthDate: '1951-01-01' }), []);
  assert.deepEqual(f({ country: 'FR', birthDate: '1972' }), [['country', -0.06], ['birthDate', -0.12]]);
  assert.deepEqual(f({ type: 'vessel' }), [['type', -0.12]]);
});
