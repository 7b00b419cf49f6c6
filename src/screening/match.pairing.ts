/**
 * The greedy pairing of name parts behind a name score, over a grid of part similarities
 * that the caller fills: compareNames fills it with tokenMatch, the index from its per-query
 * memo of part meetings. One grid is reused for every comparison, so scoring a candidate
 * allocates nothing; both paths share this arithmetic, so their scores are the same to the bit.
 */

/** How two parts met, as stored in the grid; 0 is "did not meet". */
export const HOW_CODES = ['', 'exact', 'variant', 'typo', 'phonetic', 'initial'] as const;
export const HOW_CODE = { exact: 1, variant: 2, typo: 3, phonetic: 4, initial: 5 } as const;
const HOW_INITIAL = HOW_CODE.initial;

/** How much an unmatched listed part counts against the score, relative to its weight. */
const MISSING_FACTOR = 0.5;
/** How much an unmatched query part counts: a part the listed name lacks speaks against it. */
const EXTRA_FACTOR = 1.3;
/** Weight of an initial meeting a full part: an initial identifies little. */
const INITIAL_WEIGHT = 0.8;

export class PairGrid {
  nq = 0;
  ne = 0;
  /** Similarity and how-code of query part i and listed part j at i·ne + j. */
  sim = new Float64Array(64);
  how = new Uint8Array(64);
  qUsed = new Uint8Array(8);
  eUsed = new Uint8Array(8);
  /** Cells (i·ne + j) of the pairs taken, in the order they were taken. */
  chosen = new Int32Array(8);
  chosenCount = 0;
  private order = new Int32Array(64);

  /** Clears the grid for a comparison of nq query parts with ne listed parts. */
  reset(nq: number, ne: number): void {
    const cells = nq * ne;
    if (cells > this.sim.length) {
      const size = Math.max(cells, this.sim.length * 2);
      this.sim = new Float64Array(size);
      this.how = new Uint8Array(size);
      this.order = new Int32Array(size);
    }
    if (Math.max(nq, ne) > this.qUsed.length) {
      const size = Math.max(nq, ne, this.qUsed.length * 2);
      this.qUsed = new Uint8Array(size);
      this.eUsed = new Uint8Array(size);
      this.chosen = new Int32Array(size);
    }
    this.nq = nq;
    this.ne = ne;
    this.how.fill(0, 0, cells);
    this.qUsed.fill(0, 0, nq);
    this.eUsed.fill(0, 0, ne);
    this.chosenCount = 0;
  }

  /** Query part i and listed part j meet with this similarity, in the way of this how-code. */
  set(i: number, j: number, sim: number, how: number): void {
    this.sim[i * this.ne + j] = sim;
    this.how[i * this.ne + j] = how;
  }

  /**
   * Pairs parts greedily, best similarity (then heaviest listed part) first, each part at
   * most once, and returns the weighted share of both names the pairs cover:
   * Σ sim·2w over pairs / (Σ 2w over pairs + 1.3 Σ w of unpaired query parts + ½ Σ w of
   * unpaired listed parts); 0 when only particles or initials meet.
   */
  score(qWeights: ArrayLike<number>, eWeights: ArrayLike<number>): number {
    const { nq, ne, sim, how, order } = this;
    // cells that met, in row order, then a stable insertion sort: ties keep row order
    let count = 0;
    for (let c = 0; c < nq * ne; c++) {
      if (how[c] === 0) continue;
      const s = sim[c];
      const w = eWeights[c % ne];
      let k = count++;
      while (k > 0) {
        const prev = order[k - 1];
        const ps = sim[prev];
        if (ps > s || (ps === s && eWeights[prev % ne] >= w)) break;
        order[k] = prev;
        k--;
      }
      order[k] = c;
    }
    let num = 0;
    let den = 0;
    let solid = false;
    for (let k = 0; k < count; k++) {
      const c = order[k];
      const i = (c / ne) | 0;
      const j = c - i * ne;
      if (this.qUsed[i] || this.eUsed[j]) continue;
      this.qUsed[i] = 1;
      this.eUsed[j] = 1;
      this.chosen[this.chosenCount++] = c;
      const initial = how[c] === HOW_INITIAL;
      const w = initial ? Math.min(eWeights[j], INITIAL_WEIGHT) : eWeights[j];
      num += sim[c] * 2 * w;
      den += 2 * w;
      if (!initial && eWeights[j] >= 1) solid = true;
    }
    for (let i = 0; i < nq; i++) if (!this.qUsed[i]) den += EXTRA_FACTOR * qWeights[i];
    for (let j = 0; j < ne; j++) if (!this.eUsed[j]) den += MISSING_FACTOR * eWeights[j];
    return solid && den > 0 ? num / den : 0;
  }
}
