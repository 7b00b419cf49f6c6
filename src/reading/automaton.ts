/**
 * Aho-Corasick automaton over normalised text (see normalize.ts), built on typed arrays.
 *
 * Layout
 * - Alphabet: the distinct UTF-16 code units of the patterns, in code order, get classes
 *   1..A-1; class 0 stands for every other character (it always leads back to the root).
 * - States are numbered breadth-first, so a state's children have consecutive ids
 *   (`firstChild[s] .. firstChild[s+1]-1`) and every failure link points to a smaller id.
 * - The first D states (the shallow ones, where a scan spends nearly all its time) get a
 *   dense row of A resolved transitions (a DFA row: failure links already followed). A row
 *   entry is the target's row offset (`target * A`) when the target is dense and has no
 *   output — the common case, one load and one compare per character — and `~target`
 *   otherwise (the target has output, or is a deep "sparse" state).
 * - Deep states (id ≥ D) keep only their trie edges; from them the scan follows failure
 *   links until it finds an edge or reaches a dense state. D is chosen so that the dense
 *   table stays within a memory budget (`maxDenseEntries`, default 4 Mi entries = 16 MB).
 * - Output: `termHead[s]` lists the patterns ending exactly at s (linked through
 *   `termNext`), `dictLink[s]` is the nearest state on s's failure chain that ends a pattern.
 *
 * Matching semantics of `scan` (word boundaries of the normalised text, where the only
 * separator is a space):
 * - a match starts at the start of the text or just after a space;
 * - it ends at the end of the text or just before a space, or — tolerance for English
 *   plurals — the pattern is followed by "s" (LAV → "LAVs", drone → "drones") or, when the
 *   pattern ends in s, x, z, ch or sh, by "es" (Sinaloa boss → "bosses"), and then a
 *   boundary; the reported end then includes the suffix.
 * - Possessives need no rule: "Turkey’s" normalises to "turkey s", so "turkey" ends at a
 *   boundary; "Houthis’" is "houthis " (plural rule). Irregular plurals ("militia" →
 *   "militias" works, "party" → "parties" does not) need their own pattern.
 * Every occurrence is reported, overlapping and nested ones included; choosing among them
 * is the caller's job. `scanRaw` reports every occurrence without any boundary rule (classic
 * Aho-Corasick; used to cross-check against other implementations).
 */

const SPACE = 32;
const CH_S = 115;
const CH_E = 101;

export type MatchCallback = (patternId: number, start: number, end: number) => void;

export interface AutomatonOptions {
  /** Upper bound on dense-table entries (states × alphabet); default 4,194,304. */
  maxDenseEntries?: number;
}

export interface AutomatonStats {
  patterns: number;
  states: number;
  denseStates: number;
  alphabet: number;
  /** Bytes held in typed arrays. */
  bytes: number;
}

export class Automaton {
  private constructor(
    private readonly classOf: Uint8Array | Uint16Array,
    private readonly A: number,
    private readonly D: number,
    private readonly dense: Int32Array,
    private readonly fail: Int32Array,
    private readonly firstChild: Int32Array,
    private readonly stateClass: Uint16Array,
    private readonly termHead: Int32Array,
    private readonly termNext: Int32Array,
    private readonly dictLink: Int32Array,
    private readonly hasOut: Uint8Array,
    private readonly patLen: Int32Array,
    /** 1 when the pattern ends in s, x, z, ch or sh (takes the "es" plural). */
    private readonly sibilant: Uint8Array,
  ) {}

