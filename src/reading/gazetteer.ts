import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Automaton, boundaryBefore as boundaryBeforeImport } from './automaton.js';
import type { EntryFacts, MentionKind, TextMention } from './claims.js';
import * as fold from './normalize.js';

// Local bindings: read once here rather than through the module namespace on every character
// (a transpiled import is a property read, and under tsx a getter call).
const boundaryBefore = boundaryBeforeImport;
const { codePointAt, foldCodePoint, foldUnit, normalizeName } = fold;
const FOLD_EMPTY = fold.FOLD_EMPTY;
const FOLD_MULTI = fold.FOLD_MULTI;

/**
 * The gazetteer: every name the program knows (registry parties, items and platforms;
 * countries with their demonyms and capitals; regions and conflict zones; armed groups),
 * found in a report with one normalisation and one automaton scan, plus a fuzzy pass for
 * one-letter typos in long names.
 *
 * Matching rules (see docs/reading.md):
 * - names and text are compared in matching form (normalize.ts): case, diacritics and
 *   punctuation do not count ("Çavuşoğlu" = "Cavusoglu", "Nagorno–Karabakh" =
 *   "Nagorno Karabakh"); hyphenated names also match written solid ("NagornoKarabakh"), and
 *   letters and digits may be split or joined ("TB2" = "TB-2", "LAV-25" = "LAV25");
 * - matches sit on word boundaries; English plurals and possessives are tolerated;
 * - a case-sensitive name ("IS", "Chad", "US", and any short acronym) matches only with its
 *   own capitalisation, or in capitals when it has five letters or more;
 * - among overlapping matches the longest wins ("Saudi Arabian National Guard" is the
 *   party, not also the country); on the same span a registry entry beats reference data,
 *   then the higher score;
 * - fuzzy: words not covered by an exact match, starting with a capital letter, may match a
 *   name of at least 7 letters at Damerau distance 1 (the first letter right; no edit on a digit: "TB3" is another
 *   model, not a typo of "TB2"); such mentions are `fuzzy: true` with 0.8 of the score.
 */

export interface GazetteerEntry {
  /** `party:<id>`, `item:<id>`, `platform:<name>`, `country:TR`, `region:<slug>`, `armed_group:<slug>`. */
  id: string;
  kind: MentionKind;
  names: string[];
  facts: EntryFacts;
  /** Names matched only with their own capitalisation (short acronyms are so without being listed). */
  caseSensitiveNames?: string[];
  /** Score of an exact mention; default 1. */
  weight?: number;
  /** Names that often mean something else: their mentions score 0.6 of the weight. */
  weakNames?: string[];
  /** For country entries: which names are demonyms or capitals (the others are names). */
  nameKinds?: Record<string, 'demonym' | 'capital'>;
  /** Generic words ("insurgents", "black market"): never matched fuzzily. */
  noFuzzy?: boolean;
}

/** A mention as `TextMention`, plus for countries whether a demonym or capital was used. */
export interface GazetteerMention extends TextMention {
  nameKind?: 'name' | 'demonym' | 'capital';
}

export interface RegistryParty {
  id: string;
  name: string;
  aliases?: string[];
  kind: string;
  country?: string | null;
  parentId?: string | null;
}

export interface RegistryItem {
  id: string;
  name: string;
  aliases?: string[];
  manufacturerId?: string | null;
  platforms?: string[];
}

const FUZZY_FACTOR = 0.8;
const WEAK_FACTOR = 0.6;
const FUZZY_MIN_LETTERS = 7;
/** Registry names are what the analyst cares about: on the same span they beat reference data. */
const KIND_RANK: Record<MentionKind, number> = { party: 6, item: 5, platform: 4, armed_group: 3, conflict_zone: 2, region: 2, country: 1 };
const NAME_KINDS = ['name', 'demonym', 'capital'] as const;
/**
 * Ordinary words and other places one letter away from a name of 7+ letters; found by
 * running the fuzzy pass over newswire (the gazetteer tests keep it honest).
 */
const FUZZY_STOP = new Set([
  'albani', 'amazonia', 'americana', 'americus', 'cameron', 'canterra', 'columbia', 'columbian', 'emirate', 'equatorial', 'granada', 'guerreiro',
  'italiana', 'italiane', 'italiano', 'lebaron', 'mexicana', 'pentland', 'prussian', 'reinosa',
]);

