/**
 * Gazetteer benchmark (standalone: `node --import tsx bench/gazetteer.bench.ts`; the main
 * runner calls `runGazetteerBench()` and prints its `lines`).
 *
 * - Patterns: the reference data (countries, regions, armed groups) plus a generated
 *   registry of parties, items and platforms: 100,000 matching forms by default
 *   (ENDWATCH_BENCH_PATTERNS).
 * - Text: the whole Reuters-21578 corpus from ../shared/data/news/reuters21578 when present
 *   (every .sgm file, SGML tags stripped, entities decoded: ~21 million characters), else
 *   generated newswire-like text; ENDWATCH_BENCH_TEXT_MB cuts or repeats it to a size.
 * - Measured, in this run: full `Gazetteer.find` on the text as written (scan with fold,
 *   case checks, fuzzy pass, overlap resolution); our bare word-boundary scan of the same
 *   text (`Automaton.scan`, fold included, no case checks, fuzzy pass or overlaps); our raw
 *   scan (every occurrence, like the packages) of the normalised text; and the npm packages
 *   `ahocorasick`, `modern-ahocorasick` and `@monyone/aho-corasick` (default exports; the
 *   double-array `modern-ahocorasick/fast` did not finish building 10,000 patterns in
 *   minutes, so it is left out) on the same patterns and the same normalised text, in the
 *   same ~1 MB pieces (split at spaces): they cannot fold case or diacritics, so they get
 *   the text already normalised, which favours them. Build times and memory too. Ratios
 *   are against the fastest package measured here. Times are wall clock, best of three;
 *   CPU time (process.cpuUsage) is shown beside them because the host is shared.
 * - Cross-check: the raw occurrence count of our automaton must equal modern-ahocorasick's
 *   `count()` on the same pieces (and any other package's match count where it ran in full).
 * A package that is slow is stopped after PACKAGE_SECONDS and rated on what it scanned.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AhoCorasick as MonyoneAC } from '@monyone/aho-corasick';
import ModernAC from 'modern-ahocorasick';
import { Automaton } from '../src/reading/automaton.js';
import { Gazetteer, type RegistryItem, type RegistryParty, referenceEntries, registryEntries } from '../src/reading/gazetteer.js';
import { normalizeText } from '../src/reading/normalize.js';
import { prng } from './generate-bundle.js';
import { int, ms, now, ratio, round } from './stats.js';

const require = createRequire(import.meta.url);
const LegacyAC = require('ahocorasick') as new (keywords: string[]) => { search(text: string): [number, string[]][] };

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const REUTERS = path.resolve(ROOT, '..', 'shared', 'data', 'news', 'reuters21578');
const TARGET_PATTERNS = Number(process.env.ENDWATCH_BENCH_PATTERNS ?? 100_000);
/** 0 = the whole corpus as it is. */
const TARGET_CHARS = Number(process.env.ENDWATCH_BENCH_TEXT_MB ?? 0) * 1_000_000;
const GENERATED_CHARS = 20_000_000;
const PIECE_CHARS = 1_000_000;
const PACKAGE_SECONDS = Number(process.env.ENDWATCH_BENCH_PACKAGE_SECONDS ?? 20);
const SEED = 20201110;

export interface ScanFigure {
  name: string;
  buildMs: number;
  /** Characters scanned (may be a prefix for a slow package). */
  chars: number;
  ms: number;
  mbPerSec: number;
  matches: number;
  complete: boolean;
  /** Our figure ÷ this one's, or this one's ÷ the fastest package's (see report). */
  vsFastestPackage: number;
}

export interface GazetteerBenchResult {
  text: { source: 'reuters21578' | 'generated'; chars: number; normChars: number };
  patterns: { forms: number; entries: number; automatonStates: number; automatonBytes: number };
  normalize: { ms: number; mbPerSec: number };
  gazetteerBuildMs: number;
  /** Heap and array-buffer growth over `Gazetteer.build` (after GC when --expose-gc). */
  gazetteerMemoryBytes: number;
  find: { ms: number; cpuMs: number; mbPerSec: number; mbPerSecCpu: number; mentions: number; fuzzy: number; vsFastestPackage: number };
  ours: { raw: ScanFigure; bounded: ScanFigure };
  packages: ScanFigure[];
  fastestPackage: string;
  crossCheck: { against: string; ours: number; theirs: number; agree: boolean }[];
  /** The report, one line each (what `formatGazetteerReport` prints). */
  lines: string[];
}

// ---------------------------------------------------------------------------------------------
// inputs

