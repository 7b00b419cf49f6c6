import { letterSet, lettersApart, osaDistance, SPELLING_VARIANT_SIM, TOKEN_SIM, typoBudget } from './match.score.js';
import { PART_SKETCH } from './match.sketch.js';
import { phoneticKey, spellingKey } from './name.phonetic.js';

/**
 * Fuzzy access to the parts of the index's vocabulary: a query part reaches the parts it may
 * be by its exact form, by the deletion neighbourhood of its spelling key (one typo; two in
 * parts of 8+ letters; verified by edit distance) and by phonetic key. The neighbourhoods
 * are hashed 30-bit keys in one sorted array with a bucket directory over their high bits,
 * so a key costs a cache line or two, not a binary search over millions.
 */

/** Phonetic keys shared by more parts than this are too common to find candidates by. */
const PHONETIC_CAP = 64;

/** 30-bit FNV-1a of a string (30 bits so that hash·2²² + part id stays an exact double). */
function hash30(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 2) & 0x3fffffff;
}

/** The token and every string one deletion away from it (two for `depth` 2), deduplicated. */
function deletionKeys(token: string, depth: number): Set<string> {
  const out = new Set<string>([token]);
  let layer = [token];
  for (let d = 0; d < depth; d++) {
    const next: string[] = [];
    for (const t of layer) {
      for (let i = 0; i < t.length; i++) {
        const k = t.slice(0, i) + t.slice(i + 1);
        if (!out.has(k)) (out.add(k), next.push(k));
      }
    }
    layer = next;
  }
  return out;
}

/** Compressed sparse rows: ids[start[k] .. start[k+1]) belong to key k, in input order. */
export function csr(keyCount: number, keys: ArrayLike<number>, values: ArrayLike<number>): { start: Int32Array; ids: Int32Array } {
  const start = new Int32Array(keyCount + 1);
  for (let i = 0; i < keys.length; i++) start[keys[i] + 1]++;
  for (let k = 0; k < keyCount; k++) start[k + 1] += start[k];
  const fill = start.slice(0, keyCount);
  const ids = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) ids[fill[keys[i]]++] = values[i];
  return { start, ids };
}

/** The vocabulary as the finder reads it. */
export interface Vocabulary {
  ids: Map<string, number>;
  tokStr: string[];
  tokSpellKey: string[];
  tokPhon: string[];
  keyLetters: Int32Array;
  /** match.sketch part sketches: key ids and lengths without reading the strings. */
  partSketches: Int32Array;
  keyIds: Map<string, number>;
}

export class PartFinder {
  private readonly delHash: Uint32Array;
  private readonly delTok: Int32Array;
  /** delHash[bucket[b] .. bucket[b+1]) hold the hashes whose high bits are b. */
  private readonly bucket: Int32Array;
  private readonly shift: number;
  private readonly phonIds = new Map<string, number>();
  private readonly phonStart: Int32Array;
  private readonly phonToks: Int32Array;
  // per-query scratch: the query's deletion keys, their hashes and bucket bounds
  private keyHash = new Int32Array(256);
  private keyFrom = new Int32Array(256);
  private keyTo = new Int32Array(256);
  /** Keeps the reads that warm the cache from being optimised away. */
  private sink = 0;

