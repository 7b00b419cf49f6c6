import { invalidInput } from '../shared/errors.js';

/** How many leading bytes the UTF-16 and binary heuristics look at. */
const SAMPLE = 8192;
/** Share of control characters above which decoded "text" is taken for binary. */
const MAX_CONTROL_SHARE = 0.02;

type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/**
 * Text bytes to a string. Order: a BOM (UTF-8, UTF-16 LE/BE); UTF-16 without a BOM when
 * every other byte is NUL (ASCII-range text); valid UTF-8; else the declared charset when
 * there is one TextDecoder knows (windows-1251, shift_jis …); else Windows-1252 (a superset
 * of Latin-1 for printable text). NUL bytes in anything but UTF-16, or a high share of control
 * characters, mean binary content and throw `invalid_input` naming the origin.
 */
export function decodeText(bytes: Uint8Array, origin: string, declared: string | null = null): string {
  const notText = () => invalidInput(`${origin}: not text (binary content)`);
  const { encoding, skip } = guessEncoding(bytes);
  const body = bytes.subarray(skip);
  if (encoding !== 'utf-16le' && encoding !== 'utf-16be' && body.includes(0)) throw notText();
  let text: string;
  try {
    text = new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    if (encoding !== 'utf-8' || skip > 0) throw notText();
    const other = otherDecoder(declared);
    text = other ? other.decode(body) : decodeWindows1252(body);
  }
  if (controlShare(text) > MAX_CONTROL_SHARE) throw notText();
  return text;
}

function guessEncoding(bytes: Uint8Array): { encoding: Encoding; skip: number } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', skip: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', skip: 2 };
  const n = Math.min(bytes.length, SAMPLE) & ~1;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  // ASCII-range UTF-16: the high byte of nearly every code unit is zero, the low byte never.
  if (pairs > 0 && oddNul / pairs > 0.3 && evenNul / pairs < 0.05) return { encoding: 'utf-16le', skip: 0 };
  if (pairs > 0 && evenNul / pairs > 0.3 && oddNul / pairs < 0.05) return { encoding: 'utf-16be', skip: 0 };
  return { encoding: 'utf-8', skip: 0 };
}

/** A decoder for a declared charset other than UTF-8 and Latin-1/Windows-1252 (handled here). */
function otherDecoder(label: string | null): TextDecoder | null {
  if (!label) return null;
  try {
    const decoder = new TextDecoder(label.trim().toLowerCase());
    return decoder.encoding === 'utf-8' || decoder.encoding === 'windows-1252' ? null : decoder;
  } catch {
    return null; // an unknown label: fall back as if none were declared
  }
}

/**
 * The charset a source declares: the Content-Type parameter, else an HTML/XML declaration
 * in the first bytes (`<meta charset>`, `<meta http-equiv … charset=>`, `<?xml encoding=>`).
 */
export function declaredCharset(contentType: string | null, bytes: Uint8Array): string | null {
  const fromType = /;\s*charset\s*=\s*"?([\w.:-]+)/i.exec(contentType ?? '');
  if (fromType) return fromType[1];
  const head = Buffer.from(bytes.subarray(0, 2048)).toString('latin1');
  const m = /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head) ?? /<\?xml[^>]+encoding\s*=\s*["']([\w.:-]+)/i.exec(head);
  return m ? m[1] : null;
}

/** Windows-1252 characters at 0x80–0x9F (0 where the code page leaves a byte undefined). */
const CP1252_HIGH = [
  0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
  0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
];

/**
 * Windows-1252. Node 20's TextDecoder('windows-1252') decodes as ISO-8859-1 (0x96 gives
 * U+0096, not "–"), so the Latin-1 result is patched for 0x80–0x9F; undefined bytes stay
 * C1 controls and count against the text.
 */
function decodeWindows1252(bytes: Uint8Array): string {
  return new TextDecoder('latin1').decode(bytes).replace(/[\u0080-\u009f]/g, (c) => {
    const mapped = CP1252_HIGH[c.charCodeAt(0) - 0x80];
    return mapped ? String.fromCharCode(mapped) : c;
  });
}

/** Share of C0/C1 control characters other than tab, newline, carriage return and form feed. */
function controlShare(text: string): number {
  const n = Math.min(text.length, SAMPLE);
  if (n === 0) return 0;
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) || (c >= 0x7f && c <= 0x9f)) bad++;
  }
  return bad / n;
}
