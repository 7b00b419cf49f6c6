import { HOW_CODE } from './match.pairing.js';
import { tokenMatch, type NameSide } from './match.score.js';

/** The index's columns a listed spelling is read from. */
export interface SpellingColumns {
  tokStr: string[];
  tokPhon: string[];
  tokSpellKey: string[];
  /** Each spelling id stands for one spelling of one part. */
  spellStr: string[];
  tokLetters: Int32Array;
  keyLetters: Int32Array;
  spellLetters: Int32Array;
}

/**
 * How each query part meets each listed spelling, worked out once per query: candidates
 * share most of their parts (a common surname, "trading", "limited"), so tokenMatch runs
 * once per (query part, spelling) instead of once per candidate. Stamped slots over all
 * spellings ([stamp, slot] side by side: one cache miss) make starting a new query free.
 */
export class PartMeetings {
  private readonly stamps: Int32Array;
  private current = 0;
  private slots = 0;
  private sim = new Float64Array(1024);
  private how = new Uint8Array(1024);
  private q: NameSide | null = null;
  private readonly oneLetters = new Int32Array(3);
  private readonly one: NameSide = { tokens: [''], spellings: [''], phonetic: [''], spellKeys: [''], weights: [0], letters: this.oneLetters };

  constructor(private readonly cols: SpellingColumns) {
    this.stamps = new Int32Array(2 * cols.spellStr.length);
  }

  /** Starts a query: what was worked out for the one before is forgotten. */
  begin(q: NameSide): void {
    this.q = q;
    this.current++;
    this.slots = 0;
  }

  /**
   * The slot of listed spelling s (of part t) for this query: the meeting of query part i
   * is at slot·(query parts) + i in `sims` and `hows` (how-code 0: they do not meet).
   */
  lookup(t: number, s: number): number {
    const q = this.q!;
    const nq = q.tokens.length;
    if (this.stamps[2 * s] === this.current) return this.stamps[2 * s + 1];
    const at = this.slots++;
    if ((at + 1) * nq > this.sim.length) this.grow((at + 1) * nq);
    const e = this.one;
    e.tokens[0] = this.cols.tokStr[t];
    e.spellings[0] = this.cols.spellStr[s];
    e.phonetic[0] = this.cols.tokPhon[t];
    e.spellKeys[0] = this.cols.tokSpellKey[t];
    this.oneLetters[0] = this.cols.tokLetters[t];
    this.oneLetters[1] = this.cols.spellLetters[s];
    this.oneLetters[2] = this.cols.keyLetters[t];
    for (let i = 0; i < nq; i++) {
      const m = tokenMatch(q, i, e, 0);
      this.sim[at * nq + i] = m ? m.sim : 0;
      this.how[at * nq + i] = m ? HOW_CODE[m.how] : 0;
    }
    this.stamps[2 * s] = this.current;
    this.stamps[2 * s + 1] = at;
    return at;
  }

  get sims(): Float64Array {
    return this.sim;
  }

  get hows(): Uint8Array {
    return this.how;
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
