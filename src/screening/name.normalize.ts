import { canonicalPart, nameTables } from './name.variants.js';

/**
 * Folding of names to lower-case ASCII, and the normalised form of a name that matching
 * compares: tokens with their spelling variants canonicalised, legal forms removed (and
 * remembered), numbers set apart.
 */

/** Letters NFKD leaves whole, and the scripts we transliterate (Cyrillic, Greek, Arabic). */
const TRANSLIT: Record<string, string> = {
  // Latin letters without a decomposition
  ı: 'i', ł: 'l', ø: 'o', đ: 'd', ð: 'd', ħ: 'h', ŧ: 't', ŀ: 'l', ŋ: 'n', ſ: 's', æ: 'ae', œ: 'oe',
  ß: 'ss', þ: 'th', ə: 'e', ɨ: 'i', ƒ: 'f',
  // Cyrillic (Russian, Ukrainian, Belarusian, Serbian, Kazakh basics; BGN/PCGN-like)
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k',
  л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts',
  ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya', і: 'i', ї: 'yi',
  є: 'ye', ґ: 'g', ў: 'u', ђ: 'dj', ј: 'j', љ: 'lj', њ: 'nj', ћ: 'c', џ: 'dz', қ: 'q', ғ: 'gh',
  ң: 'ng', ү: 'u', ұ: 'u', һ: 'h', ә: 'a', ө: 'o',
  // Greek (accents are gone after NFKD)
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm',
  ν: 'n', ξ: 'x', ο: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps',
  ω: 'o',
  // Arabic and Persian letters (short vowels are not written: "محمد" → "mhmd"; the phonetic
  // key bridges most of the gap)
  ا: 'a', أ: 'a', إ: 'i', آ: 'a', ٱ: 'a', ب: 'b', ت: 't', ث: 'th', ج: 'j', ح: 'h', خ: 'kh', د: 'd',
  ذ: 'dh', ر: 'r', ز: 'z', س: 's', ش: 'sh', ص: 's', ض: 'd', ط: 't', ظ: 'z', ع: '', غ: 'gh', ف: 'f',
  ق: 'q', ك: 'k', ل: 'l', م: 'm', ن: 'n', ه: 'h', و: 'w', ي: 'y', ى: 'a', ة: 'a', ء: '', ئ: 'y',
  ؤ: 'w', پ: 'p', چ: 'ch', ژ: 'zh', گ: 'g', ک: 'k', ی: 'y', ە: 'e',
};

/** Marks that join a name rather than split it: O'Brien → obrien, Sa'id → said. */
const JOINERS = new Set(["'", '’', '‘', 'ʼ', 'ʻ', 'ʽ', 'ʾ', 'ʿ', '`', '´', '\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff', 'ـ']);

const COMBINING = /\p{M}/u;

/**
 * Lower-case ASCII letters and digits separated by single spaces, trimmed: diacritics
 * removed (NFKD), Cyrillic, Greek and Arabic letters transliterated, apostrophes and
 * invisible joiners dropped, every other character a separator. Characters of scripts
 * outside the table are separators too (they cannot be compared with Latin list names).
 */
export function foldToAscii(text: string): string {
  let out = '';
  let space = true;
  const src = /^[\x20-\x7e]*$/.test(text) ? text : text.normalize('NFKD');
  for (const ch of src) {
    const c = ch.charCodeAt(0);
    let piece: string | undefined;
    if (c < 128) {
      if (c >= 65 && c <= 90) piece = String.fromCharCode(c + 32);
      else if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) piece = ch;
      else if (JOINERS.has(ch)) continue;
    } else if (JOINERS.has(ch) || COMBINING.test(ch)) {
      continue;
    } else {
      const lower = ch.toLowerCase();
      piece = TRANSLIT[lower];
      if (piece === undefined && /^[a-z]$/.test(lower)) piece = lower;
    }
    if (piece === undefined) {
      if (!space) out += ' ';
      space = true;
    } else if (piece.length > 0) {
      out += piece;
      space = false;
    }
  }
  return space && out.length > 0 ? out.slice(0, -1) : out;
}

export interface NormalizedName {
  /** Canonical name parts, in name order, numbers excluded ("muhammad", "abd", "rahman"). */
  tokens: string[];
  /** The folded spelling each token came from (same length as tokens). */
  spellings: string[];
  /** Number parts ("Ocean Star 2" → ["2"]), compared separately. */
  numbers: string[];
  /** Classes of the legal forms removed (llc, ltd, jsc, corp, llp, gp). */
  legalForms: string[];
}

/**
 * The normalised form of a name. Legal forms are removed from the start and end of names
 * that are not persons' (a person's name keeps every part), and only while some other part
 * remains; letters and digits run together are split ("IL76" → "il", "76").
 */
export function normalizeName(name: string, isPerson = false): NormalizedName {
  const t = nameTables();
  const folded = foldToAscii(name).replace(/([a-z])(?=[0-9])|([0-9])(?=[a-z])/g, '$1$2 ');
  let parts = folded.length ? folded.split(' ') : [];
  const legalForms: string[] = [];
  if (!isPerson) parts = stripLegalForms(parts, legalForms);
  const tokens: string[] = [];
  const spellings: string[] = [];
  const numbers: string[] = [];
  const kept = parts.filter((p) => !t.dropped.has(p));
  for (const part of kept.length ? kept : parts) {
    if (part.charCodeAt(0) <= 57) {
      numbers.push(String(Number(part)));
      continue;
    }
    const split = splitPrefix(part);
    if (split) {
      tokens.push(split[0], canonicalPart(split[1]));
      spellings.push(split[0], split[1]);
    } else {
      tokens.push(canonicalPart(part));
      spellings.push(part);
    }
  }
  return { tokens, spellings, numbers, legalForms };
}

function splitPrefix(part: string): [string, string] | null {
  for (const [prefix, canonical] of nameTables().prefixSplits) {
    if (part.length >= prefix.length + 4 && part.startsWith(prefix)) {
      const rest = part.slice(prefix.length);
      // "abdullah" is a name of its own, not abd + ullah
      if (canonicalPart(part) !== part) return null;
      return [canonical, rest];
    }
  }
  return null;
}

/** Removes legal forms at either end, longest form first, keeping at least one part. */
function stripLegalForms(parts: string[], found: string[]): string[] {
  const forms = nameTables().legalForms;
  let start = 0;
  let end = parts.length;
  let changed = true;
  while (changed && end - start > 1) {
    changed = false;
    for (const form of forms.get(parts[start]) ?? []) {
      const n = form.tokens.length;
      if (n < end - start && form.tokens.every((tok, i) => parts[start + i] === tok)) {
        found.push(form.cls);
        start += n;
        changed = true;
        break;
      }
    }
    if (end - start <= 1) break;
    // at the end: try every start position of a form ending at `end`
    for (let from = Math.max(start + 1, end - 5); from < end && !changed; from++) {
      for (const form of forms.get(parts[from]) ?? []) {
        if (from + form.tokens.length === end && form.tokens.every((tok, i) => parts[from + i] === tok)) {
          found.push(form.cls);
          end = from;
          changed = true;
          break;
        }
      }
    }
  }
  return parts.slice(start, end);
}
