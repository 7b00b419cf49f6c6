/**
 * Screening benchmark (standalone: `node --import tsx bench/screening.bench.ts`; the main
 * runner calls `runScreeningBench()` and prints its `lines`).
 *
 * - List: the OFAC SDN CSV (2024-05-03) and the UN SC consolidated XML (2020-03-20) from
 *   ../shared/data/sanctions, read by the committed importers (`readListFile`), plus
 *   generated variants of their names (the noise functions of match.eval.ts applied to
 *   listed names, as new entries of list `bench-variant`) and synthetic persons,
 *   companies and vessels from syllable tables (list `bench-synthetic`), to 1,000,000
 *   entries (ENDWATCH_BENCH_SCREENING_ENTRIES). Everything is seeded: the same list and
 *   the same queries every run.
 * - Queries: noisy queries from the real listed names (`noisyQueries` of match.eval.ts:
 *   typos, reordering, transliteration, dropped middle names, odd case and punctuation,
 *   legal forms dropped or changed; some with country or date of birth), noisy queries
 *   from synthetic entries, and ordinary non-listed names (`ordinaryNames`). A separate
 *   set (other seeds) warms the JIT first.
 * - Measured: build time (wall and CPU), memory (heap + array buffers after GC, the list's
 *   entries and the index apart), queries/s on one core (queries per CPU second and per
 *   wall second; JavaScript runs the queries on one thread), p50/p99 latency, recall (the
 *   right entry among the matches, score ≥ 0.80, limit 20) and false-match rate (an
 *   ordinary name with any match).
 * - Baselines measured in the same run: our index over the real lists alone (~16k entries)
 *   with the same queries; fuse.js (one record per listed name) beside our index on the
 *   same entries and queries: on the real lists (speed and recall, as many queries as fit
 *   in ENDWATCH_BENCH_FUSE_SECONDS, default 60), on a 100k-entry subset and on the whole
 *   list (speed only: fuse's search scans every name, about 15 µs each, so one query over
 *   1M entries takes seconds; 15 and 20 s of queries).
 * Skipped with a notice when ../shared/data/sanctions is absent.
 */
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import Fuse from 'fuse.js';
import { readListFile } from '../src/screening/list.read.js';
import { noisyQueries, ordinaryNames, type NoisyQuery } from '../src/screening/match.eval.js';
import { DEFAULT_THRESHOLD, ScreeningIndex, type IndexedEntry, type ScreeningQuery } from '../src/screening/screening.index.js';
import type { EntryType, ListEntry } from '../src/screening/screening.types.js';
import { prng } from './generate-bundle.js';
import { int, ms, percentile, ratio, secs } from './stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SANCTIONS = path.resolve(ROOT, '..', 'shared', 'data', 'sanctions');
const OFAC_FILE = 'ofac_sdn_2024-05-03.csv';
const UN_FILE = 'un_sc_consolidated_2020-03-20.xml';
const TOTAL_ENTRIES = Number(process.env.ENDWATCH_BENCH_SCREENING_ENTRIES ?? 1_000_000);
const SUBSET_ENTRIES = Math.min(100_000, TOTAL_ENTRIES);
/** Generated variants per real entry. */
const VARIANTS_PER_ENTRY = 4;
const NOISY_REAL = 2000;
const NOISY_SYNTHETIC = 500;
const ORDINARY = 2000;
/** Time fuse.js may take for its queries on the subset, and on the whole list. */
const FUSE_SECONDS = Number(process.env.ENDWATCH_BENCH_FUSE_SECONDS ?? 60);
const FUSE_SUBSET_SECONDS = Math.min(FUSE_SECONDS, 15);
const FUSE_FULL_SECONDS = Math.min(FUSE_SECONDS, 20);
const SEED = 20240503;

interface LabelledQuery {
  query: ScreeningQuery;
  /** The entry that should match (list + id), or null for an ordinary name. */
  expect: { list: string; entryId: string } | null;
  kind: 'noisy-real' | 'noisy-synthetic' | 'ordinary';
}

// ---------------------------------------------------------------------------------------------
// memory and CPU

v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapBytes(): number {
  gc();
  gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}
const cpuMs = () => {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
};
const mib = (b: number) => `${int(b / 1048576)} MiB`;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

