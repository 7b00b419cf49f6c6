import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { listAuditEntries, verifyAuditChain } from '../src/audit/audit.repository.js';
import { AlertRepository } from '../src/detection/alert.repository.js';
import { reviewAfterRegistryChange } from '../src/detection/review.service.js';
import { DocumentRepository } from '../src/evidence/document.repository.js';
import { ingestBatch } from '../src/evidence/ingest.batch.js';
import { loadKnowledge } from '../src/reading/knowledge.js';
import { importBundle } from '../src/registry/bundle.import.js';
import { readBundleFile } from '../src/registry/registry.files.js';
import type { Store } from '../src/store/database.js';
import { forEachDialect } from './dialects.js';
import { CaseRepository } from '../src/cases/case.repository.js';
import { fileMeasure } from '../src/cases/case.service.js';
import { proposeDecision } from '../src/decisions/decision.service.js';
import { addMeasure } from '../src/registry/measure.service.js';
import { transact } from '../src/store/unit-of-work.js';
import { addUser } from '../src/users/user.service.js';

/**
 * Detection end to end on a small ledger of our own: a sensor licensed to Egypt for drones,
 * reports of its use by others. Runs on SQLite and PostgreSQL.
 */

const AS_OF = '2025-06-30';
const tmp = mkdtempSync(join(tmpdir(), 'endwatch-detect-'));

const party = (id: string, name: string, kind: string, country: string, aliases: string[] = [], parentId?: string) => ({ id, name, kind, country, aliases, ...(parentId ? { parentId } : {}) });
const permit = (id: string, destination: string, endUserId: string, issuedOn: string, itemId = 'I-NX20', extra: Record<string, unknown> = {}) => ({
  id,
  exporterId: 'P-NORVIK',
  origin: 'CA',
  destination,
  consigneeId: endUserId,
  endUserId,
  endUse: 'EO/IR sensors for Kestrel K2 unmanned aircraft',
  lines: [{ itemId, quantity: 12, value: 2400000, currency: 'CAD' }],
  issuedOn,
  expiresOn: '2029-12-31',
  status: 'issued',
  assurances: [{ kind: 'end_user_certificate', noReexport: true, excludedRegions: ['Sinai'] }],
  ...extra,
});

function registry(extraPermits: unknown[] = []) {
  return {
    parties: [
      party('P-NORVIK', 'Norvik Optronics Inc.', 'company', 'CA', ['Norvik']),
      party('P-EG-MOD', 'Ministry of Defence of Egypt', 'government', 'EG', ['Egyptian Ministry of Defence']),
      party('P-EG-AF', 'Egyptian Armed Forces', 'armed_force', 'EG', ['Egyptian army', 'Egyptian military'], 'P-EG-MOD'),
      party('P-AE-AF', 'UAE Armed Forces', 'armed_force', 'AE', ['Emirati armed forces']),
    ],
    items: [
      { id: 'I-NX20', name: 'Norvik NX-20 sensor turret', aliases: ['NX-20', 'NX20'], manufacturerId: 'P-NORVIK', controlCodes: ['ML15.a'], category: 'EO/IR sensor', platforms: ['Kestrel K2'] },
      { id: 'I-NX30', name: 'Norvik NX-30 sensor turret', aliases: ['NX-30'], manufacturerId: 'P-NORVIK', controlCodes: ['ML15.a'], category: 'EO/IR sensor', platforms: [] },
    ],
    permits: [
      permit('CA-EP-2019-00101', 'EG', 'P-EG-AF', '2019-02-01'),
      permit('CA-EP-2019-00102', 'AE', 'P-AE-AF', '2019-03-01'),
      permit('CA-EP-2022-00103', 'EG', 'P-EG-AF', '2022-05-01'),
      permit('CA-EP-2019-00104', 'EG', 'P-EG-AF', '2019-04-01', 'I-NX30'),
      ...extraPermits,
    ],
  };
}

const REPORT = `Egyptian drones with Canadian sensors seen with Haftar's forces

TRIPOLI, 14 June 2020 — Kestrel K2 drones supplied to Egypt and fitted with Norvik NX-20 sensor turrets have been flown by the Libyan National Army near Sirte, according to images reviewed by independent analysts.

The drones were delivered to the Egyptian military in 2019. In May 2020 they appeared over Sirte, where the forces of Khalifa Haftar used them to direct artillery fire.

Norvik Optronics declined to comment.`;

