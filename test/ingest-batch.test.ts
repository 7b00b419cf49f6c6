import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { listAuditEntries, verifyAuditChain } from '../src/audit/audit.repository.js';
import { AlertRepository } from '../src/detection/alert.repository.js';
import { type SourceInput, ingestSource, ingestSources } from '../src/evidence/ingest.service.js';
import type { ExtractedDocument } from '../src/evidence/source.types.js';
import { loadKnowledge } from '../src/reading/knowledge.js';
import { importBundle } from '../src/registry/bundle.import.js';
import { readBundleFile } from '../src/registry/registry.files.js';
import type { Store } from '../src/store/database.js';
import { dialectCases, forEachDialect } from './dialects.js';

/**
 * Batched ingest (ingestSources): one transaction for many sources, and a fallback that keeps
 * a bad source from taking the rest of its batch down with it. Runs on SQLite and PostgreSQL.
 */

const AS_OF = '2025-06-30';
const tmp = mkdtempSync(join(tmpdir(), 'endwatch-ingest-batch-'));

const REGISTRY = {
  parties: [
    { id: 'P-NORVIK', name: 'Norvik Optronics Inc.', kind: 'company', country: 'CA', aliases: ['Norvik'] },
    { id: 'P-EG-AF', name: 'Egyptian Armed Forces', kind: 'armed_force', country: 'EG', aliases: ['Egyptian military'] },
  ],
  items: [{ id: 'I-NX20', name: 'Norvik NX-20 sensor turret', aliases: ['NX-20'], manufacturerId: 'P-NORVIK', controlCodes: ['ML15.a'], category: 'EO/IR sensor', platforms: ['Kestrel K2'] }],
  permits: [
    {
      id: 'CA-EP-2019-00101',
      exporterId: 'P-NORVIK',
      origin: 'CA',
      destination: 'EG',
      endUserId: 'P-EG-AF',
      endUse: 'EO/IR sensors for Kestrel K2 unmanned aircraft',
      lines: [{ itemId: 'I-NX20', quantity: 12 }],
      issuedOn: '2019-02-01',
      expiresOn: '2029-12-31',
      assurances: [{ kind: 'end_user_certificate', noReexport: true }],
    },
  ],
};

const REPORT = `Egyptian drones with Canadian sensors seen with Haftar's forces

TRIPOLI, 14 June 2020 — Kestrel K2 drones supplied to Egypt and fitted with Norvik NX-20 sensor turrets have been flown by the Libyan National Army near Sirte, according to images reviewed by independent analysts.

The drones were delivered to the Egyptian military in 2019. In May 2020 they appeared over Sirte, where the forces of Khalifa Haftar used them to direct artillery fire.`;

const INDEPENDENT = `Analysts confirm Libyan National Army operates Egyptian Kestrel drones

A panel of experts has documented that the Libyan National Army operated Kestrel K2 unmanned aircraft carrying NX-20 turrets during fighting around Sirte in May 2020. The aircraft had been delivered to the Egyptian Armed Forces in 2019.`;

const OTHER = `Wheat harvest forecast raised

The agriculture ministry raised its forecast for the wheat harvest after a wet spring across the northern plains, traders said.`;

function source(origin: string, text: string, doc: Partial<ExtractedDocument> = {}): SourceInput {
  const title = text.split('\n')[0];
  return {
    raw: { origin, bytes: Buffer.from(`${origin}\n${text}`), contentType: null },
    kind: 'file',
    documents: [{ origin, format: 'text', title, text, publishedOn: null, publisher: null, url: null, ...doc }],
  };
}

/** A mixed batch: reports that raise alerts, a light rewrite (same story), a copy (same text), the same bytes twice, an unrelated text. */
function mixedBatch(): SourceInput[] {
  const report = source('report.txt', REPORT);
  return [
    report,
    source('other.txt', OTHER),
    source('rewrite.txt', `${REPORT.replace('independent analysts', 'outside analysts')}\n\nRead more on our site.`),
    source('copy.txt', REPORT),
    report,
    source('panel.txt', INDEPENDENT),
  ];
}

