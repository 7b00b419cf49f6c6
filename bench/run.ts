/**
 * Registry benchmark (npm run bench):
 *  1. generates a deterministic 100,000-permit bundle (bench/generate-bundle.ts) and imports it
 *     through the real file path (readBundleFile + importBundle, as the CLI does) into fresh
 *     SQLite files (best of ENDWATCH_BENCH_SQLITE_RUNS, default 3) and, when reachable on
 *     loopback, a fresh PostgreSQL schema (ENDWATCH_BENCH_PG_URL, ENDWATCH_TEST_PG_URL, or
 *     postgres://postgres@127.0.0.1:5432/postgres), dropped afterwards;
 *  2. compares with raw driver inserts of the same permit and line rows, measured in this run
 *     (bench/baseline.ts);
 *  3. measures `permits list --destination` in process (vs a primary-key get) and through the
 *     built CLI (vs `--help`); dist/ is built if missing (ENDWATCH_BENCH_BUILD=1 forces it);
 *  4. re-imports the same file on SQLite and checks that nothing changes.
 * Prints a report and writes the figures to bench/out/registry.json. Temp files are removed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import pg from 'pg';
import { type ImportSummary, importBundle } from '../src/registry/bundle.import.js';
import { PermitRepository } from '../src/registry/permit.repository.js';
import { readBundleFile } from '../src/registry/registry.files.js';
import { type Store, openStore } from '../src/store/database.js';
import { type BaselineResult, rawPostgresBaseline, rawSqliteBaseline, readBaselineRows } from './baseline.js';
import { type BundleStats, generateBundle, prng, writeBundle } from './generate-bundle.js';
import { int, median, ms, now, percentile, ratio, round, secs, timed } from './stats.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'bench', 'out');
const AS_OF = '2025-06-30';
const ACTOR = 'bench';
const SEED = 20240611;
const PERMITS = Number(process.env.ENDWATCH_BENCH_PERMITS ?? 100_000);
const TARGET_LINES_PER_SEC = 50_000;
const LIST_SAMPLE = 50;
const CLI_RUNS = 5;
/** SQLite imports into fresh files; the fastest is reported (the host may be shared). */
const SQLITE_RUNS = Math.max(1, Number(process.env.ENDWATCH_BENCH_SQLITE_RUNS ?? 3));
const PG_URL = process.env.ENDWATCH_BENCH_PG_URL ?? process.env.ENDWATCH_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

// Heap guard: the run peaks around 0.6-0.9 GB RSS and completes with a 768 MB old space. V8's
// default limit is 2-4 GB on 64-bit hosts with a few GB of RAM, so this re-spawn only happens
// on a small-memory host (default limit under 1 GiB), with a 1.5 GB old space.
if (v8.getHeapStatistics().heap_size_limit < 2 ** 30 && !process.env.ENDWATCH_BENCH_CHILD) {
  const r = spawnSync(process.execPath, [...process.execArgv, '--max-old-space-size=1536', ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, ENDWATCH_BENCH_CHILD: '1' },
  });
  process.exit(r.status ?? 1);
}

// ---------------------------------------------------------------------------------------------
// cleanup: temp dir and PostgreSQL schemas go away on success, failure and Ctrl-C

const cleanups: (() => Promise<void> | void)[] = [];
async function cleanUp() {
  while (cleanups.length) {
    const fn = cleanups.pop()!;
    try {
      await fn();
    } catch (e) {
      process.stderr.write(`cleanup: ${(e as Error).message}\n`);
    }
  }
}
// Every PostgreSQL connection of this run carries this name (pg reads PGAPPNAME), so that an
// interrupted run can end its own sessions, which hold locks on its schema, before dropping it.
const APP_NAME = `endwatch-bench-${process.pid}`;
process.env.PGAPPNAME = APP_NAME;
let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM'] as const) {
  process.once(sig, () => {
    interrupted = true;
    process.stderr.write(`\n${sig}: cleaning up\n`);
    // Sessions ended under a running import make pg emit errors; they no longer matter.
    process.on('uncaughtException', (e) => process.stderr.write(`(during cleanup) ${e.message}\n`));
    const giveUp = setTimeout(() => {
      process.stderr.write('cleanup timed out\n');
      process.exit(130);
    }, 15_000);
    void cleanUp().finally(() => {
      clearTimeout(giveUp);
      process.exit(130);
    });
  });
}

