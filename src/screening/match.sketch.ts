import { letterSet, lettersApart, typoBudget } from './match.score.js';

/**
 * Parts as a few integers, enough to learn that two parts cannot meet in tokenMatch without
 * reading either string: the index keeps one sketch per vocabulary part and per spelling, so
 * a listed part that meets no query part (most of a candidate's parts) costs a cache line,
 * not four strings scattered over the heap. `mayMeet` is a necessary condition of tokenMatch
 * meeting — it must be loosened with any new way tokenMatch finds for parts to meet.
 */

const LETTERS = 0x3ffffff;
/** A length this long or longer is not sketched: such parts always go to tokenMatch. */
const LONG = 63;

/** A string's letter set (26 bits) with its length (capped at LONG) above it. */
export function letterSketch(s: string): number {
  return ((letterSet(s) & LETTERS) | (Math.min(s.length, LONG) << 26)) >>> 0;
}

/** Query part sketch: [part id, spelling-key id, phonetic-key id, token, spelling key, spelling] (ids −1 when unknown). */
export const QUERY_SKETCH = 6;
/** Listed part sketch: [spelling-key id, phonetic-key id, token, spelling key]. */
export const PART_SKETCH = 4;

export function querySketch(out: number[], tokId: number, keyId: number, phonId: number, tok: string, key: string, spelling: string): void {
  out.push(tokId, keyId, phonId, letterSketch(tok), letterSketch(key), letterSketch(spelling));
}

export function partSketch(out: Int32Array, t: number, keyId: number, phonId: number, tok: string, key: string): void {
  out.set([keyId, phonId, letterSketch(tok), letterSketch(key)], PART_SKETCH * t);
}

/** Whether two strings so sketched may be within max edits (lengths and letter sets allow it). */
function near(a: number, b: number, max: number): boolean {
  const la = a >>> 26;
  const lb = b >>> 26;
  if (la === LONG || lb === LONG) return true;
  return Math.abs(la - lb) <= max && !lettersApart(a & LETTERS, b & LETTERS, max);
}

/**
 * Whether query part qi (of sketches q) may meet listed part t (of sketches parts) under its
 * spelling (sketch `spelling`): false means tokenMatch finds no way for them to meet.
 */
export function mayMeet(q: ArrayLike<number>, qi: number, parts: Int32Array, t: number, spelling: number): boolean {
  const o = QUERY_SKETCH * qi;
  const p = PART_SKETCH * t;
  if (q[o] === t) return true;
  const qTok = q[o + 3];
  const eTok = parts[p + 2];
  const ql = qTok >>> 26;
  const el = eTok >>> 26;
  // initials, and parts too long to sketch, are left to tokenMatch
  if (ql <= 1 || el <= 1 || ql === LONG || el === LONG) return true;
  if ((q[o + 1] >= 0 && q[o + 1] === parts[p]) || (q[o + 2] >= 0 && q[o + 2] === parts[p + 1])) return true;
  const max = typoBudget(Math.min(ql, el));
  return max > 0 && (near(qTok, eTok, max) || near(q[o + 5], spelling, max) || near(q[o + 4], parts[p + 3], max));
}