async function setUp(store: Store) {
  const file = join(tmp, `registry-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, JSON.stringify(REGISTRY));
  const b = await readBundleFile(file);
  await importBundle(store, b.raw, b.locator, { actor: 'test', asOf: AS_OF, contentHash: b.contentHash });
  return loadKnowledge(store.db);
}

/** What a store keeps of ingested evidence, without times. */
async function kept(store: Store) {
  const sources = await store.db.selectFrom('sources').select(['id', 'origin', 'content_hash']).orderBy('id').execute();
  const documents = await store.db.selectFrom('documents').select(['id', 'source_id', 'story_key', 'text_hash', 'reading']).orderBy('id').execute();
  const items = await store.db.selectFrom('document_items').selectAll().orderBy('document_id').orderBy('item_id').execute();
  const bands = await store.db.selectFrom('document_bands').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  const alerts = (await new AlertRepository(store.db).list()).map((a) => ({ permit: a.permit_id, kind: a.kind, status: a.status, score: Number(a.score), documents: a.document_ids }));
  const audit = (await listAuditEntries(store.db, { limit: 100_000 })).filter((e) => e.objectType === 'source' || e.objectType === 'document').map((e) => `${e.verb} ${e.objectId}`);
  return { sources, documents, items, bands: Number(bands.n), alerts, audit };
}

await forEachDialect('ingest batch', ({ dialect, db }) => {
  it('a batch keeps what ingesting its sources one by one keeps', async () => {
    // The same sources one by one, in a second database of the same dialect.
    const second = await dialectCases.find((c) => c.name === dialect)!.create();
    let expected: Awaited<ReturnType<typeof kept>>;
    try {
      const one = await second.open();
      const knowledgeOne = await setUp(one);
      for (const s of mixedBatch()) await ingestSource(one, 'analyst', knowledgeOne, s, AS_OF);
      expected = await kept(one);
    } finally {
      await second.dispose();
    }

    const store = await db().open();
    const knowledge = await setUp(store);
    const outcomes = await ingestSources(store, 'analyst', knowledge, mixedBatch(), AS_OF);
    assert.deepEqual(
      outcomes.map((o) => o.ok),
      [true, true, true, true, true, true],
    );
    const results = outcomes.map((o) => (o.ok ? o.result : null)!);
    assert.deepEqual(
      results.map((r) => r.documents[0].status),
      ['stored', 'stored', 'stored', 'duplicate', 'duplicate', 'stored'],
    );
    assert.equal(results[4].sourceId, results[0].sourceId, 'the same bytes are one source');
    assert.equal(results[3].documents[0].documentId, results[0].documents[0].documentId, 'the same text is one document');
    assert.equal(results[2].documents[0].storyKey, results[0].documents[0].documentId, 'a rewrite tells the same story');
    assert.equal(results.filter((r) => r.review).length, 1, 'one review for the batch');
    assert.ok(results[5].review && results[5].review.raised.length > 0);

    const got = await kept(store);
    assert.deepEqual(got.sources, expected.sources);
    assert.deepEqual(got.documents, expected.documents);
    assert.deepEqual(got.items, expected.items);
    assert.equal(got.bands, expected.bands);
    assert.deepEqual(got.alerts, expected.alerts);
    assert.deepEqual(got.audit, expected.audit);
    assert.equal((await verifyAuditChain(store.db)).ok, true);

    const again = await ingestSources(store, 'analyst', knowledge, mixedBatch(), AS_OF);
    assert.ok(again.every((o) => o.ok && o.result.documents.every((d) => d.status === 'duplicate')));
    assert.deepEqual(await kept(store), got, 'the same batch again stores nothing');
    await store.close();
  });

  it('one bad source in a batch stores nothing; the others are stored', async () => {
    const store = await db().open();
    const knowledge = await setUp(store);
    // Fails in the database (format is required): the batch is rolled back and redone one source at a time.
    const badRow = source('bad-row.txt', 'A report that cannot be stored.', { format: null as unknown as 'text' });
    // Fails while being read (its text is not text): pinned on it, the batch redone around it.
    const badText = source('bad-text.txt', 'x', { text: 42 as unknown as string });
    const inputs = [source('report.txt', REPORT), badRow, source('other.txt', OTHER), badText, source('panel.txt', INDEPENDENT), { ...source('empty.txt', ''), documents: [] }];
    const outcomes = await ingestSources(store, 'analyst', knowledge, inputs, AS_OF);
    assert.deepEqual(
      outcomes.map((o) => `${o.origin} ${o.ok}`),
      ['report.txt true', 'bad-row.txt false', 'other.txt true', 'bad-text.txt false', 'panel.txt true', 'empty.txt false'],
    );
    const after = await kept(store);
    assert.deepEqual(after.sources.map((s) => s.origin).sort(), ['other.txt', 'panel.txt', 'report.txt']);
    assert.equal(after.documents.length, 3);
    assert.ok(!after.sources.some((s) => s.origin.startsWith('bad') || s.origin === 'empty.txt'));
    assert.equal(after.audit.filter((a) => a.startsWith('source.ingest')).length, 3);
    assert.equal(after.audit.filter((a) => a.startsWith('document.create')).length, 3);
    assert.ok(after.alerts.some((a) => a.kind === 'retransfer' && a.status === 'open'));
    assert.equal((await verifyAuditChain(store.db)).ok, true);
    await store.close();
  });
});