const log = (s: string) => process.stderr.write(`[bench] ${s}\n`);

// ---------------------------------------------------------------------------------------------
// import measurement

interface ImportRun {
  totalMs: number;
  /** readBundleFile: read, UTF-8 decode, JSON.parse, SHA-256. */
  readMs: number;
  /** checkStructure: zod schemas, ids, countries, codes, dates. */
  structureMs: number;
  /** reference lookups and checks, parties and items written. */
  partiesItemsMs: number;
  /** permit chunks: lookup of existing permits, diff, inserts, audit records. */
  permitsMs: number;
  /** last audit flush, import entry, COMMIT. */
  commitMs: number;
  linesPerSec: number;
  permitsPerSec: number;
  /** CPU time of this process over the import (user + system; GC and thread-pool threads included). */
  cpuMs: number;
  /** Lines per CPU second: steadier than wall time when other work shares the host. */
  linesPerCpuSec: number;
  summary: Omit<ImportSummary, 'notes'> & { notes: number };
}

// `endwatch import registry` runs in a fresh process. Here the bundle generator and earlier
// imports leave hundreds of MB of garbage behind, which the import would otherwise pay for
// in full collections while it parses; each measured import starts from a collected heap.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

async function measureImport(store: Store, file: string, stats: BundleStats): Promise<ImportRun> {
  collectGarbage();
  const cpu0 = process.cpuUsage();
  const t0 = now();
  const input = await readBundleFile(file);
  const tRead = now();
  let tValidate = 0;
  const writes: { done: number; t: number }[] = [];
  const summary = await importBundle(store, input.raw, input.locator, {
    actor: ACTOR,
    asOf: AS_OF,
    contentHash: input.contentHash,
    onProgress: (phase, done) => {
      if (phase === 'validate') tValidate ||= now();
      else writes.push({ done, t: now() });
    },
  });
  const tEnd = now();
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const afterItems = writes.find((w) => w.done >= stats.parties + stats.items)?.t ?? tValidate;
  const afterPermits = writes.find((w) => w.done >= stats.parties + stats.items + stats.permits)?.t ?? afterItems;
  const totalMs = tEnd - t0;
  return {
    totalMs,
    readMs: tRead - t0,
    structureMs: tValidate - tRead,
    partiesItemsMs: afterItems - tValidate,
    permitsMs: afterPermits - afterItems,
    commitMs: tEnd - afterPermits,
    linesPerSec: summary.lines / (totalMs / 1000),
    permitsPerSec: (summary.permits.created + summary.permits.updated + summary.permits.unchanged) / (totalMs / 1000),
    cpuMs,
    linesPerCpuSec: summary.lines / (cpuMs / 1000),
    summary: { ...summary, notes: summary.notes.length },
  };
}

async function countRows(store: Store) {
  const n = async (table: 'permits' | 'permit_lines' | 'assurances' | 'audit_log' | 'parties' | 'items') => {
    const r = await store.db.selectFrom(table).select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  };
  return {
    parties: await n('parties'),
    items: await n('items'),
    permits: await n('permits'),
    lines: await n('permit_lines'),
    assurances: await n('assurances'),
    auditEntries: await n('audit_log'),
  };
}

// ---------------------------------------------------------------------------------------------
// list latency

/** `LIST_SAMPLE` destinations spread evenly over the ranking by size (largest to smallest). */
function sampleDestinations(stats: BundleStats, n: number): [string, number][] {
  const ranked = stats.destinationCounts;
  if (ranked.length <= n) return ranked;
  return Array.from({ length: n }, (_, k) => ranked[Math.round((k * (ranked.length - 1)) / (n - 1))]);
}

interface ListLatency {
  destinations: number;
  samples: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  avgPermitsReturned: number;
  /** ms per 1,000 permits returned, over all samples. */
  msPer1000Permits: number;
  baselineGet: { samples: number; p50: number; p95: number };
  /** p50 list / p50 get. */
  ratioP50: number;
}

