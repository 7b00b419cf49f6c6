import { createRequire } from 'node:module';
import { isCountryCode } from '../shared/countries.js';

const require = createRequire(import.meta.url);
// Both packages ship CommonJS; name → code look-ups in English are all that is needed.
const countries: { getAlpha2Code(name: string, lang: string): string | undefined } = require('i18n-iso-countries');
const nationalities: { getAlpha2Code(name: string, lang: string): string | undefined } = require('i18n-nationality');

/**
 * Spellings the lists use that the country-name tables do not know (OFAC's "Korea, North",
 * the UN's formal names, former and disputed names). Keys are folded as `fold` does.
 */
const overrides: Record<string, string> = {
  'korea north': 'KP',
  'north korea': 'KP',
  'democratic peoples republic of korea': 'KP',
  'korea democratic peoples republic of': 'KP',
  dprk: 'KP',
  'korea south': 'KR',
  'south korea': 'KR',
  'republic of korea': 'KR',
  burma: 'MM',
  syria: 'SY',
  'iran islamic republic of': 'IR',
  'viet nam': 'VN',
  vietnam: 'VN',
  laos: 'LA',
  'lao peoples democratic republic': 'LA',
  moldova: 'MD',
  'republic of moldova': 'MD',
  'congo democratic republic of the': 'CD',
  'democratic republic of the congo': 'CD',
  'congo republic of the': 'CG',
  'republic of the congo': 'CG',
  'cote divoire': 'CI',
  'cote d ivoire': 'CI',
  'ivory coast': 'CI',
  macau: 'MO',
  macao: 'MO',
  'west bank': 'PS',
  gaza: 'PS',
  'palestinian territories': 'PS',
  'state of palestine': 'PS',
  palestinian: 'PS',
  kosovo: 'XK',
  'the former yugoslav republic of macedonia': 'MK',
  macedonia: 'MK',
  'united republic of tanzania': 'TZ',
  'bolivarian republic of venezuela': 'VE',
  'venezuela bolivarian republic of': 'VE',
  'russian federation': 'RU',
  'united kingdom of great britain and northern ireland': 'GB',
  'united states of america': 'US',
  'syrian arab republic': 'SY',
  turkiye: 'TR',
  'region crimea': 'UA',
  crimea: 'UA',
  'bosnia herzegovina': 'BA',
  'saint kitts and nevis': 'KN',
  'st kitts and nevis': 'KN',
  'saint vincent and the grenadines': 'VC',
  'micronesia federated states of': 'FM',
  'brunei darussalam': 'BN',
  'czech republic': 'CZ',
  'sudan south': 'SS',
  'cabo verde': 'CV',
  'st vincent and the grenadines': 'VC',
  'st kitts nevis': 'KN',
  'british virgin islands': 'VG',
  'sultanate of oman': 'OM',
  'libyan arab jamahiriya': 'LY',
  'union of the comoros': 'KM',
  'hong kong special administrative region': 'HK',
};

function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’`.]/g, '')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

const cache = new Map<string, string | null>();

/**
 * ISO 3166-1 alpha-2 code for a country name, a demonym ("Russian") or a code as the lists
 * write them, or null when it is not a country (a region, "Soviet Union", free text).
 * Bilingual Canadian values ("Russia / Russie") are read by their English half.
 */
export function toCountryCode(raw: string): string | null {
  const text = raw.trim();
  if (!text) return null;
  let hit = cache.get(text);
  if (hit !== undefined) return hit;
  hit = lookUp(text);
  cache.set(text, hit);
  return hit;
}

function lookUp(text: string): string | null {
  if (/^[A-Za-z]{2}$/.test(text)) return isCountryCode(text.toUpperCase()) ? text.toUpperCase() : null;
  const english = text.split(' / ')[0].trim();
  const candidates = [english, english.replace(/\s*\([^)]*\)\s*/g, ' ').trim()];
  // "Korea, North" and "Congo, Democratic Republic of the" are inverted names.
  const comma = /^([^,]+),\s*(.+)$/.exec(english);
  if (comma) candidates.push(`${comma[2]} ${comma[1]}`);
  for (const c of candidates) {
    const o = overrides[fold(c)] ?? overrides[fold(c.replace(/^the\s+/i, ''))];
    if (o) return o;
    const code = countries.getAlpha2Code(c, 'en') ?? nationalities.getAlpha2Code(c, 'en');
    if (code && isCountryCode(code)) return code;
  }
  return null;
}

/** Codes for several names: known ones, each once, in first-seen order. */
export function toCountryCodes(raws: readonly string[]): string[] {
  const out = new Set<string>();
  for (const r of raws) {
    const c = toCountryCode(r);
    if (c) out.add(c);
  }
  return [...out];
}
