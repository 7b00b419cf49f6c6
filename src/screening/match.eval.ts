/**
 * Quality and speed of screening on a real list: noisy queries built from OFAC SDN names
 * (typos, reordered parts, transliteration variants, dropped middle names, odd case and
 * punctuation, legal forms dropped or changed) must find their own entry among the matches,
 * and ordinary names made from common first and last names (and ordinary company names)
 * must rarely match anything.
 *
 *   node --import tsx src/screening/match.eval.ts [--queries N] [--seed S]
 *
 * Reads ../shared/data/sanctions/ofac_sdn_2024-05-03.csv and says so and stops when absent.
 * The OFAC file is read minimally here (the importer of `endwatch lists import` is separate).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse } from 'csv-parse/sync';
import { projectRoot } from '../shared/paths.js';
import { nameTables } from './name.variants.js';
import { ScreeningIndex, type IndexedEntry, type ScreeningQuery } from './screening.index.js';
import type { EntryType, ListEntry } from './screening.types.js';

const require = createRequire(import.meta.url);
const isoCountries: { getAlpha2Code(name: string, lang: string): string | undefined } = require('i18n-iso-countries');

export const SDN_FILE = join(projectRoot(), '..', 'shared', 'data', 'sanctions', 'ofac_sdn_2024-05-03.csv');

const COUNTRY_ALIASES: Record<string, string> = {
  syria: 'SY', 'korea, north': 'KP', burma: 'MM', venezuela: 'VE', iran: 'IR', russia: 'RU', 'west bank': 'PS',
  palestinian: 'PS', bolivia: 'BO', 'united kingdom': 'GB', 'united states': 'US', turkey: 'TR', tanzania: 'TZ',
};
const MONTHS: Record<string, string> = { jan: '01', feb: '02', mar: '03', apr: '04', may: '05', jun: '06', jul: '07', aug: '08', sep: '09', oct: '10', nov: '11', dec: '12' };

function country(name: string): string | undefined {
  const n = name.trim();
  return COUNTRY_ALIASES[n.toLowerCase()] ?? isoCountries.getAlpha2Code(n, 'en');
}

/** Entries of an OFAC SDN legacy CSV: primary name (strong), a.k.a./f.k.a. names (weak when one word), DOB, nationality. */
export function readOfacSdn(file: string): IndexedEntry[] {
  const rows: string[][] = parse(readFileSync(file, 'latin1').replace(/\x1a\s*$/, ''), { relax_quotes: true, relax_column_count: true });
  const out: IndexedEntry[] = [];
  for (const r of rows) {
    if (r.length < 12) continue;
    const v = (s: string) => (s.trim() === '-0-' ? '' : s.trim());
    const t = v(r[2]);
    const type: EntryType = t === 'individual' ? 'person' : t === 'vessel' ? 'vessel' : t === 'aircraft' ? 'aircraft' : 'organization';
    const remarks = v(r[11]);
    const names = [{ name: v(r[1]), quality: 'strong' as const }];
    for (const m of remarks.matchAll(/[af]\.k\.a\. '([^']+)'/g)) {
      names.push({ name: m[1], quality: m[1].trim().includes(' ') ? 'strong' : ('weak' as 'strong') });
    }
    const birthDates: string[] = [];
    for (const m of remarks.matchAll(/DOB (?:(\d{1,2}) )?(?:([A-Z][a-z]{2}) )?(\d{4})/g)) {
      birthDates.push([m[3], m[2] ? MONTHS[m[2].toLowerCase()] : '', m[1] ? m[1].padStart(2, '0') : ''].filter(Boolean).join('-'));
    }
    const countries = new Set<string>();
    for (const m of remarks.matchAll(/(?:nationality|citizen) ([A-Z][A-Za-z ,]+?)(?:;|\.|$)/g)) {
      const cc = country(m[1]);
      if (cc) countries.add(cc);
    }
    const entry: ListEntry = { entryId: v(r[0]), type, names, countries: [...countries], birthDates, identifiers: [], programmes: [v(r[3])], remarks: remarks || null };
    out.push({ list: 'ofac-sdn', entry });
  }
  return out;
}

