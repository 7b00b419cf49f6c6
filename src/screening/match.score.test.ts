import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareNames, entryFeatures, letterSet, lettersApart, nameFeatures, osaDistance, type NameSide } from './match.score.js';
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

test('letter sets only skip edit distances that are over budget: comparisons come out the same', () => {
  const names = ['Sergey Lavrov', 'Sergei Lavorv', 'Muhammad Abd al-Rahman', 'Mohamed Abdulrahman', 'Haqqani Network', 'Haqani', 'Yusuf Youssef',
    'Ocean Star Trading', 'Oceen Stra Tradnig', 'Aleksandr Petrov', 'Alexander Petrow', 'Schmidt', 'Shmidt', 'Kh. Ivanova', 'Chang Wei', 'Zhang Wei'];
  const withLetters = (s: NameSide): NameSide => ({ ...s, letters: s.tokens.flatMap((t, i) => [letterSet(t), letterSet(s.spellings[i]), letterSet(s.spellKeys[i])]) });
  for (const a of names) {
    for (const b of names) {
      assert.deepEqual(compareNames(withLetters(side(a)), withLetters(side(b))), compareNames(side(a), side(b)), `${a} / ${b}`);
    }
  }
});

test('lettersApart never parts two strings within the edit budget', () => {
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % n);
  const letter = () => String.fromCharCode(97 + rand(26));
  for (let k = 0; k < 3000; k++) {
    let a = '';
    for (let i = 3 + rand(8); i > 0; i--) a += letter();
    let b = a;
    for (let e = rand(3); e > 0; e--) {
      const at = rand(b.length + 1);
      const op = rand(4);
      b = op === 0 ? b.slice(0, at) + letter() + b.slice(at) : op === 1 ? b.slice(0, at) + b.slice(at + 1) : op === 2 ? b.slice(0, at) + letter() + b.slice(at + 1) : b.slice(0, at) + b.slice(at + 1, at + 2) + b.slice(at, at + 1) + b.slice(at + 2);
    }
    const d = osaDistance(a, b, 3);
    if (d <= 2) assert.ok(!lettersApart(letterSet(a), letterSet(b), d), `${a} ${b} ${d}`);
  }
});
