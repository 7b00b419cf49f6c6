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

// Reused output buffers: normalising is on the hot path and allocation-free apart from the
// result string and the returned offsets.
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
    let cp = c;
    let width = 1;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < len) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cp = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        width = 2;
      }
    }
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
 * As `normalizeText`, but `toOriginal` is a view of a buffer the next call overwrites: for a
 * caller that is done with the offsets before it normalises again (the gazetteer's `find`).
 * Saves allocating and copying four bytes per character of a large text.
 */
export function normalizeTextTransient(text: string): NormalizedText {
  const { norm, n } = normalizeIntoBuffers(text);
  return { norm, toOriginal: mapBuf.subarray(0, n + 1) };
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