/** Deterministic pseudo-random numbers (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(r: () => number, xs: ArrayLike<T>): T {
  return xs[Math.floor(r() * xs.length)];
}
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const LEGAL = /\b(LLC|L\.L\.C\.|LTD\.?|LIMITED|CO\.?|COMPANY|CORP\.?|CORPORATION|INC\.?|JSC|PJSC|OJSC|CJSC|OOO|AO|ZAO|OAO|GMBH|S\.A\.|SA|AG|PLC|FZE|FZCO|SARL|S\.R\.L\.|LLP)\b/gi;
const TRANSLIT_RULES: [RegExp, string][] = [
  [/ou/g, 'u'], [/u/g, 'ou'], [/ee/g, 'i'], [/i/g, 'ee'], [/y/g, 'i'], [/i$/g, 'y'], [/kh/g, 'h'], [/h/g, 'kh'],
  [/sh/g, 'ch'], [/j/g, 'dj'], [/q/g, 'k'], [/k/g, 'q'], [/e/g, 'a'], [/ks/g, 'x'], [/x/g, 'ks'], [/v/g, 'w'], [/ph/g, 'f'],
];

function typo(r: () => number, w: string): string {
  const i = 1 + Math.floor(r() * (w.length - 2));
  switch (Math.floor(r() * 4)) {
    case 0: return w.slice(0, i) + pick(r, LETTERS) + w.slice(i + 1);
    case 1: return w.slice(0, i) + w.slice(i + 1);
    case 2: return w.slice(0, i) + pick(r, LETTERS) + w.slice(i);
    default: return w.slice(0, i - 1) + w[i] + w[i - 1] + w.slice(i + 1);
  }
}

function transliterate(r: () => number, w: string): string {
  const lower = w.toLowerCase();
  const groups = nameTables();
  const canon = groups.canonical.get(lower) ?? lower;
  const spellings = [...groups.canonical].filter(([, c]) => c === canon).map(([s]) => s);
  if (spellings.length && r() < 0.7) return pick(r, [canon, ...spellings]);
  const rules = TRANSLIT_RULES.filter(([re]) => lower.search(re) >= 0);
  if (!rules.length) return w;
  const [re, to] = pick(r, rules);
  return lower.replace(re, to);
}

export interface NoisyQuery {
  query: ScreeningQuery;
  entryId: string;
  noise: string[];
}

/**
 * Noisy queries from list names: each takes one or more of typo (one per part, at most two
 * parts), reorder, transliteration, dropped middle name, odd case/punctuation, legal form
 * dropped or changed. Names of fewer than 2 parts with under 5 letters are skipped (nothing
 * could find them after noise).
 */
export function noisyQueries(entries: IndexedEntry[], count: number, seed: number): NoisyQuery[] {
  const r = rng(seed);
  const out: NoisyQuery[] = [];
  let guard = 0;
  while (out.length < count && guard++ < count * 20) {
    const { entry } = pick(r, entries);
    const strong = entry.names.filter((n) => n.quality === 'strong');
    const listed = r() < 0.8 ? strong[0] : pick(r, strong);
    let parts = listed.name.replace(/,/g, ' ').split(/\s+/).filter(Boolean);
    const letters = parts.join('').length;
    if (parts.length < 2 && letters < 5) continue;
    const noise: string[] = [];
    const isOrg = entry.type !== 'person';
    const ops = ['typo', 'reorder', 'translit', 'middle', 'case', 'legal'].filter(() => r() < 0.45);
    if (!ops.length) ops.push(pick(r, ['typo', 'reorder', 'translit', 'case']));
    for (const op of ops) {
      if (op === 'typo') {
        const long = parts.map((p, i) => (p.length >= 5 && /^[A-Za-z]+$/.test(p) ? i : -1)).filter((i) => i >= 0);
        if (!long.length) continue;
        const n = Math.min(long.length, r() < 0.3 ? 2 : 1);
        for (let k = 0; k < n; k++) {
          const i = long.splice(Math.floor(r() * long.length), 1)[0];
          parts[i] = typo(r, parts[i]);
        }
        noise.push(n === 2 ? 'typo×2' : 'typo');
      } else if (op === 'reorder' && parts.length > 1) {
        parts = r() < 0.5 ? [...parts.slice(1), parts[0]] : [...parts].reverse();
        noise.push('reorder');
      } else if (op === 'translit') {
        const i = Math.floor(r() * parts.length);
        const t = transliterate(r, parts[i]);
        if (t !== parts[i].toLowerCase()) (parts[i] = t), noise.push('translit');
      } else if (op === 'middle' && !isOrg && parts.length >= 3) {
        parts.splice(1 + Math.floor(r() * (parts.length - 2)), 1);
        noise.push('middle');
      } else if (op === 'case') {
        parts = parts.map((p) => (r() < 0.5 ? p.toLowerCase() : p[0].toUpperCase() + p.slice(1).toLowerCase()));
        if (r() < 0.5) parts = parts.map((p) => (r() < 0.3 ? `${p}.` : r() < 0.2 ? `-${p}` : p));
        noise.push('case');
      } else if (op === 'legal' && isOrg) {
        const joined = parts.join(' ');
        const stripped = joined.replace(LEGAL, '').replace(/\s+/g, ' ').trim();
        if (stripped !== joined && stripped.length > 0) {
          parts = (r() < 0.5 ? stripped : `${stripped} ${pick(r, ['LLC', 'Ltd', 'GmbH', 'S.A.'])}`).split(' ');
          noise.push('legal');
        }
      }
    }
    if (!noise.length) continue;
    const query: ScreeningQuery = { name: parts.join(' ') };
    if (r() < 0.3 && entry.countries.length) query.country = entry.countries[0];
    if (r() < 0.3 && entry.birthDates.length) query.birthDate = entry.birthDates[0];
    out.push({ query, entryId: entry.entryId, noise });
  }
  return out;
}

