import { TopK } from './screening.select.js';

/**
 * Names worth scoring in full, from the postings of the vocabulary parts a query reaches.
 * Postings are read rarest first into a per-name accumulator of sim × weight; each touched
 * name then gets an estimate of its name score from that matched weight, its own total
 * weight and the query's (the score's formula with the accumulated weight standing for the
 * pairs), and the best `max` by estimate are kept. The estimate, unlike the raw sum, does
 * not favour long names that share many common words with the query.
 *
 * Two kinds of postings touch no name anew, they only add to names already touched:
 * - parts weighing under 1 (particles, initials, legal-form words): a comparison in which
 *   only such parts meet scores 0 (compareNames), so a name met by them alone cannot score;
 * - common parts, once a name first met in them could not reach the kept set any more
 *   (max-score pruning: its accumulated weight is at most what the remaining parts can add),
 *   so the kept set is the same as if every posting had been read.
 */

/** Posting lists longer than this are read only when no rarer part found candidates. */
const POSTING_CAP = 20_000;

export interface Postings {
  start: Int32Array;
  names: Int32Array;
  /** Weight a part adds to a name's accumulator. */
  partWeight: Float32Array;
  /** Σ of each name's part weights as scoring weighs them. */
  nameWeight: Float32Array;
}

export class CandidatePicker {
  /** Accumulator of name n at 2n, its total weight at 2n + 1: one cache line for both. */
  private readonly acc: Float32Array;
  private readonly touched: Int32Array;
  private readonly top = new TopK(0);
  private count = 0;
  private qTotal = 0;

  constructor(private readonly post: Postings) {
    const n = post.nameWeight.length;
    this.acc = new Float32Array(2 * n);
    for (let i = 0; i < n; i++) this.acc[2 * i + 1] = post.nameWeight[i];
    this.touched = new Int32Array(n);
  }

  /** Estimated name score of a name whose matched weight is a and total weight w. */
  private estimate(a: number, w: number): number {
    return (2 * a) / (2 * a + 1.3 * Math.max(0, this.qTotal - a) + 0.5 * Math.max(0, w - a));
  }

  /**
   * The best `max` names (in no particular order) for a query whose parts weigh qWeights and reach
   * vocabulary parts `parts` with similarities `sims`.
   */
  pick(parts: number[], sims: number[], qWeights: number[], max: number): number[] {
    const { start } = this.post;
    const gains = parts.map((t, k) => sims[k] * this.post.partWeight[t]);
    const len = (k: number) => start[parts[k] + 1] - start[parts[k]];
    const byLength = (ks: number[]) => ks.sort((a, b) => len(a) - len(b));
    const weak = byLength(parts.map((_, k) => k).filter((k) => this.post.partWeight[parts[k]] < 1));
    let lists = byLength(parts.map((_, k) => k).filter((k) => this.post.partWeight[parts[k]] >= 1));
    const capped = lists.findIndex((k) => len(k) > POSTING_CAP);
    if (capped > 0) lists = lists.slice(0, capped);
    else if (capped === 0) lists = lists.slice(0, 1);
    // gain and postings of lists[k..], the weak parts' gain included
    const rest = new Float64Array(lists.length + 1);
    const restPostings = new Float64Array(lists.length + 1);
    for (const k of weak) rest[lists.length] += gains[k];
    for (let k = lists.length - 1; k >= 0; k--) {
      rest[k] = rest[k + 1] + gains[lists[k]];
      restPostings[k] = restPostings[k + 1] + len(lists[k]);
    }
    this.qTotal = qWeights.reduce((s, w) => s + w, 0);
    this.count = 0;

    let kept = -1; // the worst estimate among the best `max` touched so far
    let keptAt = 0;
    let k = 0;
    for (; k < lists.length; k++) {
      if (max > 0 && this.count >= max && restPostings[k] > this.count) {
        if (kept < 0 || this.count > 2 * keptAt) (kept = this.keep(max).worstKey()), (keptAt = this.count);
        // a name first met from here on gathers at most rest[k], and scores best with no other part
        if (this.estimate(rest[k], 0) < kept) break;
      }
      this.touch(parts[lists[k]], gains[lists[k]]);
    }
    for (; k < lists.length; k++) this.addToTouched(parts[lists[k]], gains[lists[k]]);
    for (const j of weak) this.addToTouched(parts[j], gains[j]);
    const best = this.keep(max).kept();
    for (let i = 0; i < this.count; i++) this.acc[2 * this.touched[i]] = 0;
    return best;
  }

  /** The best `max` touched names by estimate so far, in the heap. */
  private keep(max: number): TopK {
    const { acc, touched, top } = this;
    top.reset(max);
    for (let i = 0; i < this.count; i++) {
      const n = touched[i];
      top.offer(this.estimate(acc[2 * n], acc[2 * n + 1]), n);
    }
    return top;
  }

  /** Adds w to the names holding part t, touching those not touched yet. */
  private touch(t: number, w: number): void {
    const { acc, touched } = this;
    const names = this.post.names;
    let count = this.count;
    for (let i = this.post.start[t]; i < this.post.start[t + 1]; i++) {
      const n = names[i];
      const a = acc[2 * n];
      // without a branch: whether a name is new is unpredictable, and a mispredicted branch
      // would stop the reads of the next postings from overlapping this one's cache miss
      touched[count] = n;
      count += +(a === 0);
      acc[2 * n] = a + w;
    }
    this.count = count;
  }

  /** Adds w to the touched names that hold part t (no name is touched anew). */
  private addToTouched(t: number, w: number): void {
    const { acc, touched } = this;
    const names = this.post.names;
    const from = this.post.start[t];
    const to = this.post.start[t + 1];
    if (this.count * Math.log2(to - from + 1) * 2 < to - from) {
      // few touched names against a long list: look each up (postings are sorted by name)
      for (let i = 0; i < this.count; i++) {
        const n = touched[i];
        let lo = from;
        let hi = to;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (names[mid] < n) lo = mid + 1;
          else hi = mid;
        }
        if (lo < to && names[lo] === n) acc[2 * n] += w;
      }
      return;
    }
    for (let i = from; i < to; i++) {
      const n = names[i];
      if (acc[2 * n] !== 0) acc[2 * n] += w;
    }
  }
}
