import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, it } from 'node:test';
import { listAuditEntries, verifyAuditChain } from '../src/audit/audit.repository.js';
import { importBundle } from '../src/registry/bundle.import.js';
import { readBundleFile } from '../src/registry/registry.files.js';
import { importListFile } from '../src/screening/list.service.js';
import { listHits, markFalsePositive, screenNames, screenRegistry } from '../src/screening/screening.service.js';
import { AppError } from '../src/shared/errors.js';
import type { Store } from '../src/store/database.js';
import { forEachDialect } from './dialects.js';
import { buildBundle, buildParty } from './factories.js';
import { sharedDir } from './cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'endwatch-screening-use-'));
after(() => rmSync(tmp, { recursive: true, force: true }));
function file(name: string, text: string): string {
  const p = join(tmp, name);
  writeFileSync(p, text);
  return p;
}

const BNC_V1 = '306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. \'BNC\'."';
const BNC_V3 = '306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. \'BNC\'; a.k.a. \'NATIONAL BANK OF CUBA\'."';
const AERO = '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ';
const ABBAS = '2674,"ABBAS, Abu","individual","SDGT","Director of PLF",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 10 Dec 1948; nationality Korea, North."';
const EBANO_V1 = '4243,"EBANO","vessel","CUBA",-0- ,"CL2192","General Cargo","2595","1865","Panama",-0- ,"Vessel Registration Identification IMO 7406784."';
const EBANO_V2 = '4243,"EBANO","vessel","CUBA",-0- ,"CL2192","General Cargo","2595","1865","Panama",-0- ,"Vessel Registration Identification IMO 7406784; f.k.a. \'ANA I\'."';
const NEW = '9999,"NEW TRADING LLC",-0- ,"RUSSIA-EO14024",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Nationality of Registration Russia."';
// v1 → v2: 36 removed, 4243 changed, 9999 added; v2 → v3: 306 changed.
const V1 = [AERO, BNC_V1, ABBAS, EBANO_V1].join('\r\n');
const V2 = [BNC_V1, ABBAS, EBANO_V2, NEW].join('\r\n');
const V3 = [BNC_V3, ABBAS, EBANO_V2, NEW].join('\r\n');

let bundles = 0;
async function importRegistry(store: Store, parties: Record<string, unknown>[]): Promise<void> {
  const b = await readBundleFile(file(`registry-${++bundles}.json`, JSON.stringify(buildBundle({ parties: [...buildBundle().parties, ...parties] }))));
  await importBundle(store, b.raw, b.locator, { actor: 'test', asOf: '2024-03-01', contentHash: b.contentHash });
}

const listedParties = [
  buildParty({ id: 'P-BNC', name: 'Banco Nacional de Cuba S.A.', aliases: [], kind: 'company', country: 'CU' }),
  buildParty({ id: 'P-AERO', name: 'Aerocaribbean Airlines', aliases: [], kind: 'company', country: 'CU' }),
  buildParty({ id: 'P-ABBAS', name: 'Abu Abbas', aliases: [], kind: 'person', country: 'KP' }),
];

const status = async (store: Store, party: string, entry: string) => (await listHits(store, { partyId: party, all: true })).find((h) => h.entryId === entry)?.status;