const NON_ALNUM = /[^\p{L}\p{N}]+/gu;
const HYPHENS = /[-‐‑‒–—]/;
const DIGIT = /\p{N}/u;
const LETTER_DIGIT_EDGE = /(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/gu;

const alnum = (s: string) => s.normalize('NFC').replace(NON_ALNUM, '');

/** Short acronyms and one- or two-character names are words in other contexts ("IS", "AUG", "US"). */
function autoCaseSensitive(name: string): boolean {
  const a = alnum(name);
  if (a.length <= 2) return true;
  if (a.length > 5) return false;
  let upper = 0;
  for (const ch of a) if (ch !== ch.toLowerCase()) upper++;
  return upper >= 2;
}

/** The surface spells the name with the name's capitalisation (plural suffix allowed), or in capitals for 5+ letters. */
function caseMatches(surface: string, name: string): boolean {
  const a = alnum(surface);
  const b = alnum(name);
  if (a.startsWith(b)) {
    const rest = a.slice(b.length);
    if (rest === '' || rest === 's' || rest === 'es') return true;
  }
  if (b.length >= 5 && a === a.toUpperCase()) {
    const B = b.toUpperCase();
    if (a.startsWith(B)) {
      const rest = a.slice(B.length);
      return rest === '' || rest === 'S' || rest === 'ES';
    }
  }
  return false;
}

/** Matching forms of one name: as normalised, solid when hyphenated, and split or joined at letter/digit edges. */
/** Compass compounds written solid or as two words: "Northwest Region", "North-West region". */
const COMPASS_SOLID = /\b(north|south)(east|west)(?=\b|ern\b)/g;
const COMPASS_SPLIT = /\b(north|south) (east|west)(?=\b|ern\b)/g;

function variantsOf(name: string): string[] {
  const base = normalizeName(name);
  if (base.length < 2) return [];
  const out = new Set([base]);
  const split = base.replace(COMPASS_SOLID, '$1 $2');
  if (split !== base) out.add(split);
  const solid = base.replace(COMPASS_SPLIT, '$1$2');
  if (solid !== base) out.add(solid);
  return [...new Set([...out].flatMap((b) => formsOf(name, b)))];
}

/** A name's matching form and its digit-split and solid forms ("AK47" ~ "AK 47", "T-72" ~ "T72"). */
function formsOf(name: string, base: string): string[] {
  const out = new Set([base]);
  const split = base.replace(LETTER_DIGIT_EDGE, ' ');
  if (split !== base) out.add(split);
  if (base.includes(' ')) {
    const tokens = base.split(' ');
    const mixed = tokens.some((t, i) => i > 0 && DIGIT.test(t) !== DIGIT.test(tokens[i - 1]));
    if ((HYPHENS.test(name) || mixed) && base.length >= 6) out.add(tokens.join(''));
  }
  return [...out];
}

/**
 * Which words of a name's matching form `v` are capitalised in the name as written (bit j =
 * word j); 0 when the words cannot be lined up (a solid or split variant).
 */
function capitalisedTokens(name: string, v: string): number {
  const words = name.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  if (words.length !== v.split(' ').length || words.length > 30) return 0;
  let mask = 0;
  words.forEach((w, j) => {
    if (w[0] !== w[0].toLowerCase()) mask |= 1 << j;
  });
  return mask;
}

/**
 * Restricted Damerau–Levenshtein distance ≤ 1, where the edit touches neither a digit (another
 * model number is not a typo) nor a space ("Green and" is not "Greenland").
 */
function oneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  // Typos seldom hit the first letter, and words that differ there are other words ("Inland").
  if (i === 0) return false;
  const fixed = (c: number) => (c >= 48 && c <= 57) || c === 32;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return !fixed(a.charCodeAt(i)) && !fixed(b.charCodeAt(i));
    // Adjacent transposition.
    return (
      i + 1 < la && a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && !fixed(a.charCodeAt(i)) && !fixed(a.charCodeAt(i + 1)) && a.slice(i + 2) === b.slice(i + 2)
    );
  }
  const [long, short] = la > lb ? [a, b] : [b, a];
  return long.slice(i + 1) === short.slice(i) && !fixed(long.charCodeAt(i));
}

const HASH_BASE = 0x01000193;
const MAX_FUZZY_TOKENS = 6;

/** Polynomial hash (mod 2^32, as int32) of `s`; the fuzzy index and the text windows use the same one. */
function hashOf(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, HASH_BASE) + s.charCodeAt(i)) | 0;
  return h;
}

/** One step of the gate hashes (token lists, three-letter keys): xor in v, multiply, fold the high bits down. */
const mix = (k: number, v: number) => {
  const x = Math.imul(k ^ v, 0x9e3779b1);
  return x ^ (x >>> 15);
};
/** Stands for the one word of a window that may be misspelt (see `FuzzyIndex.wild`). */
const WILD = 0x5bd1e995;

/**
 * Gate keys of the word of a window that may be misspelt (see `FuzzyIndex.gate`). `base` is the
 * window's word list with that word replaced by WILD; L the word's length. A word one edit from
 * a name's word (edit at position i) keeps its first k = ⌊L/2⌋ units when i ≥ k, and its last
 * L − k − 1 units when i < k (then also its first unit when that may not be edited).
 */
const gateHead = (base: number, L: number, head: number) => mix(mix(mix(base, 3), L), head);
const gateTail = (base: number, L: number, first: number, tail: number) => mix(mix(mix(mix(base, 4), L), first), tail);

/** `FuzzyIndex.firsts` key of a first word, exactly. */
const firstExact = (h: number) => mix(5, h);
/** `FuzzyIndex.firsts`: the base of the keys of a first word's halves. */
const FIRST_BASE = mix(6, WILD);

/** The window's (or name's) words with word j replaced by WILD, as one hash. */
function wildKey(tok: ArrayLike<number>, w: number, j: number): number {
  let k = w;
  for (let i = 0; i < w; i++) k = mix(k, i === j ? WILD : tok[i]);
  return k;
}

/**
 * A blocked Bloom filter: each key sets three bits of one 32-bit word (one memory read to
 * test), 2^log2 words sized for about `bitsPerKey` bits a key (at least 2^10 words).
 */
interface Bits {
  words: Int32Array;
  log2: number;
}

function bitSet(keys: number, bitsPerKey: number): Bits {
  let log2 = 10;
  while (2 ** (log2 + 5) < keys * bitsPerKey && log2 < 26) log2++;
  return { words: new Int32Array(2 ** log2), log2 };
}

/** The word of key h in a set of 2^log2 words. */
const wordOf = (h: number, log2: number) => Math.imul(h, 0x85ebca6b) >>> (32 - log2);
/** The three bits of key h in its word (`1 << n` reads only the low 5 bits of n). */
const maskOf = (h: number) => {
  const y = Math.imul(h, 0xc2b2ae35);
  return (1 << y) | (1 << (y >>> 5)) | (1 << (y >>> 10));
};

function setBits(set: Bits, h: number): void {
  set.words[wordOf(h, set.log2)] |= maskOf(h);
}

/** UPPER[c]: 0 = not computed yet, 1 = not a capital, 2 = a capital (upper- or title-case). */
const UPPER = new Uint8Array(0x10000);
for (let c = 0; c < 128; c++) UPPER[c] = c >= 65 && c <= 90 ? 2 : 1;

/** The code unit at i is a capital letter (as `ch !== ch.toLowerCase()`; by table). */
function capitalAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  let u = UPPER[c];
  if (u === 0) {
    const ch = String.fromCharCode(c);
    u = UPPER[c] = ch !== ch.toLowerCase() ? 2 : 1;
  }
  return u === 2;
}

/**
 * Per UTF-16 unit, for finding word starts that are capitals: bit 0 = may be a capital (A-Z,
 * or not ASCII), bit 1 = may end a word (an ASCII unit other than a letter or digit, which
 * all fold to a separator, or not ASCII). The fuzzy pass checks the "may" cases exactly.
 */
