/**
 * Matching form of a text: the one representation that the gazetteer's patterns and the
 * documents are compared in.
 *
 * Rules (applied in one pass, left to right):
 * - letters are lower-cased; diacritics are removed (NFD, combining marks dropped) and a few
 *   letters that NFD does not decompose are spelled out: ı→i, ł→l, ø→o, đ→d, ħ→h, æ→ae,
 *   œ→oe, ß→ss, þ→th, ð→d … ("Çavuşoğlu" → "cavusoglu", "Türkiye" → "turkiye");
 * - letters and digits of any script are kept (Arabic, Cyrillic … are lower-cased and kept);
 * - everything else — spaces, hyphens and dashes, slashes, underscores, dots, apostrophes,
 *   quotes, brackets, symbols, emoji — is a separator, and every run of separators becomes
 *   ONE space ("Nagorno–Karabakh", "Nagorno - Karabakh" → "nagorno karabakh";
 *   "Turkey’s" → "turkey s"; "U.S." → "u s ");
 * - invisible joiners (soft hyphen, zero-width joiner/non-joiner, word joiner, BOM) and
 *   combining marks produce nothing, so "Nagorno\u00ADKarabakh" → "nagornokarabakh".
 * The norm is not trimmed: a text that starts or ends with punctuation gives a norm that
 * starts or ends with one space.
 *
 * `toOriginal[i]` is the UTF-16 index in the original text of the character that produced
 * `norm[i]` (for a run of separators: its first character; for an expansion such as
 * ß → "ss": both chars point at the ß). It has one extra entry, `toOriginal[norm.length] =
 * text.length`, so that a match ending at a word boundary `e` (a space or the end of the
 * norm) ends at `toOriginal[e]` in the original text.
 */

const SPACE = 32;

/** For code < 128: the lower-case letter/digit, or SPACE for any separator. */
const ASCII_MAP = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if (c >= 48 && c <= 57) ASCII_MAP[c] = c; // 0-9
  else if (c >= 97 && c <= 122) ASCII_MAP[c] = c; // a-z
  else if (c >= 65 && c <= 90) ASCII_MAP[c] = c + 32; // A-Z
  else ASCII_MAP[c] = SPACE;
}

/** Letters that NFD leaves alone, mapped after lower-casing. */
const SPECIAL_LETTERS: Record<string, string> = {
  ı: 'i',
  ł: 'l',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ħ: 'h',
  ŧ: 't',
  ŀ: 'l',
  ŋ: 'n',
  ĸ: 'k',
  ſ: 's',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  ẞ: 'ss',
  þ: 'th',
  ə: 'e', // Azerbaijani schwa: Azərbaycan → azerbaycan
};

/** Characters that are letters for Unicode but act as apostrophes in names (Sanʿaʾ, Hawaiʻi). */
const APOSTROPHE_LIKE = new Set(['ʼ', 'ʻ', 'ʽ', 'ʾ', 'ʿ', 'ʹ', 'ˈ', 'ˊ', 'ˋ', '´', '`']);

/** Characters that vanish without separating (they sit inside words). */
const INVISIBLE = new Set([0x00ad, 0x200c, 0x200d, 0x2060, 0xfeff, 0x034f, 0x180e]);

const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const COMBINING = /\p{M}/gu;

/** Mapping of one non-ASCII code point: '' = nothing, ' ' = separator, else letters. */
const bmpCache: (string | undefined)[] = new Array(0x10000);
const astralCache = new Map<number, string>();

function mapCodePoint(cp: number): string {
  if (INVISIBLE.has(cp)) return '';
  const ch = String.fromCodePoint(cp);
  if (APOSTROPHE_LIKE.has(ch)) return ' ';
  const special = SPECIAL_LETTERS[ch] ?? SPECIAL_LETTERS[ch.toLowerCase()];
  if (special !== undefined) return special;
  const stripped = ch.normalize('NFD').replace(COMBINING, '');
  if (stripped === '') return /\p{M}/u.test(ch) ? '' : ' ';
  let out = '';
  for (const c of stripped.toLowerCase()) {
    const sp = SPECIAL_LETTERS[c];
    if (sp !== undefined) out += sp;
    else if (c.charCodeAt(0) < 128) out += String.fromCharCode(ASCII_MAP[c.charCodeAt(0)]);
    else if (LETTER_OR_DIGIT.test(c)) out += c;
    else out += ' ';
  }
  // A symbol that decomposes to letters (e.g. "№" → "no", "™" → "tm") keeps them; anything
  // else with an inner separator collapses to a single space.
  if (out.trim() === '') return ' ';
  return out;
}

function mapNonAscii(cp: number): string {
  if (cp < 0x10000) {
    let m = bmpCache[cp];
    if (m === undefined) {
      m = mapCodePoint(cp);
      bmpCache[cp] = m;
    }
    return m;
  }
  let m = astralCache.get(cp);
  if (m === undefined) {
    m = mapCodePoint(cp);
    astralCache.set(cp, m);
  }
  return m;
}

export interface NormalizedText {
  /** The matching form (see module doc). */
  norm: string;
  /** norm index → original UTF-16 index; length norm.length + 1. */
  toOriginal: Int32Array;
}

// ---------------------------------------------------------------------------------------------
// Per-code-unit fold: what the gazetteer's scan reads instead of a normalised copy of the text.

/** `foldUnit`: the character produces nothing (soft hyphen, joiner, combining mark). */
export const FOLD_EMPTY = 1;
/** `foldUnit`: several units (ß → "ss", æ → "ae") or a surrogate; see `foldCodePoint`. */
export const FOLD_MULTI = 2;

/**
 * FOLD1[c] for a UTF-16 code unit c: its matching form when that is one unit (32 for any
 * separator), FOLD_EMPTY, FOLD_MULTI, or 0 while not computed yet (filled in lazily, so that
 * nobody pays for the 65,536 NFD decompositions up front).
 */