const FIRST = ('james mary john patricia robert jennifer michael linda william elizabeth david barbara richard susan joseph jessica thomas sarah charles karen '
  + 'daniel nancy matthew lisa anthony betty mark helen donald sandra steven donna paul carol andrew ruth joshua sharon kenneth michelle kevin laura '
  + 'brian emily george kimberly timothy deborah ronald dorothy jason amy edward angela jeffrey melissa ryan brenda jacob anna gary rebecca '
  + 'hans klaus petra sabine jurgen ursula pierre marie jean claude sophie luc giulia marco francesca luca ana carlos lucia javier carmen pablo '
  + 'sofia miguel elena diego ingrid lars astrid sven anneli pieter ewa tomasz agnieszka piotr katarzyna priya rahul anjali arjun deepa vikram '
  + 'wei fang jing lei hui yan min hiroshi yuki takeshi akiko kenji jae soo minji hyun olga svetlana irina natasha dmitri boris ivan tatiana '
  + 'ahmed fatima aisha omar layla youssef khadija karim nadia samir amina tariq leila hamza zainab emre ayse mehmet elif chidi ngozi kwame amara').split(' ');
const LAST = ('smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson anderson thomas taylor moore '
  + 'jackson martin lee perez thompson white harris sanchez clark ramirez lewis robinson walker young allen king wright scott torres nguyen hill '
  + 'flores green adams nelson baker hall rivera campbell mitchell carter roberts mueller schmidt schneider fischer weber meyer wagner becker '
  + 'schulz hoffmann dubois moreau laurent simon michel lefebvre leroy rossi russo ferrari esposito bianchi romano colombo fernandez gomez diaz '
  + 'alvarez jimenez moreno romero navarro kowalski nowak wisniewski wojcik jensen nielsen hansen larsen andersson johansson karlsson nilsson '
  + 'patel sharma singh kumar gupta reddy iyer nair chen wang zhang liu yang huang zhao tanaka suzuki takahashi watanabe sato park choi jung kang '
  + 'ivanova smirnova kuznetsova popova petrova sokolova haddad khoury saleh mansour nasser farouk bakr aziz yilmaz kaya demir sahin okafor '
  + 'mensah boateng adeyemi').split(' ');
const BIZ1 = 'northern southern eastern western global united pacific atlantic summit pioneer horizon evergreen riverside silver golden blue green red harbor maple'.split(' ');
const BIZ2 = 'logistics foods textiles software consulting holdings partners electronics furniture bakery motors builders printing pharmacy media dairy farms apparel'.split(' ');
const FORMS = ['Ltd', 'LLC', 'Inc', 'GmbH', 'S.A.', 'Co.', 'PLC', 'BV', ''];

/** Ordinary names: persons from common first and last names, companies from plain business words. */
export function ordinaryNames(count: number, seed: number): ScreeningQuery[] {
  const r = rng(seed);
  const out: ScreeningQuery[] = [];
  for (let i = 0; i < count; i++) {
    if (r() < 0.75) {
      const parts = [pick(r, FIRST), ...(r() < 0.2 ? [pick(r, FIRST)] : []), pick(r, LAST)].map((p) => p[0].toUpperCase() + p.slice(1));
      out.push({ name: parts.join(' '), type: r() < 0.5 ? 'person' : undefined });
    } else {
      out.push({ name: `${pick(r, BIZ1)} ${pick(r, LAST)} ${pick(r, BIZ2)} ${pick(r, FORMS)}`.trim() });
    }
  }
  return out;
}