await forEachDialect('screening in use', ({ db }) => {
  it('screens names against the current lists, JSON-ready and explained', async () => {
    const store = await db().open();
    await assert.rejects(screenNames(store, [{ name: 'Banco Nacional de Cuba' }]), (e: AppError) => e.code === 'not_found');
    await importListFile(store, 'officer', { path: file('sdn_2024-02-20.csv', V1) });
    const out = await screenNames(store, [{ name: 'Banco Nacional de Cuba' }, { name: 'Zzyzx Quonk' }, { name: 'Abbas Abu', type: 'person', country: 'kp' }]);
    assert.deepEqual(out.map((o) => o.query), ['Banco Nacional de Cuba', 'Zzyzx Quonk', 'Abbas Abu']);
    assert.deepEqual(Object.keys(out[0].results[0]).sort(), ['entryId', 'explanation', 'list', 'match', 'name', 'score']);
    assert.equal(out[0].results[0].entryId, '306');
    assert.equal(out[0].results[0].match, true);
    assert.ok(out[0].results[0].explanation.length > 0);
    assert.deepEqual(out[1].results, []);
    assert.equal(out[2].results[0].entryId, '2674');
    await assert.rejects(screenNames(store, [{ name: 'x', country: 'Cuba' }]), (e: AppError) => e.code === 'invalid_input');
  });

  it('screens parties on import, then each new list version only against its diff; false positives survive until the entry changes', async () => {
    const store = await db().open();
    await importRegistry(store, listedParties);
    const none = await screenRegistry(store, 'officer', { full: true });
    assert.deepEqual(none.lists, []);

    await importListFile(store, 'officer', { path: file('sdn_2024-02-20.csv', V1) });
    const first = await screenRegistry(store, 'officer');
    assert.deepEqual(first.lists.map((l) => [l.list, l.scope, l.entriesScreened]), [['ofac-sdn', 'full', 4]]);
    const hits = await listHits(store);
    const pairs = hits.map((h) => `${h.partyId}:${h.entryId}`);
    for (const p of ['P-BNC:306', 'P-AERO:36', 'P-ABBAS:2674']) assert.ok(pairs.includes(p), `${p} in ${pairs}`);
    for (const h of hits) assert.ok(h.explanation.length > 0 && h.version === 1 && h.status === 'open');
    assert.equal(first.raised, hits.length);
    assert.deepEqual((await screenRegistry(store, 'officer')).lists, [], 'a version screened already is not screened again');

    const fp = await markFalsePositive(store, 'reviewer', { partyId: 'P-BNC', entryId: '306', reason: 'state bank, not our Havana branch office' });
    assert.equal(fp.status, 'false_positive');
    await assert.rejects(markFalsePositive(store, 'reviewer', { partyId: 'P-BNC', entryId: '306', reason: 'again' }), (e: AppError) => e.code === 'conflict');
    await assert.rejects(markFalsePositive(store, 'reviewer', { partyId: 'P-BNC', entryId: '2674', reason: 'x' }), (e: AppError) => e.code === 'not_found');
    await assert.rejects(markFalsePositive(store, 'reviewer', { partyId: 'P-ABBAS', entryId: '2674', reason: ' ' }), (e: AppError) => e.code === 'invalid_input');

    await importListFile(store, 'officer', { path: file('sdn_2024-02-23.csv', V2) });
    const second = await screenRegistry(store, 'officer');
    assert.deepEqual(second.lists.map((l) => [l.scope, l.since, l.version, l.entriesScreened, l.entriesRemoved]), [['diff', 1, 2, 2, 1]]);
    assert.equal(await status(store, 'P-AERO', '36'), 'closed', 'the hit on a removed entry is closed');
    assert.equal(await status(store, 'P-BNC', '306'), 'false_positive', 'unchanged entry: still a false positive');
    assert.equal((await listHits(store, { partyId: 'P-BNC' }))[0].version, 1, 'results on unchanged entries keep the version they were computed against');

    await importListFile(store, 'officer', { path: file('sdn_2024-03-01.csv', V3) });
    const third = await screenRegistry(store, 'officer');
    assert.deepEqual(third.lists.map((l) => [l.scope, l.entriesScreened, l.entriesRemoved]), [['diff', 1, 0]]);
    assert.equal(third.reopened, 1);
    const bnc = (await listHits(store, { partyId: 'P-BNC' }))[0];
    assert.equal(bnc.status, 'open');
    assert.equal(bnc.version, 3);
    assert.match(bnc.reason ?? '', /changed in version 3/);

    // A full re-screen (registry import) keeps a false positive on an unchanged entry.
    await markFalsePositive(store, 'reviewer', { partyId: 'P-BNC', entryId: '306', reason: 'still not them' });
    const full = await screenRegistry(store, 'officer', { full: true });
    assert.equal(full.falsePositivesKept, 1);
    assert.equal(await status(store, 'P-BNC', '306'), 'false_positive');

    const audit = await listAuditEntries(store.db);
    const verbs = audit.map((a) => a.verb);
    for (const v of ['screening.run', 'hit.raise', 'hit.close', 'hit.reopen', 'hit.false_positive']) assert.ok(verbs.includes(v as never), v);
    const marked = audit.find((a) => a.verb === 'hit.false_positive')!;
    assert.deepEqual([marked.objectType, marked.objectId, marked.actor, marked.reason], ['hit', 'P-BNC/ofac-sdn/306', 'reviewer', 'state bank, not our Havana branch office']);
    assert.equal((await verifyAuditChain(store.db)).ok, true);
  });

  const registryJson = join(sharedDir, 'corpus', 'public', 'registry.json');
  const sdn1 = join(sharedDir, 'data', 'sanctions', 'ofac_sdn_2024-02-20.csv');
  const sdn2 = join(sharedDir, 'data', 'sanctions', 'ofac_sdn_2024-02-23.csv');
  const haveShared = [registryJson, sdn1, sdn2].every((p) => existsSync(p));
  it('screens the public registry against the real OFAC SDN files, the second only against its diff', { skip: haveShared ? undefined : `shared data not found under ${sharedDir}`, timeout: 300_000 }, async () => {
    const store = await db().open();
    const b = await readBundleFile(registryJson);
    await importBundle(store, b.raw, b.locator, { actor: 'test', asOf: '2024-03-01', contentHash: b.contentHash });
    const v1 = await importListFile(store, 'officer', { path: sdn1 });
    const first = await screenRegistry(store, 'officer');
    assert.equal(first.parties, 23);
    assert.deepEqual(first.lists.map((l) => [l.list, l.scope, l.version, l.entriesScreened]), [['ofac-sdn', 'full', v1.version, v1.entries]]);
    const stored = await listHits(store, { all: true });
    assert.ok(stored.length > 0, 'some results are stored');
    for (const h of stored) {
      assert.ok(h.explanation.length > 0, 'every stored result is explained');
      assert.equal(h.version, v1.version);
      assert.equal(h.match, h.score >= 0.8);
    }
    const v2 = await importListFile(store, 'officer', { path: sdn2 });
    assert.equal(v2.added, 553);
    const second = await screenRegistry(store, 'officer');
    assert.equal(second.lists.length, 1);
    const l = second.lists[0];
    assert.deepEqual([l.scope, l.since, l.version, l.entriesScreened, l.entriesRemoved], ['diff', v1.version, v2.version, v2.added + v2.changed, v2.removed]);
    assert.equal(l.entriesScreened, 553 + 8);
    // Results on entries the diff did not touch were not rewritten.
    const after2 = await listHits(store, { all: true });
    const untouched = after2.filter((h) => h.version === v1.version);
    assert.ok(untouched.length >= stored.length - (v2.changed + v2.removed) * 23);
  });
});
