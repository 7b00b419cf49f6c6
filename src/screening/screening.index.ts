import { explainHit } from './match.explain.js';
import {
  applyFeatures,
  compareNames,
  entryFeatures,
  nameFeatures,
  osaDistance,
  SPELLING_VARIANT_SIM,
  TOKEN_SIM,
  typoBudget,
  type Feature,
  type NameComparison,
  type NameSide,
  type QueryFacts,
} from './match.score.js';
import { normalizeName } from './name.normalize.js';
import { phoneticKey, spellingKey } from './name.phonetic.js';
import { isLegalWord, nameTables } from './name.variants.js';
import type { ListEntry, ScreeningHit } from './screening.types.js';

/**
 * In-memory screening index over list entries: candidates come from postings of name parts
 * reached by exact part, by a deletion neighbourhood (one typo; two in long parts) or by
 * phonetic key — never from a scan of all names — and only the best few hundred candidate
 * names are scored in full (match.score). Storage is columnar (typed arrays indexed by name
 * and part ids), so a million entries cost tens of bytes per part, not an object each.
 */

/** Scores at or above this are matches (chosen on the eval in match.eval.ts; docs/screening.md). */
export const DEFAULT_THRESHOLD = 0.8;
/** Hits below this are not returned at all. */
export const DEFAULT_MIN_SCORE = 0.6;
/** Posting lists longer than this are read only when no rarer part found candidates. */
const POSTING_CAP = 20_000;
/** Phonetic keys shared by more parts than this are too common to find candidates by. */
const PHONETIC_CAP = 64;
/** At most this many candidate names are scored in full per query. */
const MAX_CANDIDATES = 300;
const PARTICLE_WEIGHT = 0.3;
const INITIAL_WEIGHT = 0.5;

export interface ScreeningQuery extends QueryFacts {
  name: string;
}

export interface ScreenOptions {
  /** Most hits returned (best first); default 10. */
  limit?: number;
  /** Score at which a hit is a match; default DEFAULT_THRESHOLD. */
  threshold?: number;
  /** Lowest score returned; default DEFAULT_MIN_SCORE (never above the threshold). */
  minScore?: number;
}

export interface IndexedEntry {
  list: string;
  entry: ListEntry;
}

const FLAG_WEAK = 1;
const FLAG_PERSON = 2;

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

/** Compressed sparse rows: ids[start[k] .. start[k+1]) belong to key k. */
function csr(keyCount: number, keys: ArrayLike<number>, values: ArrayLike<number>): { start: Int32Array; ids: Int32Array } {
  const start = new Int32Array(keyCount + 1);
  for (let i = 0; i < keys.length; i++) start[keys[i] + 1]++;
  for (let k = 0; k < keyCount; k++) start[k + 1] += start[k];
  const fill = start.slice(0, keyCount);
  const ids = new Int32Array(keys.length);
  for (let i = 0; i < keys.length; i++) ids[fill[keys[i]]++] = values[i];
  return { start, ids };
}

export class ScreeningIndex {
  private readonly entries: IndexedEntry[];
  // names (one row per listed name)
  private readonly nameEntry: Int32Array;
  private readonly nameOrdinal: Int32Array;
  private readonly nameFlags: Uint8Array;
  private readonly nameTokStart: Int32Array;
  private readonly nameToks: Int32Array;
  private readonly nameSpells: Int32Array;
  private readonly nameNumbers: Map<number, string[]>;
  private readonly nameLegal: Map<number, string[]>;
  // parts (vocabulary of canonical tokens)
  private readonly vocab: Map<string, number>;
  private readonly tokStr: string[];
  private readonly tokPhon: string[];
  private readonly tokSpellKey: string[];
  private readonly tokWeight: Float32Array;
  /** 1 where the part is a legal-form word (it weighs as a particle in organisations' names). */
  private readonly tokLegal: Uint8Array;
  private readonly spellStr: string[];
  private readonly postStart: Int32Array;
  private readonly postNames: Int32Array;
  // fuzzy access to parts
  private readonly delHash: Uint32Array;
  private readonly delTok: Int32Array;
  private readonly phonIds: Map<string, number>;
  private readonly phonStart: Int32Array;
  private readonly phonToks: Int32Array;
  private readonly unknownWeight: number;
  // per-query scratch
  private readonly acc: Float32Array;

