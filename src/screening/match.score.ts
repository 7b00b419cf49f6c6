import { HOW_CODE, HOW_CODES, PairGrid } from './match.pairing.js';
import type { EntryType, ListEntry } from './screening.types.js';

/**
 * Scoring of one query name against one listed name, and of the features (country, date of
 * birth, legal form, weak alias, numbers, type) that move a score. Pure functions over
 * normalised names (name.normalize); the index decides which listed names are compared.
 */

export type TokenHow = 'exact' | 'variant' | 'typo' | 'phonetic' | 'initial';

/** One side of a comparison: the normalised parts with their phonetic keys and weights. */
export interface NameSide {
  tokens: string[];
  spellings: string[];
  phonetic: string[];
  /** spellingKey of each part. */
  spellKeys: string[];
  /** Identity weight of each part: rare parts weigh more; particles (bin, de) little. */
  weights: number[];
  /**
   * Optional letter sets (letterSet) of each part's token, spelling and spelling key, at
   * 3i, 3i + 1, 3i + 2: with them on both sides, pairs of parts too far apart in letters
   * skip the edit distance (the index sets them; the result is the same without).
   */
  letters?: ArrayLike<number>;
}

export interface TokenPair {
  q: number;
  e: number;
  sim: number;
  how: TokenHow;
}

export interface NameComparison {
  /** In [0, 1]: weighted share of both names that the pairs cover. */
  score: number;
  pairs: TokenPair[];
  /** Listed parts no query part met (a missing middle name, say). */
  missing: number[];
  /** Query parts that met nothing in the listed name. */
  extra: number[];
}

/** Similarities of the ways two parts meet. A variant is as good as the same spelling. */
export const TOKEN_SIM: Record<TokenHow, number> = { exact: 1, variant: 1, typo: 0.88, phonetic: 0.82, initial: 0.75 };
/** Two parts with the same spelling key ("haqani"/"haqqani"): a variant not in the table. */
export const SPELLING_VARIANT_SIM = 0.92;

/** A typo costs more in a short part: 1 − typos/length, at most TOKEN_SIM.typo ("kato"/"sato" 0.75). */
export function typoSimilarity(typos: number, length: number): number {
  return Math.min(TOKEN_SIM.typo, 1 - typos / length);
}

/** First letters that transliterations swap: a phonetic match must start with the same class. */
const FIRST_CLASS: Record<string, string> = { c: 'k', q: 'k', g: 'k', y: 'j', w: 'f', v: 'f', z: 's', e: 'a', i: 'a', o: 'a', u: 'a' };
function firstClass(token: string): string {
  return FIRST_CLASS[token[0]] ?? token[0];
}

/**
 * Optimal-string-alignment distance (Damerau–Levenshtein where a transposed pair is one
 * edit) when it is at most max, else max + 1. Only the band of cells within max of the
 * diagonal is worked out (a path through any other cell costs more than max), with the
 * cells beside the band standing at max + 1, so a part of ten letters costs 50 cells, not 100.
 */
export function osaDistance(a: string, b: string, max: number): number {
  const n = a.length;
  const m = b.length;
  const over = max + 1;
  if (Math.abs(n - m) > max) return over;
  if (m + 2 > osaRows[0].length) osaRows = [0, 1, 2].map(() => new Int32Array(2 * (m + 2)));
  // three reused rows: the distance runs for every pair of parts scored, so it allocates nothing
  let prev2 = osaRows[0];
  let prev = osaRows[1];
  let cur = osaRows[2];
  const top = Math.min(m, max);
  for (let j = 0; j <= top; j++) prev[j] = j;
  if (top < m) prev[top + 1] = over;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(m, i + max);
    cur[lo - 1] = lo === 1 ? Math.min(i, over) : over;
    let rowMin = cur[lo - 1];
    const ai = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const bj = b.charCodeAt(j - 1);
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai === bj ? 0 : 1));
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) d = Math.min(d, prev2[j - 2] + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (hi < m) cur[hi + 1] = over;
    if (rowMin > max) return over;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return Math.min(prev[m], over);
}
let osaRows = [0, 1, 2].map(() => new Int32Array(32));

/** The letters of a string as a bit set (bit (c − 97) mod 32 per character). */
export function letterSet(s: string): number {
  let m = 0;
  for (let i = 0; i < s.length; i++) m |= 1 << ((s.charCodeAt(i) - 97) & 31);
  return m;
}

function bits(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}

/**
 * Whether two strings with these letter sets are surely more than max edits apart: each
 * letter one has and the other lacks needs an edit of its own (a transposition moves none),
 * so this never says so of strings within max.
 */