async function measureList(store: Store, stats: BundleStats, passes: number): Promise<ListLatency> {
  const repo = new PermitRepository(store.db);
  const dests = sampleDestinations(stats, LIST_SAMPLE);
  // Warm-up: statement paths, page cache.
  for (const [cc] of dests.slice(-3)) await repo.list({ destination: cc }, AS_OF);
  const rng = prng(SEED + 1);
  const lat: number[] = [];
  let returned = 0;
  for (let pass = 0; pass < passes; pass++) {
    for (const [cc, expected] of rng.shuffle([...dests])) {
      const { ms: t, value } = await timed(() => repo.list({ destination: cc }, AS_OF));
      if (value.length !== expected) throw new Error(`list --destination ${cc}: ${value.length} permits, expected ${expected}`);
      lat.push(t);
      returned += value.length;
    }
  }
  const gets: number[] = [];
  for (let i = 0; i < 200; i++) {
    const id = `EP-${String(rng.int(1, stats.permits)).padStart(6, '0')}`;
    const { ms: t, value } = await timed(() => repo.get(id, AS_OF));
    if (!value) throw new Error(`get ${id}: not found`);
    gets.push(t);
  }
  const totalMs = lat.reduce((s, x) => s + x, 0);
  const p50 = percentile(lat, 50);
  const g50 = percentile(gets.slice(10), 50);
  return {
    destinations: dests.length,
    samples: lat.length,
    p50,
    p95: percentile(lat, 95),
    p99: percentile(lat, 99),
    max: Math.max(...lat),
    avgPermitsReturned: returned / lat.length,
    msPer1000Permits: (totalMs / returned) * 1000,
    baselineGet: { samples: gets.length - 10, p50: g50, p95: percentile(gets.slice(10), 95) },
    ratioP50: p50 / g50,
  };
}

// ---------------------------------------------------------------------------------------------
// CLI end to end

function ensureBuilt(): { built: boolean; stale: boolean } {
  const main = path.join(ROOT, 'dist', 'cli', 'main.js');
  if (!existsSync(main) || process.env.ENDWATCH_BENCH_BUILD === '1') {
    log('building dist/ (npm run build)');
    const r = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    if (r.status !== 0 || !existsSync(main)) throw new Error('npm run build failed');
    return { built: true, stale: false };
  }
  const newestSrc = newestMtime(path.join(ROOT, 'src'));
  return { built: false, stale: newestSrc > statSync(main).mtimeMs };
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

function runCli(args: string[]): Promise<{ ms: number; code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env };
    delete env.ENDWATCH_DB;
    delete env.ENDWATCH_AS_OF;
    const t0 = now();
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'cli', 'main.js'), ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', reject);
    child.on('close', (code) => resolve({ ms: now() - t0, code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
  });
}

interface CliLatency {
  dist: { built: boolean; stale: boolean };
  helpMedian: number;
  helpRuns: number[];
  list: { destination: string; permits: number; outputBytes: number; median: number; runs: number[] }[];
  /** median list (mid-size destination) minus median --help. */
  listOverStartup: number;
  /** `endwatch import registry` of the bundle into fresh SQLite files: start-up and migrations included. */
  importRuns: number[];
  importBest: number;
}

/** CLI imports of the whole bundle (each into a fresh file). */
const CLI_IMPORT_RUNS = 2;