const START_BITS = new Uint8Array(0x10000).fill(3, 128);
for (let c = 0; c < 128; c++) {
  const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
  START_BITS[c] = (c >= 65 && c <= 90 ? 1 : 0) | (alnum ? 0 : 2);
}

const LETTER_ROWS = 27;
/** a..z → 1..26, anything else 0. */
const letterRow = (c: number) => (c >= 97 && c <= 122 ? c - 96 : 0);
/** Start of the `lenOk` row for windows of w words with capitalised words `caps` (< 2^w) and first letter row `letter`. */
const lenRow = (w: number, caps: number, letter: number, stride: number) => (((1 << w) - 1 + caps) * LETTER_ROWS + letter) * stride;
/** Start of the `lenOk` row: as `lenRow`, and whether the window has a digit (1) or not (0). */
const lenOkRow = (w: number, caps: number, letter: number, digit: number, stride: number) => ((((1 << w) - 1 + caps) * LETTER_ROWS + letter) * 2 + digit) * stride;
/** The unit is an ASCII digit, which an edit may not touch (see oneEditApart). */
const isDigit = (c: number) => c >= 48 && c <= 57;
/** 1 when the matching form has an ASCII digit. */
function hasDigit(s: string): number {
  for (let k = 0; k < s.length; k++) if (isDigit(s.charCodeAt(k))) return 1;
  return 0;
}
/** Which of `FuzzyIndex.gates` holds names of `words` words, with a digit or not. */
const groupOf = (words: number, digit: number) => (words > 1 ? 2 : 0) + digit;

/**
 * Deletion-neighbourhood index of the names eligible for fuzzy matching: the hash of each
 * name and of each string obtained by deleting one of its characters, in an open-addressing
 * table of typed arrays. A text window w is one edit away from name p only if hash(w) or
 * hash(w minus one char) is a key listing p; the candidates are then checked exactly.
 */
class FuzzyIndex {
  readonly keys: Int32Array;
  /** Per slot: first node of its pattern list (-1 = empty slot). */
  readonly heads: Int32Array;
  readonly mask: number;
  /** Node lists: `nodePat[k]` and the next node `nodeNext[k]`. */
  nodePat: Int32Array;
  nodeNext: Int32Array;
  private nodes = 0;
  /**
   * Window lengths worth looking up, by the window's word count w, which of its words are
   * capitalised (caps, w bits), its first letter (never edited) and whether it has a digit
   * (an edit never adds or removes one, so "Arbel 12" is never one edit from "Arbelos", nor
   * "Reuter" from "Xan1234a"): `lenOk[lenOkRow(w, caps, letter, digit) + length]`. A name is
   * listed under every caps that includes its own capitalised words, so "It is a" (caps 001)
   * looks up only three-word names whose last two words are lower-case: nearly none.
   */
  readonly lenOk: Uint8Array;
  /**
   * `alive[lenRow(w, caps, letter, 1)]`: some name of w or more words starting with that
   * letter fits the capitalisation of a window's first w words; when none does, longer
   * windows are not worth reading.
   */
  readonly alive: Uint8Array;
  readonly stride: number;
  readonly pow: Int32Array;
  /** Per pattern: bit j set = word j of the name is capitalised, so the text's must be too. */
  readonly capMask: Int32Array;
  /**
   * Gates in front of the deletion index (bit sets, so a miss is certain and a hit only
   * likely). Most capitalised words in newswire are ordinary words, and each deletion probe
   * costs a hash and a random read, so a window is probed only when it passes its gate:
   * - `toks`: the hash of every word of the names of two words or more. A window matches such
   *   a name only when all its words but the misspelt one are the name's own, so a window
   *   with two words that are in no name is dropped, and so is every longer one;
   * - `gate`: for each name, each of its words j and each length L the misspelt word may have
   *   (the word's length ± 1), two keys: the name's word hashes with word j replaced by WILD,
   *   combined with the first half or the second half of word j (`gateHead`, `gateTail`).
   *   One edit leaves one of the two halves intact, so a window that is one edit from a
   *   name hits one of the two keys for the word that carries the edit. There are four such
   *   sets (`gates[groupOf(words, digit)]`): names of one word or more, with a digit or not,
   *   so that the sets a window consults hold only names it could match (in the benchmark,
   *   newswire's ordinary words meet only the reference names, a few thousand).
   */
  readonly toks: Int32Array;
  readonly toksLog2: number;
  /**
   * The first words of the names of two words or more: each exactly (`firstExact`), and by
   * its halves for each length it may have when misspelt (`firstHalves`, as `gate` with the
   * first letter). A window of one word that is neither goes no further: a longer window
   * starting there cannot be one edit from a name, so its next word is not even read.
   */
  readonly firsts: Int32Array;
  readonly firstsLog2: number;
  readonly gates: Int32Array[];
  readonly gatesLog2: Int32Array;

