/**
 * Detection latency benchmark (standalone: `node --import tsx bench/detection.bench.ts`; the
 * main runner calls `runDetectionBench()` and prints its `lines`).
 *
 * - Two SQLite registries with the same parties and items (bench/ingest.bench.ts newsRegistry:
 *   realistic names) and a few permits for one sensor fitted to a drone, to one destination:
 *   a large one of ~1,000,000 permit lines (ENDWATCH_BENCH_DETECTION_PERMITS, default 400,000
 *   permits × ~2.5 lines) and a small one of ~1,000 lines (the baseline). Setup writes the rows
 *   with the repositories' bulk inserts in one transaction (not measured).
 * - Measured on each: the latency of ingesting ONE new report that names the sensor
 *   (ingestSource: a transaction, reading, story key, item index, review, audit), p50/p95 over
 *   REPORTS different short reports, each a new document; and `reviewPermits` alone for the
 *   sensor, and for the registry's busiest generated item.
 * - The ratio large ÷ small shows that a claim touches only the permits holding its items
 *   (the permit_lines item index), not the whole registry.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AlertRepository } from '../src/detection/alert.repository.js';
import { reviewPermits } from '../src/detection/review.service.js';
import { type SourceInput, ingestSource } from '../src/evidence/ingest.service.js';
import { type Knowledge, loadKnowledge } from '../src/reading/knowledge.js';
import { toItem, toNewPermit, toParty } from '../src/registry/bundle.import.js';
import type { BundleItem, BundleParty, BundlePermit } from '../src/registry/bundle.schema.js';
import { ItemRepository } from '../src/registry/item.repository.js';
import { PartyRepository } from '../src/registry/party.repository.js';
import { PermitRepository } from '../src/registry/permit.repository.js';
import { type Store, openStore } from '../src/store/database.js';
import { transact } from '../src/store/unit-of-work.js';
import { type Report, newsRegistry } from './ingest.bench.js';
import { int, ms, now, percentile, ratio, round, secs } from './stats.js';

const AS_OF = '2025-06-30';
const ACTOR = 'bench';
const LARGE_PERMITS = Number(process.env.ENDWATCH_BENCH_DETECTION_PERMITS ?? 400_000);
const SMALL_PERMITS = 400;
const PARTIES = 3_000;
const ITEMS = 5_000;
const REPORTS = 20;
const REVIEW_RUNS = 20;
const SENSOR = 'I-BENCH-NX20';

/** The sensor of the reports, its maker, the forces it went to and the permits that hold it (Egypt, 2019). */
function sensorRegistry(): { parties: BundleParty[]; items: BundleItem[]; permits: BundlePermit[] } {
  const permit = (n: number, issuedOn: string): BundlePermit => ({
    id: `CA-EP-BENCH-${n}`,
    exporterId: 'P-BENCH-NORVIK',
    origin: 'CA',
    destination: 'EG',
    endUserId: 'P-BENCH-EG-AF',
    endUse: 'EO/IR sensors for Kestrel K2 unmanned aircraft',
    lines: [{ itemId: SENSOR, quantity: 12, value: 2_400_000, currency: 'CAD' }],
    issuedOn,
    expiresOn: '2029-12-31',
    status: 'issued',
    assurances: [{ kind: 'end_user_certificate', noReexport: true, excludedRegions: ['Sinai'] }],
  });
  return {
    parties: [
      { id: 'P-BENCH-NORVIK', name: 'Norvik Optronics Inc.', aliases: ['Norvik'], kind: 'company', country: 'CA' },
      { id: 'P-BENCH-EG-AF', name: 'Egyptian Armed Forces', aliases: ['Egyptian military', 'Egyptian army'], kind: 'armed_force', country: 'EG' },
    ],
    items: [{ id: SENSOR, name: 'Norvik NX-20 sensor turret', aliases: ['NX-20', 'NX20'], manufacturerId: 'P-BENCH-NORVIK', category: 'EO/IR sensor', controlCodes: ['ML15.a'], platforms: ['Kestrel K2'] }],
    permits: [permit(1, '2018-11-01'), permit(2, '2019-02-01'), permit(3, '2019-06-15')],
  };
}

