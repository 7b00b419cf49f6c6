/**
 * Writes data/reference/countries.json: one record per ISO 3166-1 alpha-2 country with its
 * names, demonyms and capitals (used as metonyms: "Ankara said").
 *
 * Base: i18n-iso-countries (English names and official alternates), countries-list
 * (capitals and common aliases), i18n-nationality (English demonyms). The curation tables
 * below fix what the packages get wrong for reading news (odd demonyms such as "Emirian",
 * historical names that are now other places, capitals that are ordinary words or person
 * names) and add the names reporters use ("KSA", "DRC", "Burma", "Kremlin").
 *
 * The checked-in JSON is what the program reads; rerun this script only to rebuild it:
 *   node --import tsx scripts/gen-countries.ts
 */
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CountryRecord } from '../src/reading/gazetteer.js';

const require = createRequire(import.meta.url);
const isoNames: Record<string, string | string[]> = require('i18n-iso-countries/langs/en.json').countries;
const demonymsEn: Record<string, string> = require('i18n-nationality/langs/en.json').nationalities;
const { countries: listed } = require('countries-list') as {
  countries: Record<string, { name: string; capital: string; alias?: string[] }>;
};

/** Dependent territories: their capitals are small towns whose names are common words or person names. */
const TERRITORIES = new Set(
  'AS AI AQ AW AX BL BM BQ BV CC CK CW CX EH FK FO GF GG GI GL GP GS GU HK HM IM IO JE KY MF MO MP MQ MS NC NF NU PF PM PN PR RE SH SJ SX TC TF TK UM VG VI WF YT'.split(' '),
);

/** Names reporters use that the packages lack. */
const EXTRA_NAMES: Record<string, string[]> = {
  AE: ['U.A.E.', 'Emirates'],
  BA: ['Bosnia', 'Bosnia-Herzegovina'],
  BO: ['Bolivia'],
  CD: ['DRC', 'DR Congo', 'Democratic Republic of Congo', 'Congo-Kinshasa', 'Congo'],
  CG: ['Republic of Congo', 'Congo-Brazzaville'],
  CI: ['Ivory Coast', "Côte d'Ivoire"],
  CZ: ['Czechia'],
  SR: ['Suriname', 'Surinam'],
  FM: ['Micronesia'],
  GB: ['United Kingdom', 'U.K.', 'Britain', 'England', 'Scotland', 'Wales', 'Northern Ireland'],
  IR: ['Iran', 'Persia'],
  KP: ['North Korea', 'DPRK', "Democratic People's Republic of Korea"],
  KR: ['South Korea', 'ROK', 'Korea'],
  LA: ['Laos'],
  MD: ['Moldova'],
  MM: ['Myanmar', 'Burma'],
  PS: ['Palestine', 'Palestinian Territories', 'Occupied Palestinian Territory'],
  RU: ['Russia', 'Russian Federation'],
  SA: ['KSA', 'Kingdom of Saudi Arabia', 'Saudi Arabia'],
  SY: ['Syria'],
  TR: ['Türkiye', 'Turkey', 'Turkiye', 'Republic of Türkiye', 'Republic of Turkey'],
  TW: ['Taiwan', 'Republic of China'],
  TZ: ['Tanzania'],
  US: ['United States', 'United States of America', 'USA', 'U.S.A.', 'US', 'U.S.', 'America'],
  VA: ['Vatican', 'Holy See'],
  VE: ['Venezuela'],
  VN: ['Vietnam', 'Viet Nam'],
  XK: ['Kosovo'],
};

/** Package aliases dropped: now other places or too ambiguous ("Gold Coast" is in Australia). */
const DROP_NAMES = new Set(['Gold Coast', 'Korea, Republic of', 'Netherlands (Kingdom of the)', 'Taiwan, Province of China', 'Myanmar (Burma)', 'Czech Republic/Česká republika', 'Česká republika', 'Bahrein']);

