/**
 * The k best of many (key, id) pairs in one pass: a bounded min-heap on typed arrays, so
 * picking a few hundred candidates out of tens of thousands costs n·log k comparisons and
 * no allocation, where sorting them all cost milliseconds. Equal keys go to the lower id
 * (the name indexed first), so the choice does not depend on the order names were reached.
 */
export class TopK {
  private keys: Float64Array;
  private ids: Int32Array;
  private size = 0;

  constructor(private capacity: number) {
    this.keys = new Float64Array(capacity);
    this.ids = new Int32Array(capacity);
  }

  /** Empties the heap; `capacity` may change between uses. */
  reset(capacity: number): void {
    if (capacity > this.keys.length) {
      this.keys = new Float64Array(capacity);
      this.ids = new Int32Array(capacity);
    }
    this.capacity = capacity;
    this.size = 0;
  }

  /** Whether (ka, ia) ranks below (kb, ib). */
  private static below(ka: number, ia: number, kb: number, ib: number): boolean {
    return ka < kb || (ka === kb && ia > ib);
  }

  offer(key: number, id: number): void {
    const { keys, ids } = this;
    if (this.size < this.capacity) {
      let i = this.size++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (!TopK.below(key, id, keys[p], ids[p])) break;
        keys[i] = keys[p];
        ids[i] = ids[p];
        i = p;
      }
      keys[i] = key;
      ids[i] = id;
      return;
    }
    if (this.capacity === 0 || !TopK.below(keys[0], ids[0], key, id)) return;
    // replace the root (the worst kept) and sift down
    let i = 0;
    const n = this.size;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && TopK.below(keys[r], ids[r], keys[l], ids[l]) ? r : l;
      if (!TopK.below(keys[c], ids[c], key, id)) break;
      keys[i] = keys[c];
      ids[i] = ids[c];
      i = c;
    }
    keys[i] = key;
    ids[i] = id;
  }

  /** The worst key kept (the k-th best once k were offered); -Infinity while empty. */
  worstKey(): number {
    return this.size ? this.keys[0] : -Infinity;
  }

  /** The ids kept, in heap order: callers that need an order sort by their own score. */
  kept(): number[] {
    return Array.from(this.ids.subarray(0, this.size));
  }
}