// ---------------------------------------------------------------------------------------------
// the list

function realEntries(): IndexedEntry[] {
  const out: IndexedEntry[] = [];
  for (const f of [OFAC_FILE, UN_FILE]) {
    const read = readListFile(readFileSync(path.join(SANCTIONS, f)), f);
    for (const entry of read.entries) out.push({ list: read.list, entry });
  }
  return out;
}

/** New entries whose names are noisy spellings of real listed names (near-duplicates, as when lists overlap). */
function variantEntries(real: IndexedEntry[], count: number): IndexedEntry[] {
  const byId = new Map(real.map((e) => [e.entry.entryId, e.entry]));
  return noisyQueries(real, count, SEED + 7).map((n, i) => {
    const src = byId.get(n.entryId)!;
    const entry: ListEntry = {
      entryId: `V${i}`,
      type: src.type,
      names: [{ name: n.query.name, quality: 'strong' }],
      countries: src.countries.slice(0, 1),
      birthDates: src.birthDates.slice(0, 1),
      identifiers: [],
      programmes: ['BENCH'],
      remarks: null,
    };
    return { list: 'bench-variant', entry };
  });
}

// Syllable tables: onsets and codas from several naming traditions, so that the parts look
// like names (and a few real names come out by chance, as they would).
const ONSETS = ['', 'b', 'd', 'f', 'g', 'h', 'j', 'k', 'kh', 'l', 'm', 'n', 'p', 'r', 's', 'sh', 't', 'v', 'y', 'z', 'ch', 'dr', 'st', 'tr', 'br', 'gr', 'kr', 'ts', 'zh', 'w'];
const VOWELS = ['a', 'e', 'i', 'o', 'u', 'a', 'e', 'i', 'o', 'ai', 'ou', 'ia', 'ei'];
const CODAS = ['', '', '', 'n', 'r', 'l', 's', 'm', 'k', 't', 'd', 'v', 'sh', 'ng', 'z'];
const SURNAME_ENDINGS = ['', '', '', 'ov', 'ova', 'ev', 'in', 'enko', 'ski', 'sson', 'sen', 'ez', 'es', 'i', 'ani', 'adze', 'yan', 'oglu', 'er', 'man', 'ard', 'ini', 'uk', 'ic'];
const INDUSTRY = ['Trading', 'Shipping', 'Industrial', 'Petroleum', 'Holding', 'Group', 'Investment', 'Logistics', 'Engineering', 'Technologies', 'Energy', 'Construction',
  'Import Export', 'General Trading', 'Metals', 'Chemicals', 'Marine', 'Aviation', 'Electronics', 'Development', 'Resources', 'Finance', 'Bank', 'Commercial', 'International'];
const LEGAL_FORMS = ['LLC', 'Ltd', 'Limited', 'JSC', 'OOO', 'GmbH', 'S.A.', 'Co.', 'FZE', 'PJSC', 'Inc', 'Corp', 'SARL', 'AG', 'PLC', ''];
const VESSEL_WORDS = ['Ocean', 'Star', 'Sea', 'Pearl', 'Wave', 'Glory', 'Fortune', 'Spirit', 'Princess', 'Queen', 'Eagle', 'Horizon', 'Breeze', 'Light', 'Crown', 'Jade'];
const COUNTRIES = ['RU', 'IR', 'KP', 'SY', 'CN', 'AE', 'TR', 'IQ', 'LB', 'VE', 'CU', 'BY', 'MM', 'AF', 'PK', 'YE', 'SD', 'LY', 'DE', 'GB', 'FR', 'US', 'IN', 'NG'];

type Rng = ReturnType<typeof prng>;

function syllableWord(rng: Rng, syllables: number, ending: readonly string[] | null): string {
  let w = '';
  for (let i = 0; i < syllables; i++) w += rng.pick(ONSETS) + rng.pick(VOWELS) + (i === syllables - 1 || rng.chance(0.3) ? rng.pick(CODAS) : '');
  if (ending) w += rng.pick(ending);
  return w[0].toUpperCase() + w.slice(1);
}