export function lettersApart(a: number, b: number, max: number): boolean {
  return bits(a & ~b) > max || bits(b & ~a) > max;
}

/** osaDistance, unless letter sets (x-th of part qi and ei; absent: unknown) show it is over max. */
function distance(a: string, b: string, max: number, q: NameSide, qi: number, e: NameSide, ei: number, x: number): number {
  if (q.letters && e.letters && lettersApart(q.letters[3 * qi + x], e.letters[3 * ei + x], max)) return max + 1;
  return osaDistance(a, b, max);
}

/** Typos tolerated in a part of this length: none under 4 letters, two from 8. */
export function typoBudget(length: number): number {
  return length < 4 ? 0 : length < 8 ? 1 : 2;
}

/** How two parts meet, best way first; null when they do not. */
export function tokenMatch(q: NameSide, qi: number, e: NameSide, ei: number): { sim: number; how: TokenHow } | null {
  const qt = q.tokens[qi];
  const et = e.tokens[ei];
  if (qt === et) return { sim: 1, how: q.spellings[qi] === e.spellings[ei] ? 'exact' : 'variant' };
  if (qt.length === 1 || et.length === 1) {
    return qt[0] === et[0] && qt.length !== et.length ? { sim: TOKEN_SIM.initial, how: 'initial' } : null;
  }
  const qk = q.spellKeys[qi];
  const ek = e.spellKeys[ei];
  if (qk === ek) return { sim: SPELLING_VARIANT_SIM, how: 'variant' };
  const budget = typoBudget(Math.min(qt.length, et.length));
  let best: { sim: number; how: TokenHow } | null = null;
  if (budget > 0) {
    let d = distance(qt, et, budget, q, qi, e, ei, 0);
    // a typo may sit in a spelling whose canonical form differs, or under a spelling variant
    // (each tried only when it is another pair of strings than the ones already compared)
    const qs = q.spellings[qi];
    const es = e.spellings[ei];
    if (d > budget && (qs !== qt || es !== et)) d = distance(qs, es, budget, q, qi, e, ei, 1);
    if (d > budget && (qk !== qt || ek !== et) && (qk !== qs || ek !== es)) d = distance(qk, ek, budget, q, qi, e, ei, 2);
    if (d <= budget) best = { sim: typoSimilarity(d, Math.max(qt.length, et.length)), how: 'typo' };
  }
  if (
    qt.length >= 4 && et.length >= 4 && Math.abs(qt.length - et.length) <= 2 &&
    q.phonetic[qi].length >= 3 && q.phonetic[qi] === e.phonetic[ei] && firstClass(qt) === firstClass(et)
  ) {
    if (!best || best.sim < TOKEN_SIM.phonetic) best = { sim: TOKEN_SIM.phonetic, how: 'phonetic' };
  }
  return best;
}

/**
 * Order-free comparison: parts are paired greedily, best similarity (then heaviest) first,
 * each part at most once. The score is the weighted share of both names covered by pairs:
 * Σ sim·2w over pairs / (Σ 2w over pairs + 1.3 Σ w of unpaired query parts + ½ Σ w of
 * unpaired listed parts) — a listed middle name the query lacks costs far less than a query
 * part the listed name lacks. A comparison in which only particles or initials meet scores 0.
 */
export function compareNames(q: NameSide, e: NameSide): NameComparison {
  const grid = sharedGrid;
  grid.reset(q.tokens.length, e.tokens.length);
  for (let i = 0; i < q.tokens.length; i++) {
    for (let j = 0; j < e.tokens.length; j++) {
      const m = tokenMatch(q, i, e, j);
      if (m) grid.set(i, j, m.sim, HOW_CODE[m.how]);
    }
  }
  return comparison(grid, q.weights, e.weights);
}
const sharedGrid = new PairGrid();

/** The comparison a scored grid stands for: its pairs (in query order), missing and extra parts. */
export function comparison(grid: PairGrid, qWeights: number[], eWeights: number[]): NameComparison {
  const score = grid.score(qWeights, eWeights);
  const pairs: TokenPair[] = [];
  for (let k = 0; k < grid.chosenCount; k++) {
    const c = grid.chosen[k];
    const i = Math.floor(c / grid.ne);
    pairs.push({ q: i, e: c - i * grid.ne, sim: grid.sim[c], how: HOW_CODES[grid.how[c]] as TokenHow });
  }
  pairs.sort((a, b) => a.q - b.q);
  const missing: number[] = [];
  const extra: number[] = [];
  for (let i = 0; i < grid.nq; i++) if (!grid.qUsed[i]) extra.push(i);
  for (let j = 0; j < grid.ne; j++) if (!grid.eUsed[j]) missing.push(j);
  return { score, pairs, missing, extra };
}