const INDEPENDENT = `Analysts confirm Libyan National Army operates Egyptian Kestrel drones

A panel of experts has documented that the Libyan National Army operated Kestrel K2 unmanned aircraft carrying NX-20 turrets during fighting around Sirte in May 2020. The aircraft had been delivered to the Egyptian Armed Forces in 2019.`;

const DENIAL = `Egypt says Canadian-made sensors were not transferred

CAIRO, 20 June 2020 — The Egyptian Ministry of Defence denied that NX-20 sensors delivered by Norvik had been transferred to any other party, and said the Kestrel K2 fleet remains with the Egyptian army.`;

function file(name: string, text: string | Buffer): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

let bundles = 0;
async function setUp(store: Store, bundle = registry()) {
  const b = await readBundleFile(file(`registry-${++bundles}.json`, JSON.stringify(bundle)));
  await importBundle(store, b.raw, b.locator, { actor: 'test', asOf: AS_OF, contentHash: b.contentHash });
}

async function ingest(store: Store, paths: string[], opts: { allowPrivate?: boolean; maxBytes?: number } = {}) {
  const knowledge = await loadKnowledge(store.db);
  return ingestBatch(store, knowledge, paths, { actor: 'analyst', asOf: AS_OF, allowPrivate: opts.allowPrivate, limits: opts.maxBytes ? { maxBytes: opts.maxBytes } : undefined });
}

async function openAlerts(store: Store) {
  return new AlertRepository(store.db).list({ status: 'open' });
}