const PLACES = ['Sirte', 'Tripoli', 'Misrata', 'Benghazi', 'Derna', 'Sabha', 'Ajdabiya', 'Tobruk', 'Gharyan', 'Zawiya'];
const FORCES = ['the Libyan National Army', "Khalifa Haftar's forces", 'the Libyan National Army'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A short report that names the sensor, different each time (place, date, wording). */
function report(n: number): SourceInput {
  const place = PLACES[n % PLACES.length];
  const month = MONTHS[(n * 5) % 12];
  const day = 1 + ((n * 7) % 27);
  const force = FORCES[n % FORCES.length];
  const text = [
    `Drones with Canadian sensors seen over ${place} (${n + 1})`,
    `TRIPOLI, ${day} ${month} 2020 — Kestrel K2 drones supplied to Egypt and fitted with Norvik NX-20 sensor turrets were flown by ${force} near ${place}, according to images reviewed by analysts (report ${n + 1}).`,
    `The drones were delivered to the Egyptian military in 2019. In ${month} 2020 they appeared over ${place}, where they directed artillery fire.`,
  ].join('\n\n');
  return {
    raw: { origin: `report-${n + 1}.txt`, bytes: Buffer.from(text), contentType: null },
    kind: 'file',
    documents: [{ origin: `report-${n + 1}.txt`, format: 'text', title: text.split('\n')[0], text, publishedOn: null, publisher: null, url: null }],
  };
}

/** Writes parties, items and permits with the repositories' bulk inserts, in one transaction (setup, not measured). */
async function writeRegistry(store: Store, permits: number): Promise<{ permits: number; lines: number; busiestItem: [string, number] }> {
  const bundle = newsRegistry({ permits, parties: PARTIES, items: ITEMS });
  const sensor = sensorRegistry();
  const recordedOn = AS_OF;
  const perItem = new Map<string, number>();
  let lines = 0;
  await transact(store, ACTOR, async (uow) => {
    await new PartyRepository(uow.db).insertMany([...bundle.parties, ...sensor.parties].map(toParty));
    await new ItemRepository(uow.db).insertMany([...bundle.items, ...sensor.items].map(toItem));
    const repo = new PermitRepository(uow.db);
    const all = [...bundle.permits, ...sensor.permits];
    for (let i = 0; i < all.length; i += 10_000) {
      const part = all.slice(i, i + 10_000);
      for (const p of part) {
        lines += p.lines.length;
        for (const l of p.lines) perItem.set(l.itemId, (perItem.get(l.itemId) ?? 0) + 1);
      }
      await repo.insertMany(part.map((p) => toNewPermit(p, recordedOn)));
    }
  });
  const busiestItem = [...perItem].filter(([id]) => id !== SENSOR).sort((a, b) => b[1] - a[1])[0];
  return { permits: bundle.permits.length + sensor.permits.length, lines, busiestItem };
}

interface Side {
  permits: number;
  lines: number;
  setupMs: number;
  knowledgeMs: number;
  ingest: { samples: number[]; p50: number; p95: number; max: number };
  review: { p50: number; p95: number; permits: number; documents: number };
  busyReview: { itemId: string; lines: number; p50: number; permits: number };
  alerts: { open: number; onSensorPermits: number };
}

interface Opened {
  store: Store;
  knowledge: Knowledge;
  reg: Awaited<ReturnType<typeof writeRegistry>>;
  setupMs: number;
  knowledgeMs: number;
  samples: number[];
  review: number[];
  reviewed: { permits: number; documents: number };
  busy: number[];
  busyPermits: number;
}

async function open(file: string, permits: number, log: (s: string) => void): Promise<Opened> {
  const store = await openStore(file);
  const t0 = now();
  const reg = await writeRegistry(store, permits);
  const setupMs = now() - t0;
  log(`${int(reg.permits)} permits, ${int(reg.lines)} lines written in ${secs(setupMs)}`);
  const tk = now();
  const knowledge = await loadKnowledge(store.db);
  return { store, knowledge, reg, setupMs, knowledgeMs: now() - tk, samples: [], review: [], reviewed: { permits: 0, documents: 0 }, busy: [], busyPermits: 0 };
}

const review = (o: Opened, itemId: string) => transact(o.store, ACTOR, (uow) => reviewPermits(uow, o.knowledge, { itemIds: [itemId] }, AS_OF));

/**
 * Runs the same steps on both registries, alternating which goes first, so that JIT warm-up
 * and changes in host load fall on both alike.
 */
async function measure(small: Opened, large: Opened): Promise<void> {
  const both = async (n: number, step: (o: Opened) => Promise<void>) => {
    for (const o of n % 2 ? [large, small] : [small, large]) await step(o);
  };
  // Warm-up: three reports not counted (statement cache, JIT, page cache).
  for (let n = 0; n < 3; n++) await both(n, async (o) => void (await ingestSource(o.store, ACTOR, o.knowledge, report(1000 + n), AS_OF)));
  for (let n = 0; n < REPORTS; n++) {
    await both(n, async (o) => {
      const t0 = now();
      const r = await ingestSource(o.store, ACTOR, o.knowledge, report(n), AS_OF);
      o.samples.push(now() - t0);
      if (r.documents[0].status !== 'stored' || !r.documents[0].items.includes(SENSOR)) throw new Error(`report ${n + 1} was not stored as a new document naming ${SENSOR}`);
    });
  }
  for (let n = 0; n < REVIEW_RUNS + 2; n++) {
    await both(n, async (o) => {
      const t0 = now();
      const r = await review(o, SENSOR);
      const t1 = now();
      const busy = await review(o, o.reg.busiestItem[0]);
      const t2 = now();
      if (n < 2) return;
      o.review.push(t1 - t0);
      o.busy.push(t2 - t1);
      o.reviewed = { permits: r.permits, documents: r.documents };
      o.busyPermits = busy.permits;
    });
  }
}

async function summary(o: Opened): Promise<Side> {
  const open = await new AlertRepository(o.store.db).list({ status: 'open' });
  return {
    permits: o.reg.permits,
    lines: o.reg.lines,
    setupMs: o.setupMs,
    knowledgeMs: o.knowledgeMs,
    ingest: { samples: o.samples, p50: percentile(o.samples, 50), p95: percentile(o.samples, 95), max: Math.max(...o.samples) },
    review: { p50: percentile(o.review, 50), p95: percentile(o.review, 95), ...o.reviewed },
    busyReview: { itemId: o.reg.busiestItem[0], lines: o.reg.busiestItem[1], p50: percentile(o.busy, 50), permits: o.busyPermits },
    alerts: { open: open.length, onSensorPermits: open.filter((a) => a.permit_id.startsWith('CA-EP-BENCH-')).length },
  };
}

export async function runDetectionBench(): Promise<Report> {
  const log = (s: string) => process.stderr.write(`[detection] ${s}\n`);
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'endwatch-detection-bench-'));
  try {
    log(`small registry (${int(SMALL_PERMITS)} permits)`);
    const smallOpen = await open(path.join(tmp, 'small.sqlite'), SMALL_PERMITS, log);
    let small: Side;
    let large: Side;
    try {
      log(`large registry (${int(LARGE_PERMITS)} permits)`);
      const largeOpen = await open(path.join(tmp, 'large.sqlite'), LARGE_PERMITS, log);
      try {
        log(`${REPORTS} reports and ${REVIEW_RUNS} reviews on each, alternating`);
        await measure(smallOpen, largeOpen);
        small = await summary(smallOpen);
        large = await summary(largeOpen);
      } finally {
        await largeOpen.store.close();
      }
    } finally {
      await smallOpen.store.close();
    }
    const p50Ratio = large.ingest.p50 / small.ingest.p50;
    const p95Ratio = large.ingest.p95 / small.ingest.p95;
    const reviewRatio = large.review.p50 / small.review.p50;
    const pad = (label: string) => `  ${label.padEnd(30)}`;
    const side = (name: string, s: Side) => [
      `${name}: ${int(s.permits)} permits, ${int(s.lines)} permit lines (setup ${secs(s.setupMs)}, knowledge ${ms(s.knowledgeMs)})`,
      `${pad('ingest one report')}p50 ${ms(s.ingest.p50)}, p95 ${ms(s.ingest.p95)}, max ${ms(s.ingest.max)} (${s.ingest.samples.length} reports, each a new document)`,
      `${pad('reviewPermits, the sensor')}p50 ${ms(s.review.p50)}, p95 ${ms(s.review.p95)} (${s.review.permits} permits, ${s.review.documents} documents)`,
      `${pad('reviewPermits, busiest item')}p50 ${ms(s.busyReview.p50)} (${s.busyReview.itemId}: ${int(s.busyReview.permits)} permits)`,
      `${pad('alerts')}${s.alerts.open} open, ${s.alerts.onSensorPermits} on the sensor's permits`,
    ];
    const lines = [
      'Detection latency (one new claim, SQLite)',
      ...side('  large', large),
      ...side('  small (baseline)', small),
      `  ratio large ÷ small: ingest p50 ${ratio(p50Ratio)}, p95 ${ratio(p95Ratio)}; reviewPermits p50 ${ratio(reviewRatio)}  (${ratio(large.lines / small.lines)} the permit lines)`,
    ];
    const fig = (s: Side) => ({
      permits: s.permits,
      lines: s.lines,
      setupMs: round(s.setupMs),
      ingestP50Ms: round(s.ingest.p50, 2),
      ingestP95Ms: round(s.ingest.p95, 2),
      reviewP50Ms: round(s.review.p50, 2),
      reviewP95Ms: round(s.review.p95, 2),
      busyItemReviewP50Ms: round(s.busyReview.p50, 2),
      busyItemPermits: s.busyReview.permits,
      alertsOnSensorPermits: s.alerts.onSensorPermits,
    });
    return { large: fig(large), small: fig(small), ratio: { ingestP50: round(p50Ratio, 2), ingestP95: round(p95Ratio, 2), reviewP50: round(reviewRatio, 2) }, lines };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const report = await runDetectionBench();
  process.stdout.write(`${report.lines.join('\n')}\n`);
}