  private constructor(entries: IndexedEntry[]) {
    this.entries = entries;
    const vocab = new Map<string, number>();
    const tokStr: string[] = [];
    const spellIds = new Map<string, number>();
    const spellStr: string[] = [];
    const nameEntry: number[] = [];
    const nameOrdinal: number[] = [];
    const nameFlags: number[] = [];
    const nameTokStart: number[] = [0];
    const nameToks: number[] = [];
    const nameSpells: number[] = [];
    this.nameNumbers = new Map();
    this.nameLegal = new Map();
    entries.forEach(({ entry }, ei) => {
      const isPerson = entry.type === 'person';
      entry.names.forEach((listed, ordinal) => {
        const norm = normalizeName(listed.name, isPerson);
        if (!norm.tokens.length) return;
        const id = nameEntry.length;
        nameEntry.push(ei);
        nameOrdinal.push(ordinal);
        nameFlags.push((listed.quality === 'weak' ? FLAG_WEAK : 0) | (isPerson ? FLAG_PERSON : 0));
        if (norm.numbers.length) this.nameNumbers.set(id, norm.numbers);
        if (norm.legalForms.length) this.nameLegal.set(id, norm.legalForms);
        norm.tokens.forEach((tok, i) => {
          let t = vocab.get(tok);
          if (t === undefined) (t = tokStr.length), vocab.set(tok, t), tokStr.push(tok);
          let s = spellIds.get(norm.spellings[i]);
          if (s === undefined) (s = spellStr.length), spellIds.set(norm.spellings[i], s), spellStr.push(norm.spellings[i]);
          nameToks.push(t);
          nameSpells.push(s);
        });
        nameTokStart.push(nameToks.length);
      });
    });
    this.vocab = vocab;
    this.tokStr = tokStr;
    this.spellStr = spellStr;
    this.nameEntry = Int32Array.from(nameEntry);
    this.nameOrdinal = Int32Array.from(nameOrdinal);
    this.nameFlags = Uint8Array.from(nameFlags);
    this.nameTokStart = Int32Array.from(nameTokStart);
    this.nameToks = Int32Array.from(nameToks);
    this.nameSpells = Int32Array.from(nameSpells);
    const nNames = nameEntry.length;
    const V = tokStr.length;

    // postings: part → names holding it (once per name)
    const pk: number[] = [];
    const pv: number[] = [];
    for (let n = 0; n < nNames; n++) {
      const from = this.nameTokStart[n];
      const to = this.nameTokStart[n + 1];
      for (let i = from; i < to; i++) {
        const t = this.nameToks[i];
        let dup = false;
        for (let j = from; j < i; j++) if (this.nameToks[j] === t) dup = true;
        if (!dup) pk.push(t), pv.push(n);
      }
    }
    const post = csr(V, pk, pv);
    this.postStart = post.start;
    this.postNames = post.ids;

    // weights: inverse document frequency; particles and initials weigh little
    const particles = nameTables().particles;
    this.tokWeight = new Float32Array(V);
    for (let t = 0; t < V; t++) {
      const df = this.postStart[t + 1] - this.postStart[t];
      const s = tokStr[t];
      this.tokWeight[t] = particles.has(s) ? PARTICLE_WEIGHT : s.length === 1 ? INITIAL_WEIGHT : 0.5 + Math.log10(1 + nNames / df);
    }
    this.tokLegal = new Uint8Array(V);
    for (let t = 0; t < V; t++) if (isLegalWord(tokStr[t], osaDistance)) this.tokLegal[t] = 1;
    this.unknownWeight = 0.5 + 0.8 * Math.log10(1 + nNames);

    // deletion neighbourhoods of the spelling keys of parts (a key of a part under four
    // letters stands alone), as sorted (hash, part) pairs
    this.tokSpellKey = tokStr.map((s) => spellingKey(s));
    const packed: number[] = [];
    for (let t = 0; t < V; t++) {
      if (tokStr[t].length < 2) continue;
      for (const k of deletionKeys(this.tokSpellKey[t], tokStr[t].length < 4 ? 0 : 1)) packed.push(hash30(k) * 4194304 + t);
    }
    const sorted = Float64Array.from(packed).sort();
    this.delHash = new Uint32Array(sorted.length);
    this.delTok = new Int32Array(sorted.length);
    for (let i = 0; i < sorted.length; i++) {
      const h = Math.floor(sorted[i] / 4194304);
      this.delHash[i] = h;
      this.delTok[i] = sorted[i] - h * 4194304;
    }

    // phonetic keys
    this.tokPhon = tokStr.map((s) => phoneticKey(s));
    this.phonIds = new Map();
    const phk: number[] = [];
    const phv: number[] = [];
    for (let t = 0; t < V; t++) {
      const key = this.tokPhon[t];
      if (key.length < 2 || tokStr[t].length < 3) continue;
      let id = this.phonIds.get(key);
      if (id === undefined) (id = this.phonIds.size), this.phonIds.set(key, id);
      phk.push(id);
      phv.push(t);
    }
    const ph = csr(this.phonIds.size, phk, phv);
    this.phonStart = ph.start;
    this.phonToks = ph.ids;
    this.acc = new Float32Array(nNames);
  }

