import { explainHit } from './match.explain.js';
import { PairGrid } from './match.pairing.js';
import {
  applyFeatures,
  compareNames,
  entryFeatures,
  entryFeaturesMaxGain,
  letterSet,
  nameFeatures,
  osaDistance,
  type Feature,
  type NameSide,
  type QueryFacts,
} from './match.score.js';
import { PART_SKETCH, partSketch, querySketch } from './match.sketch.js';
import { normalizeName } from './name.normalize.js';
import { phoneticKey, spellingKey } from './name.phonetic.js';
import { isLegalWord, nameTables } from './name.variants.js';
import { CandidatePicker } from './screening.candidates.js';
import { PartMeetings } from './screening.meetings.js';
import { csr, PartFinder } from './screening.parts.js';
import type { ListEntry, ScreeningHit } from './screening.types.js';

/**
 * In-memory screening index over list entries: candidates come from postings of name parts
 * reached by exact part, by a deletion neighbourhood (one typo; two in long parts) or by
 * phonetic key (screening.parts) — never from a scan of all names — and only the few hundred
 * names whose estimated score is best (screening.candidates) are scored in full
 * (match.score). Storage is columnar (typed arrays indexed by name and part ids), so a
 * million entries cost tens of bytes per part, not an object each.
 */

/** Scores at or above this are matches (chosen on the eval in match.eval.ts; docs/screening.md). */
export const DEFAULT_THRESHOLD = 0.8;
/** Hits below this are not returned at all. */
export const DEFAULT_MIN_SCORE = 0.6;
/** At most this many candidate names are scored in full per query. */
const MAX_CANDIDATES = 200;
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
const FLAG_NUMBERS = 4;
const FLAG_LEGAL = 8;
const NO_STRINGS: string[] = [];

export class ScreeningIndex {
  private readonly entries: IndexedEntry[];
  // names (one row per listed name); a candidate's columns sit together so that scoring it
  // costs few cache misses: [entry, flags | ordinal << 8] and, per part, [part, spelling, weight]
  private readonly nameInfo: Int32Array;
  private readonly nameTokStart: Int32Array;
  private readonly nameParts: Int32Array;
  private readonly namePartWeights: Float32Array;
  private readonly nameNumbers = new Map<number, string[]>();
  private readonly nameLegal = new Map<number, string[]>();
  // parts (vocabulary of canonical tokens) and their spellings
  private readonly vocab = new Map<string, number>();
  private readonly tokStr: string[] = [];
  private readonly tokPhon: string[];
  private readonly tokSpellKey: string[];
  private readonly tokWeight: Float32Array;
  /** 1 where the part is a legal-form word (it weighs as a particle in organisations' names). */
  private readonly tokLegal: Uint8Array;
  private readonly spellStr: string[] = [];
  /** Ids of the distinct spelling keys and phonetic keys of parts (for match.sketch). */
  private readonly keyIds = new Map<string, number>();
  private readonly phonIds = new Map<string, number>();
  private readonly unknownWeight: number;
  private readonly parts: PartFinder;
  private readonly picker: CandidatePicker;
  // per-query scratch
  private readonly meetings: PartMeetings;
  private readonly grid = new PairGrid();
  private eWeights = new Float64Array(16);
  private cFrom = new Int32Array(256);
  private cTo = new Int32Array(256);
  private cScore = new Float64Array(256);
  private gPart = new Int32Array(1024);
  private gSpell = new Int32Array(1024);
  private gWeight = new Float64Array(1024);

