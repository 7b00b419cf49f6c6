/**
 * `npm run bench`: every benchmark in one run, each printing its figures as ratios against
 * a baseline measured in the same run.
 *  1. registry import and `permits list` latency (bench/run.ts, in a child process so its
 *     heap guard and clean-up work as when run alone);
 *  2. the gazetteer against the npm Aho-Corasick packages (bench/gazetteer.bench.ts);
 *  3. Reuters-21578 ingest into SQLite (bench/ingest.bench.ts);
 *  4. detection latency for one new report against 1M permit lines (bench/detection.bench.ts);
 *  5. screening over 1M list entries beside fuse.js (bench/screening.bench.ts).
 * ENDWATCH_BENCH_ONLY=registry,gazetteer,ingest,detection,screening runs a subset. Parts that need
 * ../shared data print a notice and are skipped when it is absent.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const only = new Set((process.env.ENDWATCH_BENCH_ONLY ?? 'registry,gazetteer,ingest,detection,screening').split(',').map((s) => s.trim()));
let failed = false;

function heading(title: string) {
  process.stdout.write(`\n=== ${title} ===\n`);
}

if (only.has('registry')) {
  heading('Registry: import and list latency');
  const r = spawnSync(process.execPath, [...process.execArgv, path.join(here, 'run.ts')], { stdio: 'inherit' });
  if (r.status !== 0) failed = true;
}

const parts: [string, string, () => Promise<{ lines: string[] }>][] = [
  ['gazetteer', 'Gazetteer: one automaton pass, 100k patterns, Reuters-21578', async () => (await import('./gazetteer.bench.js')).runGazetteerBench()],
  ['ingest', 'Evidence: Reuters-21578 ingest into SQLite', async () => (await import('./ingest.bench.js')).runIngestBench()],
  ['detection', 'Detection: one new report against 1M permit lines', async () => (await import('./detection.bench.js')).runDetectionBench()],
  ['screening', 'Screening: 1M list entries, noisy queries, beside fuse.js', async () => (await import('./screening.bench.js')).runScreeningBench()],
];
for (const [key, title, run] of parts) {
  if (!only.has(key)) continue;
  heading(title);
  try {
    const report = await run();
    process.stdout.write(`${report.lines.join('\n')}\n`);
  } catch (e) {
    failed = true;
    process.stderr.write(`${key} bench failed: ${(e as Error).stack ?? e}\n`);
  }
}
if (failed) process.exitCode = 1;