export type FeatureName = 'country' | 'birthDate' | 'legalForm' | 'weakAlias' | 'number' | 'type';

/** One feature that moved a score, with the amount it added (negative: removed). */
export interface Feature {
  feature: FeatureName;
  delta: number;
  note: string;
}

/** Features of a pair of names: numbers, legal forms, alias quality. */
export function nameFeatures(
  q: { numbers: string[]; legalForms: string[] },
  e: { numbers: string[]; legalForms: string[]; weak: boolean; isPerson: boolean },
): Feature[] {
  const out: Feature[] = [];
  if (q.numbers.length && e.numbers.length) {
    const same = q.numbers.some((n) => e.numbers.includes(n));
    if (same) out.push({ feature: 'number', delta: 0.02, note: `number ${q.numbers.join(' ')} agrees` });
    else out.push({ feature: 'number', delta: -0.25, note: `number mismatch: ${q.numbers.join(' ')} vs ${e.numbers.join(' ')}` });
  } else if (q.numbers.length || e.numbers.length) {
    out.push({ feature: 'number', delta: -0.05, note: `number ${[...q.numbers, ...e.numbers].join(' ')} on one side only` });
  }
  if (q.legalForms.length) {
    if (e.isPerson) out.push({ feature: 'legalForm', delta: -0.05, note: `query has a legal form (${q.legalForms.join(', ')}), listed party is a person` });
    else if (e.legalForms.length) {
      const same = q.legalForms.some((f) => e.legalForms.includes(f));
      out.push(same
        ? { feature: 'legalForm', delta: 0.02, note: `same legal form (${q.legalForms.join(', ')})` }
        : { feature: 'legalForm', delta: -0.02, note: `legal forms differ (${q.legalForms.join(', ')} vs ${e.legalForms.join(', ')})` });
    }
  }
  if (e.weak) out.push({ feature: 'weakAlias', delta: -0.06, note: 'weak alias' });
  return out;
}

export interface QueryFacts {
  country?: string;
  type?: EntryType;
  birthDate?: string;
}

/** The most a consistent country and date of birth add (entryFeaturesMaxGain relies on these being the only gains). */
const COUNTRY_AGREES = 0.04;
const BIRTH_DATE_AGREES = 0.06;

/** Features of the listed entry against what the query states: country, birth date, type. */
export function entryFeatures(query: QueryFacts, entry: ListEntry): Feature[] {
  const out: Feature[] = [];
  if (query.country && entry.countries.length) {
    const cc = query.country.toUpperCase();
    if (entry.countries.includes(cc)) out.push({ feature: 'country', delta: COUNTRY_AGREES, note: `country ${cc} consistent` });
    else out.push({ feature: 'country', delta: -0.06, note: `country ${cc} not among ${entry.countries.join(', ')}` });
  }
  if (query.birthDate && entry.birthDates.length) {
    const qy = Number(query.birthDate.slice(0, 4));
    let best = Infinity;
    let exact = false;
    for (const d of entry.birthDates) {
      const y = Number(d.slice(0, 4));
      if (!Number.isFinite(y)) continue;
      best = Math.min(best, Math.abs(y - qy));
      if (d.length >= 10 && query.birthDate.length >= 10 && d.slice(0, 10) === query.birthDate.slice(0, 10)) exact = true;
    }
    if (exact) out.push({ feature: 'birthDate', delta: BIRTH_DATE_AGREES, note: `date of birth ${query.birthDate} agrees` });
    else if (best === 0) out.push({ feature: 'birthDate', delta: 0.04, note: `year of birth ${qy} agrees` });
    else if (best > 1 && best !== Infinity) out.push({ feature: 'birthDate', delta: -0.12, note: `date of birth ${query.birthDate} contradicts ${entry.birthDates.join(', ')}` });
  }
  if (query.type && query.type !== entry.type) {
    const near = query.type !== 'person' && entry.type !== 'person';
    out.push({ feature: 'type', delta: near ? -0.04 : -0.12, note: `query is a ${query.type}, listed ${entry.type}` });
  }
  return out;
}

/** The most entryFeatures can add for this query (what its country and date of birth may earn). */
export function entryFeaturesMaxGain(query: QueryFacts): number {
  return (query.country ? COUNTRY_AGREES : 0) + (query.birthDate ? BIRTH_DATE_AGREES : 0);
}

/** A base score moved by features, kept in [0, 1]. */
export function applyFeatures(base: number, features: Feature[]): number {
  let s = base;
  for (const f of features) s += f.delta;
  return Math.max(0, Math.min(1, s));
}