  private constructor(entries: IndexedEntry[]) {
    this.entries = entries;
    const { vocab, tokStr, spellStr } = this;
    // a spelling id stands for one (spelling, part) pair: tables may give one spelling two parts
    const spellIds = new Map<string, number>();
    const spellTok: number[] = [];
    const spellingId = (spelling: string, t: number): number => {
      const key = spellTok[spellIds.get(spelling) ?? -1] === t || !spellIds.has(spelling) ? spelling : `${t}\u0000${spelling}`;
      let s = spellIds.get(key);
      if (s === undefined) (s = spellStr.length), spellIds.set(key, s), spellStr.push(spelling), spellTok.push(t);
      return s;
    };
    const info: number[] = [];
    const tokStart: number[] = [0];
    const partRows: number[] = [];
    entries.forEach(({ entry }, ei) => {
      const isPerson = entry.type === 'person';
      entry.names.forEach((listed, ordinal) => {
        const norm = normalizeName(listed.name, isPerson);
        if (!norm.tokens.length) return;
        const id = tokStart.length - 1;
        const flags = (listed.quality === 'weak' ? FLAG_WEAK : 0) | (isPerson ? FLAG_PERSON : 0) |
          (norm.numbers.length ? FLAG_NUMBERS : 0) | (norm.legalForms.length ? FLAG_LEGAL : 0);
        info.push(ei, flags | (ordinal << 8));
        if (norm.numbers.length) this.nameNumbers.set(id, norm.numbers);
        if (norm.legalForms.length) this.nameLegal.set(id, norm.legalForms);
        norm.tokens.forEach((tok, i) => {
          let t = vocab.get(tok);
          if (t === undefined) (t = tokStr.length), vocab.set(tok, t), tokStr.push(tok);
          partRows.push(t, spellingId(norm.spellings[i], t), 0);
        });
        tokStart.push(partRows.length / 3);
      });
    });
    this.nameInfo = Int32Array.from(info);
    this.nameTokStart = Int32Array.from(tokStart);
    this.nameParts = Int32Array.from(partRows);
    this.namePartWeights = new Float32Array(this.nameParts.buffer);
    const nNames = tokStart.length - 1;
    const V = tokStr.length;

    // postings: part → names holding it (once per name), in name order
    const pk: number[] = [];
    const pv: number[] = [];
    for (let n = 0; n < nNames; n++) {
      const from = this.nameTokStart[n];
      const to = this.nameTokStart[n + 1];
      for (let i = from; i < to; i++) {
        const t = this.nameParts[3 * i];
        let dup = false;
        for (let j = from; j < i; j++) if (this.nameParts[3 * j] === t) dup = true;
        if (!dup) pk.push(t), pv.push(n);
      }
    }
    const post = csr(V, pk, pv);

    // weights: inverse document frequency; particles and initials weigh little
    const particles = nameTables().particles;
    this.tokWeight = new Float32Array(V);
    for (let t = 0; t < V; t++) {
      const df = post.start[t + 1] - post.start[t];
      const s = tokStr[t];
      this.tokWeight[t] = particles.has(s) ? PARTICLE_WEIGHT : s.length === 1 ? INITIAL_WEIGHT : 0.5 + Math.log10(1 + nNames / df);
    }
    this.tokLegal = new Uint8Array(V);
    for (let t = 0; t < V; t++) if (isLegalWord(tokStr[t], osaDistance)) this.tokLegal[t] = 1;
    this.unknownWeight = 0.5 + 0.8 * Math.log10(1 + nNames);
    // a part's weight in its name: a legal-form word weighs as a particle in an organisation's name
    const nameWeight = new Float32Array(nNames);
    for (let n = 0; n < nNames; n++) {
      const org = (this.nameInfo[2 * n + 1] & FLAG_PERSON) === 0;
      for (let i = this.nameTokStart[n]; i < this.nameTokStart[n + 1]; i++) {
        const t = this.nameParts[3 * i];
        this.namePartWeights[3 * i + 2] = org && this.tokLegal[t] ? PARTICLE_WEIGHT : this.tokWeight[t];
        nameWeight[n] += this.namePartWeights[3 * i + 2];
      }
    }
    // what a part adds to a name's accumulator: as it weighs in an organisation's name
    const accWeight = new Float32Array(V);
    for (let t = 0; t < V; t++) accWeight[t] = this.tokLegal[t] ? Math.min(PARTICLE_WEIGHT, this.tokWeight[t]) : this.tokWeight[t];
    this.picker = new CandidatePicker({ start: post.start, names: post.ids, partWeight: accWeight, nameWeight });

    this.tokSpellKey = tokStr.map((s) => spellingKey(s));
    this.tokPhon = tokStr.map((s) => phoneticKey(s));
    const tokLetters = Int32Array.from(tokStr, letterSet);
    const keyLetters = Int32Array.from(this.tokSpellKey, letterSet);
    const partSketches = new Int32Array(PART_SKETCH * V);
    const id = (ids: Map<string, number>, key: string) => ids.get(key) ?? (ids.set(key, ids.size), ids.size - 1);
    for (let t = 0; t < V; t++) {
      partSketch(partSketches, t, id(this.keyIds, this.tokSpellKey[t]), id(this.phonIds, this.tokPhon[t]), tokStr[t], this.tokSpellKey[t]);
    }
    this.parts = new PartFinder({ ids: vocab, tokStr, tokSpellKey: this.tokSpellKey, tokPhon: this.tokPhon, keyLetters, partSketches, keyIds: this.keyIds });
    this.meetings = new PartMeetings({ tokStr, tokPhon: this.tokPhon, tokSpellKey: this.tokSpellKey, spellStr, tokLetters, keyLetters, partSketches });
  }

  /** Builds the index over entries (each with the list it comes from). */
  static build(entries: IndexedEntry[]): ScreeningIndex {
    if (entries.length >= 4194304) throw new Error('screening index: too many entries for one index');
    return new ScreeningIndex(entries);
  }

  /** Number of listed names indexed. */
  get nameCount(): number {
    return this.nameTokStart.length - 1;
  }

  /** Number of distinct canonical name parts. */
  get partCount(): number {
    return this.tokStr.length;
  }

