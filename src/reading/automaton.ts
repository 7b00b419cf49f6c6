/**
 * Aho-Corasick automaton for the gazetteer, built on typed arrays. It scans the ORIGINAL text:
 * each UTF-16 code unit is folded to its matching form by table (normalize.ts: lower case,
 * no diacritics, every separator one class) on the fly, so no normalised copy of the text
 * and no offset map is ever built, and matches are reported with original offsets.
 *
 * Layout
 * - Alphabet: the distinct units of the patterns (in matching form), in code order, get
 *   classes 1..A-2; class 0 stands for every other character (it always leads back to the
 *   root) and class A-1 (SPECIAL) for code units that need more than a table look-up:
 *   invisible ones (soft hyphen, combining marks: they leave the state alone), those whose
 *   matching form is several units (ß → "ss": each unit is fed in turn), surrogates, and
 *   non-ASCII ones not seen yet. `cls` maps an original code unit straight to its class; a
 *   non-ASCII unit whose fold turns out to be one unit is patched into `cls` the first time
 *   it is seen, so from then on it costs what ASCII costs.
 * - States are numbered breadth-first, so a state's children have consecutive ids
 *   (`firstChild[s] .. firstChild[s+1]-1`) and every failure link points to a smaller id.
 * - The first D states (the shallow ones, where a scan spends nearly all its time) get a
 *   dense row of A resolved transitions (a DFA row: failure links already followed). A row
 *   entry is the target's row offset (`target * A`) when the target is dense and has no
 *   output — the common case, one load and one compare per character — and `~target`
 *   otherwise (the target has output, or is a deep "sparse" state; `~N` for SPECIAL).
 * - Deep states (id ≥ D) keep only their trie edges; from them the scan follows failure
 *   links until it finds an edge or reaches a dense state. D is chosen so that the dense
 *   table stays within a memory budget (`maxDenseEntries`, default 8 Mi entries = 32 MB).
 * - Runs of separators count as one: a state entered on a separator stays put on the next
 *   separator (a self-loop), so "Nagorno – Karabakh" walks like "nagorno karabakh".
 * - Output: `termHead[s]` lists the patterns ending exactly at s (linked through
 *   `termNext`), `dictLink[s]` is the nearest state on s's failure chain that ends a pattern.
 *
 * Matching semantics of `scan` (word boundaries of the matching form, where the only
 * separator is a space):
 * - a match starts at the start of the text or just after a separator;
 * - it ends at the end of the text or just before a separator, or — tolerance for English
 *   plurals — the pattern is followed by "s" (LAV → "LAVs", drone → "drones") or, when the
 *   pattern ends in s, x, z, ch or sh, by "es" (Sinaloa boss → "bosses"), and then a
 *   boundary; the reported end then includes the suffix. A match never ends inside one
 *   character's multi-unit form.
 * - Possessives need no rule: "Turkey’s" folds to "turkey s", so "turkey" ends at a
 *   boundary; "Houthis’" is "houthis " (plural rule). Irregular plurals ("militia" →
 *   "militias" works, "party" → "parties" does not) need their own pattern.
 * - Offsets are UTF-16 indices into the scanned text: `start` is the character that gives
 *   the match's first unit, `end` the separator after it (or the text's length), as
 *   `normalizeText`'s offset map would give them.
 * Every occurrence is reported, overlapping and nested ones included; choosing among them
 * is the caller's job. `scanRaw`/`countRaw` report every occurrence without any boundary
 * rule (classic Aho-Corasick over text already in matching form; used to cross-check
 * against other implementations).
 */

import * as fold from './normalize.js';

// Local bindings: read once here rather than through the module namespace on every character
// (a transpiled import is a property read, and under tsx a getter call).
const { codePointAt, codePointBefore, foldCodePoint, foldUnit } = fold;
const FOLD_EMPTY = fold.FOLD_EMPTY;
const FOLD_MULTI = fold.FOLD_MULTI;

const SPACE = 32;
const CH_S = 115;
const CH_E = 101;

export type MatchCallback = (patternId: number, start: number, end: number, units: number) => void;

export interface AutomatonOptions {
  /** Upper bound on dense-table entries (states × alphabet); default 8,388,608 (32 MB). */
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

/** A fold unit that is a word boundary: a separator, or the end of the text (-1). */
const isBoundary = (u: number) => u === SPACE || u === -1;

export class Automaton {
  /** Index of the last code unit the slow path consumed (a surrogate pair is two). */
  private at = 0;
  /** `unitAfter`: where the unit it returned came from. */
  private uAt = 0;