  constructor(private readonly vocab: Vocabulary) {
    const { tokStr, tokSpellKey, tokPhon } = vocab;
    const V = tokStr.length;
    // deletion neighbourhoods of the spelling keys of parts (a key of a part under four
    // letters stands alone), as sorted (hash, part) pairs
    const packed: number[] = [];
    for (let t = 0; t < V; t++) {
      if (tokStr[t].length < 2) continue;
      for (const k of deletionKeys(tokSpellKey[t], tokStr[t].length < 4 ? 0 : 1)) packed.push(hash30(k) * 4194304 + t);
    }
    const sorted = Float64Array.from(packed).sort();
    this.delHash = new Uint32Array(sorted.length);
    this.delTok = new Int32Array(sorted.length);
    for (let i = 0; i < sorted.length; i++) {
      const h = Math.floor(sorted[i] / 4194304);
      this.delHash[i] = h;
      this.delTok[i] = sorted[i] - h * 4194304;
    }
    // about two keys a bucket
    const bits = Math.max(8, Math.min(22, Math.ceil(Math.log2(sorted.length / 2 + 1))));
    this.shift = 30 - bits;
    this.bucket = new Int32Array((1 << bits) + 1);
    for (let i = 0; i < this.delHash.length; i++) this.bucket[(this.delHash[i] >>> this.shift) + 1]++;
    for (let b = 0; b < 1 << bits; b++) this.bucket[b + 1] += this.bucket[b];

    const phk: number[] = [];
    const phv: number[] = [];
    for (let t = 0; t < V; t++) {
      const key = tokPhon[t];
      if (key.length < 2 || tokStr[t].length < 3) continue;
      let id = this.phonIds.get(key);
      if (id === undefined) (id = this.phonIds.size), this.phonIds.set(key, id);
      phk.push(id);
      phv.push(t);
    }
    const ph = csr(this.phonIds.size, phk, phv);
    this.phonStart = ph.start;
    this.phonToks = ph.ids;
  }

  /** Parts of the vocabulary a query part may be, with the similarity of the best way. */
  find(tok: string, spelling: string): Map<number, number> {
    const { tokSpellKey, keyLetters, partSketches } = this.vocab;
    const out = new Map<number, number>();
    const exact = this.vocab.ids.get(tok);
    if (exact !== undefined) out.set(exact, 1);
    if (tok.length === 1) return out;
    const budget = typoBudget(tok.length);
    const key = spellingKey(tok);
    const keyId = this.vocab.keyIds.get(key) ?? -1;
    const letters = letterSet(key);
    const keys = deletionKeys(key, budget);
    if (spelling !== tok && spelling.length >= 4) for (const k of deletionKeys(spellingKey(spelling), 1)) keys.add(k);
    // the keys' buckets are read in passes that do not wait on each other, so their cache
    // misses overlap: bucket bounds, then the first hash of each bucket, then the probes
    if (keys.size > this.keyHash.length) (this.keyHash = new Int32Array(2 * keys.size)), (this.keyFrom = new Int32Array(2 * keys.size)), (this.keyTo = new Int32Array(2 * keys.size));
    const { keyHash, keyFrom, keyTo, bucket, delHash } = this;
    let nk = 0;
    for (const k of keys) keyHash[nk++] = hash30(k);
    for (let x = 0; x < nk; x++) {
      const b = keyHash[x] >>> this.shift;
      keyFrom[x] = bucket[b];
      keyTo[x] = bucket[b + 1];
    }
    let first = 0;
    for (let x = 0; x < nk; x++) first ^= delHash[keyFrom[x]];
    this.sink = first;
    for (let x = 0; x < nk; x++) {
      const h = keyHash[x];
      for (let i = keyFrom[x]; i < keyTo[x]; i++) {
        if (delHash[i] !== h) continue;
        const t = this.delTok[i];
        if (out.has(t)) continue;
        if (partSketches[PART_SKETCH * t] === keyId) {
          out.set(t, SPELLING_VARIANT_SIM);
          continue;
        }
        // a sketched length is capped (at 63), which leaves the budget of a long part unchanged
        const max = typoBudget(Math.min(partSketches[PART_SKETCH * t + 2] >>> 26, tok.length));
        if (max > 0 && !lettersApart(letters, keyLetters[t], max) && osaDistance(key, tokSpellKey[t], max) <= max) out.set(t, TOKEN_SIM.typo);
      }
    }
    if (tok.length >= 3) {
      const p = this.phonIds.get(phoneticKey(tok));
      if (p !== undefined && this.phonStart[p + 1] - this.phonStart[p] <= PHONETIC_CAP) {
        for (let i = this.phonStart[p]; i < this.phonStart[p + 1]; i++) {
          const t = this.phonToks[i];
          if (!out.has(t)) out.set(t, TOKEN_SIM.phonetic);
        }
      }
    }
    return out;
  }
}