  constructor(patterns: readonly string[], eligible: Uint8Array, capMask: Int32Array) {
    this.capMask = capMask;
    let maxLen = 0;
    let keys = 0;
    for (let p = 0; p < patterns.length; p++) {
      if (!eligible[p]) continue;
      maxLen = Math.max(maxLen, patterns[p].length);
      keys += patterns[p].length + 1;
    }
    let cap = 1024;
    while (cap < keys * 2) cap *= 2;
    this.keys = new Int32Array(cap);
    this.heads = new Int32Array(cap).fill(-1);
    this.mask = cap - 1;
    this.nodePat = new Int32Array(keys + 1);
    this.nodeNext = new Int32Array(keys + 1);
    this.stride = maxLen + 3;
    const nameWords = new Set<string>();
    const firstWords = new Set<string>();
    const gateKeys = [0, 0, 0, 0];
    const delKeys = [0, 0];
    for (let p = 0; p < patterns.length; p++) {
      if (!eligible[p]) continue;
      const words = patterns[p].split(' ');
      const t = words.length;
      if (t > MAX_FUZZY_TOKENS) continue;
      if (t > 1) {
        for (const x of words) nameWords.add(x);
        firstWords.add(words[0]);
      }
      gateKeys[groupOf(t, hasDigit(patterns[p]))] += 6 * t;
      delKeys[hasDigit(patterns[p])] += patterns[p].length;
    }
    const toks = bitSet(nameWords.size, 16);
    const gates = gateKeys.map((k) => bitSet(k, 8));
    const blooms = delKeys.map((k) => bitSet(k, 16));
    this.toks = toks.words;
    this.toksLog2 = toks.log2;
    const firsts = bitSet(firstWords.size * 7, 16);
    this.firsts = firsts.words;
    this.firstsLog2 = firsts.log2;
    for (const word of firstWords) {
      setBits(firsts, firstExact(hashOf(word)));
      const m = word.length;
      for (let L = Math.max(1, m - 1); L <= m + 1; L++) {
        const k = L >> 1;
        setBits(firsts, gateHead(FIRST_BASE, L, hashOf(word.slice(0, k))));
        setBits(firsts, gateTail(FIRST_BASE, L, word.charCodeAt(0), hashOf(word.slice(m - (L - k - 1)))));
      }
    }
    this.gates = gates.map((g) => g.words);
    this.gatesLog2 = Int32Array.from(gates, (g) => g.log2);
    this.blooms = blooms.map((g) => g.words);
    this.bloomsLog2 = Int32Array.from(blooms, (g) => g.log2);
    this.lenOk = new Uint8Array((2 << MAX_FUZZY_TOKENS) * LETTER_ROWS * 2 * this.stride);
    this.alive = new Uint8Array((2 << MAX_FUZZY_TOKENS) * LETTER_ROWS);
    for (let p = 0; p < patterns.length; p++) {
      if (!eligible[p]) continue;
      const s = patterns[p];
      const tokens = s.split(' ').length;
      if (tokens > MAX_FUZZY_TOKENS) continue;
      const m = capMask[p];
      const letter = letterRow(s.charCodeAt(0));
      const digit = hasDigit(s);
      const gate = gates[groupOf(tokens, digit)];
      const bloom = blooms[digit];
      for (let caps = 0; caps < 1 << tokens; caps++) {
        if ((caps & m) !== m) continue;
        const row = lenOkRow(tokens, caps, letter, digit, this.stride);
        for (let d = -1; d <= 1; d++) this.lenOk[row + s.length + d] = 1;
      }
      for (let w = 1; w <= tokens; w++) {
        const mw = m & ((1 << w) - 1);
        for (let caps = 0; caps < 1 << w; caps++) if ((caps & mw) === mw) this.alive[lenRow(w, caps, letter, 1)] = 1;
      }
      const words = s.split(' ');
      const th = words.map(hashOf);
      if (tokens > 1) for (const h of th) setBits(toks, h);
      for (let j = 0; j < tokens; j++) {
        const base = wildKey(th, tokens, j);
        const word = words[j];
        const m = word.length;
        for (let L = Math.max(1, m - 1); L <= m + 1; L++) {
          const k = L >> 1;
          setBits(gate, gateHead(base, L, hashOf(word.slice(0, k))));
          setBits(gate, gateTail(base, L, j === 0 ? word.charCodeAt(0) : 0, hashOf(word.slice(m - (L - k - 1)))));
        }
      }
      this.add(hashOf(s), p);
      setBits(bloom, hashOf(s));
      // The first letter is never edited (see oneEditApart), nor a space.
      for (let k = 1; k < s.length; k++) {
        if (s.charCodeAt(k) === 32) continue;
        const h = hashOf(s.slice(0, k) + s.slice(k + 1));
        this.add(h, p);
        setBits(bloom, h);
      }
    }
    this.pow = new Int32Array(this.stride);
    this.pow[0] = 1;
    for (let i = 1; i < this.pow.length; i++) this.pow[i] = Math.imul(this.pow[i - 1], HASH_BASE);
  }

  /**
   * Bloom filters of the keys (16 bits a key), one for the names without a digit and one
   * for those with one (`blooms[digit]`; a window is one edit from a name only when both or
   * neither have a digit): a probe that misses does not touch the table, which at 100,000
   * names is tens of MB of random reads.
   */
  readonly blooms: Int32Array[];
  readonly bloomsLog2: Int32Array;

  /** The slot holding key `h`, or the empty slot where it would go. */
  slot(h: number): number {
    let i = Math.imul(h, 0x9e3779b1) & this.mask;
    while (this.heads[i] !== -1 && this.keys[i] !== h) i = (i + 1) & this.mask;
    return i;
  }

  private add(h: number, p: number): void {
    const i = this.slot(h);
    const head = this.heads[i];
    if (head !== -1 && this.nodePat[head] === p) return;
    const k = this.nodes++;
    this.keys[i] = h;
    this.nodePat[k] = p;
    this.nodeNext[k] = head;
    this.heads[i] = k;
  }
}

/**
 * Candidate mentions of one `find`, in parallel typed arrays (no object per match):
 * pattern, original span, length in matching form (what "longest" means), fuzzy or not.
 */
class Candidates {
  n = 0;
  pat = new Int32Array(1024);
  start = new Int32Array(1024);
  end = new Int32Array(1024);
  units = new Int32Array(1024);
  fuzzy = new Uint8Array(1024);

  push(pat: number, start: number, end: number, units: number, fuzzy: number): void {
    if (this.n === this.pat.length) this.grow();
    const k = this.n++;
    this.pat[k] = pat;
    this.start[k] = start;
    this.end[k] = end;
    this.units[k] = units;
    this.fuzzy[k] = fuzzy;
  }

  private grow(): void {
    const size = this.pat.length * 2;
    const g = <T extends Int32Array | Uint8Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.pat = g(this.pat, new Int32Array(size));
    this.start = g(this.start, new Int32Array(size));
    this.end = g(this.end, new Int32Array(size));
    this.units = g(this.units, new Int32Array(size));
    this.fuzzy = g(this.fuzzy, new Uint8Array(size));
  }
}

/** Positions of the text inside an exact match (reused across calls; cleared after each). */
let coveredBuf = new Uint8Array(1 << 16);

/**
 * `caseMatches(text.slice(start, end), name)` without allocating, for ASCII surfaces (the
 * common case); `bare` is `alnum(name)`.
 */
