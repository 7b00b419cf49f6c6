import assert from 'node:assert/strict';
import { test } from 'node:test';
import { letterSet, tokenMatch, type NameSide } from './match.score.js';
import { letterSketch, mayMeet, PART_SKETCH, partSketch, querySketch } from './match.sketch.js';
import { normalizeName } from './name.normalize.js';
import { phoneticKey, spellingKey } from './name.phonetic.js';

test('mayMeet holds for every pair of parts that tokenMatch lets meet', () => {
  const names = ['Sergey Lavrov', 'Sergei Lavorv', 'S. Lavrov', 'Muhammad Abd al-Rahman', 'Mohamed Abdulrahman', 'Haqqani', 'Haqani', 'Yusuf', 'Youssef',
    'Francesca Diaz', 'Francisco Dias', 'Aleksandr Petrov', 'Alexander Petrow', 'Schmidt', 'Shmidt', 'Chang Wei', 'Zhang Wei', 'Rosoboronexport', 'Rosoboroneksport',
    'Khodorkovsky', 'Chodorkowski', 'Leeabeeleety', 'Liability', 'Qadhafi', 'Gaddafi', 'Kadafi', 'Ng', 'Nguyen', 'Mhmd'];
  const sides = names.map((name): NameSide => {
    const n = normalizeName(name, true);
    const spellKeys = n.tokens.map(spellingKey);
    return { tokens: n.tokens, spellings: n.spellings, phonetic: n.tokens.map(phoneticKey), spellKeys, weights: [], letters: n.tokens.flatMap((t, i) => [letterSet(t), letterSet(n.spellings[i]), letterSet(spellKeys[i])]) };
  });
  // every part a vocabulary of its own: ids from first sight
  const ids = new Map<string, number>();
  const id = (s: string) => ids.get(s) ?? (ids.set(s, ids.size), ids.size - 1);
  const parts = new Int32Array(PART_SKETCH * 200);
  const tokIds = sides.map((s) => s.tokens.map((t, i) => {
    const tid = id(`t:${t}`);
    partSketch(parts, tid, id(`k:${s.spellKeys[i]}`), id(`p:${s.phonetic[i]}`), t, s.spellKeys[i]);
    return tid;
  }));
  let met = 0;
  sides.forEach((q, a) => {
    const sketch: number[] = [];
    q.tokens.forEach((t, i) => querySketch(sketch, tokIds[a][i], id(`k:${q.spellKeys[i]}`), id(`p:${q.phonetic[i]}`), t, q.spellKeys[i], q.spellings[i]));
    sides.forEach((e, b) => {
      for (let i = 0; i < q.tokens.length; i++) {
        for (let j = 0; j < e.tokens.length; j++) {
          if (!tokenMatch(q, i, e, j)) continue;
          met++;
          assert.ok(mayMeet(sketch, i, parts, tokIds[b][j], letterSketch(e.spellings[j])), `${q.tokens[i]} / ${e.tokens[j]}`);
        }
      }
    });
  });
  assert.ok(met > 80, `only ${met} pairs met`);
});