async function measureCli(dbFile: string, bundleFile: string, stats: BundleStats): Promise<CliLatency> {
  const dist = ensureBuilt();
  if (dist.stale) log('warning: dist/ is older than src/: CLI figures are for the last build (ENDWATCH_BENCH_BUILD=1 rebuilds)');
  const avg = stats.permits / stats.destinations;
  const mid = [...stats.destinationCounts].sort((a, b) => Math.abs(a[1] - avg) - Math.abs(b[1] - avg))[0];
  const largest = stats.destinationCounts[0];
  const lists = [mid, largest].map(([cc, expected]) => ({ cc, expected, runs: [] as number[], bytes: 0 }));
  const listArgs = (cc: string) => ['--db', dbFile, '--as-of', AS_OF, 'permits', 'list', '--destination', cc, '--json'];

  // Warm the file cache and check the output once, untimed.
  await runCli(['--help']);
  for (const l of lists) {
    const r = await runCli(listArgs(l.cc));
    if (r.code !== 0) throw new Error(`permits list --destination ${l.cc} exited ${r.code}: ${r.stderr}`);
    const n = (JSON.parse(r.stdout) as unknown[]).length;
    if (n !== l.expected) throw new Error(`CLI permits list --destination ${l.cc}: ${n} permits, expected ${l.expected}`);
    l.bytes = Buffer.byteLength(r.stdout);
  }
  // Runs are interleaved (help, list, list, help, ...) so a change in host load hits all alike.
  const helpRuns: number[] = [];
  for (let i = 0; i < CLI_RUNS; i++) {
    const h = await runCli(['--help']);
    if (h.code !== 0) throw new Error(`endwatch --help exited ${h.code}: ${h.stderr}`);
    helpRuns.push(h.ms);
    for (const l of lists) {
      const r = await runCli(listArgs(l.cc));
      if (r.code !== 0) throw new Error(`permits list --destination ${l.cc} exited ${r.code}: ${r.stderr}`);
      l.runs.push(r.ms);
    }
  }
  const list = lists.map((l) => ({ destination: l.cc, permits: l.expected, outputBytes: l.bytes, median: median(l.runs), runs: l.runs.map((x) => round(x)) }));
  const helpMedian = median(helpRuns);
  // The import as a user runs it: a fresh process, a new file, start-up and migrations included.
  const importRuns: number[] = [];
  for (let i = 0; i < CLI_IMPORT_RUNS; i++) {
    const file = path.join(path.dirname(dbFile), `cli-import-${i}.sqlite`);
    log(`CLI: endwatch import registry (run ${i + 1} of ${CLI_IMPORT_RUNS})`);
    const r = await runCli(['--db', file, 'import', 'registry', bundleFile, '--json']);
    if (r.code !== 0) throw new Error(`endwatch import registry exited ${r.code}: ${r.stderr}`);
    const lines = (JSON.parse(r.stdout) as { lines: number }).lines;
    if (lines !== stats.lines) throw new Error(`endwatch import registry wrote ${lines} lines, expected ${stats.lines}`);
    importRuns.push(r.ms);
    removeSqlite(file);
  }
  return {
    dist,
    helpMedian,
    helpRuns: helpRuns.map((x) => round(x)),
    list,
    listOverStartup: list[0].median - helpMedian,
    importRuns: importRuns.map((x) => round(x)),
    importBest: Math.min(...importRuns),
  };
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL

function loopbackProblem(url: string): string | null {
  try {
    const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
    return ['127.0.0.1', 'localhost', '::1'].includes(host) ? null : `host ${host} is not loopback; the bench only talks to 127.0.0.1`;
  } catch {
    return 'unparseable URL';
  }
}

const redact = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

async function pgReachable(url: string): Promise<string | null> {
  const bad = loopbackProblem(url);
  if (bad) return bad;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (e) {
    return `${redact(url)}: ${(e as Error).message || (e as { code?: string }).code || String(e)}`;
  } finally {
    await client.end().catch(() => {});
  }
}

async function dropSchema(url: string, schema: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    if (interrupted) {
      await client.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1 and pid <> pg_backend_pid()', [APP_NAME]);
    }
    await client.query(`drop schema if exists ${schema} cascade`);
  } catch (e) {
    throw new Error(`could not drop PostgreSQL schema ${schema} (drop it with: drop schema ${schema} cascade): ${(e as Error).message}`);
  } finally {
    await client.end();
  }
}

function pgSchema(suffix = ''): string {
  const name = `bench_${randomBytes(4).toString('hex')}${suffix}`;
  cleanups.push(() => dropSchema(PG_URL, name));
  return name;
}

async function pgVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return String((await client.query('show server_version')).rows[0].server_version);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------