function reutersText(): string | null {
  if (!existsSync(REUTERS)) return null;
  const files = readdirSync(REUTERS).filter((f) => f.endsWith('.sgm')).sort();
  const docs: string[] = [];
  for (const f of files) {
    const raw = readFileSync(path.join(REUTERS, f), 'latin1');
    docs.push(raw.replace(/<[^>]*>/g, ' ').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'));
  }
  return docs.length ? docs.join('\n') : null;
}

const SYLLABLES = ['ar', 'bel', 'cor', 'dan', 'el', 'fen', 'gar', 'hol', 'in', 'jor', 'kal', 'lum', 'mor', 'nex', 'or', 'pra', 'quin', 'ros', 'sta', 'tur', 'ul', 'vor', 'wen', 'xan', 'yor', 'zel'];
const SUFFIXES = ['Systems', 'Defence', 'Industries', 'Technologies', 'Aerospace', 'Dynamics', 'Arms', 'Optronics', 'Land Systems', 'Munitions'];
const ITEM_WORDS = ['rifle', 'sensor', 'turret', 'howitzer', 'radar', 'launcher', 'vehicle', 'drone', 'missile', 'pistol'];
const FILLER = (
  'the a of to in and said on for with at by from that was is it its as be were an has have will would officials government ' +
  'company million year shares market trade prices week new talks oil bank billion percent sales report minister forces military'
).split(' ');

type Rng = ReturnType<typeof prng>;
const word = (rng: Rng, n: number) => {
  let w = '';
  for (let i = 0; i < n; i++) w += rng.pick(SYLLABLES);
  return w[0].toUpperCase() + w.slice(1);
};

/** A registry of parties, items and platforms with unique made-up names. */
function generatedRegistry(rng: Rng, parties: number, items: number): { parties: RegistryParty[]; items: RegistryItem[] } {
  const ps: RegistryParty[] = [];
  const its: RegistryItem[] = [];
  for (let i = 0; i < parties; i++) {
    const base = `${word(rng, rng.int(2, 3))} ${rng.pick(SUFFIXES)}`;
    ps.push({ id: `P-${i}`, name: `${base} ${i}`, aliases: [`${base.split(' ')[0]} ${i}`, `${base} Group ${i}`], kind: rng.pick(['company', 'government', 'armed_force', 'police']), country: null });
  }
  for (let i = 0; i < items; i++) {
    const model = `${word(rng, 1).toUpperCase()}-${rng.int(10, 9999)}${rng.pick(['', 'A', 'D', 'HD'])}`;
    its.push({ id: `I-${i}`, name: `${model} ${rng.pick(ITEM_WORDS)}`, aliases: [model], manufacturerId: `P-${rng.int(0, parties - 1)}`, platforms: rng.chance(0.3) ? [`${word(rng, 2)} ${word(rng, 1).toUpperCase()}${rng.int(1, 99)}`] : [] });
  }
  return { parties: ps, items: its };
}

/** Newswire-like filler with a name from `names` every ~40 words (for hosts without Reuters). */
function generatedText(rng: Rng, names: readonly string[], chars: number): string {
  const out: string[] = [];
  let n = 0;
  while (n < chars) {
    const w = rng.chance(0.025) ? rng.pick(names) : rng.chance(0.08) ? word(rng, rng.int(1, 3)) : rng.pick(FILLER);
    out.push(w);
    n += w.length + 1;
    if (rng.chance(0.06)) {
      out.push('.\n');
      n += 2;
    }
  }
  return out.join(' ');
}

/** ~1 MB pieces of the normalised text, each ending at a space. */
function pieces(norm: string): string[] {
  const out: string[] = [];
  for (let s = 0; s < norm.length; ) {
    let e = Math.min(norm.length, s + PIECE_CHARS);
    if (e < norm.length) {
      const sp = norm.indexOf(' ', e);
      e = sp < 0 ? norm.length : sp + 1;
    }
    out.push(norm.slice(s, e));
    s = e;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// measuring

interface Scanner {
  name: string;
  build(patterns: string[]): (piece: string) => number;
}

const SCANNERS: Scanner[] = [
  {
    name: 'ahocorasick',
    build: (patterns) => {
      const ac = new LegacyAC(patterns);
      return (piece) => {
        let n = 0;
        for (const [, kws] of ac.search(piece)) n += kws.length;
        return n;
      };
    },
  },
  {
    name: 'modern-ahocorasick',
    build: (patterns) => {
      const ac = new ModernAC(patterns);
      return (piece) => ac.count(piece);
    },
  },
  {
    name: '@monyone/aho-corasick',
    build: (patterns) => {
      const ac = new MonyoneAC(patterns);
      return (piece) => ac.matchInText(piece).length;
    },
  },
];

function timeScan(name: string, buildMs: number, parts: string[], scan: (piece: string) => number, budgetMs = Number.POSITIVE_INFINITY): ScanFigure {
  let chars = 0;
  let matches = 0;
  const t0 = now();
  for (const p of parts) {
    matches += scan(p);
    chars += p.length;
    if (now() - t0 > budgetMs) break;
  }
  const t = now() - t0;
  return { name, buildMs, chars, ms: t, mbPerSec: chars / 1e6 / (t / 1000), matches, complete: chars === parts.reduce((s, p) => s + p.length, 0), vsFastestPackage: 0 };
}

/** Best of `runs` (the host may be shared). */
function bestOf(runs: number, f: () => ScanFigure): ScanFigure {
  let best = f();
  for (let i = 1; i < runs; i++) {
    const r = f();
    if (r.ms < best.ms) best = r;
  }
  return best;
}

const log = (msg: string) => {
  if (process.env.ENDWATCH_BENCH_VERBOSE) console.error(`[gazetteer bench] ${msg}`);
};

export async function runGazetteerBench(): Promise<GazetteerBenchResult> {
  const rng = prng(SEED);
  const reference = referenceEntries();
  // Reference forms first, then a generated registry (~6.7 forms per party + item pair) to
  // reach the target; the scanners get exactly the first TARGET_PATTERNS forms.
  const refForms = Gazetteer.build(reference).patternCount;
  const pairs = Math.ceil(Math.max(0, TARGET_PATTERNS - refForms) / 6) + 10;
  const entries = [...reference, ...registryEntries(generatedRegistry(rng, pairs, pairs))];
  const g = Gazetteer.build(entries);
  if (g.patternCount < TARGET_PATTERNS) throw new Error(`gazetteer bench: only ${g.patternCount} forms generated`);
  const patterns = g.patternForms.slice(0, TARGET_PATTERNS);
  log(`patterns ready: ${patterns.length}`);

  let source: GazetteerBenchResult['text']['source'] = 'reuters21578';
  let text = reutersText();
  if (!text) {
    source = 'generated';
    text = generatedText(rng, entries.flatMap((e) => e.names), TARGET_CHARS || GENERATED_CHARS);
  }
  if (TARGET_CHARS > 0) {
    if (text.length < TARGET_CHARS) text = text.repeat(Math.ceil(TARGET_CHARS / text.length));
    text = text.slice(0, TARGET_CHARS);
  }
  // A flat string (not a rope) for every contender.
  text = Buffer.from(text, 'utf8').toString('utf8');

  // Normalisation (once for the scanners; find does its own).
  // Best of two: the first call also grows the reused buffers to the text's size.
  let normMs = Number.POSITIVE_INFINITY;
  let norm = '';
  for (let i = 0; i < 2; i++) {
    const t = now();
    norm = normalizeText(text).norm;
    normMs = Math.min(normMs, now() - t);
  }
  const parts = pieces(norm);
  log(`text ready: ${text.length} chars`);

  // Ours.
  let t0 = now();
  const ours = Automaton.build(patterns);
  const oursBuildMs = now() - t0;
  const raw = bestOf(3, () => timeScan('endwatch automaton (raw, normalised text)', oursBuildMs, parts, (p) => ours.countRaw(p)));
  // The bare scan reads the text as written, folding as it goes (what find does first).
  const bounded = bestOf(3, () =>
    timeScan('endwatch scan (original text, fold, bounds)', oursBuildMs, [text], (p) => {
      let n = 0;
      ours.scan(p, () => n++);
      return n;
    }),
  );

  log('ours done');
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const mem0 = process.memoryUsage();
  t0 = now();
  const full = Gazetteer.build(entries);
  const gazetteerBuildMs = now() - t0;
  gc?.();
  const mem1 = process.memoryUsage();
  const gazetteerMemoryBytes = mem1.heapUsed + mem1.arrayBuffers - (mem0.heapUsed + mem0.arrayBuffers);
  let findMs = Number.POSITIVE_INFINITY;
  let findCpuMs = Number.POSITIVE_INFINITY;
  let mentions: ReturnType<Gazetteer['find']> = [];
  for (let i = 0; i < 3; i++) {
    const c = process.cpuUsage();
    const t = now();
    mentions = full.find(text);
    findMs = Math.min(findMs, now() - t);
    const cu = process.cpuUsage(c);
    findCpuMs = Math.min(findCpuMs, (cu.user + cu.system) / 1000);
  }

  // Packages.
  const packages: ScanFigure[] = [];
  for (const s of SCANNERS) {
    log(`package ${s.name}`);
    const tb = now();
    const scan = s.build(patterns);
    const buildMs = now() - tb;
    scan(parts[0].slice(0, 50_000)); // warm-up
    packages.push(timeScan(s.name, buildMs, parts, scan, PACKAGE_SECONDS * 1000));
  }
  const fastest = packages.reduce((a, b) => (b.mbPerSec > a.mbPerSec ? b : a));
  for (const p of packages) p.vsFastestPackage = p.mbPerSec / fastest.mbPerSec;
  raw.vsFastestPackage = raw.mbPerSec / fastest.mbPerSec;
  bounded.vsFastestPackage = bounded.mbPerSec / fastest.mbPerSec;

  // Cross-check raw occurrence counts on the pieces each package scanned.
  const crossCheck: GazetteerBenchResult['crossCheck'] = [];
  for (const p of packages) {
    let oursCount = 0;
    let chars = 0;
    for (const part of parts) {
      if (chars >= p.chars) break;
      oursCount += ours.countRaw(part);
      chars += part.length;
    }
    crossCheck.push({ against: p.name, ours: oursCount, theirs: p.matches, agree: oursCount === p.matches });
  }

  const stats = ours.stats;
  const findMbPerSec = text.length / 1e6 / (findMs / 1000);
  const result: GazetteerBenchResult = {
    text: { source, chars: text.length, normChars: norm.length },
    patterns: { forms: patterns.length, entries: full.size, automatonStates: stats.states, automatonBytes: stats.bytes },
    normalize: { ms: normMs, mbPerSec: text.length / 1e6 / (normMs / 1000) },
    gazetteerBuildMs,
    gazetteerMemoryBytes,
    find: {
      ms: findMs,
      cpuMs: findCpuMs,
      mbPerSec: findMbPerSec,
      mbPerSecCpu: text.length / 1e6 / (findCpuMs / 1000),
      mentions: mentions.length,
      fuzzy: mentions.filter((m) => m.fuzzy).length,
      vsFastestPackage: findMbPerSec / fastest.mbPerSec,
    },
    ours: { raw, bounded },
    packages,
    fastestPackage: fastest.name,
    crossCheck,
    lines: [],
  };
  result.lines = formatGazetteerReport(result).split('\n');
  return result;
}

export function formatGazetteerReport(r: GazetteerBenchResult): string {
  const mb = (x: number) => `${round(x, 1)} MB/s`;
  const mib = (x: number) => `${round(x / 2 ** 20, 1)} MiB`;
  const lines = [
    `Gazetteer — ${int(r.patterns.forms)} patterns (${int(r.patterns.entries)} entries; automaton ${int(r.patterns.automatonStates)} states, ${mib(r.patterns.automatonBytes)}), ${round(r.text.chars / 1e6, 1)} MB of ${r.text.source} text (MB = 10^6 characters)`,
    `  Gazetteer.build: ${ms(r.gazetteerBuildMs)}, ${mib(r.gazetteerMemoryBytes)} (heap + array buffers); normalise (for the packages only): ${ms(r.normalize.ms)} (${mb(r.normalize.mbPerSec)})`,
    `  Gazetteer.find (fold + scan + case checks + fuzzy + overlaps): ${ms(r.find.ms)}, ${mb(r.find.mbPerSec)} (CPU time ${ms(r.find.cpuMs)}, ${mb(r.find.mbPerSecCpu)}), ${int(r.find.mentions)} mentions (${int(r.find.fuzzy)} fuzzy); ${ratio(r.find.vsFastestPackage)} the fastest package`,
    '',
    `  ${'scanner'.padEnd(48)} ${'build'.padStart(10)} ${'scan'.padStart(12)} ${'MB/s'.padStart(8)} ${'vs fastest pkg'.padStart(15)} ${'matches'.padStart(12)}`,
  ];
  for (const f of [r.ours.bounded, r.ours.raw, ...r.packages]) {
    const note = f.complete ? '' : ` (first ${round(f.chars / 1e6, 1)} MB)`;
    lines.push(`  ${f.name.padEnd(48)} ${ms(f.buildMs).padStart(10)} ${ms(f.ms).padStart(12)} ${round(f.mbPerSec, 1).toString().padStart(8)} ${ratio(f.vsFastestPackage).padStart(15)} ${int(f.matches).padStart(12)}${note}`);
  }
  const pass = (ok: boolean) => (ok ? 'met' : 'NOT met');
  lines.push(
    '',
    `  fastest package: ${r.fastestPackage}; full find is ${ratio(r.find.vsFastestPackage)} its speed, our bare scan ${ratio(r.ours.bounded.vsFastestPackage)}, raw scan ${ratio(r.ours.raw.vsFastestPackage)}`,
    `  targets (find ≥ 200 MB/s and ≥ 5× the fastest package): ${pass(r.find.mbPerSec >= 200)}, ${pass(r.find.vsFastestPackage >= 5)}`,
  );
  for (const c of r.crossCheck) lines.push(`  cross-check vs ${c.against}: ours ${int(c.ours)}, theirs ${int(c.theirs)} — ${c.agree ? 'agree' : 'DIFFER'}`);
  return lines.join('\n');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = await runGazetteerBench();
  console.log(r.lines.join('\n'));
  if (!r.crossCheck.find((c) => c.against === 'modern-ahocorasick')?.agree) process.exitCode = 1;
}