/** A pool of distinct words; picked with a skew (a few very common, a long tail of rare ones), as real name parts are. */
function pool(rng: Rng, size: number, minSyl: number, maxSyl: number, ending: readonly string[] | null): string[] {
  const seen = new Set<string>();
  let guard = 0;
  while (seen.size < size && guard++ < size * 10) {
    const w = syllableWord(rng, rng.int(minSyl, maxSyl), ending);
    if (w.length >= 3) seen.add(w);
  }
  return [...seen];
}
const skewed = (rng: Rng, xs: readonly string[]) => xs[Math.floor(xs.length * rng.next() ** 3)];

function syntheticEntries(count: number): IndexedEntry[] {
  const rng = prng(SEED + 11);
  const firsts = pool(rng, 4000, 1, 3, null);
  const lasts = pool(rng, 250_000, 2, 3, SURNAME_ENDINGS);
  const firms = pool(rng, 150_000, 2, 3, null);
  const out: IndexedEntry[] = [];
  for (let i = 0; i < count; i++) {
    const roll = rng.next();
    const type: EntryType = roll < 0.7 ? 'person' : roll < 0.95 ? 'organization' : roll < 0.985 ? 'vessel' : 'aircraft';
    const names: ListEntry['names'] = [];
    const countries = rng.chance(0.8) ? [rng.pick(COUNTRIES)] : [];
    const birthDates: string[] = [];
    if (type === 'person') {
      const first = skewed(rng, firsts);
      const middle = rng.chance(0.4) ? [skewed(rng, firsts)] : [];
      const last = skewed(rng, lasts);
      names.push({ name: rng.chance(0.5) ? `${last.toUpperCase()}, ${[first, ...middle].join(' ')}` : [first, ...middle, last].join(' '), quality: 'strong' });
      if (rng.chance(0.15)) names.push({ name: `${first} ${skewed(rng, lasts)}`, quality: 'strong' });
      if (rng.chance(0.1)) names.push({ name: syllableWord(rng, 2, null), quality: 'weak' });
      if (rng.chance(0.6)) birthDates.push(`${rng.int(1940, 2000)}${rng.chance(0.6) ? `-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}` : ''}`);
    } else if (type === 'organization') {
      const base = rng.chance(0.5) ? `${skewed(rng, firms)} ${rng.pick(INDUSTRY)}` : `${skewed(rng, firms)} ${skewed(rng, firms)} ${rng.pick(INDUSTRY)}`;
      names.push({ name: `${base} ${rng.pick(LEGAL_FORMS)}`.trim(), quality: 'strong' });
      if (rng.chance(0.2)) names.push({ name: `${skewed(rng, firms)} ${rng.pick(INDUSTRY)}`, quality: 'strong' });
    } else if (type === 'vessel') {
      names.push({ name: `${rng.pick(VESSEL_WORDS)} ${rng.chance(0.5) ? skewed(rng, firms) : rng.pick(VESSEL_WORDS)}${rng.chance(0.6) ? ` ${rng.int(1, 30)}` : ''}`, quality: 'strong' });
    } else {
      names.push({ name: `${rng.pick(['IL', 'AN', 'TU', 'B', 'A', 'MD'])}-${rng.int(10, 999)} ${skewed(rng, firms)}`, quality: 'strong' });
    }
    out.push({ list: 'bench-synthetic', entry: { entryId: `S${i}`, type, names, countries, birthDates, identifiers: [], programmes: ['BENCH'], remarks: null } });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// queries

function labelled(noisy: NoisyQuery[], list: (id: string) => string, kind: LabelledQuery['kind']): LabelledQuery[] {
  return noisy.map((n) => ({ query: n.query, expect: { list: list(n.entryId), entryId: n.entryId }, kind }));
}

function querySet(real: IndexedEntry[], synthetic: IndexedEntry[], seed: number, scale = 1): LabelledQuery[] {
  const listOf = new Map(real.map((e) => [e.entry.entryId, e.list]));
  return [
    ...labelled(noisyQueries(real, Math.round(NOISY_REAL * scale), seed), (id) => listOf.get(id)!, 'noisy-real'),
    ...labelled(noisyQueries(synthetic, Math.round(NOISY_SYNTHETIC * scale), seed + 1), () => 'bench-synthetic', 'noisy-synthetic'),
    ...ordinaryNames(Math.round(ORDINARY * scale), seed + 1000).map((query) => ({ query, expect: null, kind: 'ordinary' as const })),
  ];
}

/** Interleaves the kinds so that any prefix holds some of each (for time-capped runs). */
function interleave(qs: LabelledQuery[]): LabelledQuery[] {
  const by = ['noisy-real', 'ordinary', 'noisy-synthetic'].map((k) => qs.filter((q) => q.kind === k));
  const out: LabelledQuery[] = [];
  for (let i = 0; out.length < qs.length; i++) for (const xs of by) if (i < xs.length) out.push(xs[i]);
  return out;
}

// ---------------------------------------------------------------------------------------------
// measuring

interface Quality {
  recallReal: number;
  recallSynthetic: number;
  falseMatchRate: number;
  counts: Record<LabelledQuery['kind'], number>;
}

interface RunFigure {
  queries: number;
  wallMs: number;
  cpuMs: number;
  qpsWall: number;
  qpsCpu: number;
  p50: number;
  p99: number;
  p99Noisy: number;
  p99Ordinary: number;
  max: number;
  quality: Quality;
  /** Slowest queries (name, ms). */
  slowest: [string, number][];
}

/** hit lists per query → recall and false-match figures. `found[i]` is the (list, id, matched) hits of query i. */
function quality(qs: LabelledQuery[], found: { list: string; entryId: string; match: boolean }[][]): Quality {
  const counts = { 'noisy-real': 0, 'noisy-synthetic': 0, ordinary: 0 };
  const ok = { 'noisy-real': 0, 'noisy-synthetic': 0, ordinary: 0 };
  qs.forEach((q, i) => {
    counts[q.kind]++;
    const hits = found[i];
    if (q.expect) {
      if (hits.some((h) => h.match && h.entryId === q.expect!.entryId && h.list === q.expect!.list)) ok[q.kind]++;
    } else if (hits.some((h) => h.match)) ok.ordinary++;
  });
  return {
    recallReal: ok['noisy-real'] / (counts['noisy-real'] || 1),
    recallSynthetic: ok['noisy-synthetic'] / (counts['noisy-synthetic'] || 1),
    falseMatchRate: ok.ordinary / (counts.ordinary || 1),
    counts,
  };
}

function runOurs(index: ScreeningIndex, qs: LabelledQuery[]): RunFigure {
  const times: number[] = new Array(qs.length);
  const found: { list: string; entryId: string; match: boolean }[][] = new Array(qs.length);
  const c0 = cpuMs();
  const w0 = performance.now();
  for (let i = 0; i < qs.length; i++) {
    const a = performance.now();
    found[i] = index.screen(qs[i].query, { limit: 20 });
    times[i] = performance.now() - a;
  }
  const wallMs = performance.now() - w0;
  const cpu = cpuMs() - c0;
  return figure(qs, times, found, wallMs, cpu);
}

function figure(qs: LabelledQuery[], times: number[], found: { list: string; entryId: string; match: boolean }[][], wallMs: number, cpu: number): RunFigure {
  const n = times.length;
  const done = qs.slice(0, n);
  const noisyT = times.filter((_, i) => done[i].expect);
  const ordT = times.filter((_, i) => !done[i].expect);
  const slowest = times
    .map((t, i) => [done[i].query.name, t] as [string, number])
    .sort((a, b) => b[1] - a[1])
    .slice(0, 5);
  return {
    queries: n,
    wallMs,
    cpuMs: cpu,
    qpsWall: (n / wallMs) * 1000,
    qpsCpu: (n / cpu) * 1000,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    p99Noisy: percentile(noisyT, 99),
    p99Ordinary: percentile(ordT, 99),
    max: Math.max(...times),
    quality: quality(done, found),
    slowest,
  };
}

interface FuseRecord {
  name: string;
  e: number;
}

/** fuse.js over every listed name (one record per name), options as a user would set them for names. */
function buildFuse(entries: IndexedEntry[]): { fuse: Fuse<FuseRecord>; records: number } {
  const records: FuseRecord[] = [];
  entries.forEach(({ entry }, e) => {
    for (const n of entry.names) records.push({ name: n.name, e });
  });
  // ignoreLocation: a listed name may be met anywhere in the string (names are reordered);
  // threshold 0.4 is fuse's usual "fuzzy but not everything" setting (default 0.6 matches nearly any name).
  const fuse = new Fuse(records, { keys: ['name'], includeScore: true, ignoreLocation: true, threshold: FUSE_THRESHOLD, shouldSort: true });
  return { fuse, records: records.length };
}
const FUSE_THRESHOLD = 0.4;
/** fuse scores are 0 (exact) … 1; a hit at or under this counts as a match (chosen to give fuse a false-match rate near ours). */
const FUSE_MATCH = [0.1, 0.2, 0.3, 0.4] as const;

function runFuse(fuse: Fuse<FuseRecord>, entries: IndexedEntry[], qs: LabelledQuery[], seconds: number): { byCut: Map<number, RunFigure> } {
  const times: number[] = [];
  const raw: { list: string; entryId: string; score: number }[][] = [];
  const c0 = cpuMs();
  const w0 = performance.now();
  for (let i = 0; i < qs.length && performance.now() - w0 < seconds * 1000; i++) {
    const a = performance.now();
    const res = fuse.search(qs[i].query.name, { limit: 20 });
    times.push(performance.now() - a);
    raw.push(res.map((r) => ({ list: entries[r.item.e].list, entryId: entries[r.item.e].entry.entryId, score: r.score ?? 1 })));
  }
  const wallMs = performance.now() - w0;
  const cpu = cpuMs() - c0;
  const byCut = new Map<number, RunFigure>();
  for (const cut of FUSE_MATCH) {
    byCut.set(cut, figure(qs, times, raw.map((hs) => hs.map((h) => ({ ...h, match: h.score <= cut }))), wallMs, cpu));
  }
  return { byCut };
}

/** Queries whose expected entry is in `entries` (ordinary names always). */
function queriesFor(entries: IndexedEntry[], qs: LabelledQuery[]): LabelledQuery[] {
  const ids = new Set(entries.map((e) => `${e.list}\u0000${e.entry.entryId}`));
  return qs.filter((q) => !q.expect || ids.has(`${q.expect.list}\u0000${q.expect.entryId}`));
}

interface FuseComparison {
  entries: number;
  oursBuildMs: number;
  fuseBuildMs: number;
  fuse: Map<number, RunFigure>;
  /** Ours on the queries fuse ran (quality) and on all of them (speed: a few queries time badly). */
  ours: RunFigure;
  oursAll: RunFigure;
}

/** Our index and fuse.js over the same entries, on the same queries (fuse stops after `seconds`; ours then runs the queries fuse ran). */
function fuseComparison(
  entries: IndexedEntry[], qs: LabelledQuery[], warm: LabelledQuery[], seconds: number, log: (s: string) => void,
  built?: { index: ScreeningIndex; buildMs: number },
): FuseComparison {
  const mine = queriesFor(entries, qs);
  log(`fuse.js and our index over ${int(entries.length)} entries (fuse: ${seconds} s of queries)`);
  let t = performance.now();
  const ours = built?.index ?? ScreeningIndex.build(entries);
  const oursBuildMs = built?.buildMs ?? performance.now() - t;
  if (!built) runOurs(ours, queriesFor(entries, warm));
  t = performance.now();
  const { fuse } = buildFuse(entries);
  const fuseBuildMs = performance.now() - t;
  runFuse(fuse, entries, warm.slice(0, 1), 1);
  const fuseRun = runFuse(fuse, entries, mine, seconds).byCut;
  const done = fuseRun.get(FUSE_MATCH[0])!.queries;
  log(`fuse.js: ${done} queries in ${secs(fuseRun.get(FUSE_MATCH[0])!.wallMs)}`);
  return { entries: entries.length, oursBuildMs, fuseBuildMs, fuse: fuseRun, ours: runOurs(ours, mine.slice(0, done)), oursAll: runOurs(ours, mine) };
}

// ---------------------------------------------------------------------------------------------

export interface ScreeningBenchResult {
  skipped?: string;
  lines: string[];
}

export async function runScreeningBench(): Promise<ScreeningBenchResult> {
  const log = (s: string) => process.stderr.write(`[screening] ${s}\n`);
  if (!existsSync(path.join(SANCTIONS, OFAC_FILE)) || !existsSync(path.join(SANCTIONS, UN_FILE))) {
    const skipped = `skipped: ${path.join(SANCTIONS, OFAC_FILE)} or ${UN_FILE} is absent (../shared/data is needed)`;
    return { skipped, lines: [skipped] };
  }
  const loadAtStart = os.loadavg()[0].toFixed(2);
  const FULL = TOTAL_ENTRIES === 1_000_000 ? '1M' : int(TOTAL_ENTRIES);
  const lines: string[] = [];
  const pad = (label: string) => `  ${label.padEnd(34)}`;

  // ---- the list
  const mem0 = heapBytes();
  let t = performance.now();
  const real = realEntries();
  const readMs = performance.now() - t;
  const realCount = real.length;
  log(`${int(realCount)} real entries read in ${ms(readMs)}`);
  t = performance.now();
  const variantCount = Math.min(realCount * VARIANTS_PER_ENTRY, Math.max(0, TOTAL_ENTRIES - realCount));
  const variants = variantEntries(real, variantCount);
  const synthetic = syntheticEntries(Math.max(0, TOTAL_ENTRIES - realCount - variants.length));
  const all = [...real, ...variants, ...synthetic];
  const genMs = performance.now() - t;
  const listBytes = heapBytes() - mem0;
  const names = all.reduce((s, e) => s + e.entry.names.length, 0);
  log(`${int(all.length)} entries (${int(names)} names) generated in ${ms(genMs)}; ${mib(listBytes)}`);

  // ---- queries (same for every index); the warm-up set comes from other seeds
  const queries = querySet(real, synthetic, SEED + 2);
  const warm = querySet(real, synthetic, SEED + 5, 0.25);

  // ---- baseline: the real lists alone
  log('baseline index: the real lists alone');
  const { smallBuildMs, smallRun } = (() => {
    const t0 = performance.now();
    const small = ScreeningIndex.build(real);
    const smallBuildMs = performance.now() - t0;
    runOurs(small, queriesFor(real, warm));
    return { smallBuildMs, smallRun: runOurs(small, queriesFor(real, queries)) };
  })();

  // ---- fuse.js beside our index: on the real lists (quality and speed), on 100k entries and on the whole list (speed)
  const fuseQs = interleave(queries);
  const fuseReal = fuseComparison(real, fuseQs, warm, FUSE_SECONDS, log);
  const subset = [...real, ...variants.slice(0, Math.round((variants.length * SUBSET_ENTRIES) / all.length)), ...synthetic.slice(0, SUBSET_ENTRIES)].slice(0, SUBSET_ENTRIES);
  const fuseSub = fuseComparison(subset, fuseQs, warm, FUSE_SUBSET_SECONDS, log);

  // ---- the whole list
  log(`our index over all ${int(all.length)} entries`);
  const im0 = heapBytes();
  const c0 = cpuMs();
  t = performance.now();
  const big = ScreeningIndex.build(all);
  const bigBuildMs = performance.now() - t;
  const bigBuildCpu = cpuMs() - c0;
  const indexBytes = heapBytes() - im0;
  const rss = process.memoryUsage().rss;
  log(`built in ${secs(bigBuildMs)}; ${mib(indexBytes)}; warming up`);
  runOurs(big, warm);
  log(`${int(queries.length)} queries`);
  const bigRun = runOurs(big, queries);
  const fuseAll = fuseComparison(all, fuseQs, warm, FUSE_FULL_SECONDS, log, { index: big, buildMs: bigBuildMs });

  // ---- report
  const target = (ok: boolean) => (ok ? 'target met' : 'TARGET MISSED');
  const q = (r: RunFigure) =>
    `recall ${r.quality.recallReal.toFixed(3)} (real, ${r.quality.counts['noisy-real']})${r.quality.counts['noisy-synthetic'] ? ` / ${r.quality.recallSynthetic.toFixed(3)} (synthetic, ${r.quality.counts['noisy-synthetic']})` : ''}, false-match ${pct(r.quality.falseMatchRate)} (${r.quality.counts.ordinary})`;
  const qps = (x: number) => (x >= 10 ? int(x) : x.toFixed(2));
  const speed = (r: RunFigure) => `${qps(r.qpsCpu)} q/CPU-s, ${qps(r.qpsWall)} q/s wall; p50 ${ms(r.p50)}, p99 ${ms(r.p99)}, max ${ms(r.max)}`;
  lines.push(
    `Screening over ${int(all.length)} entries, ${int(names)} names: ${int(realCount)} OFAC SDN + UN SC, ${int(variants.length)} generated variants, ${int(synthetic.length)} synthetic`,
    `${pad('host')}${os.cpus().length} CPU, load average ${loadAtStart} at start, ${os.loadavg()[0].toFixed(2)} at end; Node ${process.version}`,
    `${pad('list read (OFAC + UN importers)')}${ms(readMs)}; variants + synthetic generated in ${ms(genMs)}; entries in memory ${mib(listBytes)}`,
    `${pad(`index build, ${FULL}`)}${secs(bigBuildMs)} wall, ${secs(bigBuildCpu)} CPU; ${int(big.nameCount)} names, ${int(big.partCount)} distinct parts`,
    `${pad('index memory (heap + buffers)')}${mib(indexBytes)} beyond the entries (${int(indexBytes / all.length)} B/entry); process RSS ${mib(rss)}`,
    `${pad(`queries, ${FULL} (${int(bigRun.queries)})`)}${speed(bigRun)}`,
    `${pad('')}p99 noisy ${ms(bigRun.p99Noisy)}, ordinary ${ms(bigRun.p99Ordinary)}; one core: ${target(bigRun.qpsCpu >= 1000)} (≥ 1,000 q/s), p99 ${target(bigRun.p99 <= 5)} (≤ 5 ms)`,
    `${pad(`quality, ${FULL} (score ≥ 0.80)`)}${q(bigRun)}`,
    `${pad(`slowest, ${FULL}`)}${bigRun.slowest.map(([n, x]) => `${JSON.stringify(n)} ${ms(x)}`).join('; ')}`,
    `${pad(`baseline: real lists only (${int(realCount)})`)}build ${ms(smallBuildMs)}; ${speed(smallRun)}`,
    `${pad('')}${q(smallRun)}`,
    `${pad(`ratio ${FULL} ÷ real only`)}q/CPU-s ${ratio(bigRun.qpsCpu / smallRun.qpsCpu)}, p50 ${ratio(bigRun.p50 / smallRun.p50)}, p99 ${ratio(bigRun.p99 / smallRun.p99)} (${ratio(all.length / realCount)} the entries); ` +
      `recall (real) ${(bigRun.quality.recallReal - smallRun.quality.recallReal).toFixed(3)}, false-match ${((bigRun.quality.falseMatchRate - smallRun.quality.falseMatchRate) * 100).toFixed(1)} points`,
  );
  lines.push(`fuse.js ${Fuse.version} beside our index on the same entries and queries (fuse: keys ['name'], ignoreLocation, threshold ${FUSE_THRESHOLD}, limit 20; one record per listed name)`);
  for (const [label, c, withQuality] of [['real lists', fuseReal, true], ['subset', fuseSub, false], ['whole list', fuseAll, false]] as const) {
    const f = c.fuse.get(FUSE_MATCH[0])!;
    lines.push(
      `${pad(`${label}, ${int(c.entries)} entries`)}build: ours ${ms(c.oursBuildMs)}, fuse ${ms(c.fuseBuildMs)}; fuse ran ${int(f.queries)} queries in ${secs(f.wallMs)}`,
      `${pad('  ours')}${speed(c.ours)} (on fuse's queries); ${speed(c.oursAll)} (all ${int(c.oursAll.queries)})`,
      `${pad('  fuse.js')}${speed(f)}`,
      `${pad('  ratio ours ÷ fuse.js')}q/CPU-s ${ratio(c.oursAll.qpsCpu / f.qpsCpu)}, p50 ${ratio(f.p50 / c.ours.p50)} lower, p99 ${ratio(f.p99 / c.ours.p99)} lower`,
    );
    if (!withQuality) continue;
    lines.push(`${pad('  ours, quality (same queries)')}${q(c.ours)}`);
    for (const cut of FUSE_MATCH) lines.push(`${pad(`  fuse.js, score ≤ ${cut} a match`)}${q(c.fuse.get(cut)!)}`);
  }
  lines.push(`${pad('')}(match threshold ${DEFAULT_THRESHOLD}; times are one query at a time on one thread; CPU time includes GC)`);
  return { lines };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const report = await runScreeningBench();
  process.stdout.write(`${report.lines.join('\n')}\n`);
}