interface DialectReport {
  /** The reported import (the fastest of `runs`). */
  import: ImportRun;
  /** Total import time of every run, in order. */
  runsMs: number[];
  rows: Awaited<ReturnType<typeof countRows>>;
  baseline: BaselineResult & { linesPerSec: number; description: string };
  /** endwatch total import time / baseline time. */
  slowerThanRaw: number;
  /** endwatch write phase (everything after the structure check) / baseline time. */
  writePhaseSlowerThanRaw: number;
  list: ListLatency;
}

const writePhaseMs = (r: ImportRun) => r.partiesItemsMs + r.permitsMs + r.commitMs;

/** One dialect's figures, with the import set against the raw-driver baseline of the same run. */
function dialectReport(imp: ImportRun, runsMs: number[], rows: DialectReport['rows'], base: BaselineResult, description: string, list: ListLatency): DialectReport {
  return {
    import: imp,
    runsMs,
    rows,
    baseline: { ...base, linesPerSec: base.lines / (base.ms / 1000), description },
    slowerThanRaw: imp.totalMs / base.ms,
    writePhaseSlowerThanRaw: writePhaseMs(imp) / base.ms,
    list,
  };
}
const load = () => os.loadavg().map((x) => round(x, 2));

/** The code measured is the working tree's src/, so record which commit and whether src/ was edited. */
function gitState(): { commit: string; srcModifiedFiles: number } | null {
  const git = (...args: string[]) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return null;
  const dirty = git('status', '--porcelain', '--', 'src');
  return { commit: head.stdout.trim(), srcModifiedFiles: dirty.stdout.split('\n').filter(Boolean).length };
}

function removeSqlite(file: string) {
  for (const f of ['', '-wal', '-shm']) rmSync(`${file}${f}`, { force: true });
}