function caseMatchesAt(text: string, start: number, end: number, name: string, bare: string): boolean {
  let k = 0;
  let exact = true; // the name's letters with the name's capitalisation
  let noLower = true; // no lower-case letter at all
  let rest = 0; // letters after the name: 0 none, 1 "s", 2 "es", 3 other, 4 "e" so far
  let restLower = true;
  for (let j = start; j < end; j++) {
    const c = text.charCodeAt(j);
    if (c >= 128) return caseMatches(text.slice(start, end), name);
    const lower = c >= 97 && c <= 122;
    if (!(lower || (c >= 48 && c <= 57) || (c >= 65 && c <= 90))) continue;
    if (lower) noLower = false;
    if (k < bare.length) {
      const b = bare.charCodeAt(k++);
      if (c !== b) {
        exact = false;
        if ((c | 32) !== (b | 32) || !(lower || (c >= 65 && c <= 90))) return false;
      }
    } else {
      if (!lower) restLower = false;
      const l = c | 32;
      rest = rest === 0 ? (l === 115 ? 1 : l === 101 ? 4 : 3) : rest === 4 && l === 115 ? 2 : 3;
    }
  }
  if (k < bare.length || rest >= 3) return false;
  return (exact && restLower) || (bare.length >= 5 && noLower);
}

export class Gazetteer {
  private readonly automaton: Automaton;
  private readonly fuzzy: FuzzyIndex;

  private constructor(
    private readonly entries: GazetteerEntry[],
    private readonly byId: Map<string, GazetteerEntry>,
    private readonly patterns: string[],
    private readonly patEntry: Int32Array,
    private readonly patScore: Float64Array,
    private readonly patNameKind: Uint8Array,
    /** The name as written, for case-sensitive patterns; null otherwise. */
    private readonly patCase: (string | null)[],
    patFuzzy: Uint8Array,
    capMask: Int32Array,
  ) {
    this.automaton = Automaton.build(patterns);
    this.fuzzy = new FuzzyIndex(patterns, patFuzzy, capMask);
    this.patBare = patCase.map((name) => (name === null ? null : alnum(name)));
    this.win = new Uint16Array(this.fuzzy.stride + 8);
    this.prefix = new Int32Array(this.fuzzy.stride + 8);
  }

  /** alnum(name) of each case-sensitive pattern (null for the others). */
  private readonly patBare: (string | null)[];
  private readonly cands = new Candidates();
  /** Fuzzy pass scratch: a window's units and their prefix hashes. */
  private readonly win: Uint16Array;
  private readonly prefix: Int32Array;
  private readonly found: number[] = [];
  /** Fuzzy pass scratch: the hash of each word of the window. */
  private readonly tok = new Int32Array(MAX_FUZZY_TOKENS);
  /** Fuzzy pass scratch: where each word of the window starts in `win`. */
  private readonly wordAt = new Int32Array(MAX_FUZZY_TOKENS);

  /** Builds the patterns of every entry; a later entry with an id already seen is ignored. */
  static build(entries: GazetteerEntry[]): Gazetteer {
    const kept: GazetteerEntry[] = [];
    const byId = new Map<string, GazetteerEntry>();
    for (const e of entries) {
      if (byId.has(e.id)) continue;
      byId.set(e.id, e);
      kept.push(e);
    }
    const patterns: string[] = [];
    const entryOf: number[] = [];
    const scores: number[] = [];
    const kinds: number[] = [];
    const cases: (string | null)[] = [];
    const fuzzy: number[] = [];
    const capMask: number[] = [];
    for (let ei = 0; ei < kept.length; ei++) {
      const e = kept[ei];
      const weight = e.weight ?? 1;
      const cs = new Set(e.caseSensitiveNames ?? []);
      const weak = new Set(e.weakNames ?? []);
      const seen = new Map<string, number>(); // variant → pattern id within this entry
      for (const name of e.names) {
        const caseSensitive = cs.has(name) || autoCaseSensitive(name);
        const score = weak.has(name) ? weight * WEAK_FACTOR : weight;
        const nameKind = NAME_KINDS.indexOf(e.nameKinds?.[name] ?? 'name');
        for (const v of variantsOf(name)) {
          const prev = seen.get(v);
          // The same form from two names of one entry: keep the more permissive, better-scored one.
          if (prev !== undefined && (cases[prev] === null || caseSensitive) && scores[prev] >= score) continue;
          const p = prev ?? patterns.length;
          if (prev === undefined) patterns.push(v);
          seen.set(v, p);
          entryOf[p] = ei;
          scores[p] = score;
          kinds[p] = nameKind;
          cases[p] = caseSensitive ? name : null;
          fuzzy[p] = !e.noFuzzy && !caseSensitive && score >= weight && v.replace(/ /g, '').length >= FUZZY_MIN_LETTERS ? 1 : 0;
          capMask[p] = capitalisedTokens(name, v);
        }
      }
    }
    return new Gazetteer(kept, byId, patterns, Int32Array.from(entryOf), Float64Array.from(scores), Uint8Array.from(kinds), cases, Uint8Array.from(fuzzy), Int32Array.from(capMask));
  }

  /** Number of entries. */
  get size(): number {
    return this.entries.length;
  }

  /** Number of matching forms (names and their variants) in the automaton. */
  get patternCount(): number {
    return this.patterns.length;
  }

  /** The matching forms themselves (for benchmarks and diagnostics). */
  get patternForms(): readonly string[] {
    return this.patterns;
  }

  facts(entryId: string): EntryFacts | undefined {
    return this.byId.get(entryId)?.facts;
  }

  entry(entryId: string): GazetteerEntry | undefined {
    return this.byId.get(entryId);
  }

  /** Every named entity in `text`, sorted by start; offsets are into `text`. */
  find(text: string): GazetteerMention[] {
    const cands = this.cands;
    cands.n = 0;
    const { patCase, patBare } = this;
    // One pass over the text as written (the automaton folds each character by table).
    this.automaton.scan(text, (pat, start, end, units) => {
      const name = patCase[pat];
      if (name !== null && !caseMatchesAt(text, start, end, name, patBare[pat] as string)) return;
      cands.push(pat, start, end, units, 0);
    });
    if (coveredBuf.length < text.length + 1) coveredBuf = new Uint8Array(Math.max(text.length + 1, coveredBuf.length * 2));
    const covered = coveredBuf;
    const exact = cands.n;
    // Plain loops: spans are short, and a call to fill costs more than the stores.
    for (let k = 0; k < exact; k++) for (let q = cands.start[k], e = cands.end[k]; q < e; q++) covered[q] = 1;
    try {
      this.fuzzyPass(text, covered);
    } finally {
      for (let k = 0; k < exact; k++) for (let q = cands.start[k], e = cands.end[k]; q < e; q++) covered[q] = 0;
    }
    return this.resolve(text);
  }