/** Demonyms replacing the package's entry (null = none: the package gives a place name or a wrong one). */
const DEMONYMS: Record<string, string[] | null> = {
  AE: ['Emirati'],
  AG: ['Antiguan'],
  AR: ['Argentine', 'Argentinian', 'Argentinean'],
  BA: ['Bosnian'],
  BM: null,
  BV: null,
  BW: ['Motswana', 'Batswana'],
  CD: ['Congolese'],
  CG: null,
  CX: null,
  CC: null,
  CK: null,
  DJ: ['Djiboutian'],
  DM: null,
  DO: ['Dominican'],
  FK: null,
  FO: ['Faroese'],
  GB: ['British', 'Briton', 'Scottish', 'Welsh'],
  GF: null,
  PF: null,
  TF: null,
  GI: null,
  GL: ['Greenlandic'],
  GP: null,
  GS: null,
  GU: null,
  HK: null,
  HM: null,
  IO: null,
  IS: ['Icelandic', 'Icelander'],
  KR: ['South Korean', 'Korean'],
  KY: null,
  LA: ['Lao', 'Laotian'],
  MO: null,
  MQ: null,
  MS: null,
  MV: ['Maldivian'],
  NC: null,
  NF: null,
  NL: ['Dutch'],
  NU: null,
  PG: ['Papua New Guinean'],
  PH: ['Filipino', 'Philippine'],
  PL: ['Polish', 'Pole'],
  PM: null,
  PN: null,
  PR: ['Puerto Rican'],
  PS: ['Palestinian'],
  RE: null,
  SA: ['Saudi', 'Saudi Arabian'],
  SH: null,
  SJ: null,
  SK: ['Slovak', 'Slovakian'],
  SS: ['South Sudanese'],
  SX: null,
  SZ: ['Swazi', 'Eswatini'],
  TC: null,
  TK: null,
  TM: ['Turkmen'],
  TR: ['Turkish', 'Turk'],
  UM: null,
  US: ['American'],
  UZ: ['Uzbek', 'Uzbekistani'],
  VG: null,
  VI: null,
  VU: ['Ni-Vanuatu'],
  WF: null,
  YE: ['Yemeni'],
  YT: null,
  AX: null,
  BQ: null,
  CW: null,
  GG: null,
  JE: null,
  BL: null,
  MF: null,
  XK: ['Kosovar'],
  KZ: ['Kazakh', 'Kazakhstani'],
  KG: ['Kyrgyz'],
  TJ: ['Tajik'],
  CZ: ['Czech'],
  EC: ['Ecuadorian', 'Ecuadorean'],
  AF: ['Afghan'],
  IL: ['Israeli'],
};

/** Capitals and seats of government used as metonyms, replacing or adding to the package's. */
const CAPITALS: Record<string, string[]> = {
  US: ['Washington', 'Washington, D.C.', 'White House', 'Pentagon'],
  RU: ['Moscow', 'Kremlin'],
  UA: ['Kyiv', 'Kiev'],
  GB: ['London', 'Whitehall', 'Downing Street'],
  FR: ['Paris', 'Élysée', 'Elysée Palace', 'Quai d’Orsay'],
  IL: ['Jerusalem', 'Tel Aviv'],
  YE: ["Sana'a", 'Sanaa'],
  MN: ['Ulaanbaatar', 'Ulan Bator'],
  IN: ['New Delhi', 'Delhi'],
  CN: ['Beijing', 'Peking'],
  KZ: ['Astana', 'Nur-Sultan'],
  MM: ['Naypyidaw', 'Naypyitaw', 'Yangon', 'Rangoon'],
  CI: ['Yamoussoukro', 'Abidjan'],
  TZ: ['Dodoma', 'Dar es Salaam'],
  BI: ['Gitega', 'Bujumbura'],
  NG: ['Abuja'],
  PS: ['Ramallah'],
  TR: ['Ankara'],
  KR: ['Seoul'],
  BO: ['Sucre', 'La Paz'],
  SZ: ['Mbabane', 'Lobamba'],
  NL: ['Amsterdam', 'The Hague'],
  BR: ['Brasília'],
};

/** Names matched only with their own capitalisation (or in capitals): ordinary words or person names. */
const CASE_SENSITIVE = new Set([
  'Chad', 'Jordan', 'Guinea', 'Turkey', 'Polish', 'Pole', 'Male', 'Malé', 'Victoria', 'Georgetown', 'Kingston', 'Kingstown', 'Santiago', 'Lima', 'Praia', 'Apia',
  'US', 'U.S.', 'ROK', 'KSA', 'DRC', 'UAE', 'USA', 'Lao', 'Turk', 'Pentagon', 'Kremlin', 'Whitehall', 'Nice', 'Sucre', 'Dominica', 'Dominican', 'Moroni', 'Dili', 'Jersey', 'Niger', 'Nigerien', 'Mali', 'Malian', 'Togo', 'Cuba', 'China', 'Japan', 'Doha', 'Nassau', 'Roseau', 'Victoria', 'Castries', 'Suva', 'Majuro', 'Juba', 'Accra', 'Sofia', 'Riga', 'Bern', 'Dakar', 'Tunis', 'Moldavia',
]);