  /**
   * Builds the automaton. `patterns` must already be in matching form (normalizeName);
   * pattern ids are their indices. Duplicates are allowed (each id is reported); empty
   * patterns never match.
   */
  static build(patterns: readonly string[], opts: AutomatonOptions = {}): Automaton {
    const P = patterns.length;
    const maxDenseEntries = opts.maxDenseEntries ?? 4 * 1024 * 1024;

    // Alphabet.
    const seen = new Uint8Array(0x10000);
    let total = 0;
    let maxLen = 0;
    for (let p = 0; p < P; p++) {
      const s = patterns[p];
      total += s.length;
      if (s.length > maxLen) maxLen = s.length;
      for (let i = 0; i < s.length; i++) seen[s.charCodeAt(i)] = 1;
    }
    let A = 1;
    for (let c = 0; c < 0x10000; c++) if (seen[c]) A++;
    const classOf = A <= 256 ? new Uint8Array(0x10000) : new Uint16Array(0x10000);
    for (let c = 0, k = 1; c < 0x10000; c++) if (seen[c]) classOf[c] = k++;

    // Trie in creation order, from the sorted patterns: each pattern shares its longest
    // common prefix with the previous one, so a parent's children are created in class order.
    const order = new Int32Array(P);
    for (let p = 0; p < P; p++) order[p] = p;
    order.sort((a, b) => {
      const x = patterns[a];
      const y = patterns[b];
      return x < y ? -1 : x > y ? 1 : a - b;
    });
    const cap = total + 1;
    const parent = new Int32Array(cap);
    const cls0 = new Uint16Array(cap);
    const term0 = new Int32Array(P).fill(-1); // pattern → creation node
    const path = new Int32Array(maxLen + 1);
    let M = 1;
    let prev = '';
    for (let k = 0; k < P; k++) {
      const p = order[k];
      const s = patterns[p];
      if (s.length === 0) continue;
      let l = 0;
      const lim = Math.min(prev.length, s.length);
      while (l < lim && prev.charCodeAt(l) === s.charCodeAt(l)) l++;
      for (let i = l; i < s.length; i++) {
        parent[M] = path[i];
        cls0[M] = classOf[s.charCodeAt(i)];
        path[i + 1] = M++;
      }
      term0[p] = path[s.length];
      prev = s;
    }

    // Children lists (counting sort by parent keeps class order), then BFS renumbering.
    const childStart = new Int32Array(M + 1);
    for (let v = 1; v < M; v++) childStart[parent[v] + 1]++;
    for (let u = 0; u < M; u++) childStart[u + 1] += childStart[u];
    const fillPos = childStart.slice(0, M);
    const childList = new Int32Array(Math.max(0, M - 1));
    for (let v = 1; v < M; v++) childList[fillPos[parent[v]]++] = v;
    const newId = new Int32Array(M);
    const bfs = new Int32Array(M);
    const firstChild = new Int32Array(M + 1);
    const stateClass = new Uint16Array(M);
    let tail = 1;
    for (let head = 0; head < M; head++) {
      const u = bfs[head];
      firstChild[head] = tail;
      for (let k = childStart[u]; k < childStart[u + 1]; k++) {
        const v = childList[k];
        newId[v] = tail;
        stateClass[tail] = cls0[v];
        bfs[tail++] = v;
      }
    }
    firstChild[M] = M;
    const N = M;

    const termHead = new Int32Array(N).fill(-1);
    const termNext = new Int32Array(P).fill(-1);
    const patLen = new Int32Array(P);
    const sibilant = new Uint8Array(P);
    for (let k = P - 1; k >= 0; k--) {
      // Reverse sorted order so each state's list ends up in ascending pattern order of
      // equal strings (stable, deterministic).
      const p = order[k];
      const s = patterns[p];
      patLen[p] = s.length;
      const n = s.length;
      const last = n > 0 ? s.charCodeAt(n - 1) : 0;
      const prevC = n > 1 ? s.charCodeAt(n - 2) : 0;
      sibilant[p] = last === 115 || last === 120 || last === 122 || (last === 104 && (prevC === 99 || prevC === 115)) ? 1 : 0;
      if (term0[p] < 0) continue;
      const st = newId[term0[p]];
      termNext[p] = termHead[st];
      termHead[st] = p;
    }

    // Failure links, dictionary links and dense rows, breadth first.
    const D = Math.max(1, Math.min(N, Math.floor(maxDenseEntries / A)));
    const dense = new Int32Array(D * A);
    const fail = new Int32Array(N);
    const dictLink = new Int32Array(N).fill(-1);
    const hasOut = new Uint8Array(N);
    const enc = (t: number) => (t < D && hasOut[t] === 0 ? t * A : ~t);
    const delta = (f: number, c: number): number => {
      for (;;) {
        if (f < D) {
          const v = dense[f * A + c];
          return v >= 0 ? v / A : ~v;
        }
        for (let k = firstChild[f], e = firstChild[f + 1]; k < e; k++) if (stateClass[k] === c) return k;
        f = fail[f];
      }
    };
    if (termHead[0] >= 0) hasOut[0] = 1; // only if an empty pattern were inserted (never)
    for (let x = 0; x < N; x++) {
      const c0 = firstChild[x];
      const c1 = firstChild[x + 1];
      for (let y = c0; y < c1; y++) {
        const f = x === 0 ? 0 : delta(fail[x], stateClass[y]);
        fail[y] = f;
        dictLink[y] = termHead[f] >= 0 ? f : dictLink[f];
        hasOut[y] = termHead[y] >= 0 || dictLink[y] >= 0 ? 1 : 0;
      }
      if (x < D) {
        const row = x * A;
        if (x === 0) {
          for (let c = 0; c < A; c++) dense[c] = 0;
        } else {
          dense.copyWithin(row, fail[x] * A, fail[x] * A + A);
        }
        for (let y = c0; y < c1; y++) dense[row + stateClass[y]] = enc(y);
      }
    }

    return new Automaton(classOf, A, D, dense, fail, firstChild, stateClass, termHead, termNext, dictLink, hasOut, patLen, sibilant);
  }