  private rank(k: number): number {
    return KIND_RANK[this.entries[this.patEntry[this.cands.pat[k]]].kind];
  }

  private score(k: number): number {
    return this.patScore[this.cands.pat[k]] * (this.cands.fuzzy[k] ? FUZZY_FACTOR : 1);
  }

  /**
   * Longest first (in matching form); on the same span registry before reference, then
   * score; no overlaps. Candidates are sorted by start once; a run of candidates that
   * overlap one another (a cluster) is settled on its own, and most clusters are one
   * candidate.
   */
  private resolve(text: string): GazetteerMention[] {
    const c = this.cands;
    const n = c.n;
    // Sort by start: keys start·2^21 + index (exact in a double for texts under 2^31 characters).
    const SHIFT = 2 ** 21;
    if (n >= SHIFT) throw new Error('gazetteer: too many candidate matches in one text');
    const keys = new Float64Array(n);
    for (let k = 0; k < n; k++) keys[k] = c.start[k] * SHIFT + k;
    keys.sort();
    const order = new Int32Array(n);
    for (let k = 0; k < n; k++) order[k] = keys[k] % SHIFT;
    const out: GazetteerMention[] = [];
    const cluster: number[] = [];
    for (let a = 0; a < n; ) {
      let b = a + 1;
      let reach = c.end[order[a]];
      while (b < n && c.start[order[b]] < reach) {
        reach = Math.max(reach, c.end[order[b]]);
        b++;
      }
      if (b === a + 1) {
        out.push(this.mention(text, order[a]));
      } else {
        cluster.length = 0;
        for (let k = a; k < b; k++) cluster.push(order[k]);
        cluster.sort((x, y) => c.units[y] - c.units[x] || this.rank(y) - this.rank(x) || this.score(y) - this.score(x) || c.start[x] - c.start[y] || c.pat[x] - c.pat[y]);
        const kept: number[] = [];
        for (const k of cluster) {
          if (kept.every((q) => c.end[k] <= c.start[q] || c.end[q] <= c.start[k])) kept.push(k);
        }
        kept.sort((x, y) => c.start[x] - c.start[y] || c.end[y] - c.end[x]);
        for (const k of kept) out.push(this.mention(text, k));
      }
      a = b;
    }
    return out;
  }

  private mention(text: string, k: number): GazetteerMention {
    const c = this.cands;
    const pat = c.pat[k];
    const e = this.entries[this.patEntry[pat]];
    const start = c.start[k];
    const end = c.end[k];
    // One object literal for each shape (a property added afterwards would change the shape).
    if (e.kind === 'country') {
      return { entryId: e.id, kind: e.kind, start, end, surface: text.slice(start, end), fuzzy: c.fuzzy[k] === 1, score: this.score(k), nameKind: NAME_KINDS[this.patNameKind[pat]] };
    }
    return { entryId: e.id, kind: e.kind, start, end, surface: text.slice(start, end), fuzzy: c.fuzzy[k] === 1, score: this.score(k) };
  }

  /**
   * One-letter typos: windows of 1..6 whole words, none covered by an exact match, the first
   * starting with a capital letter and every later one capitalised, a digit or a short
   * function word ("of", "al"), whose length is within one of a fuzzy name's with as many
   * words. The window's hash and the hashes of its one-deletion strings are looked up in
   * the deletion index; each candidate is checked with a real edit-distance test and against
   * the capitalisation of the name's words. Works on the text as written: words are read
   * through the same per-character fold as the scan, into a small reused buffer.
   */
  private fuzzyPass(text: string, covered: Uint8Array): void {
    const n = text.length;
    const startBits = START_BITS;
    // Only a capital letter after a separator can start a window. One table look-up and one
    // well-predicted branch a character: bit 0 = may be a capital, bit 1 = may be a
    // separator (non-ASCII units are both until checked), carried to the next character.
    let prev = 1;
    for (let i = 0; i < n; i++) {
      const t = startBits[text.charCodeAt(i)];
      if ((t & prev) !== 0 && covered[i] === 0) {
        // ASCII on both sides: the bits are exact (a capital after a separator or at 0).
        const c = text.charCodeAt(i);
        if ((c < 128 && (i === 0 || text.charCodeAt(i - 1) < 128)) || (capitalAt(text, i) && boundaryBefore(text, i))) this.fuzzyWindows(text, i, covered);
      }
      prev = t >>> 1;
    }
  }

  /** Adds to `found` the fuzzy names listed under hash h in the deletion index. */
  private probe(h: number, bloom: Int32Array, bloomLog2: number): void {
    const { keys, heads, mask, nodePat, nodeNext } = this.fuzzy;
    const bm = maskOf(h);
    if ((bloom[wordOf(h, bloomLog2)] & bm) !== bm) return;
    let i = Math.imul(h, 0x9e3779b1) & mask;
    for (;;) {
      const head = heads[i];
      if (head === -1) return;
      if (keys[i] === h) {
        for (let k = head; k !== -1; k = nodeNext[k]) if (!this.found.includes(nodePat[k])) this.found.push(nodePat[k]);
        return;
      }
      i = (i + 1) & mask;
    }
  }

