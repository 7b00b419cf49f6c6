import assert from 'node:assert/strict';
import { it } from 'node:test';
import { countAuditEntries, listAuditEntries, verifyAuditChain } from '../src/audit/audit.repository.js';
import { importBundle } from '../src/registry/bundle.import.js';
import { jsonLocator } from '../src/registry/bundle.validate.js';
import { setAssuranceStatus } from '../src/registry/assurance.service.js';
import { addMeasure } from '../src/registry/measure.service.js';
import { PermitRepository } from '../src/registry/permit.repository.js';
import { transitionPermit, transitionPermits } from '../src/registry/permit.service.js';
import { recordShipment } from '../src/registry/shipment.service.js';
import { AppError } from '../src/shared/errors.js';
import type { Store } from '../src/store/database.js';
import { transact } from '../src/store/unit-of-work.js';
import { forEachDialect } from './dialects.js';
import { buildBundle, buildPermit } from './factories.js';

const asOf = '2020-06-01';

async function load(store: Store, bundle: unknown, source = 'bundle.json') {
  return importBundle(store, bundle, jsonLocator(source, bundle), { actor: 'officer', asOf, contentHash: 'x' });
}

async function snapshot(store: Store) {
  const permits = await new PermitRepository(store.db).list({}, asOf);
  return { permits, audit: await countAuditEntries(store.db) };
}

function appError(code: string, pattern?: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof AppError, `expected AppError, got ${e}`);
    assert.equal(e.code, code, e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  };
}