  private side(name: number): NameSide {
    const side: NameSide = { tokens: [], spellings: [], phonetic: [], spellKeys: [], weights: [] };
    for (let i = this.nameTokStart[name]; i < this.nameTokStart[name + 1]; i++) {
      const t = this.nameParts[3 * i];
      side.tokens.push(this.tokStr[t]);
      side.spellings.push(this.spellStr[this.nameParts[3 * i + 1]]);
      side.phonetic.push(this.tokPhon[t]);
      side.spellKeys.push(this.tokSpellKey[t]);
      side.weights.push(this.namePartWeights[3 * i + 2]);
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

    const reached: number[] = [];
    const sims: number[] = [];
    norm.tokens.forEach((tok, i) => {
      for (const [t, sim] of this.parts.find(tok, norm.spellings[i])) reached.push(t), sims.push(sim);
    });
    const cands = this.picker.pick(reached, sims, q.weights, MAX_CANDIDATES);

    // full scores, best name per entry; the pairing grid is filled from the per-query
    // meetings of parts, so a candidate costs a few array reads and no allocation
    const sketch: number[] = [];
    norm.tokens.forEach((tok, i) => {
      querySketch(sketch, this.vocab.get(tok) ?? -1, this.keyIds.get(spellKeys[i]) ?? -1, this.phonIds.get(q.phonetic[i]) ?? -1, tok, spellKeys[i], norm.spellings[i]);
    });
    this.meetings.begin(q, sketch);
    interface Best { score: number; name: number; nameScore: number; features: Feature[] }
    const best = new Map<number, Best>();
    const nameScores = this.nameScores(cands, q.weights);
    for (let c = 0; c < cands.length; c++) {
      const n = cands[c];
      const nameScore = nameScores[c];
      if (nameScore < minScore - 0.2) continue;
      const flags = this.nameInfo[2 * n + 1];
      const features = nameFeatures(norm, {
        numbers: flags & FLAG_NUMBERS ? this.nameNumbers.get(n)! : NO_STRINGS,
        legalForms: flags & FLAG_LEGAL ? this.nameLegal.get(n)! : NO_STRINGS,
        weak: (flags & FLAG_WEAK) !== 0,
        isPerson: (flags & FLAG_PERSON) !== 0,
      });
      const score = applyFeatures(nameScore, features);
      const ei = this.nameInfo[2 * n];
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
      const name = entry.names[this.nameInfo[2 * b.name + 1] >> 8].name;
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
   * Name scores of the candidates against the query (as compareNames would give them). The
   * candidates' rows are gathered first, in passes whose reads do not wait on each other, so
   * the cache misses of 200 names scattered over the index overlap instead of coming one
   * after another; the pairing then reads only what was gathered.
   */
  private nameScores(cands: number[], qWeights: number[]): Float64Array {
    const nc = cands.length;
    const { nameTokStart, nameParts, namePartWeights, grid } = this;
    if (nc > this.cFrom.length) (this.cFrom = new Int32Array(2 * nc)), (this.cTo = new Int32Array(2 * nc)), (this.cScore = new Float64Array(2 * nc));
    const { cFrom, cTo, cScore } = this;
    let total = 0;
    for (let c = 0; c < nc; c++) {
      const n = cands[c];
      cFrom[c] = nameTokStart[n];
      cTo[c] = nameTokStart[n + 1];
    }
    for (let c = 0; c < nc; c++) total += cTo[c] - cFrom[c];
    if (total > this.gPart.length) (this.gPart = new Int32Array(2 * total)), (this.gSpell = new Int32Array(2 * total)), (this.gWeight = new Float64Array(2 * total));
    const { gPart, gSpell, gWeight } = this;
    let p = 0;
    for (let c = 0; c < nc; c++) {
      for (let i = cFrom[c]; i < cTo[c]; i++, p++) {
        gPart[p] = nameParts[3 * i];
        gSpell[p] = nameParts[3 * i + 1];
        gWeight[p] = namePartWeights[3 * i + 2];
      }
    }
    const nq = qWeights.length;
    p = 0;
    for (let c = 0; c < nc; c++) {
      const ne = cTo[c] - cFrom[c];
      grid.reset(nq, ne);
      if (ne > this.eWeights.length) this.eWeights = new Float64Array(ne * 2);
      for (let j = 0; j < ne; j++, p++) {
        this.eWeights[j] = gWeight[p];
        const base = this.meetings.lookup(gPart[p], gSpell[p]) * nq;
        const { sims, hows } = this.meetings; // after lookup, which may grow them
        for (let i = 0; i < nq; i++) if (hows[base + i]) grid.set(i, j, sims[base + i], hows[base + i]);
      }
      cScore[c] = grid.score(qWeights, this.eWeights);
    }
    return cScore;
  }
}