async function main() {
  const tStart = now();
  const loadAtStart = load();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'endwatch-bench-'));
  cleanups.push(() => rmSync(tmp, { recursive: true, force: true }));
  const bundleFile = path.join(tmp, 'registry-bench.json');

  // 1. bundle (only its statistics stay in memory)
  log(`generating ${int(PERMITS)} permits (seed ${SEED})`);
  const gen = await timed(() => {
    const { bundle, stats } = generateBundle({ seed: SEED, permits: PERMITS });
    return { stats, bytes: writeBundle(bundleFile, bundle) };
  });
  const { stats, bytes } = gen.value;
  const bundleSha = (await readBundleFile(bundleFile)).contentHash;
  log(`bundle: ${int(stats.permits)} permits, ${int(stats.lines)} lines, ${(bytes / 2 ** 20).toFixed(1)} MiB, generated in ${secs(gen.ms)}`);

  // 2. SQLite imports into fresh files
  const dbFile = path.join(tmp, 'endwatch.sqlite');
  const runs: ImportRun[] = [];
  let rows: Awaited<ReturnType<typeof countRows>> | null = null;
  for (let k = 0; k < SQLITE_RUNS; k++) {
    const file = k === 0 ? dbFile : path.join(tmp, `endwatch-${k}.sqlite`);
    const store = await openStore(file);
    try {
      log(`SQLite: importing (run ${k + 1} of ${SQLITE_RUNS})`);
      runs.push(await measureImport(store, bundleFile, stats));
      log(`SQLite: imported in ${secs(runs[k].totalMs)}`);
      if (k === 0) rows = await countRows(store);
    } finally {
      await store.close();
    }
    if (k > 0) removeSqlite(file);
  }
  const sqliteImport = runs.reduce((a, b) => (b.totalMs < a.totalMs ? b : a));

  // 3. SQLite baseline: the permit and line rows the import wrote, inserted again raw
  log('SQLite baseline: raw better-sqlite3 inserts of the same rows');
  const baseFile = path.join(tmp, 'baseline.sqlite');
  const sqliteBase = await rawSqliteBaseline(baseFile, readBaselineRows(dbFile));
  removeSqlite(baseFile);

  let store = await openStore(dbFile);
  log('SQLite: re-importing the same file');
  const reimport = await measureImport(store, bundleFile, stats);
  const rowsAfterReimport = await countRows(store);
  log('SQLite: list latency');
  const sqliteList = await measureList(store, stats, 2);
  await store.close();

  log('CLI: end-to-end runs');
  const cli = await measureCli(dbFile, bundleFile, stats);
  const dbBytes = statSync(dbFile).size;

  // An import that is not a first load: as many new permits again, into the ledger that holds the first ones (WAL, live indexes).
  log('SQLite: importing a second bundle of new permits into the loaded ledger');
  const secondFile = path.join(tmp, 'bundle-2.json');
  const second = generateBundle({ seed: SEED, permits: PERMITS, firstPermit: PERMITS + 1 });
  writeBundle(secondFile, second.bundle);
  store = await openStore(dbFile);
  const secondImport = await measureImport(store, secondFile, second.stats);
  await store.close();
  rmSync(secondFile, { force: true });

  const sqlite = dialectReport(
    sqliteImport,
    runs.map((r) => r.totalMs),
    rows!,
    sqliteBase,
    'the permits + permit_lines rows the import wrote, re-inserted with better-sqlite3 prepared statements in one transaction into a fresh migrated file (parties and items inserted beforehand, untimed)',
    sqliteList,
  );

  // 4. PostgreSQL, after SQLite so that its background writes do not overlap the SQLite figures
  let postgres: (DialectReport & { server: string; url: string }) | { skipped: string };
  const pgProblem = await pgReachable(PG_URL);
  if (pgProblem) {
    postgres = { skipped: pgProblem };
    log(`PostgreSQL: skipped (${pgProblem})`);
  } else {
    log('PostgreSQL baseline: multi-row INSERTs via pg');
    const rawSchema = pgSchema('_raw');
    const pgBase = await rawPostgresBaseline(PG_URL, rawSchema, readBaselineRows(dbFile));
    await dropSchema(PG_URL, rawSchema); // now rather than at exit (the exit cleanup's drop is then a no-op)
    const schema = pgSchema();
    store = await openStore(PG_URL, { schema });
    try {
      log(`PostgreSQL: importing into schema ${schema}`);
      const imp = await measureImport(store, bundleFile, stats);
      log(`PostgreSQL: imported in ${secs(imp.totalMs)}`);
      const pgRows = await countRows(store);
      log('PostgreSQL: list latency');
      const list = await measureList(store, stats, 1);
      postgres = {
        server: await pgVersion(PG_URL),
        url: redact(PG_URL),
        ...dialectReport(
          imp,
          [imp.totalMs],
          pgRows,
          pgBase,
          'the same permits + permit_lines rows, pg multi-row INSERTs (1,000 rows per statement) in one transaction into a fresh migrated schema (parties and items inserted beforehand, untimed)',
          list,
        ),
      };
    } finally {
      await store.close();
    }
    await dropSchema(PG_URL, schema);
  }

  removeSqlite(dbFile);

  const tallies = reimport.summary;
  const reimportOk =
    [tallies.parties, tallies.items, tallies.permits, tallies.shipments, tallies.measures].every((t) => t.created === 0 && t.updated === 0) &&
    tallies.auditEntries === 0 &&
    JSON.stringify(rowsAfterReimport) === JSON.stringify(rows);
  const totalMs = now() - tStart;

  const report = {
    generatedAt: new Date().toISOString(),
    host: {
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? '',
      memoryGiB: round(os.totalmem() / 2 ** 30),
      loadAvgAtStart: loadAtStart,
      loadAvgAtEnd: load(),
    },
    git: gitState(),
    asOf: AS_OF,
    bundle: {
      seed: SEED,
      bytes,
      sha256: bundleSha,
      parties: stats.parties,
      items: stats.items,
      permits: stats.permits,
      lines: stats.lines,
      assurances: stats.assurances,
      destinations: stats.destinations,
      largestDestination: stats.destinationCounts[0],
      smallestDestination: stats.destinationCounts[stats.destinationCounts.length - 1],
      generateMs: round(gen.ms), // generation + JSON serialisation + write
    },
    sqlite: {
      ...roundDeep(sqlite),
      fileBytes: dbBytes,
      target: { linesPerSec: TARGET_LINES_PER_SEC, measured: round(sqliteImport.linesPerSec, 0), pass: sqliteImport.linesPerSec >= TARGET_LINES_PER_SEC },
      reimport: { ...roundDeep(reimport), rowsUnchanged: JSON.stringify(rowsAfterReimport) === JSON.stringify(rows), pass: reimportOk },
      cli: roundDeep(cli),
      secondImport: roundDeep(secondImport),
    },
    postgres: roundDeep(postgres),
    peakRssMiB: round(process.resourceUsage().maxRSS / 1024, 0),
    heapLimitMiB: round(v8.getHeapStatistics().heap_size_limit / 2 ** 20, 0),
    totalMs: round(totalMs, 0),
  };
  mkdirSync(OUT_DIR, { recursive: true });
  writeFileSync(path.join(OUT_DIR, 'registry.json'), `${JSON.stringify(report, null, 2)}\n`);
  printReport(report, sqlite, reimport, reimportOk, cli, postgres, secondImport);
}

