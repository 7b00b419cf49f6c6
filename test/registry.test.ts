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

  it('reports every problem of a record that fails its shape, and does not call references to it unknown', async () => {
    const store = await db().open();
    const bad = buildBundle();
    bad.permits[0] = buildPermit({ lines: [], destination: 'QQ' }); // shape error + bad country
    (bad as unknown as Record<string, unknown>).extra = true; // unknown top-level key
    bad.shipments = [{ id: 'S1', permitId: 'CA-EP-2020-00001', shippedOn: '2020-02-01', lines: [{ lineNo: 1, quantity: 1 }] }];
    await assert.rejects(load(store, bad, 'b.json'), (e: unknown) => {
      assert.ok(e instanceof AppError);
      const lines = e.problems.map((p) => [p.record, p.field, p.message].join(' | '));
      assert.ok(lines.some((l) => /^ \| extra \| Unrecognized key/.test(l) || /Unrecognized key: "extra"/.test(l)), lines.join('\n'));
      assert.ok(lines.some((l) => /permits\[0\] \(CA-EP-2020-00001\) \| lines \|/.test(l)), lines.join('\n'));
      assert.ok(lines.some((l) => /destination \| 'QQ' is not an ISO/.test(l)), lines.join('\n'));
      assert.ok(!lines.some((l) => /unknown permit/.test(l)), lines.join('\n'));
      return true;
    });
  });

  it('refuses duplicate assurance ids, in the file and against the ledger, with their location', async () => {
    const store = await db().open();
    const dup = buildBundle();
    dup.permits[0] = buildPermit({ assurances: [{ id: 'EUC-1', kind: 'end_user_certificate' }, { id: 'EUC-1', kind: 'government_assurance' }] });
    await assert.rejects(load(store, dup), (e: unknown) => e instanceof AppError && e.problems.some((p) => p.field === 'assurances[1].id' && /duplicate assurance id 'EUC-1'/.test(p.message)));
    const ok = buildBundle();
    ok.permits[0] = buildPermit({ assurances: [{ id: 'EUC-1', kind: 'end_user_certificate' }] });
    await load(store, ok);
    const clash = buildBundle();
    clash.permits.push(buildPermit({ id: 'CA-EP-2020-00099', assurances: [{ id: 'EUC-1', kind: 'end_user_certificate' }] }));
    await assert.rejects(load(store, clash), (e: unknown) => e instanceof AppError && e.code === 'conflict' && /already belongs to permit CA-EP-2020-00001/.test(e.problems[0]?.message ?? ''));
  });

  it('re-importing shipments is idempotent; a changed shipment or a line cut below what was shipped is refused', async () => {
    const store = await db().open();
    const b = buildBundle();
    b.shipments = [{ id: 'S1', permitId: 'CA-EP-2020-00001', shippedOn: '2020-02-01', lines: [{ lineNo: 1, quantity: 2 }, { itemId: 'I-TURRET', quantity: 3 }] }];
    const first = await load(store, b);
    assert.equal(first.shipments.created, 1);
    const again = await load(store, b);
    assert.equal(again.shipments.unchanged, 1);
    assert.equal(again.auditEntries, 0);
    const changed = buildBundle({ shipments: [{ ...b.shipments[0], lines: [{ lineNo: 1, quantity: 4 }] }] });
    await assert.rejects(load(store, changed), appError('conflict', /shipment S1 is already recorded with other details/));
    const cut = buildBundle({ shipments: b.shipments });
    cut.permits[0] = buildPermit({ lines: [{ itemId: 'I-TURRET', quantity: 10, value: 100000, currency: 'CAD' }] });
    await assert.rejects(load(store, cut), (e: unknown) => e instanceof AppError && /100000 is less than the value 500000 already shipped on line 1/.test(e.problems[0]?.message ?? ''));
  });

  it('an import never deletes an assurance nor changes its standing; it says so', async () => {
    const store = await db().open();
    await load(store, buildBundle());
    await transact(store, 'a', (uow) => setAssuranceStatus(uow, { assuranceId: 'CA-EP-2020-00001/A1', status: 'under_review', reason: 'report', effectiveOn: '2020-05-01' }));
    const dropped = buildBundle();
    dropped.permits[1] = buildPermit({ id: 'CA-EP-2020-00002', destination: 'US', assurances: [], lines: (buildBundle().permits[1] as { lines: unknown }).lines });
    const s = await load(store, dropped);
    assert.equal(s.permits.unchanged, 3);
    assert.equal(s.auditEntries, 0);
    assert.ok(s.notes.some((n) => /assurance CA-EP-2020-00002\/A1 is in the ledger but not in the file/.test(n)), s.notes.join('\n'));
    assert.ok(s.notes.some((n) => /assurance CA-EP-2020-00001\/A1: the file says in_force, the ledger says under_review/.test(n)), s.notes.join('\n'));
    assert.equal((await new PermitRepository(store.db).get('CA-EP-2020-00002', asOf))?.assurances.length, 1);
  });

  it('a shipment is judged by the permit status on the shipment date', async () => {
    const store = await db().open();
    const b = buildBundle();
    b.permits[0] = buildPermit({ status: 'suspended' });
    b.shipments = [{ id: 'S-EARLY', permitId: 'CA-EP-2020-00001', shippedOn: '2020-02-01', lines: [{ lineNo: 1, quantity: 1 }] }];
    await load(store, b); // suspended on the import's date (2020-06-01), so a February shipment was authorised
    const ship = (shippedOn: string) => transact(store, 'c', (uow) => recordShipment(uow, { permitId: 'CA-EP-2020-00001', shippedOn, lines: [{ lineNo: 1, quantity: 1 }] }));
    await assert.rejects(ship('2020-06-15'), appError('conflict', /was suspended on 2020-06-15/));
    await transact(store, 'o', (uow) => transitionPermit(uow, { permitId: 'CA-EP-2020-00001', to: 'reinstated', reason: 'cleared', asOf: '2020-08-01' }));
    await assert.rejects(ship('2020-07-01'), appError('conflict', /was suspended on 2020-07-01/));
    await ship('2020-08-02');
    await ship('2020-03-01');
    await assert.rejects(
      transact(store, 'o', (uow) => transitionPermit(uow, { permitId: 'CA-EP-2020-00001', to: 'suspended', reason: 'late', asOf: '2020-07-15' })),
      appError('invalid_transition', /became reinstated on 2020-08-01; a change cannot take effect earlier/),
    );
    const p = await new PermitRepository(store.db).get('CA-EP-2020-00001', '2020-09-01');
    assert.deepEqual(p?.timeline, [
      { status: 'issued', since: '2020-01-15' },
      { status: 'suspended', since: '2020-06-01' },
      { status: 'reinstated', since: '2020-08-01' },
    ]);
  });

  it('issuing an application sets its validity; an expiry date is required', async () => {
    const store = await db().open();
    const b = buildBundle();
    b.permits.push(buildPermit({ id: 'APP-1', status: 'under_assessment', issuedOn: null, expiresOn: null }));
    await load(store, b);
    const issue = (extra: { issuedOn?: string; expiresOn?: string }) =>
      transact(store, 'o', (uow) => transitionPermit(uow, { permitId: 'APP-1', to: 'issued', reason: 'approved', asOf: '2020-07-01', ...extra }));
    await assert.rejects(issue({}), (e: unknown) => e instanceof AppError && e.problems.some((p) => p.field === 'expiresOn'));
    await assert.rejects(issue({ expiresOn: '2020-06-01' }), (e: unknown) => e instanceof AppError && /before it is issued/.test(e.problems[0]?.message ?? ''));
    const p = await issue({ expiresOn: '2022-06-30' });
    assert.deepEqual([p.status, p.issuedOn, p.expiresOn], ['issued', '2020-07-01', '2022-06-30']);
    const stored = await new PermitRepository(store.db).get('APP-1', '2022-07-01');
    assert.equal(stored?.status, 'expired');
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
    await set('withdrawn', '2021-05-01');
    await assert.rejects(set('in_force', '2021-06-01'), appError('invalid_transition', /is withdrawn; it cannot become in_force \(it has ended\)/));
    await assert.rejects(transact(store, 'a', (uow) => setAssuranceStatus(uow, { assuranceId: 'nope', status: 'breached', reason: 'r', effectiveOn: '2021-01-01' })), appError('not_found'));
    const p = await new PermitRepository(store.db).get('CA-EP-2020-00001', asOf);
    assert.equal(p?.assurances[0].status, 'withdrawn');
    assert.deepEqual(p?.assurances[0].history.map((h) => [h.status, h.effectiveOn, h.actor]), [
      ['under_review', '2020-10-05', 'analyst'],
      ['breached', '2021-04-12', 'analyst'],
      ['withdrawn', '2021-05-01', 'analyst'],
    ]);
    const log = await listAuditEntries(store.db, { objectId: id });
    assert.deepEqual(log.map((e) => JSON.parse(e.payload).to), ['under_review', 'breached', 'withdrawn']);
    // A re-import of the same bundle leaves the standing of the assurance alone.
    await load(store, buildBundle());
    assert.equal((await new PermitRepository(store.db).get('CA-EP-2020-00001', asOf))?.assurances[0].status, 'withdrawn');
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
