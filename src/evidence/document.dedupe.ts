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

// Fixed odd multipliers and offsets for the hash family (deterministic across runs).
const MULT = new Int32Array(HASHES);
const ADD = new Int32Array(HASHES);
for (let i = 0; i < HASHES; i++) {
  const h = createHash('sha256').update(`endwatch-minhash-${i}`).digest();
  MULT[i] = h.readInt32LE(0) | 1;
  ADD[i] = h.readInt32LE(4);
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Murmur3's finalizer: spreads the bits of a combined hash. */
function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const NOT_ASCII = /[^\x00-\x7f]/;
const SEPARATORS = /[^\p{L}\p{N}]+/u;

function words(text: string): string[] {
  let t = text.toLowerCase();
  // NFKD and the removal of combining marks change nothing in ASCII text (most news).
  if (NOT_ASCII.test(t)) t = t.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  return t.split(SEPARATORS).filter(Boolean);
}

// Reused between calls (one signature at a time; nothing here awaits).
let wordHashes = new Int32Array(1024);
let shingles = new Int32Array(1024);

/**
 * MinHash signature of a text's word shingles (short texts use their words). Each word is
 * hashed once; a shingle's hash combines the hashes of its five words, so no shingle string
 * is built. Every hash function of the family is then one multiply and add per shingle, in a
 * tight loop over the shingle hashes (one function at a time).
 */
export function signature(text: string): number[] {
  const w = words(text);
  const n = w.length < SHINGLE ? w.length : w.length - SHINGLE + 1;
  if (shingles.length < n) shingles = new Int32Array(n * 2);
  if (w.length < SHINGLE) for (let i = 0; i < n; i++) shingles[i] = fnv1a(w[i]);
  else {
    if (wordHashes.length < w.length) wordHashes = new Int32Array(w.length * 2);
    for (let i = 0; i < w.length; i++) wordHashes[i] = fnv1a(w[i]);
    for (let i = 0; i < n; i++) {
      let h = wordHashes[i];
      for (let k = 1; k < SHINGLE; k++) h = Math.imul(h ^ wordHashes[i + k], 0x01000193) + k;
      shingles[i] = mix(h);
    }
  }
  const sig = new Array<number>(HASHES);
  // Four functions of the family per pass over the shingles.
  for (let f = 0; f < HASHES; f += 4) {
    const m0 = MULT[f], m1 = MULT[f + 1], m2 = MULT[f + 2], m3 = MULT[f + 3];
    const a0 = ADD[f], a1 = ADD[f + 1], a2 = ADD[f + 2], a3 = ADD[f + 3];
    let min0 = 0xffffffff, min1 = 0xffffffff, min2 = 0xffffffff, min3 = 0xffffffff;
    for (let i = 0; i < n; i++) {
      const x = shingles[i];
      const v0 = (Math.imul(x, m0) + a0) >>> 0;
      const v1 = (Math.imul(x, m1) + a1) >>> 0;
      const v2 = (Math.imul(x, m2) + a2) >>> 0;
      const v3 = (Math.imul(x, m3) + a3) >>> 0;
      if (v0 < min0) min0 = v0;
      if (v1 < min1) min1 = v1;
      if (v2 < min2) min2 = v2;
      if (v3 < min3) min3 = v3;
    }
    sig[f] = min0;
    sig[f + 1] = min1;
    sig[f + 2] = min2;
    sig[f + 3] = min3;
  }
  return sig;
}

/** Estimated Jaccard similarity of two signatures. */
export function similarity(a: number[], b: number[]): number {
  let same = 0;
  for (let i = 0; i < HASHES; i++) if (a[i] === b[i]) same++;
  return same / HASHES;
}

const hex = (x: number, digits: number) => x.toString(16).padStart(digits, '0');

/**
 * The band keys of a signature, for the candidate index: per band, its four values folded into
 * 48 bits (12 hex digits). Two documents with the same four values always share the key; a
 * chance collision of different values (about one in 2^48 per pair) only adds a candidate,
 * which the similarity check then turns away.
 */
export function bands(sig: readonly number[]): { band: number; hash: string }[] {
  const out = new Array<{ band: number; hash: string }>(BANDS);
  for (let b = 0; b < BANDS; b++) {
    const i = b * ROWS;
    const hi = mix((sig[i] ^ Math.imul(sig[i + 1], 0x9e3779b1)) >>> 0);
    const lo = mix((sig[i + 2] ^ Math.imul(sig[i + 3], 0x85ebca6b) ^ hi) >>> 0);
    out[b] = { band: b, hash: hex(hi, 8) + hex(lo >>> 16, 4) };
  }
  return out;
}

/** A signature as stored: its 64 values as little-endian 32-bit words in base64 (344 characters). */
export function encodeSignature(sig: readonly number[]): string {
  const buf = Buffer.allocUnsafe(sig.length * 4);
  for (let i = 0; i < sig.length; i++) buf.writeUInt32LE(sig[i] >>> 0, i * 4);
  return buf.toString('base64');
}

/** The values of a stored signature (base64 as encodeSignature writes it; a JSON list is also read). */
export function decodeSignature(text: string): number[] {
  if (text.startsWith('[')) return JSON.parse(text) as number[];
  const buf = Buffer.from(text, 'base64');
  const out = new Array<number>(buf.length >>> 2);
  for (let i = 0; i < out.length; i++) out[i] = buf.readUInt32LE(i * 4);
  return out;
}
