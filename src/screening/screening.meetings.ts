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
 * sketches show the parts cannot meet. Rows [stamp, slot, spelling sketch] per spelling (one
 * cache line) make starting a new query free.
 */
export class PartMeetings {
  private readonly rows: Int32Array;
  private current = 0;
  private slots = 0;
  private sim = new Float64Array(1024);
  private how = new Uint8Array(1024);
  private q: NameSide | null = null;
  private qSketch: number[] = [];
  private readonly oneLetters = new Int32Array(3);
  private readonly one: NameSide = { tokens: [''], spellings: [''], phonetic: [''], spellKeys: [''], weights: [0], letters: this.oneLetters };

  constructor(private readonly cols: SpellingColumns) {
    this.rows = new Int32Array(3 * cols.spellStr.length);
    cols.spellStr.forEach((s, i) => (this.rows[3 * i + 2] = letterSketch(s)));
  }

  /** Starts a query (with its match.sketch query sketches): what was worked out before is forgotten. */
  begin(q: NameSide, sketch: number[]): void {
    this.q = q;
    this.qSketch = sketch;
    this.current++;
    this.slots = 0;
  }

  /**
   * The slot of listed spelling s (of part t) for this query: the meeting of query part i
   * is at slot·(query parts) + i in `sims` and `hows` (how-code 0: they do not meet).
   */
  lookup(t: number, s: number): number {
    const { rows } = this;
    if (rows[3 * s] === this.current) return rows[3 * s + 1];
    const q = this.q!;
    const nq = q.tokens.length;
    const at = this.slots++;
    if ((at + 1) * nq > this.sim.length) this.grow((at + 1) * nq);
    rows[3 * s] = this.current;
    rows[3 * s + 1] = at;
    let loaded = false;
    for (let i = 0; i < nq; i++) {
      this.how[at * nq + i] = 0;
      if (!mayMeet(this.qSketch, i, this.cols.partSketches, t, rows[3 * s + 2])) continue;
      if (!loaded) this.load(t, s), (loaded = true);
      const m = tokenMatch(q, i, this.one, 0);
      if (m) (this.sim[at * nq + i] = m.sim), (this.how[at * nq + i] = HOW_CODE[m.how]);
    }
    return at;
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
    this.oneLetters[1] = letterSet(e.spellings[0]);
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