await forEachDialect('registry ledger', ({ db }) => {
  it('imports a bundle, and a re-import changes nothing and writes no audit entry', async () => {
    const store = await db().open();
    const first = await load(store, buildBundle());
    assert.deepEqual([first.parties.created, first.items.created, first.permits.created, first.lines], [3, 2, 3, 4]);
    const permit = await new PermitRepository(store.db).get('CA-EP-2020-00002', asOf);
    assert.equal(permit?.lines.length, 2);
    assert.equal(permit?.lines[1].value, 200000);
    assert.deepEqual(permit?.assurances[0].excludedRegions, ['Nagorno-Karabakh']);
    assert.equal(permit?.assurances[0].id, 'CA-EP-2020-00002/A1');
    const before = await countAuditEntries(store.db);
    assert.equal(before, 3 + 2 + 3 + 1);

    const again = await load(store, buildBundle());
    assert.deepEqual([again.parties.unchanged, again.items.unchanged, again.permits.unchanged], [3, 2, 3]);
    assert.equal(again.auditEntries, 0);
    assert.equal(await countAuditEntries(store.db), before);
  });

  it('an edited record is updated with a before/after audit entry', async () => {
    const store = await db().open();
    await load(store, buildBundle());
    const changed = buildBundle();
    changed.permits[0] = buildPermit({ endUse: 'Border surveillance' });
    const s = await load(store, changed);
    assert.equal(s.permits.updated, 1);
    const log = await listAuditEntries(store.db, { objectId: 'CA-EP-2020-00001' });
    assert.deepEqual(log.map((e) => e.verb), ['permit.create', 'permit.update']);
    assert.equal(JSON.parse(log[1].payload).after.endUse, 'Border surveillance');
  });

  it('refuses a bad bundle naming every problem, and writes nothing', async () => {
    const store = await db().open();
    await load(store, buildBundle());
    const before = await snapshot(store);
    const bad = buildBundle();
    bad.permits.push(buildPermit({ id: 'CA-EP-2020-00009', endUserId: 'P-GHOST' })); // dangling party
    bad.items.push({ id: 'I-BAD', name: 'Bad code', controlCodes: ['ML99'] }); // bad control code
    bad.parties.push({ id: 'P-MAKER', name: 'Duplicate', kind: 'company', country: 'CA' }); // duplicate id
    bad.permits.push(buildPermit({ id: 'CA-EP-2020-00010', issuedOn: '2021-02-30' })); // impossible date
    bad.permits.push(buildPermit({ id: 'CA-EP-2020-00011', issuedOn: '2021-05-01', expiresOn: '2021-01-01' }));
    await assert.rejects(load(store, bad, 'bad.json'), (e: unknown) => {
      assert.ok(e instanceof AppError && e.code === 'invalid_input');
      const lines = e.problems.map((p) => [p.source, p.record, p.field, p.message].join(' | '));
      const expect = [
        /bad\.json \| permits\[3\] \(CA-EP-2020-00009\) \| endUserId \| unknown party 'P-GHOST'/,
        /bad\.json \| items\[2\] \(I-BAD\) \| controlCodes\[0\] \| 'ML99' is not a Munitions List entry/,
        /bad\.json \| parties\[3\] \(P-MAKER\) \| id \| duplicate id 'P-MAKER' \(first defined at parties\[0\]\)/,
        /bad\.json \| permits\[4\] \(CA-EP-2020-00010\) \| issuedOn \| '2021-02-30' is not a real date/,
        /bad\.json \| permits\[5\] \(CA-EP-2020-00011\) \| expiresOn \| expires 2021-01-01, before it was issued 2021-05-01/,
      ];
      for (const re of expect) assert.ok(lines.some((l) => re.test(l)), `missing ${re}\n${lines.join('\n')}`);
      assert.equal(lines.length, expect.length, lines.join('\n'));
      return true;
    });
    assert.deepEqual(await snapshot(store), before);
  });

  it('shipments draw down lines, an overdraw is refused, a used-up permit becomes exhausted', async () => {
    const store = await db().open();
    await load(store, buildBundle());
    const ship = (permitId: string, lines: { lineNo?: number; itemId?: string; quantity: number; value?: number }[], shippedOn = '2020-03-01') =>
      transact(store, 'clerk', (uow) => recordShipment(uow, { permitId, shippedOn, lines }));
    const s1 = await ship('CA-EP-2020-00001', [{ lineNo: 1, quantity: 4 }]);
    assert.equal(s1.lines[0].value, 400000); // pro rata of 1,000,000 for 10
    await assert.rejects(ship('CA-EP-2020-00001', [{ lineNo: 1, quantity: 7 }]), appError('overdraw', /7 requested, 6 left of 10/));
    await assert.rejects(ship('CA-EP-2020-00001', [{ lineNo: 1, quantity: 1, value: 700000 }]), appError('overdraw', /value 700000 requested, 600000 CAD left/));
    let p = await new PermitRepository(store.db).get('CA-EP-2020-00001', asOf);
    assert.equal(p?.lines[0].shippedQuantity, 4);
    await ship('CA-EP-2020-00001', [{ itemId: 'I-TURRET', quantity: 6 }]);
    p = await new PermitRepository(store.db).get('CA-EP-2020-00001', asOf);
    assert.equal(p?.status, 'exhausted');
    const verbs = (await listAuditEntries(store.db, { objectId: 'CA-EP-2020-00001' })).map((e) => e.verb);
    assert.deepEqual(verbs, ['permit.create', 'permit.transition']);
    await assert.rejects(ship('CA-EP-2020-00001', [{ lineNo: 1, quantity: 1 }]), appError('conflict', /exhausted/));
    await assert.rejects(ship('CA-EP-2020-00003', [{ lineNo: 1, quantity: 1 }], '2019-12-31'), appError('conflict', /issued on 2020-01-15/));
  });

  it('transitions follow the lifecycle table, need a reason, and forbidden ones fail', async () => {
    const store = await db().open();
    await load(store, buildBundle());
    const move = (permitId: string, to: 'suspended' | 'reinstated' | 'cancelled', reason = 'review') =>
      transact(store, 'officer', (uow) => transitionPermit(uow, { permitId, to, reason, asOf }));
    await move('CA-EP-2020-00001', 'suspended');
    await move('CA-EP-2020-00001', 'reinstated');
    await move('CA-EP-2020-00001', 'cancelled');
    await assert.rejects(move('CA-EP-2020-00001', 'cancelled'), appError('invalid_transition', /is cancelled; it cannot become cancelled/));
    await assert.rejects(move('CA-EP-2020-00002', 'reinstated'), appError('invalid_transition'));
    await assert.rejects(move('CA-EP-2020-00002', 'suspended', '  '), appError('invalid_input', /reason is required/));
    await assert.rejects(move('NOPE', 'suspended'), appError('not_found'));
    const log = await listAuditEntries(store.db, { objectId: 'CA-EP-2020-00001' });
    assert.deepEqual(log.filter((e) => e.verb === 'permit.transition').map((e) => [e.actor, e.reason, JSON.parse(e.payload).to]), [
      ['officer', 'review', 'suspended'],
      ['officer', 'review', 'reinstated'],
      ['officer', 'review', 'cancelled'],
    ]);
  });

  it('expiry is derived from dates: an expired permit cannot be suspended', async () => {
    const store = await db().open();
    await load(store, buildBundle());
    const late = '2023-01-01';
    const p = await new PermitRepository(store.db).get('CA-EP-2020-00001', late);
    assert.equal(p?.status, 'expired');
    assert.equal(p?.recordedStatus, 'issued');
    const expired = await new PermitRepository(store.db).listIds({ status: 'expired' }, late);
    assert.equal(expired.length, 3);
    await assert.rejects(
      transact(store, 'o', (uow) => transitionPermit(uow, { permitId: 'CA-EP-2020-00001', to: 'suspended', reason: 'r', asOf: late })),
      appError('invalid_transition', /is expired/),
    );
  });

  it('a bulk cancel acts on every matching permit in one transaction and skips the ones it cannot move', async () => {
    const store = await db().open();
    await load(store, buildBundle());
    await transact(store, 'o', (uow) => transitionPermit(uow, { permitId: 'CA-EP-2020-00003', to: 'cancelled', reason: 'earlier', asOf }));
    const r = await transact(store, 'minister', (uow) =>
      transitionPermits(uow, { filter: { destination: 'TR' }, to: 'cancelled', reason: 'credible evidence of diversion', asOf }),
    );
    assert.deepEqual(r.changed.map((c) => c.id), ['CA-EP-2020-00001']);
    assert.deepEqual(r.skipped.map((c) => c.id), ['CA-EP-2020-00003']);
    const us = await new PermitRepository(store.db).get('CA-EP-2020-00002', asOf);
    assert.equal(us?.status, 'issued');
    const byItem = await transact(store, 'o', (uow) => transitionPermits(uow, { filter: { itemId: 'I-SPARES' }, to: 'suspended', reason: 'r', asOf }));
    assert.deepEqual(byItem.changed.map((c) => c.id), ['CA-EP-2020-00002']);
    await assert.rejects(
      transact(store, 'o', (uow) => transitionPermits(uow, { filter: { destination: 'TR' }, to: 'cancelled', reason: 'again', asOf })),
      appError('invalid_transition', /none of the 2 selected/),
    );
    await assert.rejects(transact(store, 'o', (uow) => transitionPermits(uow, { filter: { destination: 'ZZ' }, to: 'cancelled', reason: 'r', asOf })), appError('not_found'));
  });

  it('a failure inside a unit of work rolls back the change and its audit entries', async () => {
    const store = await db().open();
    await load(store, buildBundle());
    const before = await snapshot(store);
    await assert.rejects(
      transact(store, 'o', async (uow) => {
        await transitionPermit(uow, { permitId: 'CA-EP-2020-00001', to: 'suspended', reason: 'r', asOf });
        await transitionPermit(uow, { permitId: 'CA-EP-2020-00001', to: 'exhausted', reason: 'r', asOf });
      }),
      appError('invalid_transition'),
    );
    assert.deepEqual(await snapshot(store), before);
  });

  it('destination measures are validated and listed by date', async () => {
    const store = await db().open();
    const m = await transact(store, 'o', (uow) =>
      addMeasure(uow, { country: 'TR', kind: 'suspend_new_permits', startsOn: '2019-10-11', reason: 'incursion into northeastern Syria', exceptions: [{ tag: 'nato-cooperation', treatment: 'case_by_case' }] }),
    );
    assert.equal(m.id, 'M-TR-2019-10-11-suspend_new_permits');
    await assert.rejects(
      transact(store, 'o', (uow) => addMeasure(uow, { country: 'XX', kind: 'ban', startsOn: '2019-13-01', reason: '' })),
      (e: unknown) => e instanceof AppError && e.problems.map((p) => p.field).join() === 'country,kind,from,reason',
    );
    const { MeasureRepository } = await import('../src/registry/measure.repository.js');
    assert.equal((await new MeasureRepository(store.db).list({ inForceOn: '2019-10-10' })).length, 0);
    assert.equal((await new MeasureRepository(store.db).list({ inForceOn: '2021-01-01', country: 'TR' })).length, 1);
  });

  it('an assurance keeps its status history', async () => {
    const store = await db().open();
    await load(store, buildBundle());
    const id = 'CA-EP-2020-00001/A1';
    const set = (status: string, effectiveOn: string) =>
      transact(store, 'analyst', (uow) => setAssuranceStatus(uow, { assuranceId: id, status, reason: `now ${status}`, effectiveOn }));
    await set('under_review', '2020-10-05');
    await set('breached', '2021-04-12');
    await assert.rejects(set('breached', '2021-04-13'), appError('invalid_transition', /already breached/));
    await assert.rejects(set('broken', '2021-04-13'), appError('invalid_input'));
    await assert.rejects(transact(store, 'a', (uow) => setAssuranceStatus(uow, { assuranceId: 'nope', status: 'breached', reason: 'r', effectiveOn: '2021-01-01' })), appError('not_found'));
    const p = await new PermitRepository(store.db).get('CA-EP-2020-00001', asOf);
    assert.equal(p?.assurances[0].status, 'breached');
    assert.deepEqual(p?.assurances[0].history.map((h) => [h.status, h.effectiveOn, h.actor]), [
      ['under_review', '2020-10-05', 'analyst'],
      ['breached', '2021-04-12', 'analyst'],
    ]);
    const log = await listAuditEntries(store.db, { objectId: id });
    assert.deepEqual(log.map((e) => JSON.parse(e.payload).to), ['under_review', 'breached']);
    // A re-import of the same bundle leaves the standing of the assurance alone.
    await load(store, buildBundle());
    assert.equal((await new PermitRepository(store.db).get('CA-EP-2020-00001', asOf))?.assurances[0].status, 'breached');
  });

  it('the audit chain verifies after a mixed workload', async () => {
    const store = await db().open();
    await load(store, buildBundle());
    await transact(store, 'clerk', (uow) => recordShipment(uow, { permitId: 'CA-EP-2020-00002', shippedOn: '2020-02-01', lines: [{ lineNo: 1, quantity: 10 }] }));
    await transact(store, 'o', (uow) => transitionPermit(uow, { permitId: 'CA-EP-2020-00002', to: 'suspended', reason: 'r', asOf }));
    await transact(store, 'o', (uow) => transitionPermits(uow, { filter: { destination: 'TR' }, to: 'cancelled', reason: 'r', asOf }));
    const changed = buildBundle();
    changed.parties[0] = { ...changed.parties[0], aliases: ['Maker', 'Maker Optics'] };
    await load(store, changed);
    const report = await verifyAuditChain(store.db);
    assert.equal(report.ok, true, report.broken?.message);
    assert.equal(report.entries, await countAuditEntries(store.db));
  });
});