const FOLD1 = new Uint16Array(0x10000);
for (let c = 0; c < 128; c++) FOLD1[c] = ASCII_MAP[c];

function computeFold1(c: number): number {
  let r: number;
  if (c >= 0xd800 && c <= 0xdfff) r = FOLD_MULTI;
  else {
    const m = mapNonAscii(c);
    r = m.length === 0 ? FOLD_EMPTY : m.length === 1 ? m.charCodeAt(0) : FOLD_MULTI;
  }
  FOLD1[c] = r;
  return r;
}

/**
 * Matching form of one UTF-16 code unit, by table: the folded unit (a lower-case letter or
 * digit, or 32 for a separator), FOLD_EMPTY when it produces nothing, or FOLD_MULTI when it
 * produces several units or is half of a surrogate pair (then ask `foldCodePoint`).
 * Folded units are ≥ 32, so they never collide with the two markers.
 */
export function foldUnit(c: number): number {
  const f = FOLD1[c];
  return f !== 0 ? f : computeFold1(c);
}

/** Matching form of one code point ('' = nothing, ' ' = separator), as `normalizeText` emits it. */
export function foldCodePoint(cp: number): string {
  return cp < 128 ? String.fromCharCode(ASCII_MAP[cp]) : mapNonAscii(cp);
}

/** The code point at `i` (a surrogate pair read as one, as `normalizeText` does). */
export function codePointAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return c;
}

/** The code point that ends just before `j` (a surrogate pair read as one). */
export function codePointBefore(text: string, j: number): number {
  const d = text.charCodeAt(j - 1);
  if (d >= 0xdc00 && d <= 0xdfff && j >= 2) {
    const c = text.charCodeAt(j - 2);
    if (c >= 0xd800 && c <= 0xdbff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return d;
}

// Reused output buffers: normalising is allocation-free apart from the result string and
// the returned offsets.
let outBuf = new Uint16Array(1 << 16);
let mapBuf = new Int32Array(1 << 16);

function grow(need: number): void {
  let size = outBuf.length;
  while (size < need) size *= 2;
  const o = new Uint16Array(size);
  o.set(outBuf);
  const m = new Int32Array(size);
  m.set(mapBuf);
  outBuf = o;
  mapBuf = m;
}

let bytesBuf = new Uint8Array(1 << 16);

/**
 * The pass itself: fills `outBuf`/`mapBuf` (map[n] = text.length included) and returns the
 * matching form, as a one-byte (latin1) string when every unit fits: half the memory of a
 * two-byte string, and faster to build and to scan.
 */
function normalizeIntoBuffers(text: string): { norm: string; n: number } {
  const len = text.length;
  if (outBuf.length < len + 8) grow(len + 8);
  let out = outBuf;
  let map = mapBuf;
  let n = 0;
  let last = -1; // last emitted code unit (SPACE after a separator)
  let wide = 0; // OR of the emitted non-ASCII units
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      const m = ASCII_MAP[c];
      if (m === SPACE) {
        if (last !== SPACE) {
          out[n] = SPACE;
          map[n++] = i;
          last = SPACE;
        }
      } else {
        out[n] = m;
        map[n++] = i;
        last = m;
      }
      continue;
    }
    const cp = codePointAt(text, i);
    const width = cp > 0xffff ? 2 : 1;
    const m = mapNonAscii(cp);
    const ml = m.length;
    if (ml === 1) {
      const mc = m.charCodeAt(0);
      if (mc === SPACE) {
        if (last !== SPACE) {
          out[n] = SPACE;
          map[n++] = i;
          last = SPACE;
        }
      } else {
        out[n] = mc;
        map[n++] = i;
        last = mc;
        wide |= mc;
      }
    } else if (ml > 1) {
      if (n + ml + (len - i) + 8 > out.length) {
        grow(n + ml + (len - i) + 8);
        out = outBuf;
        map = mapBuf;
      }
      for (let k = 0; k < ml; k++) {
        const mc = m.charCodeAt(k);
        if (mc === SPACE && last === SPACE) continue;
        out[n] = mc;
        map[n++] = i;
        last = mc;
        wide |= mc;
      }
    }
    i += width - 1;
  }
  if (n + 1 > map.length) {
    grow(n + 8);
    map = mapBuf;
  }
  map[n] = len;
  let norm: string;
  if (n === 0) norm = '';
  else if (wide < 256) {
    if (bytesBuf.length < n) bytesBuf = new Uint8Array(outBuf.length);
    const bytes = bytesBuf;
    const src = outBuf;
    for (let k = 0; k < n; k++) bytes[k] = src[k];
    norm = Buffer.from(bytes.buffer, bytes.byteOffset, n).toString('latin1');
  } else {
    norm = Buffer.from(outBuf.buffer, outBuf.byteOffset, n * 2).toString('utf16le');
  }
  return { norm, n };
}

/** One pass over `text`; see the module doc for the rules and the offset map. */
export function normalizeText(text: string): NormalizedText {
  const { norm, n } = normalizeIntoBuffers(text);
  return { norm, toOriginal: mapBuf.slice(0, n + 1) };
}

/**
 * The matching form of a name (a gazetteer pattern): the same rules as `normalizeText`,
 * with the leading and trailing separator removed ("U.S." → "u s", "(Artsakh)" → "artsakh").
 */
export function normalizeName(name: string): string {
  const { norm } = normalizeText(name);
  let s = 0;
  let e = norm.length;
  if (e > 0 && norm.charCodeAt(0) === SPACE) s = 1;
  if (e > s && norm.charCodeAt(e - 1) === SPACE) e--;
  return norm.slice(s, e);
}