export interface EvalResult {
  threshold: number;
  recall: number;
  falseMatchRate: number;
  missed: NoisyQuery[];
  falseMatches: { query: string; hit: string; explanation: string }[];
}

/** Recall of the right entry among matches, and the share of ordinary names with any match, at each threshold. */
export function evaluate(index: ScreeningIndex, noisy: NoisyQuery[], ordinary: ScreeningQuery[], thresholds: number[]): EvalResult[] {
  const noisyHits = noisy.map((n) => index.screen(n.query, { limit: 20, minScore: Math.min(...thresholds) }));
  const ordHits = ordinary.map((q) => index.screen(q, { limit: 1, minScore: Math.min(...thresholds) }));
  return thresholds.map((threshold) => {
    const missed = noisy.filter((n, i) => !noisyHits[i].some((h) => h.entryId === n.entryId && h.score >= threshold));
    const falseMatches = ordinary
      .map((q, i) => ({ q, h: ordHits[i][0] }))
      .filter(({ h }) => h && h.score >= threshold)
      .map(({ q, h }) => ({ query: q.name, hit: h.name, explanation: h.explanation }));
    return { threshold, recall: 1 - missed.length / noisy.length, falseMatchRate: falseMatches.length / ordinary.length, missed, falseMatches };
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

function main(): void {
  const arg = (name: string, dflt: number) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? Number(process.argv[i + 1]) : dflt;
  };
  if (!existsSync(SDN_FILE)) {
    console.log(`skipped: ${SDN_FILE} is absent`);
    return;
  }
  const t0 = performance.now();
  const entries = readOfacSdn(SDN_FILE);
  const t1 = performance.now();
  const index = ScreeningIndex.build(entries);
  const t2 = performance.now();
  console.log(`${entries.length} entries, ${index.nameCount} names, ${index.partCount} parts; read ${(t1 - t0).toFixed(0)} ms, index built in ${(t2 - t1).toFixed(0)} ms`);
  const seed = arg('--seed', 2);
  const noisy = noisyQueries(entries, arg('--queries', 2000), seed);
  const ordinary = ordinaryNames(arg('--queries', 2000), seed + 1000);
  const results = evaluate(index, noisy, ordinary, [0.7, 0.72, 0.75, 0.78, 0.8, 0.82, 0.85, 0.88, 0.9]);
  console.log('threshold  recall  false-match');
  for (const r of results) console.log(`${r.threshold.toFixed(2)}       ${r.recall.toFixed(3)}   ${(r.falseMatchRate * 100).toFixed(1)}%`);
  const chosen = results.find((r) => r.threshold === 0.8)!;
  const byNoise = new Map<string, [number, number]>();
  for (const n of noisy) for (const k of n.noise) {
    const c = byNoise.get(k) ?? [0, 0];
    c[0]++;
    if (!chosen.missed.includes(n)) c[1]++;
    byNoise.set(k, c);
  }
  console.log('recall by noise at 0.80:', [...byNoise].map(([k, [n, ok]]) => `${k} ${(ok / n).toFixed(3)} (${n})`).join(', '));
  if (process.argv.includes('--verbose')) {
    for (const m of chosen.missed.slice(0, 25)) {
      const hits = index.screen(m.query, { limit: 3, minScore: 0.3 });
      console.log('MISSED', m.entryId, JSON.stringify(m.query.name), m.noise.join('+'), '→', entries.find((e) => e.entry.entryId === m.entryId)?.entry.names[0].name, '|', hits.map((h) => `${h.entryId}:${h.score}`).join(' '));
    }
    for (const f of chosen.falseMatches.slice(0, 25)) console.log('FALSE', f.explanation);
  }
  // speed: every noisy and ordinary query once more, timed one by one
  const queries = [...noisy.map((n) => n.query), ...ordinary];
  const times: number[] = [];
  const s0 = performance.now();
  for (const q of queries) {
    const a = performance.now();
    index.screen(q);
    times.push(performance.now() - a);
  }
  const total = performance.now() - s0;
  times.sort((a, b) => a - b);
  console.log(`${queries.length} queries: ${Math.round((queries.length / total) * 1000)} queries/s, p50 ${percentile(times, 0.5).toFixed(3)} ms, p99 ${percentile(times, 0.99).toFixed(3)} ms`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