  get stats(): AutomatonStats {
    const arrays = [this.classOf, this.dense, this.fail, this.firstChild, this.stateClass, this.termHead, this.termNext, this.dictLink, this.hasOut, this.patLen, this.sibilant];
    return {
      patterns: this.patLen.length,
      states: this.fail.length,
      denseStates: this.D,
      alphabet: this.A,
      bytes: arrays.reduce((s, a) => s + a.byteLength, 0),
    };
  }

  /** Length of pattern `id` in its matching form. */
  patternLength(id: number): number {
    return this.patLen[id];
  }

  /** Every match at word boundaries (see module doc); offsets are in `norm`, end exclusive. */
  scan(norm: string, onMatch: MatchCallback): void {
    this.run(norm, onMatch, true);
  }

  /** Every occurrence of every pattern, no boundary rule (plain Aho-Corasick). */
  scanRaw(norm: string, onMatch: MatchCallback): void {
    this.run(norm, onMatch, false);
  }

  /** Number of raw occurrences (as `scanRaw` would report), without a callback. */
  countRaw(norm: string): number {
    let count = 0;
    this.run(norm, () => count++, false);
    return count;
  }

  private run(norm: string, onMatch: MatchCallback, bounded: boolean): void {
    const { classOf, A, D, dense, fail, firstChild, stateClass, hasOut } = this;
    const n = norm.length;
    let s = 0; // row offset of the current (dense, output-free) state
    outer: for (let i = 0; i < n; i++) {
      const t = dense[s + classOf[norm.charCodeAt(i)]];
      if (t >= 0) {
        s = t;
        continue;
      }
      // Slow path: the new state has output, or is a deep state without a dense row.
      let u = ~t;
      for (;;) {
        if (hasOut[u] !== 0) this.emit(norm, u, i + 1, onMatch, bounded);
        if (u < D) {
          s = u * A;
          continue outer;
        }
        if (++i >= n) return;
        const c = classOf[norm.charCodeAt(i)];
        let f = u;
        let next = -1;
        while (f >= D) {
          for (let k = firstChild[f], e = firstChild[f + 1]; k < e; k++) {
            if (stateClass[k] === c) {
              next = k;
              break;
            }
          }
          if (next >= 0) break;
          f = fail[f];
        }
        if (next < 0) {
          const v = dense[f * A + c];
          if (v >= 0) {
            s = v;
            continue outer;
          }
          next = ~v;
        }
        u = next;
      }
    }
  }

  private emit(norm: string, u: number, end: number, onMatch: MatchCallback, bounded: boolean): void {
    const { termHead, termNext, dictLink, patLen } = this;
    let x = termHead[u] >= 0 ? u : dictLink[u];
    while (x >= 0) {
      for (let p = termHead[x]; p >= 0; p = termNext[p]) {
        const start = end - patLen[p];
        if (!bounded) {
          onMatch(p, start, end);
          continue;
        }
        if (start > 0 && norm.charCodeAt(start - 1) !== SPACE) continue;
        const n = norm.length;
        if (end === n) {
          onMatch(p, start, end);
          continue;
        }
        const c = norm.charCodeAt(end);
        if (c === SPACE) onMatch(p, start, end);
        else if (c === CH_S) {
          if (end + 1 === n || norm.charCodeAt(end + 1) === SPACE) onMatch(p, start, end + 1);
        } else if (c === CH_E && this.sibilant[p] === 1 && end + 1 < n && norm.charCodeAt(end + 1) === CH_S) {
          if (end + 2 === n || norm.charCodeAt(end + 2) === SPACE) onMatch(p, start, end + 2);
        }
      }
      x = dictLink[x];
    }
  }
}
