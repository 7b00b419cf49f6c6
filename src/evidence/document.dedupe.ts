import { createHash } from 'node:crypto';

/**
 * Near-duplicate detection for stories: copies and light rewrites of one article share most
 * of their 5-word shingles. A 64-value MinHash signature estimates the Jaccard similarity;
 * 16 bands of 4 values index it, so a new document is compared only with documents that
 * share a band (locality-sensitive hashing), never with the whole store.
 */

const HASHES = 64;
const BANDS = 16;
const ROWS = HASHES / BANDS;
const SHINGLE = 5;
/** Estimated Jaccard similarity above which two documents tell the same story. */
export const SAME_STORY = 0.5;

const MASK = 0xffffffff;
// Fixed odd multipliers and offsets for the hash family (deterministic across runs).
const SEEDS = Array.from({ length: HASHES }, (_, i) => {
  const h = createHash('sha256').update(`endwatch-minhash-${i}`).digest();
  return [h.readUInt32LE(0) | 1, h.readUInt32LE(4)] as const;
});

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function words(text: string): string[] {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** MinHash signature of a text's word shingles (short texts use their words). */
export function signature(text: string): number[] {
  const w = words(text);
  const shingles = new Set<number>();
  if (w.length < SHINGLE) for (const x of w) shingles.add(fnv1a(x));
  for (let i = 0; i + SHINGLE <= w.length; i++) shingles.add(fnv1a(w.slice(i, i + SHINGLE).join(' ')));
  const sig = new Array<number>(HASHES).fill(MASK);
  for (const s of shingles) {
    for (let i = 0; i < HASHES; i++) {
      const v = (Math.imul(s, SEEDS[i][0]) + SEEDS[i][1]) >>> 0;
      if (v < sig[i]) sig[i] = v;
    }
  }
  return sig;
}

/** Estimated Jaccard similarity of two signatures. */
export function similarity(a: number[], b: number[]): number {
  let same = 0;
  for (let i = 0; i < HASHES; i++) if (a[i] === b[i]) same++;
  return same / HASHES;
}

/** The band keys of a signature, for the candidate index. */
export function bands(sig: number[]): { band: number; hash: string }[] {
  const out: { band: number; hash: string }[] = [];
  for (let b = 0; b < BANDS; b++) {
    out.push({ band: b, hash: sig.slice(b * ROWS, (b + 1) * ROWS).map((x) => x.toString(16).padStart(8, '0')).join('') });
  }
  return out;
}
