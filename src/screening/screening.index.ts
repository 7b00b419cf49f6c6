import { explainHit } from './match.explain.js';
import { PairGrid } from './match.pairing.js';
import {
  applyFeatures,
  compareNames,
  entryFeatures,
  entryFeaturesMaxGain,
  nameFeatures,
  osaDistance,
  SPELLING_VARIANT_SIM,
  TOKEN_SIM,
  letterSet,
  lettersApart,
  typoBudget,
  type Feature,
  type NameComparison,
  type NameSide,
  type QueryFacts,
} from './match.score.js';
import { normalizeName } from './name.normalize.js';
import { phoneticKey, spellingKey } from './name.phonetic.js';
import { isLegalWord, nameTables } from './name.variants.js';
import { PartMeetings } from './screening.meetings.js';
import { TopK } from './screening.select.js';
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
  /** letterSet of each part's token and spelling key, and of each spelling. */
  private readonly tokLetters: Int32Array;
  private readonly keyLetters: Int32Array;
  private readonly spellLetters: Int32Array;
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
  /** Σ of each name's part weights as scoring weighs them. */
  private readonly nameWeight: Float32Array;
  /** Weight a part adds to a name's accumulator: as scoring weighs it in an organisation's name. */
  private readonly accWeight: Float32Array;
  // per-query scratch
  private readonly acc: Float32Array;
  private readonly touched: Int32Array;
  private readonly meetings: PartMeetings;
  private readonly grid = new PairGrid();
  private readonly top = new TopK(MAX_CANDIDATES);
  private eWeights = new Float64Array(16);

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
    this.touched = new Int32Array(nNames);

    // a spelling names one part (its canonical form) unless tables disagree; -1 marks those
    const spellTok = new Int32Array(spellStr.length).fill(-2);
    for (let i = 0; i < this.nameSpells.length; i++) {
      const s = this.nameSpells[i];
      spellTok[s] = spellTok[s] === -2 || spellTok[s] === this.nameToks[i] ? this.nameToks[i] : -1;
    }
    this.tokLetters = Int32Array.from(tokStr, letterSet);
    this.keyLetters = Int32Array.from(this.tokSpellKey, letterSet);
    this.spellLetters = Int32Array.from(spellStr, letterSet);
    this.meetings = new PartMeetings({ tokStr, tokPhon: this.tokPhon, tokSpellKey: this.tokSpellKey, spellStr, spellTok, tokLetters: this.tokLetters, keyLetters: this.keyLetters, spellLetters: this.spellLetters });
    this.accWeight = new Float32Array(V);
    for (let t = 0; t < V; t++) this.accWeight[t] = this.tokLegal[t] ? Math.min(PARTICLE_WEIGHT, this.tokWeight[t]) : this.tokWeight[t];
    this.nameWeight = new Float32Array(nNames);
    for (let n = 0; n < nNames; n++) {
      let w = 0;
      for (let i = this.nameTokStart[n]; i < this.nameTokStart[n + 1]; i++) w += this.partWeight(n, this.nameToks[i]);
      this.nameWeight[n] = w;
    }
  }

  /** A listed part's weight in name n: a legal-form word weighs as a particle in an organisation's name. */
  private partWeight(n: number, t: number): number {
    return (this.nameFlags[n] & FLAG_PERSON) === 0 && this.tokLegal[t] ? PARTICLE_WEIGHT : this.tokWeight[t];
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
    const keyLetters = letterSet(key);
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
        if (b > 0 && !lettersApart(keyLetters, this.keyLetters[t], b) && osaDistance(key, candKey, b) <= b) out.set(t, TOKEN_SIM.typo);
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
    for (let i = from; i < to; i++) {
      const t = this.nameToks[i];
      side.tokens.push(this.tokStr[t]);
      side.spellings.push(this.spellStr[this.nameSpells[i]]);
      side.phonetic.push(this.tokPhon[t]);
      side.spellKeys.push(this.tokSpellKey[t]);
      side.weights.push(this.partWeight(name, t));
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
    const spellKeys = norm.tokens.map(spellingKey);
    const letters = norm.tokens.flatMap((tok, i) => [letterSet(tok), letterSet(norm.spellings[i]), letterSet(spellKeys[i])]);
    const q: NameSide = { tokens: norm.tokens, spellings: norm.spellings, phonetic: norm.tokens.map(phoneticKey), spellKeys, weights: [], letters };
    for (const tok of norm.tokens) {
      const t = this.vocab.get(tok);
      const legal = query.type !== 'person' && (t !== undefined ? this.tokLegal[t] === 1 : isLegalWord(tok, osaDistance) || isLegalWord(spellingKey(tok), osaDistance));
      q.weights.push(particles.has(tok) || legal ? PARTICLE_WEIGHT : tok.length === 1 ? INITIAL_WEIGHT : t !== undefined ? this.tokWeight[t] : this.unknownWeight);
    }

    const cands = this.candidates(norm.tokens, norm.spellings, q.weights);

    // full scores, best name per entry; the pairing grid is filled from the per-query
    // meetings of parts, so a candidate costs a few array reads and no allocation
    this.meetings.begin(q);
    interface Best { score: number; name: number; nameScore: number; features: Feature[] }
    const best = new Map<number, Best>();
    for (const n of cands) {
      const nameScore = this.nameScore(n, q.weights);
      if (nameScore < minScore - 0.2) continue;
      const flags = this.nameFlags[n];
      const features = nameFeatures(norm, {
        numbers: this.nameNumbers.get(n) ?? [],
        legalForms: this.nameLegal.get(n) ?? [],
        weak: (flags & FLAG_WEAK) !== 0,
        isPerson: (flags & FLAG_PERSON) !== 0,
      });
      const score = applyFeatures(nameScore, features);
      const ei = this.nameEntry[n];
      const prev = best.get(ei);
      if (!prev || score > prev.score) best.set(ei, { score, name: n, nameScore, features });
    }
    const hits: (ScreeningHit & { b: Best })[] = [];
    const gain = entryFeaturesMaxGain(query);
    for (const [ei, b] of best) {
      if (b.score + gain < minScore) continue; // the entry's country and dates cannot lift it
      const { list, entry } = this.entries[ei];
      const features = [...b.features, ...entryFeatures(query, entry)];
      const score = applyFeatures(b.nameScore, features);
      if (score < minScore) continue;
      const name = entry.names[this.nameOrdinal[b.name]].name;
      hits.push({ list, entryId: entry.entryId, name, score, match: score >= threshold, explanation: '', b: { ...b, features } });
    }
    hits.sort((a, b) => b.score - a.score || a.entryId.localeCompare(b.entryId));
    return hits.slice(0, limit).map(({ b, ...hit }) => {
      // the pairs behind the explanation: compareNames scores as nameScore did, to the bit
      const e = this.side(b.name);
      const cmp = compareNames(q, e);
      return { ...hit, score: Math.round(hit.score * 1000) / 1000, explanation: explainHit(query.name, hit.name, q, e, cmp, b.features, hit.score) };
    });
  }

  /**
   * Names worth scoring in full: postings of the parts the query reaches are read rarest
   * first into a per-name accumulator of sim × weight; each touched name then gets an
   * estimate of its name score from that matched weight, its own total weight and the
   * query's (the score's formula with the accumulated weight standing for the pairs), and
   * the best MAX_CANDIDATES by estimate are kept. The estimate, unlike the raw sum, does not
   * favour long names that share many common words with the query.
   *
   * Common parts come last and are read only for names already touched once a name first met
   * in them could not reach the kept set any more (max-score pruning: its accumulated weight
   * is at most what the remaining parts can add); the kept set is the same as if every
   * posting had been read.
   */
  private candidates(tokens: string[], spellings: string[], qWeights: number[]): number[] {
    const parts: number[] = [];
    const gains: number[] = [];
    tokens.forEach((tok, i) => {
      for (const [t, sim] of this.partCandidates(tok, spellings[i])) parts.push(t), gains.push(sim * this.accWeight[t]);
    });
    const len = (k: number) => this.postStart[parts[k] + 1] - this.postStart[parts[k]];
    const byLength = (ks: number[]) => ks.sort((a, b) => len(a) - len(b));
    // particles, initials and legal-form words never make a comparison score on their own
    // (compareNames needs a pair of weight ≥ 1), so their postings touch no name anew
    const weak = byLength(parts.map((_, k) => k).filter((k) => this.accWeight[parts[k]] < 1));
    let lists = byLength(parts.map((_, k) => k).filter((k) => this.accWeight[parts[k]] >= 1));
    // a posting list over POSTING_CAP is read only when nothing rarer was reached
    const capped = lists.findIndex((k) => len(k) > POSTING_CAP);
    if (capped > 0) lists = lists.slice(0, capped);
    else if (capped === 0) lists = lists.slice(0, 1);
    const rest = new Float64Array(lists.length + 1); // gain and postings of lists[k..], weak parts' gain included
    const restPostings = new Float64Array(lists.length + 1);
    for (const k of weak) rest[lists.length] += gains[k];
    for (let k = lists.length - 1; k >= 0; k--) {
      rest[k] = rest[k + 1] + gains[lists[k]];
      restPostings[k] = restPostings[k + 1] + len(lists[k]);
    }
    let qTotal = 0;
    for (const w of qWeights) qTotal += w;
    const estimate = (a: number, nameWeight: number) => (2 * a) / (2 * a + 1.3 * Math.max(0, qTotal - a) + 0.5 * Math.max(0, nameWeight - a));

    const { acc, touched } = this;
    let count = 0;
    let kept = -1; // the worst estimate among the best MAX_CANDIDATES touched so far
    let keptAt = 0;
    let k = 0;
    for (; k < lists.length; k++) {
      if (count >= MAX_CANDIDATES && restPostings[k] > count) {
        if (kept < 0 || count > 2 * keptAt) (kept = this.keptEstimate(count, estimate)), (keptAt = count);
        // a name first met from here on gathers at most rest[k], and scores best with no other part
        if (estimate(rest[k], 0) < kept) break;
      }
      const t = parts[lists[k]];
      const w = gains[lists[k]];
      for (let i = this.postStart[t]; i < this.postStart[t + 1]; i++) {
        const n = this.postNames[i];
        if (acc[n] === 0) touched[count++] = n;
        acc[n] += w;
      }
    }
    for (; k < lists.length; k++) this.addToTouched(parts[lists[k]], gains[lists[k]], count);
    for (const k of weak) this.addToTouched(parts[k], gains[k], count);

    const top = this.top;
    top.reset(MAX_CANDIDATES);
    for (let i = 0; i < count; i++) {
      const n = touched[i];
      top.offer(estimate(acc[n], this.nameWeight[n]), n);
      acc[n] = 0;
    }
    return top.drain();
  }

  /** The MAX_CANDIDATES-th best estimate among the first `count` touched names. */
  private keptEstimate(count: number, estimate: (a: number, nameWeight: number) => number): number {
    const top = this.top;
    top.reset(MAX_CANDIDATES);
    for (let i = 0; i < count; i++) {
      const n = this.touched[i];
      top.offer(estimate(this.acc[n], this.nameWeight[n]), n);
    }
    return top.worstKey();
  }

  /** Adds w to the accumulator of the touched names that hold part t (no name is touched anew). */
  private addToTouched(t: number, w: number, count: number): void {
    const { acc, touched, postNames } = this;
    const from = this.postStart[t];
    const to = this.postStart[t + 1];
    if (count * Math.log2(to - from + 1) * 2 < to - from) {
      // few touched names against a long list: look each up (postings are sorted by name)
      for (let i = 0; i < count; i++) {
        const n = touched[i];
        let lo = from;
        let hi = to;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (postNames[mid] < n) lo = mid + 1;
          else hi = mid;
        }
        if (lo < to && postNames[lo] === n) acc[n] += w;
      }
      return;
    }
    for (let i = from; i < to; i++) {
      const n = postNames[i];
      if (acc[n] !== 0) acc[n] += w;
    }
  }

  /** Name score of query against listed name n (as compareNames would give it). */
  private nameScore(n: number, qWeights: number[]): number {
    const from = this.nameTokStart[n];
    const ne = this.nameTokStart[n + 1] - from;
    const nq = qWeights.length;
    const grid = this.grid;
    grid.reset(nq, ne);
    if (ne > this.eWeights.length) this.eWeights = new Float64Array(ne * 2);
    for (let j = 0; j < ne; j++) {
      const t = this.nameToks[from + j];
      this.eWeights[j] = this.partWeight(n, t);
      const base = this.meetings.lookup(t, this.nameSpells[from + j]) * nq;
      const { sims, hows } = this.meetings; // after lookup, which may grow them
      for (let i = 0; i < nq; i++) if (hows[base + i]) grid.set(i, j, sims[base + i], hows[base + i]);
    }
    return grid.score(qWeights, this.eWeights);
  }
}