  private constructor(
    private readonly classOf: Uint8Array | Uint16Array,
    private readonly cls: Uint8Array | Uint16Array,
    private readonly A: number,
    private readonly D: number,
    private readonly sepClass: number,
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
    const maxDenseEntries = opts.maxDenseEntries ?? 8 * 1024 * 1024;

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
    let A = 2; // class 0 (other characters) and SPECIAL
    for (let c = 0; c < 0x10000; c++) if (seen[c]) A++;
    const SPECIAL = A - 1;
    const classOf = A <= 256 ? new Uint8Array(0x10000) : new Uint16Array(0x10000);
    for (let c = 0, k = 1; c < 0x10000; c++) if (seen[c]) classOf[c] = k++;
    const sepClass = seen[SPACE] ? classOf[SPACE] : -1;
    // Original code unit → class: ASCII now, the rest when first met (see `special`).
    const cls = A <= 256 ? new Uint8Array(0x10000) : new Uint16Array(0x10000);
    cls.fill(SPECIAL, 128);
    for (let c = 0; c < 128; c++) cls[c] = classOf[foldUnit(c)];

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
          dense[SPECIAL] = ~N;
        } else {
          dense.copyWithin(row, fail[x] * A, fail[x] * A + A);
        }
        for (let y = c0; y < c1; y++) dense[row + stateClass[y]] = enc(y);
        // A separator after a separator changes nothing.
        if (x > 0 && stateClass[x] === sepClass) dense[row + sepClass] = enc(x);
      }
    }

    return new Automaton(classOf, cls, A, D, sepClass, dense, fail, firstChild, stateClass, termHead, termNext, dictLink, hasOut, patLen, sibilant);
  }

  get stats(): AutomatonStats {
    const arrays = [this.classOf, this.cls, this.dense, this.fail, this.firstChild, this.stateClass, this.termHead, this.termNext, this.dictLink, this.hasOut, this.patLen, this.sibilant];
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

  /**
   * Every match at word boundaries (see module doc) in `text` as written: offsets are UTF-16
   * indices into `text`, end exclusive; `units` is the match's length in matching form
   * (the pattern's, plus a plural suffix).
   */
  scan(text: string, onMatch: MatchCallback): void {
    this.run(text, onMatch, true);
  }

  /** Every occurrence of every pattern, no boundary rule (plain Aho-Corasick); `text` in matching form. */
  scanRaw(norm: string, onMatch: MatchCallback): void {
    this.run(norm, onMatch, false);
  }

  /** Number of raw occurrences (as `scanRaw` would report), without a callback. */
  countRaw(norm: string): number {
    let count = 0;
    this.run(norm, () => count++, false);
    return count;
  }

  private run(text: string, onMatch: MatchCallback, bounded: boolean): void {
    const { cls, A, D, dense } = this;
    const n = text.length;
    let s = 0; // row offset of the current (dense) state
    for (let i = 0; i < n; i++) {
      const t = dense[s + cls[text.charCodeAt(i)]];
      if (t >= 0) {
        s = t;
        continue;
      }
      // Slow path: the next state has output, is a deep state without a dense row, or the
      // character is SPECIAL. Go one character at a time until back in a dense state.
      let u = this.step(text, i, s / A, onMatch, bounded);
      i = this.at;
      while (u >= D) {
        if (++i >= n) return;
        u = this.step(text, i, u, onMatch, bounded);
        i = this.at;
      }
      s = u * A;
    }
  }

  /** The transition on class k from state u (dense or deep), failure links followed. */
  private delta(u: number, k: number): number {
    const { A, D, dense, fail, firstChild, stateClass } = this;
    if (k === this.sepClass && u > 0 && stateClass[u] === k) return u;
    let f = u;
    while (f >= D) {
      for (let e = firstChild[f + 1], j = firstChild[f]; j < e; j++) if (stateClass[j] === k) return j;
      f = fail[f];
    }
    const v = dense[f * A + k];
    return v >= 0 ? v / A : ~v;
  }

  /** Reads the character at i from state u, reports what ends there; sets `at`. */
  private step(text: string, i: number, u: number, onMatch: MatchCallback, bounded: boolean): number {
    const c = text.charCodeAt(i);
    this.at = i;
    let k = this.cls[c];
    if (k === this.A - 1) {
      // SPECIAL: not seen yet, invisible, several units, or a surrogate.
      const f = foldUnit(c);
      if (f === FOLD_EMPTY) return u;
      if (f !== FOLD_MULTI) {
        k = this.classOf[f];
        this.cls[c] = k;
      } else {
        const cp = codePointAt(text, i);
        const end = i + (cp > 0xffff ? 2 : 1);
        this.at = end - 1;
        const units = foldCodePoint(cp);
        for (let j = 0; j < units.length; j++) {
          u = this.delta(u, this.classOf[units.charCodeAt(j)]);
          // A match may not end inside the character's units.
          if (this.hasOut[u] !== 0 && j === units.length - 1) this.emit(text, u, end, onMatch, bounded);
        }
        return u;
      }
    }
    u = this.delta(u, k);
    if (this.hasOut[u] !== 0) this.emit(text, u, i + 1, onMatch, bounded);
    return u;
  }

  /**
   * The first matching-form unit at or after j (characters that fold to nothing skipped),
   * -1 at the end of the text; sets `uAt` to the index of its character. Of a multi-unit
   * character only the first unit counts (a separator there is a boundary; a letter is not
   * a plural suffix: see `emit`).
   */
  private unitAfter(text: string, j: number): number {
    const n = text.length;
    for (; j < n; j++) {
      const f = foldUnit(text.charCodeAt(j));
      if (f === FOLD_EMPTY) continue;
      this.uAt = j;
      if (f !== FOLD_MULTI) return f;
      const cp = codePointAt(text, j);
      const units = foldCodePoint(cp);
      if (units.length === 0) {
        if (cp > 0xffff) j++;
        continue;
      }
      return units.charCodeAt(0) === SPACE ? SPACE : 0;
    }
    this.uAt = n;
    return -1;
  }

  private emit(text: string, u: number, endIdx: number, onMatch: MatchCallback, bounded: boolean): void {
    const { termHead, termNext, dictLink, patLen } = this;
    let x = termHead[u] >= 0 ? u : dictLink[u];
    while (x >= 0) {
      for (let p = termHead[x]; p >= 0; p = termNext[p]) {
        const L = patLen[p];
        if (!bounded) {
          onMatch(p, endIdx - L, endIdx, L);
          continue;
        }
        // The end: a boundary, or a plural suffix and then a boundary.
        let units = L;
        const u1 = this.unitAfter(text, endIdx);
        let end = this.uAt;
        if (!isBoundary(u1)) {
          if (u1 === CH_S) {
            if (!isBoundary(this.unitAfter(text, end + 1))) continue;
            units += 1;
          } else if (u1 === CH_E && this.sibilant[p] === 1) {
            if (this.unitAfter(text, end + 1) !== CH_S || !isBoundary(this.unitAfter(text, this.uAt + 1))) continue;
            units += 2;
          } else continue;
          end = this.uAt;
        }
        const start = startOf(text, endIdx, L);
        if (start < 0 || !boundaryBefore(text, start)) continue;
        onMatch(p, start, end, units);
      }
      x = dictLink[x];
    }
  }
}

