import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Automaton } from './automaton.js';
import { normalizeName, normalizeText } from './normalize.js';

/** Every bounded match as [pattern, surface, units]. */
function matches(patterns: string[], text: string): [string, string, number][] {
  const a = Automaton.build(patterns.map(normalizeName));
  const out: [string, string, number][] = [];
  a.scan(text, (p, s, e, u) => out.push([patterns[p], text.slice(s, e), u]));
  return out;
}

describe('automaton: scanning the text as written', () => {
  test('case, diacritics and runs of separators fold on the fly; offsets are original', () => {
    assert.deepEqual(matches(['Nagorno-Karabakh'], 'In NAGORNO – KARABAKH.'), [['Nagorno-Karabakh', 'NAGORNO – KARABAKH', 16]]);
    assert.deepEqual(matches(['Turkiye'], 'Tu\u0308rkiye’s and Türkiye'), [
      ['Turkiye', 'Tu\u0308rkiye', 7],
      ['Turkiye', 'Türkiye', 7],
    ]);
    assert.deepEqual(matches(['Nagornokarabakh'], 'Nagorno\u00adKarabakh'), [['Nagornokarabakh', 'Nagorno\u00adKarabakh', 15]]);
  });

  test('multi-unit folds, astral characters and plurals', () => {
    assert.deepEqual(matches(['Strasse'], 'die Straße, Strasses'), [
      ['Strasse', 'Straße', 7],
      ['Strasse', 'Strasses', 8],
    ]);
    assert.deepEqual(matches(['LAV'], '😀 LAVs 𝐀LAV LAV'), [
      ['LAV', 'LAVs', 4],
      ['LAV', 'LAV', 3],
    ]);
    assert.deepEqual(matches(['boss'], 'bosses bossy'), [['boss', 'bosses', 6]]);
  });

  test('the raw count over normalised text is plain Aho-Corasick', () => {
    const pats = ['he', 'she', 'his', 'hers'].map(normalizeName);
    assert.equal(Automaton.build(pats).countRaw(normalizeText('ushers').norm), 3);
  });
});