/** Names that also mean something else often enough that a mention is weaker evidence. */
const WEAK = new Set(['Georgia', 'Georgian', 'Jordan', 'Chad', 'Washington', 'America', 'American', 'Korea', 'Korean', 'Congo', 'Congolese', 'Emirates', 'London', 'Paris', 'Victoria', 'Kingston', 'Santiago', 'Lima', 'Male', 'Malé', 'Holland', 'Indian', 'Dominican', 'Delhi', 'Luxembourg', 'Monaco', 'Singapore', 'Djibouti', 'Panama', 'Guatemala', 'Mexico']);

/** Whole countries in armed conflict (internationally or internally) in the period named. Places within them are in regions.json. */
const CONFLICTS: Record<string, { from: string; to: string | null }[]> = {
  AF: [{ from: '2001-10-07', to: '2021-08-30' }],
  IQ: [{ from: '2003-03-20', to: '2011-12-18' }, { from: '2014-01-01', to: '2017-12-09' }],
  SY: [{ from: '2011-03-15', to: null }],
  YE: [{ from: '2014-09-16', to: null }],
  LY: [{ from: '2011-02-15', to: '2011-10-23' }, { from: '2014-05-16', to: '2020-10-23' }],
  UA: [{ from: '2014-04-06', to: null }],
  SO: [{ from: '2006-12-24', to: null }],
  SD: [{ from: '2003-02-26', to: '2020-10-03' }, { from: '2023-04-15', to: null }],
  SS: [{ from: '2013-12-15', to: '2020-02-22' }],
  ET: [{ from: '2020-11-04', to: '2022-11-02' }],
  ML: [{ from: '2012-01-16', to: null }],
  CF: [{ from: '2012-12-10', to: null }],
  MM: [{ from: '2021-02-01', to: null }],
};

const key = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

function uniq(list: string[], taken: Set<string>): string[] {
  const out: string[] = [];
  for (const s of list) {
    const k = key(s);
    if (!k || taken.has(k) || DROP_NAMES.has(s)) continue;
    taken.add(k);
    out.push(s);
  }
  return out;
}

function demonymsOf(code: string, names: Set<string>): string[] {
  if (code in DEMONYMS) return DEMONYMS[code] ?? [];
  const d = demonymsEn[code];
  if (!d || /[(),]/.test(d) || d.includes(' - ') || names.has(key(d))) return [];
  return [d];
}

function build(): CountryRecord[] {
  const out: CountryRecord[] = [];
  const codes = Object.keys(isoNames).sort();
  // A name may belong to one country only ("Congo" goes to the DRC; "Kingston" to Jamaica).
  const owner = new Map<string, string>();
  for (const code of codes) for (const n of EXTRA_NAMES[code] ?? []) owner.set(key(n), code);
  const claim = (code: string, list: string[]) => list.filter((n) => (owner.get(key(n)) ?? code) === code);
  for (const code of codes) {
    const iso = isoNames[code];
    const isoList = Array.isArray(iso) ? iso : [iso];
    const lc = listed[code];
    const name = code === 'TR' ? 'Türkiye' : isoList[0].includes(',') ? (lc?.name ?? isoList[0]) : isoList[0];
    const taken = new Set<string>();
    const names = uniq(claim(code, [name, ...isoList.filter((n) => !n.includes(',')), ...(lc ? [lc.name] : []), ...(lc?.alias ?? []), ...(EXTRA_NAMES[code] ?? [])]), taken);
    const demonyms = uniq(claim(code, demonymsOf(code, taken)), taken);
    let capitals: string[] = [];
    if (!TERRITORIES.has(code)) {
      const base = lc?.capital ? [lc.capital.replace(/ D\.C\.$/, '')] : [];
      capitals = uniq(claim(code, [...(CAPITALS[code] ?? []), ...base]), taken);
    }
    for (const n of [...names, ...demonyms, ...capitals]) owner.set(key(n), owner.get(key(n)) ?? code);
    const all = [...names, ...demonyms, ...capitals];
    const rec: CountryRecord = { code, name, names, demonyms, capitals };
    const cs = all.filter((n) => CASE_SENSITIVE.has(n));
    const weak = all.filter((n) => WEAK.has(n));
    if (cs.length) rec.caseSensitive = cs;
    if (weak.length) rec.weak = weak;
    if (CONFLICTS[code]) rec.conflicts = CONFLICTS[code];
    out.push(rec);
  }
  return out;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const records = build();
const file = path.join(ROOT, 'data', 'reference', 'countries.json');
writeFileSync(file, `[\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`);
console.log(`wrote ${records.length} countries to ${path.relative(ROOT, file)}`);