/** Rounds every number in a plain-data tree to 0.1 (ms figures), so the JSON stays readable. */
function roundDeep<T>(v: T): T {
  if (typeof v === 'number') return (Number.isInteger(v) ? v : round(v)) as T;
  if (Array.isArray(v)) return v.map(roundDeep) as T;
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, roundDeep(x)])) as T;
  return v;
}

function printReport(
  report: {
    bundle: { bytes: number; sha256: string; generateMs: number };
    peakRssMiB: number;
    heapLimitMiB: number;
    totalMs: number;
    host: { cpus: number; node: string; cpuModel: string; loadAvgAtStart: number[]; loadAvgAtEnd: number[] };
    git: { commit: string; srcModifiedFiles: number } | null;
  },
  sqlite: DialectReport,
  reimport: ImportRun,
  reimportOk: boolean,
  cli: CliLatency,
  postgres: (DialectReport & { server: string; url: string }) | { skipped: string },
  secondImport: ImportRun,
) {
  const s = sqlite.import.summary;
  const out: string[] = [];
  const line = (x = '') => out.push(x);
  const pad = (label: string) => `  ${label.padEnd(24)}`;
  const imp = (d: DialectReport) => {
    const r = d.import;
    const runs = d.runsMs.length > 1 ? ` (best of ${d.runsMs.length}: ${d.runsMs.map((x) => secs(x)).join(', ')})` : '';
    return [
      `${pad('import wall time')}${secs(r.totalMs)}${runs}`,
      `${pad('  phases')}read+parse ${secs(r.readMs)} | structure check ${secs(r.structureMs)} | refs+parties+items ${secs(r.partiesItemsMs)} | permits ${secs(r.permitsMs)} | last flush+commit ${secs(r.commitMs)}`,
      `${pad('throughput')}${int(r.linesPerSec)} lines/s, ${int(r.permitsPerSec)} permits/s; CPU ${secs(r.cpuMs)}, ${int(r.linesPerCpuSec)} lines per CPU second`,
      `${pad('written')}${int(d.rows.permits)} permits, ${int(d.rows.lines)} lines, ${int(d.rows.assurances)} assurances, ${int(d.rows.auditEntries)} audit entries`,
      `${pad('baseline (raw inserts)')}${secs(d.baseline.ms)} for ${int(d.baseline.permits)} permits + ${int(d.baseline.lines)} lines (${int(d.baseline.linesPerSec)} lines/s; CPU ${secs(d.baseline.cpuMs)})`,
      `${pad('')}endwatch import takes ${ratio(d.slowerThanRaw)} the time of the raw inserts (its write phase alone: ${ratio(d.writePhaseSlowerThanRaw)}; below 1× is faster)`,
    ];
  };
  const list = (l: ListLatency) => [
    `${pad('list --destination')}p50 ${ms(l.p50)}, p95 ${ms(l.p95)}, p99 ${ms(l.p99)}  (${l.samples} calls, ${l.destinations} destinations, avg ${int(l.avgPermitsReturned)} permits returned, ${ms(l.msPer1000Permits)} per 1,000 permits)`,
    `${pad('baseline get(id)')}p50 ${ms(l.baselineGet.p50)}, p95 ${ms(l.baselineGet.p95)}  → list p50 = ${ratio(l.ratioP50)} a primary-key get`,
  ];

  line('Endwatch registry benchmark');
  line(
    `  ${report.host.cpus} CPU (${report.host.cpuModel}), Node ${report.host.node}, as-of ${AS_OF}, load average ${report.host.loadAvgAtStart[0]} at start, ${report.host.loadAvgAtEnd[0]} at end`,
  );
  if (report.git) {
    line(`  code: src/ at ${report.git.commit}${report.git.srcModifiedFiles ? ` with ${report.git.srcModifiedFiles} uncommitted file(s) in src/` : ''}`);
  }
  line(
    `  bundle: ${int(s.permits.created)} permits, ${int(s.lines)} lines, ${int(sqlite.rows.assurances)} assurances, ${int(sqlite.rows.parties)} parties, ${int(sqlite.rows.items)} items; ` +
      `${(report.bundle.bytes / 2 ** 20).toFixed(1)} MiB (sha256 ${report.bundle.sha256.slice(0, 12)}…), generated in ${secs(report.bundle.generateMs)}`,
  );
  line();
  line('SQLite');
  out.push(...imp(sqlite));
  line(`${pad('target')}>= ${int(TARGET_LINES_PER_SEC)} lines/s: ${sqlite.import.linesPerSec >= TARGET_LINES_PER_SEC ? 'PASS' : 'FAIL'} (${int(sqlite.import.linesPerSec)} lines/s)`);
  line(
    `${pad('re-import (same file)')}${secs(reimport.totalMs)}: ${reimport.summary.permits.created} created, ${reimport.summary.permits.updated} updated, ${int(reimport.summary.permits.unchanged)} unchanged permits, ` +
      `${reimport.summary.auditEntries} audit entries → ${reimportOk ? 'PASS' : 'FAIL'}`,
  );
  line(
    `${pad('second import')}${secs(secondImport.totalMs)} for ${int(secondImport.summary.permits.created)} new permits (${int(secondImport.summary.lines)} lines) into the loaded ledger: ` +
      `${int(secondImport.linesPerSec)} lines/s (not a first load: WAL, indexes and keys live)`,
  );
  out.push(...list(sqlite.list));
  const [mid, big] = cli.list;
  line(`${pad('CLI --help')}median ${ms(cli.helpMedian)} (startup baseline, ${cli.helpRuns.length} runs)`);
  line(`${pad('CLI permits list')}--destination ${mid.destination} --json (${int(mid.permits)} permits): median ${ms(mid.median)} = startup + ${ms(cli.listOverStartup)}`);
  line(`${pad('')}--destination ${big.destination} --json (largest, ${int(big.permits)} permits, ${(big.outputBytes / 2 ** 20).toFixed(1)} MiB): median ${ms(big.median)}`);
  line(
    `${pad('CLI import registry')}${secs(cli.importBest)} (best of ${cli.importRuns.length}: ${cli.importRuns.map((x) => secs(x)).join(', ')}): ${int(s.lines / (cli.importBest / 1000))} lines/s, start-up and migrations included`,
  );
  if (cli.dist.built) line(`${pad('')}(dist/ was built for this run)`);
  if (cli.dist.stale) line(`${pad('')}WARNING: dist/ is older than src/; CLI figures are for the last build`);
  line();
  if ('skipped' in postgres) {
    line(`PostgreSQL: skipped (${postgres.skipped})`);
  } else {
    line(`PostgreSQL ${postgres.server} (${postgres.url}, fresh schema, dropped afterwards)`);
    out.push(...imp(postgres));
    out.push(...list(postgres.list));
  }
  line();
  line(`  Baselines write permits + lines only; the import also reads/validates the file and writes assurances and hash-chained audit entries.`);
  line(`  peak RSS ${report.peakRssMiB} MiB (heap limit ${report.heapLimitMiB} MiB); bench wall time ${secs(report.totalMs)}; figures in bench/out/registry.json`);
  process.stdout.write(`${out.join('\n')}\n`);
}

try {
  await main();
} catch (e) {
  process.exitCode = 1;
  if (!interrupted) process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
} finally {
  await cleanUp();
}
