import { HOW_CODE } from './match.pairing.js';
import { letterSet, tokenMatch, type NameSide } from './match.score.js';
import { letterSketch, mayMeet } from './match.sketch.js';

/** The index's columns a listed spelling is read from. */
export interface SpellingColumns {
  tokStr: string[];
  tokPhon: string[];
  tokSpellKey: string[];
  /** Each spelling id stands for one spelling of one part. */
  spellStr: string[];
  tokLetters: Int32Array;
  keyLetters: Int32Array;
  /** match.sketch part sketches of the vocabulary. */
  partSketches: Int32Array;
}

/**
 * How each query part meets each listed spelling, worked out once per query: candidates
 * share most of their parts (a common surname, "trading", "limited"), so tokenMatch runs
 * once per (query part, spelling) instead of once per candidate, and not at all where the
 * sketches show the parts cannot meet. The memo is a small per-query hash table (spelling →
 * slot, entries stamped with the query), so a lookup stays in the processor's nearest cache
 * instead of missing in a row per spelling of the whole index, and starting a query is free.
 */
export class PartMeetings {
  /** Letter sketch of each spelling (read when a spelling is first met in a query). */
  private readonly spellSketch: Int32Array;
  /** letterSet of each spelling, so that loading one for tokenMatch reads no characters. */
  private readonly spellLetters: Int32Array;
  /** Open-addressing table of [stamp, spelling, slot]; entries of earlier queries are stale. */
  private table = new Int32Array(3 * 1024);
  private mask = 1023;
  private current = 0;
  private slots = 0;
  private sim = new Float64Array(1024);
  private how = new Uint8Array(1024);
  private q: NameSide | null = null;
  private qSketch: number[] = [];
  private readonly oneLetters = new Int32Array(3);
  private readonly one: NameSide = { tokens: [''], spellings: [''], phonetic: [''], spellKeys: [''], weights: [0], letters: this.oneLetters };

  constructor(private readonly cols: SpellingColumns) {
    this.spellSketch = Int32Array.from(cols.spellStr, letterSketch);
    this.spellLetters = Int32Array.from(cols.spellStr, letterSet);
  }

  /** Starts a query (with its match.sketch query sketches): what was worked out before is forgotten. */
  begin(q: NameSide, sketch: number[]): void {
    this.q = q;
    this.qSketch = sketch;
    if (++this.current === 0x40000000) (this.current = 1), this.table.fill(0);
    this.slots = 0;
  }

  /**
   * The slot of listed spelling s (of part t) for this query: the meeting of query part i
   * is at slot·(query parts) + i in `sims` and `hows` (how-code 0: they do not meet).
   */
  lookup(t: number, s: number): number {
    const { table, current } = this;
    let h = Math.imul(s, 0x9e3779b1) >>> 12 & this.mask;
    while (table[3 * h] === current) {
      if (table[3 * h + 1] === s) return table[3 * h + 2];
      h = (h + 1) & this.mask;
    }
    const at = this.slots++;
    table[3 * h] = current;
    table[3 * h + 1] = s;
    table[3 * h + 2] = at;
    if (2 * this.slots > this.mask) this.rehash();
    const q = this.q!;
    const nq = q.tokens.length;
    if ((at + 1) * nq > this.sim.length) this.grow((at + 1) * nq);
    const sketch = this.spellSketch[s];
    let loaded = false;
    for (let i = 0; i < nq; i++) {
      this.how[at * nq + i] = 0;
      if (!mayMeet(this.qSketch, i, this.cols.partSketches, t, sketch)) continue;
      if (!loaded) this.load(t, s), (loaded = true);
      const m = tokenMatch(q, i, this.one, 0);
      if (m) (this.sim[at * nq + i] = m.sim), (this.how[at * nq + i] = HOW_CODE[m.how]);
    }
    return at;
  }

  /** Doubles the table, keeping this query's entries. */
  private rehash(): void {
    const old = this.table;
    this.mask = 2 * this.mask + 1;
    this.table = new Int32Array(3 * (this.mask + 1));
    for (let i = 0; i < old.length; i += 3) {
      if (old[i] !== this.current) continue;
      let h = Math.imul(old[i + 1], 0x9e3779b1) >>> 12 & this.mask;
      while (this.table[3 * h] === this.current) h = (h + 1) & this.mask;
      this.table.set(old.subarray(i, i + 3), 3 * h);
    }
  }

  get sims(): Float64Array {
    return this.sim;
  }

  get hows(): Uint8Array {
    return this.how;
  }

  /** Listed part t under spelling s as a one-part side for tokenMatch. */
  private load(t: number, s: number): void {
    const e = this.one;
    e.tokens[0] = this.cols.tokStr[t];
    e.spellings[0] = this.cols.spellStr[s];
    e.phonetic[0] = this.cols.tokPhon[t];
    e.spellKeys[0] = this.cols.tokSpellKey[t];
    this.oneLetters[0] = this.cols.tokLetters[t];
    this.oneLetters[1] = this.spellLetters[s];
    this.oneLetters[2] = this.cols.keyLetters[t];
  }

  private grow(size: number): void {
    const sim = new Float64Array(size * 2);
    const how = new Uint8Array(size * 2);
    sim.set(this.sim);
    how.set(this.how);
    this.sim = sim;
    this.how = how;
  }
}