  /**
   * The window of w words now in `win` (word hashes in `tok`, word starts in `wordAt`; L
   * units) passes the gate of the fuzzy index (see `FuzzyIndex.gate`): it may be one edit
   * from a name. `miss` of its words are in no name of several words, the last at `missAt`.
   */
  private gate(w: number, L: number, miss: number, missAt: number, gate: Int32Array, gateLog2: number): boolean {
    const { win, tok, wordAt } = this;
    // The misspelt word is the one in no name, or when every word is in some name, any of them.
    const from = miss === 1 && w > 1 ? missAt : 0;
    const to = miss === 1 && w > 1 ? missAt : w - 1;
    for (let j = from; j <= to; j++) {
      const base = wildKey(tok, w, j);
      const ws = wordAt[j];
      const we = j + 1 < w ? wordAt[j + 1] - 1 : L;
      const len = we - ws;
      const k = len >> 1;
      let head = 0;
      for (let q = ws; q < ws + k; q++) head = (Math.imul(head, HASH_BASE) + win[q]) | 0;
      let h = gateHead(base, len, head);
      let m = maskOf(h);
      if ((gate[wordOf(h, gateLog2)] & m) === m) return true;
      let tail = 0;
      for (let q = ws + k + 1; q < we; q++) tail = (Math.imul(tail, HASH_BASE) + win[q]) | 0;
      h = gateTail(base, len, j === 0 ? win[0] : 0, tail);
      m = maskOf(h);
      if ((gate[wordOf(h, gateLog2)] & m) === m) return true;
    }
    return false;
  }

  /**
   * The one word now in `win` (L units, hash in `tok[0]`) is, or may be one edit from, the first
   * word of a name of several words (see `FuzzyIndex.firsts`).
   */
  private mayStartName(L: number): boolean {
    const { firsts, firstsLog2 } = this.fuzzy;
    const win = this.win;
    let h = firstExact(this.tok[0]);
    let m = maskOf(h);
    if ((firsts[wordOf(h, firstsLog2)] & m) === m) return true;
    const k = L >> 1;
    let head = 0;
    for (let q = 0; q < k; q++) head = (Math.imul(head, HASH_BASE) + win[q]) | 0;
    h = gateHead(FIRST_BASE, L, head);
    m = maskOf(h);
    if ((firsts[wordOf(h, firstsLog2)] & m) === m) return true;
    let tail = 0;
    for (let q = k + 1; q < L; q++) tail = (Math.imul(tail, HASH_BASE) + win[q]) | 0;
    h = gateTail(FIRST_BASE, L, win[0], tail);
    m = maskOf(h);
    return (firsts[wordOf(h, firstsLog2)] & m) === m;
  }

  /** The windows that start with the word at s (a capital letter). */
  private fuzzyWindows(text: string, s: number, covered: Uint8Array): void {
    const { lenOk, alive, stride, pow, capMask, toks, toksLog2, gates, gatesLog2, blooms, bloomsLog2 } = this.fuzzy;
    const { patterns, win, prefix, found, cands, tok, wordAt } = this;
    const maxLen = stride - 3;
    const n = text.length;
    let L = 0; // units in `win`
    let filled = 0; // prefix hashes computed
    let caps = 0; // bit j: word j of the window is capitalised
    let j = s; // where the next word starts
    let wordStart = s; // its first character that gives a unit
    let letter = 0; // first letter's lenOk row
    let digit = 0; // 1 once the window has a digit
    let miss = 0; // words of the window in no name of several words
    let missAt = 0; // the last of them
    for (let w = 1; w <= MAX_FUZZY_TOKENS; w++) {
      if (w > 1) win[L++] = 32;
      const ws = L;
      let th = 0; // the word's hash (hashOf)
      // Read one word: characters up to the next separator.
      while (j < n && L <= maxLen) {
        const f = foldUnit(text.charCodeAt(j));
        if (f === 32) break;
        if (f === FOLD_EMPTY) {
          j++;
          continue;
        }
        if (f !== FOLD_MULTI) {
          win[L++] = f;
          th = (Math.imul(th, HASH_BASE) + f) | 0;
          if (f <= 57 && f >= 48) digit = 1;
          j++;
          continue;
        }
        const cp = codePointAt(text, j);
        const u = foldCodePoint(cp);
        if (u.length > 0 && u.charCodeAt(0) === 32) break;
        for (let k = 0; k < u.length && L <= maxLen; k++) {
          win[L++] = u.charCodeAt(k);
          th = (Math.imul(th, HASH_BASE) + u.charCodeAt(k)) | 0;
          if (isDigit(u.charCodeAt(k))) digit = 1;
        }
        j += cp > 0xffff ? 2 : 1;
      }
      if (L > maxLen) break;
      tok[w - 1] = th;
      wordAt[w - 1] = ws;
      if (w === 1) letter = letterRow(win[0]);
      const we = j; // the separator after the word (or the end of the text)
      const cap = capitalAt(text, wordStart);
      if (w > 1 && !cap && L - ws > 3 && !(win[ws] >= 48 && win[ws] <= 57)) break;
      if (cap) caps |= 1 << (w - 1);
      if (!alive[lenRow(w, caps, letter, 1)]) break;
      const tm = maskOf(th);
      if ((toks[wordOf(th, toksLog2)] & tm) !== tm) {
        // Two words in no name: neither this window nor a longer one can be one edit from a name.
        if (++miss === 2) break;
        missAt = w - 1;
      }
      if (lenOk[lenOkRow(w, caps, letter, digit, stride) + L] && this.gate(w, L, miss, missAt, gates[groupOf(w, digit)], gatesLog2[groupOf(w, digit)])) {
        const bloom = blooms[digit];
        const bloomLog2 = bloomsLog2[digit];
        for (; filled < L; filled++) prefix[filled + 1] = (Math.imul(prefix[filled], HASH_BASE) + win[filled]) | 0;
        found.length = 0;
        const whole = prefix[L];
        this.probe(whole, bloom, bloomLog2);
        for (let k = 1; k < L; k++) {
          if (win[k] === 32) continue;
          const tail = L - k - 1;
          const suffix = (whole - Math.imul(prefix[k + 1], pow[tail])) | 0;
          this.probe((Math.imul(prefix[k], pow[tail]) + suffix) | 0, bloom, bloomLog2);
        }
        if (found.length > 0) {
          const ws0 = String.fromCharCode(...win.subarray(0, L));
          if (!FUZZY_STOP.has(ws0)) {
            for (const p of found) {
              if ((capMask[p] & caps) === capMask[p] && oneEditApart(ws0, patterns[p])) cands.push(p, s, we, L, 1);
            }
          }
        }
      }
      if (w === 1 && !this.mayStartName(L)) break;
      // Next word: past the separators; it must not be covered by an exact match.
      while (j < n) {
        const f = foldUnit(text.charCodeAt(j));
        if (f === 32 || f === FOLD_EMPTY) {
          j++;
          continue;
        }
        if (f === FOLD_MULTI) {
          const cp = codePointAt(text, j);
          const u = foldCodePoint(cp);
          if (u.length === 0 || u.charCodeAt(0) === 32) {
            j += cp > 0xffff ? 2 : 1;
            continue;
          }
        }
        break;
      }
      if (j >= n || covered[j]) break;
      wordStart = j;
    }
  }
}