  /** Builds the index over entries (each with the list it comes from). */
  static build(entries: IndexedEntry[]): ScreeningIndex {
    if (entries.length >= 4194304) throw new Error('screening index: too many entries for one index');
    return new ScreeningIndex(entries);
  }

  /** Number of listed names indexed. */
  get nameCount(): number {
    return this.nameEntry.length;
  }

  /** Number of distinct canonical name parts. */
  get partCount(): number {
    return this.tokStr.length;
  }

  private lowerBound(h: number): number {
    let lo = 0;
    let hi = this.delHash.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.delHash[mid] < h) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Parts of the vocabulary a query part may be, with the similarity of the best way. */
  private partCandidates(tok: string, spelling: string): Map<number, number> {
    const out = new Map<number, number>();
    const exact = this.vocab.get(tok);
    if (exact !== undefined) out.set(exact, 1);
    if (tok.length === 1) return out;
    const budget = typoBudget(tok.length);
    const key = spellingKey(tok);
    const keys = deletionKeys(key, budget);
    if (spelling !== tok && spelling.length >= 4) for (const k of deletionKeys(spellingKey(spelling), 1)) keys.add(k);
    for (const k of keys) {
      const h = hash30(k);
      for (let i = this.lowerBound(h); i < this.delHash.length && this.delHash[i] === h; i++) {
        const t = this.delTok[i];
        if (out.has(t)) continue;
        const candKey = this.tokSpellKey[t];
        if (candKey === key) {
          out.set(t, SPELLING_VARIANT_SIM);
          continue;
        }
        const b = typoBudget(Math.min(this.tokStr[t].length, tok.length));
        if (b > 0 && osaDistance(key, candKey, b) <= b) out.set(t, TOKEN_SIM.typo);
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

  private side(name: number): NameSide {
    const from = this.nameTokStart[name];
    const to = this.nameTokStart[name + 1];
    const side: NameSide = { tokens: [], spellings: [], phonetic: [], spellKeys: [], weights: [] };
    const org = (this.nameFlags[name] & FLAG_PERSON) === 0;
    for (let i = from; i < to; i++) {
      const t = this.nameToks[i];
      side.tokens.push(this.tokStr[t]);
      side.spellings.push(this.spellStr[this.nameSpells[i]]);
      side.phonetic.push(this.tokPhon[t]);
      side.spellKeys.push(this.tokSpellKey[t]);
      side.weights.push(org && this.tokLegal[t] ? PARTICLE_WEIGHT : this.tokWeight[t]);
    }
    return side;
  }

  /**
   * Screens one name: hits best first, at most `limit`, none under `minScore`; each with
   * the listed name that scored best for its entry, `match` when score ≥ threshold, and
   * the explanation.
   */
  screen(query: ScreeningQuery, options: ScreenOptions = {}): ScreeningHit[] {
    const threshold = options.threshold ?? DEFAULT_THRESHOLD;
    const minScore = Math.min(options.minScore ?? DEFAULT_MIN_SCORE, threshold);
    const limit = options.limit ?? 10;
    const norm = normalizeName(query.name, query.type === 'person');
    if (!norm.tokens.length) return [];
    const particles = nameTables().particles;
    const q: NameSide = { tokens: norm.tokens, spellings: norm.spellings, phonetic: norm.tokens.map(phoneticKey), spellKeys: norm.tokens.map(spellingKey), weights: [] };
    for (const tok of norm.tokens) {
      const t = this.vocab.get(tok);
      const legal = query.type !== 'person' && (t !== undefined ? this.tokLegal[t] === 1 : isLegalWord(tok, osaDistance) || isLegalWord(spellingKey(tok), osaDistance));
      q.weights.push(particles.has(tok) || legal ? PARTICLE_WEIGHT : tok.length === 1 ? INITIAL_WEIGHT : t !== undefined ? this.tokWeight[t] : this.unknownWeight);
    }

    // candidates: accumulate sim × weight of the parts reached, rare parts first
    const reached: { t: number; sim: number; len: number }[] = [];
    norm.tokens.forEach((tok, i) => {
      for (const [t, sim] of this.partCandidates(tok, norm.spellings[i])) {
        reached.push({ t, sim, len: this.postStart[t + 1] - this.postStart[t] });
      }
    });
    reached.sort((a, b) => a.len - b.len);
    const acc = this.acc;
    const touched: number[] = [];
    for (const r of reached) {
      if (r.len > POSTING_CAP && touched.length > 0) break;
      const w = r.sim * this.tokWeight[r.t];
      for (let i = this.postStart[r.t]; i < this.postStart[r.t + 1]; i++) {
        const n = this.postNames[i];
        if (acc[n] === 0) touched.push(n);
        acc[n] += w;
      }
    }
    let cands = touched;
    if (cands.length > MAX_CANDIDATES) {
      let max = 0;
      for (const n of cands) if (acc[n] > max) max = acc[n];
      cands = cands.filter((n) => acc[n] >= 0.4 * max);
      if (cands.length > MAX_CANDIDATES) cands = cands.sort((a, b) => acc[b] - acc[a]).slice(0, MAX_CANDIDATES);
    }
    for (const n of touched) acc[n] = 0;

    // full scores, best name per entry
    interface Best { score: number; name: number; e: NameSide; cmp: NameComparison; features: Feature[] }
    const best = new Map<number, Best>();
    for (const n of cands) {
      const e = this.side(n);
      const cmp = compareNames(q, e);
      if (cmp.score < minScore - 0.2) continue;
      const flags = this.nameFlags[n];
      const features = nameFeatures(norm, {
        numbers: this.nameNumbers.get(n) ?? [],
        legalForms: this.nameLegal.get(n) ?? [],
        weak: (flags & FLAG_WEAK) !== 0,
        isPerson: (flags & FLAG_PERSON) !== 0,
      });
      const score = applyFeatures(cmp.score, features);
      const ei = this.nameEntry[n];
      const prev = best.get(ei);
      if (!prev || score > prev.score) best.set(ei, { score, name: n, e, cmp, features });
    }
    const hits: (ScreeningHit & { b: Best })[] = [];
    for (const [ei, b] of best) {
      const { list, entry } = this.entries[ei];
      const features = [...b.features, ...entryFeatures(query, entry)];
      const score = applyFeatures(b.cmp.score, features);
      if (score < minScore) continue;
      const name = entry.names[this.nameOrdinal[b.name]].name;
      hits.push({ list, entryId: entry.entryId, name, score, match: score >= threshold, explanation: '', b: { ...b, features } });
    }
    hits.sort((a, b) => b.score - a.score || a.entryId.localeCompare(b.entryId));
    return hits.slice(0, limit).map(({ b, ...hit }) => ({
      ...hit,
      score: Math.round(hit.score * 1000) / 1000,
      explanation: explainHit(query.name, hit.name, q, b.e, b.cmp, b.features, hit.score),
    }));
  }
}