/**
 * Where the `L` matching-form units that end at `endIdx` begin in `text` (a run of
 * separators is one unit; characters that fold to nothing are none), or -1 when the first
 * of them is not the first unit of its character.
 */
function startOf(text: string, endIdx: number, L: number): number {
  let j = endIdx;
  let count = 0;
  let inSep = false;
  while (j > 0) {
    const c = text.charCodeAt(j - 1);
    const f = foldUnit(c);
    if (f === FOLD_MULTI) {
      const cp = codePointBefore(text, j);
      j -= cp > 0xffff ? 2 : 1;
      const units = foldCodePoint(cp);
      for (let k = units.length - 1; k >= 0; k--) {
        if (units.charCodeAt(k) === SPACE) {
          if (!inSep) count++;
          inSep = true;
        } else {
          count++;
          inSep = false;
        }
        if (count === L) return k === 0 ? j : -1;
      }
      continue;
    }
    j--;
    if (f === FOLD_EMPTY) continue;
    if (f === SPACE) {
      if (inSep) continue;
      inSep = true;
    } else inSep = false;
    if (++count === L) return j;
  }
  return -1;
}

/** The text starts at `start`, or the matching form's unit before it is a separator (a word starts there). */
export function boundaryBefore(text: string, start: number): boolean {
  let j = start;
  while (j > 0) {
    const f = foldUnit(text.charCodeAt(j - 1));
    if (f === FOLD_EMPTY) {
      j--;
      continue;
    }
    if (f !== FOLD_MULTI) return f === SPACE;
    const cp = codePointBefore(text, j);
    const units = foldCodePoint(cp);
    if (units.length > 0) return units.charCodeAt(units.length - 1) === SPACE;
    j -= cp > 0xffff ? 2 : 1;
  }
  return true;
}