// ---------------------------------------------------------------------------------------------
// Entries from the registry

const STATE_PARTY_KINDS = new Set(['government', 'armed_force', 'police']);

/** Model designations of a platform name used on their own ("Bayraktar TB2" → "TB2"). */
function platformShortNames(name: string): string[] {
  const tokens = name.trim().split(/\s+/);
  if (tokens.length < 2) return [];
  const last = tokens[tokens.length - 1];
  return /\p{L}/u.test(last) && /\p{N}/u.test(last) && alnum(last).length >= 3 ? [last] : [];
}

/** Prefixes of gazetteer entry ids: `item:<registry id>`, `party:<registry id>`, `country:<ISO code>`. */
export const ITEM_PREFIX = 'item:';
export const PARTY_PREFIX = 'party:';
export const COUNTRY_PREFIX = 'country:';

/**
 * Gazetteer entries for the registry's parties (`party:<id>`), items (`item:<id>`) and the
 * platforms items are fitted to (`platform:<normalised name>`). A party is a state organ when
 * its kind is government, armed_force or police, non-state when non_state_group; an item's
 * country is its maker's.
 */
export function registryEntries(reg: { parties: RegistryParty[]; items: RegistryItem[] }): GazetteerEntry[] {
  const out: GazetteerEntry[] = [];
  const countryOf = new Map<string, string | null>();
  for (const p of reg.parties) {
    countryOf.set(p.id, p.country ?? null);
    out.push({
      id: `${PARTY_PREFIX}${p.id}`,
      kind: 'party',
      names: [p.name, ...(p.aliases ?? [])],
      facts: { kind: 'party', name: p.name, country: p.country ?? null, state: STATE_PARTY_KINDS.has(p.kind), nonState: p.kind === 'non_state_group' },
    });
  }
  const platforms = new Map<string, string[]>();
  for (const it of reg.items) {
    out.push({
      id: `${ITEM_PREFIX}${it.id}`,
      kind: 'item',
      names: [it.name, ...(it.aliases ?? [])],
      facts: { kind: 'item', name: it.name, country: it.manufacturerId ? (countryOf.get(it.manufacturerId) ?? null) : null, state: false, nonState: false },
    });
    for (const pl of it.platforms ?? []) {
      const key = normalizeName(pl);
      if (key && !platforms.has(key)) platforms.set(key, [pl, ...platformShortNames(pl)]);
    }
  }
  for (const [key, names] of platforms) {
    out.push({ id: `platform:${key}`, kind: 'platform', names, facts: { kind: 'platform', name: names[0], country: null, state: false, nonState: false } });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Reference data (data/reference/*.json)

interface NamedRecord {
  id: string;
  name: string;
  names: string[];
  country: string | null;
  caseSensitive?: string[];
  weak?: string[];
}
/** One record of data/reference/countries.json (written by scripts/gen-countries.ts). */
export interface CountryRecord {
  code: string;
  name: string;
  names: string[];
  demonyms: string[];
  capitals: string[];
  caseSensitive?: string[];
  weak?: string[];
  conflicts?: { from: string; to: string | null }[];
}
interface RegionRecord extends NamedRecord {
  conflicts?: { from: string; to: string | null }[];
}
interface GroupRecord extends NamedRecord {
  state: boolean;
  nonState: boolean;
  generic?: boolean;
}

/** The project root: the nearest folder above this module that holds package.json (works from src/ and dist/). */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error('gazetteer: no package.json above the module; cannot find data/reference');
    dir = up;
  }
}

let referenceCache: GazetteerEntry[] | null = null;

/** Countries (`country:XX`), regions (`region:<slug>`) and armed groups (`armed_group:<slug>`), loaded once. */
export function referenceEntries(): GazetteerEntry[] {
  if (referenceCache) return referenceCache;
  const dir = path.join(projectRoot(), 'data', 'reference');
  const read = <T>(file: string): T => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as T;
  const out: GazetteerEntry[] = [];
  for (const c of read<CountryRecord[]>('countries.json')) {
    const nameKinds: Record<string, 'demonym' | 'capital'> = {};
    for (const d of c.demonyms) nameKinds[d] = 'demonym';
    for (const d of c.capitals) nameKinds[d] = 'capital';
    const facts: EntryFacts = { kind: 'country', name: c.name, country: c.code, state: true, nonState: false, nameKind: 'name' };
    if (c.conflicts) facts.conflicts = c.conflicts;
    out.push({ id: `${COUNTRY_PREFIX}${c.code}`, kind: 'country', names: [...c.names, ...c.demonyms, ...c.capitals], facts, caseSensitiveNames: c.caseSensitive, weakNames: c.weak, nameKinds });
  }
  for (const r of read<RegionRecord[]>('regions.json')) {
    const kind: MentionKind = r.conflicts?.length ? 'conflict_zone' : 'region';
    const facts: EntryFacts = { kind, name: r.name, country: r.country, state: false, nonState: false };
    if (r.conflicts) facts.conflicts = r.conflicts;
    out.push({ id: `region:${r.id}`, kind, names: r.names, facts, caseSensitiveNames: r.caseSensitive, weakNames: r.weak });
  }
  for (const g of read<GroupRecord[]>('armed-groups.json')) {
    out.push({
      id: `armed_group:${g.id}`,
      kind: 'armed_group',
      names: g.names,
      facts: { kind: 'armed_group', name: g.name, country: g.country, state: g.state, nonState: g.nonState },
      caseSensitiveNames: g.caseSensitive,
      weakNames: g.weak,
      weight: g.generic ? 0.5 : 1,
      noFuzzy: g.generic === true,
    });
  }
  referenceCache = out;
  return out;
}
