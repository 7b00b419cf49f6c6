/**
 * A phonetic key of one folded name part, in the spirit of Metaphone but simpler and tuned
 * to transliterated names: vowels after the first letter are dropped, letter groups that
 * transliterations spell differently fall together (kh/h, ph/f, v/w, c/k/q, z/s, x/ks, d/t,
 * j/y before a vowel at the start, sh/sch/ch/tch), doubled letters count once, and an h that
 * closes a syllable is silent. "muhammad", "mohammed", "mhmd" → "MHMT"; "yusuf", "youssef" →
 * "JSF"; "aleksandr", "alexander" → "ALKSNTR". Keys are at most 8 characters.
 */
const VOWEL = new Uint8Array(128);
for (const v of 'aeiouy') VOWEL[v.charCodeAt(0)] = 1;

export function phoneticKey(token: string): string {
  const s = token;
  const n = s.length;
  let key = '';
  let last = '';
  for (let i = 0; i < n && key.length < 8; i++) {
    const ch = s[i];
    const next = i + 1 < n ? s[i + 1] : '';
    let code = '';
    let skip = 0;
    if (VOWEL[ch.charCodeAt(0)] && !(ch === 'y' && i === 0 && next && VOWEL[next.charCodeAt(0)])) {
      if (i === 0) code = 'A';
      else {
        last = ''; // a vowel separates two equal consonants: "mahamat" keeps both m
        continue;
      }
    } else {
      switch (ch) {
        case 'b': code = 'P'; break;
        case 'p': if (next === 'h') { code = 'F'; skip = 1; } else code = 'P'; break;
        case 'f': case 'v': case 'w': code = 'F'; break;
        case 'c':
          if (next === 'h') { code = 'X'; skip = 1; }
          else if (next === 'e' || next === 'i' || next === 'y') code = 'S';
          else code = 'K';
          break;
        case 'k': if (next === 'h') { code = 'H'; skip = 1; } else code = 'K'; break;
        case 'q': case 'g':
          if (next === 'h') skip = 1;
          code = 'K';
          break;
        case 'x': code = 'KS'; break;
        case 's':
          if (next === 'h') { code = 'X'; skip = 1; }
          else if (next === 'c' && s[i + 2] === 'h') { code = 'X'; skip = 2; }
          else code = 'S';
          break;
        case 'z': if (next === 'h') { code = 'J'; skip = 1; } else code = 'S'; break;
        case 't':
          if (next === 'h') { code = 'T'; skip = 1; }
          else if (next === 's') { code = 'S'; skip = 1; }
          else if (next === 'c' && s[i + 2] === 'h') { code = 'X'; skip = 2; }
          else code = 'T';
          break;
        case 'd': if (next === 'h' || next === 'j') { code = next === 'j' ? 'J' : 'T'; skip = 1; } else code = 'T'; break;
        case 'j': case 'y': code = 'J'; break;
        case 'h':
          // silent where it closes a syllable ("ahmad", "abdallah"), heard elsewhere ("mhmd")
          if (!next || (i > 0 && VOWEL[s.charCodeAt(i - 1)] && !VOWEL[next.charCodeAt(0)])) continue;
          code = 'H';
          break;
        default: code = ch >= 'a' && ch <= 'z' ? ch.toUpperCase() : '';
      }
    }
    i += skip;
    if (code && code !== last) key += code;
    last = code;
  }
  return key.slice(0, 8);
}

const SPELLING_RULES: [RegExp, string][] = [
  [/sch/g, 'sh'], [/tch/g, 'ch'], [/ph/g, 'f'], [/kh/g, 'h'], [/gh/g, 'g'], [/dh/g, 'd'], [/th/g, 't'], [/dj/g, 'j'],
  [/zh/g, 'j'], [/ck/g, 'k'], [/q/g, 'k'], [/c(?=[eiy])/g, 's'], [/c(?!h)/g, 'k'], [/x/g, 'ks'], [/w/g, 'v'],
  [/ee/g, 'i'], [/ou/g, 'u'], [/oo/g, 'u'], [/y/g, 'i'], [/(.)\1+/g, '$1'],
];

/**
 * A spelling key that keeps vowels but folds the spellings transliterations alternate
 * between (ee/i, ou/oo/u, y/i, w/v, q/k, c/k/s, kh/h, ph/f, dj/zh/j, x/ks, doubled letters):
 * "leeabeeleety" and "liability" → "liabiliti", "haqani" and "haqqani" → "hakani",
 * "ween" and "win" → "vin". Finer than phoneticKey: two keys that are equal spell the same
 * sounds, and keys one or two edits apart are compared like typos.
 */
export function spellingKey(token: string): string {
  let s = token;
  for (const [re, to] of SPELLING_RULES) s = s.replace(re, to);
  return s;
}