await forEachDialect('detection', ({ db }) => {
  it('raises alerts on exactly the permits a report concerns, with quotes at their offsets', async () => {
    const store = await db().open();
    await setUp(store);
    const [o] = await ingest(store, [file('report.txt', REPORT)]);
    assert.ok(o.ok, !o.ok ? o.error.message : '');
    const alerts = await openAlerts(store);
    // Not the AE permit (another destination), not the 2022 permit (issued after the events), not the NX-30 permit (another model).
    assert.deepEqual([...new Set(alerts.map((a) => a.permit_id))], ['CA-EP-2019-00101']);
    const retransfer = alerts.find((a) => a.kind === 'retransfer');
    assert.ok(retransfer, `kinds: ${alerts.map((a) => a.kind)}`);
    assert.ok(Number(retransfer.score) > 0.25 && Number(retransfer.score) <= 1);
    assert.match(retransfer.explanation, /Libyan National Army|Haftar/);
    assert.match(retransfer.explanation, /no re-export/);
    const doc = await new DocumentRepository(store.db).get(retransfer.document_id);
    assert.ok(doc);
    const evidence = JSON.parse(retransfer.evidence) as { quote: string; start: number; end: number }[];
    assert.ok(evidence.length > 0);
    for (const q of evidence) assert.equal(doc.text.slice(q.start, q.end), q.quote);
    assert.equal((await verifyAuditChain(store.db)).ok, true);
    await store.close();
  });

  it('stores the same report once and writes nothing the second time', async () => {
    const store = await db().open();
    await setUp(store);
    const path = file('same.txt', REPORT);
    await ingest(store, [path]);
    const before = (await listAuditEntries(store.db, { limit: 100_000 })).length;
    const alertsBefore = await openAlerts(store);
    const [again] = await ingest(store, [path, file('copy-name.txt', REPORT)]);
    assert.ok(again.ok);
    assert.equal(again.result.documents[0].status, 'duplicate');
    assert.equal((await listAuditEntries(store.db, { limit: 100_000 })).length, before);
    assert.deepEqual(await openAlerts(store), alertsBefore);
    await store.close();
  });

  it('a copy of the story does not raise the score; an independent source does', async () => {
    const store = await db().open();
    await setUp(store);
    await ingest(store, [file('first.txt', REPORT)]);
    const score = async () => Number((await openAlerts(store)).find((a) => a.kind === 'retransfer')!.score);
    const first = await score();
    await ingest(store, [file('rewrite.txt', `${REPORT.replace('independent analysts', 'outside analysts')}\n\nRead more on our site.`)]);
    assert.equal(await score(), first, 'a lightly edited copy tells the same story');
    await ingest(store, [file('panel.txt', INDEPENDENT)]);
    assert.ok((await score()) > first, 'an independent source corroborates');
    const docs = await new DocumentRepository(store.db).list();
    assert.equal(docs.length, 3);
    assert.equal(new Set(docs.map((d) => d.story_key)).size, 2);
    await store.close();
  });

  it('files alerts into one case per end-user; new evidence puts a decided case back under review', async () => {
    const store = await db().open();
    await setUp(store);
    const first = await ingest(store, [file('case-first.txt', REPORT)]);
    const opened = first.flatMap((o) => (o.ok ? (o.result.review?.cases.opened ?? []) : []));
    assert.equal(opened.length, 1, 'one case for the Egyptian armed forces');
    const cases = new CaseRepository(store.db);
    const c = (await cases.get(opened[0]))!;
    assert.equal(c.origin, 'alert');
    const alerts = await openAlerts(store);
    assert.deepEqual(c.links.filter((l) => l.kind === 'alert').map((l) => l.refId).sort(), alerts.map((a) => a.id).sort());
    assert.deepEqual(c.links.filter((l) => l.kind === 'permit').map((l) => l.refId).sort(), [...new Set(alerts.map((a) => a.permit_id))].sort());
    await transact(store, 'admin', (uow) => addUser(uow, { name: 'admin', role: 'admin' }));
    await transact(store, 'admin', (uow) => addUser(uow, { name: 'olivia', role: 'officer' }));
    await transact(store, 'olivia', (uow) => proposeDecision(uow, { caseId: c.id, kind: 'no_action', reason: 'one unconfirmed report', asOf: AS_OF }));
    assert.equal((await cases.get(c.id))?.status, 'decided');
    // The decision answers the case's alerts: they leave the queue as dismissed, each audited.
    const repo = new AlertRepository(store.db);
    assert.deepEqual(await openAlerts(store), []);
    for (const a of alerts) assert.equal((await repo.get(a.id))?.status, 'dismissed');
    const settles = (await listAuditEntries(store.db, { limit: 100_000 })).filter((e) => e.verb === 'alert.settle');
    assert.deepEqual(settles.map((e) => e.objectId).sort(), alerts.map((a) => a.id).sort());
    // Running detection again with nothing new changes nothing: the decision stands.
    await reviewAfterRegistryChange(store, 'test', AS_OF);
    assert.deepEqual(await openAlerts(store), []);
    assert.equal((await cases.get(c.id))?.status, 'decided');
    const second = await ingest(store, [file('case-panel.txt', INDEPENDENT)]);
    assert.deepEqual(second.flatMap((o) => (o.ok ? (o.result.review?.cases.updated ?? []) : [])), [c.id], 'the corroboration updates the same case');
    const after = (await cases.get(c.id))!;
    assert.equal(after.status, 'under_review', 'new evidence after a decision reopens the review');
    const reopened = await openAlerts(store);
    assert.ok(reopened.length > 0, 'the corroborated alert is open again');
    const updates = (await listAuditEntries(store.db, { limit: 100_000 })).filter((e) => e.verb === 'alert.update');
    assert.ok(updates.some((e) => (JSON.parse(e.payload) as { reopenedFrom?: string }).reopenedFrom === 'dismissed'));
    assert.ok(after.notes.some((n) => /was updated/.test(n.text)));
    assert.equal((await cases.list()).length, 1);
    assert.equal((await verifyAuditChain(store.db)).ok, true);
    await store.close();
  });

  it('a new destination measure opens a case on the live permits to that destination', async () => {
    const store = await db().open();
    await setUp(store);
    const caseId = await transact(store, 'olivia', async (uow) => {
      const m = await addMeasure(uow, { country: 'EG', kind: 'embargo', startsOn: AS_OF, reason: 'test embargo' });
      return fileMeasure(uow, m, AS_OF);
    });
    assert.ok(caseId);
    const c = (await new CaseRepository(store.db).get(caseId))!;
    assert.equal(c.origin, 'measure');
    assert.deepEqual(c.links.filter((l) => l.kind === 'permit').map((l) => l.refId).sort(), ['CA-EP-2019-00101', 'CA-EP-2019-00104', 'CA-EP-2022-00103']);
    assert.equal(await transact(store, 'olivia', async (uow) => fileMeasure(uow, await addMeasure(uow, { country: 'NO', kind: 'embargo', startsOn: AS_OF, reason: 'none live' }), AS_OF)), null);
    await store.close();
  });

  it('a denial raises nothing', async () => {
    const store = await db().open();
    await setUp(store);
    await ingest(store, [file('denial.txt', DENIAL)]);
    assert.deepEqual(await openAlerts(store), []);
    await store.close();
  });

  it('a registry change re-runs detection from stored claims', async () => {
    const store = await db().open();
    await setUp(store);
    await ingest(store, [file('before-permit.txt', REPORT)]);
    assert.equal((await openAlerts(store)).some((a) => a.permit_id === 'CA-EP-2018-00099'), false);
    await setUp(store, registry([permit('CA-EP-2018-00099', 'EG', 'P-EG-AF', '2018-06-01')]));
    const review = await reviewAfterRegistryChange(store, 'officer', AS_OF);
    assert.ok(review && review.raised.length > 0);
    assert.ok((await openAlerts(store)).some((a) => a.permit_id === 'CA-EP-2018-00099'));
    assert.equal((await verifyAuditChain(store.db)).ok, true);
    await store.close();
  });

  it('a report stored before the registry knew its item is read again when the item is imported', async () => {
    const store = await db().open();
    const bare = registry();
    bare.items = bare.items.filter((i) => i.id !== 'I-NX20');
    bare.permits = bare.permits.filter((p) => (p as { lines: { itemId: string }[] }).lines.every((l) => l.itemId !== 'I-NX20'));
    await setUp(store, bare);
    await ingest(store, [file('early.txt', REPORT)]);
    assert.deepEqual(await openAlerts(store), []);
    await setUp(store, registry());
    const review = await reviewAfterRegistryChange(store, 'officer', AS_OF);
    assert.ok(review && review.raised.length > 0);
    assert.deepEqual([...new Set((await openAlerts(store)).map((a) => a.permit_id))], ['CA-EP-2019-00101']);
    assert.equal((await verifyAuditChain(store.db)).ok, true);
    await store.close();
  });

  it('hostile inputs each fail clearly and store nothing while the batch goes on', async () => {
    const store = await db().open();
    await setUp(store);
    const closedPort = await new Promise<number>((resolve) => {
      const srv = createServer();
      srv.listen(0, '127.0.0.1', () => {
        const port = (srv.address() as { port: number }).port;
        srv.close(() => resolve(port));
      });
    });
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256));
    const inputs = [
      file('junk.bin', junk),
      file('big.txt', `${'An over-long report. '.repeat(8000)}`),
      file('deep.html', `<html><body>${'<div>'.repeat(100_000)}x${'</div>'.repeat(100_000)}</body></html>`),
      file('fake.pdf', 'This is not a PDF at all, only text.'),
      `http://127.0.0.1:${closedPort}/report.html`,
      'http://10.1.2.3/report.html',
      file('good.txt', REPORT),
      file('latin1.txt', Buffer.from(`Caf\xe9 owners in Sirte describe Kestrel K2 drones \x96 a report.`, 'latin1')),
      file('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Kestrel K2 drones over Sirte: a brief note.', 'utf16le')])),
    ];
    const outcomes = await ingest(store, inputs, { maxBytes: 100_000 });
    const failed = outcomes.filter((o) => !o.ok).map((o) => `${o.origin}: ${!o.ok ? o.error.message : ''}`);
    assert.equal(failed.length, 6, failed.join('\n'));
    const byName = (name: string) => failed.find((f) => f.includes(name)) ?? '';
    assert.match(byName('junk.bin'), /junk\.bin.*(binary|not text)/i);
    assert.match(byName('big.txt'), /big\.txt.*(limit|large|bytes)/i);
    assert.match(byName('deep.html'), /deep\.html.*(deep|nest)/i);
    assert.match(byName('fake.pdf'), /fake\.pdf.*PDF/);
    assert.match(byName(`:${closedPort}`), /unreachable|refused/i);
    assert.match(byName('10.1.2.3'), /private|not allowed|refused/i);
    const docs = await new DocumentRepository(store.db).list();
    assert.equal(docs.length, 3, 'the good report and the two re-encoded texts');
    const texts = await Promise.all(docs.map(async (d) => (await new DocumentRepository(store.db).get(d.id))!.text));
    assert.ok(texts.some((t) => t.includes('Café owners') && t.includes('–')), 'Latin-1 decoded');
    assert.ok(texts.some((t) => t.startsWith('Kestrel K2 drones over Sirte')), 'UTF-16 decoded');
    await store.close();
  });
});
