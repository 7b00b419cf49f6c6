import assert from 'node:assert/strict';
import { it } from 'node:test';
import { submitApplication } from '../src/applications/application.service.js';
import { listAuditEntries, verifyAuditChain } from '../src/audit/audit.repository.js';
import { closeCase, noteCase, openCase } from '../src/cases/case.service.js';
import { CaseRepository } from '../src/cases/case.repository.js';
import { recordOutcome, requestVerification } from '../src/cases/verification.service.js';
import { approveDecision, proposeDecision, rejectDecision } from '../src/decisions/decision.service.js';
import { importBundle } from '../src/registry/bundle.import.js';
import { jsonLocator } from '../src/registry/bundle.validate.js';
import { addMeasure } from '../src/registry/measure.service.js';
import { PermitRepository } from '../src/registry/permit.repository.js';
import { AppError } from '../src/shared/errors.js';
import type { Store } from '../src/store/database.js';
import { transact } from '../src/store/unit-of-work.js';
import { addUser, authorize, changeUser } from '../src/users/user.service.js';
import { MeasureRepository } from '../src/registry/measure.repository.js';
import { forEachDialect } from './dialects.js';
import { buildBundle } from './factories.js';

const asOf = '2021-04-12';

async function ledger(store: Store): Promise<void> {
  const bundle = buildBundle();
  await importBundle(store, bundle, jsonLocator('bundle.json', bundle), { actor: 'admin', asOf: '2020-06-01', contentHash: 'x' });
  await transact(store, 'admin', (uow) => addUser(uow, { name: 'admin', role: 'admin' }));
  for (const [name, role] of [['olivia', 'officer'], ['rachel', 'reviewer'], ['ravi', 'reviewer'], ['ana', 'analyst']]) {
    await transact(store, 'admin', (uow) => addUser(uow, { name, role }));
  }
}

/** Runs a step that must fail with `code`, and checks it wrote nothing at all. */
async function refused(store: Store, code: string, message: RegExp, step: () => Promise<unknown>): Promise<void> {
  const before = await listAuditEntries(store.db, { limit: 1_000_000 });
  await assert.rejects(step, (e: unknown) => e instanceof AppError && e.code === code && message.test([e.message, ...e.problems.map((p) => p.message)].join(' | ')));
  const after = await listAuditEntries(store.db, { limit: 1_000_000 });
  assert.equal(after.length, before.length, 'a refused step writes no audit entry');
}

const statuses = async (store: Store) => Object.fromEntries((await new PermitRepository(store.db).list({}, asOf)).map((p) => [p.id, p.status]));

await forEachDialect('cases and decisions', ({ db }) => {
  it('turns role checks on with the first user, who must be an admin', async () => {
    const store = await db().open();
    assert.equal(await authorize(store.db, 'anyone', 'decisions.approve'), null, 'no users: single-operator mode');
    await assert.rejects(transact(store, 'olivia', (uow) => addUser(uow, { name: 'olivia', role: 'officer' })), /first user of a ledger must be an admin/);
    await transact(store, 'root', (uow) => addUser(uow, { name: 'root', role: 'admin' }));
    await transact(store, 'root', (uow) => addUser(uow, { name: 'olivia', role: 'officer' }));
    await refused(store, 'forbidden', /olivia \(officer\) may not users: manage/, () => transact(store, 'olivia', (uow) => addUser(uow, { name: 'eve', role: 'admin' })));
    await refused(store, 'forbidden', /mallory is not a registered user/, () => transact(store, 'mallory', (uow) => openCase(uow, { title: 'x', asOf })));
    await assert.rejects(authorize(store.db, 'olivia', 'decisions.approve'), /allowed roles: reviewer/);
    assert.equal((await authorize(store.db, 'olivia', 'permits.transition'))?.role, 'officer');
  });

  it('refuses approving one’s own proposal, deciding a closed case and cancelling a permit twice, changing nothing', async () => {
    const store = await db().open();
    await ledger(store);
    const c = await transact(store, 'olivia', (uow) => openCase(uow, { title: 'Reports on turrets', permitIds: ['CA-EP-2020-00001', 'CA-EP-2020-00003'], asOf }));
    const initial = await statuses(store);

    // A reviewer may propose, but never approve their own proposal; an officer never approves.
    const { decision } = await transact(store, 'ravi', (uow) => proposeDecision(uow, { caseId: c.id, kind: 'suspend_permits', reason: 'pending review', asOf }));
    assert.deepEqual(decision.permitIds, ['CA-EP-2020-00001', 'CA-EP-2020-00003']);
    await refused(store, 'forbidden', /four eyes: ravi proposed/, () => transact(store, 'ravi', (uow) => approveDecision(uow, decision.id, asOf)));
    await refused(store, 'forbidden', /olivia \(officer\) may not decisions: approve/, () => transact(store, 'olivia', (uow) => approveDecision(uow, decision.id, asOf)));
    assert.deepEqual(await statuses(store), initial);
    await transact(store, 'rachel', (uow) => approveDecision(uow, decision.id, asOf, 'agreed'));
    await refused(store, 'conflict', /already approved by rachel/, () => transact(store, 'rachel', (uow) => rejectDecision(uow, decision.id, asOf, 'too late')));
    assert.equal((await statuses(store))['CA-EP-2020-00001'], 'suspended');
    assert.equal((await statuses(store))['CA-EP-2020-00002'], initial['CA-EP-2020-00002'], 'a permit outside the case is untouched');

    // Cancel one; a second cancellation of it is refused when proposed.
    const cancel = await transact(store, 'olivia', (uow) => proposeDecision(uow, { caseId: c.id, kind: 'cancel_permits', permitIds: ['CA-EP-2020-00001'], reason: 'credible evidence', asOf }));
    await transact(store, 'rachel', (uow) => approveDecision(uow, cancel.decision.id, asOf));
    await refused(store, 'invalid_transition', /CA-EP-2020-00001 is cancelled, cannot become cancelled/, () =>
      transact(store, 'olivia', (uow) => proposeDecision(uow, { caseId: c.id, kind: 'cancel_permits', permitIds: ['CA-EP-2020-00001'], reason: 'again', asOf })),
    );

    // A proposal overtaken by events cannot take effect, and takes nothing with it.
    const reinstate = await transact(store, 'olivia', (uow) => proposeDecision(uow, { caseId: c.id, kind: 'reinstate_permits', permitIds: ['CA-EP-2020-00003'], reason: 'cleared', asOf }));
    const rival = await transact(store, 'olivia', (uow) => proposeDecision(uow, { caseId: c.id, kind: 'cancel_permits', permitIds: ['CA-EP-2020-00001', 'CA-EP-2020-00003'], reason: 'x', asOf }).catch((e) => e));
    assert.ok(rival instanceof AppError, 'a proposal on permits another proposal holds is refused');
    await transact(store, 'rachel', (uow) => rejectDecision(uow, reinstate.decision.id, asOf, 'not cleared yet'));
    const both = await transact(store, 'olivia', (uow) => proposeDecision(uow, { caseId: c.id, kind: 'cancel_permits', reason: 'all of them', asOf }));
    assert.deepEqual(both.decision.permitIds, ['CA-EP-2020-00003'], 'the default selection leaves out what cannot move');
    assert.deepEqual(both.leftOut.map((l) => l.id), ['CA-EP-2020-00001']);
    await transact(store, 'rachel', (uow) => approveDecision(uow, both.decision.id, asOf));

    // Decide, close, and nothing more happens on the case.
    await transact(store, 'rachel', (uow) => closeCase(uow, c.id, 'permits cancelled'));
    const closed = await statuses(store);
    await refused(store, 'invalid_transition', /is closed/, () => transact(store, 'olivia', (uow) => proposeDecision(uow, { caseId: c.id, kind: 'no_action', reason: 'late', asOf })));
    await refused(store, 'invalid_transition', /is closed/, () => transact(store, 'olivia', (uow) => requestVerification(uow, { caseId: c.id, kind: 'exporter_enquiry', addressee: 'Maker', dueOn: '2021-06-01', asOf })));
    assert.deepEqual(await statuses(store), closed);
    assert.equal((await verifyAuditChain(store.db)).ok, true);
  });

  it('records a verification outcome once; another user cannot overwrite a closed request', async () => {
    const store = await db().open();
    await ledger(store);
    const c = await transact(store, 'olivia', (uow) => openCase(uow, { title: 'Enquiry', permitIds: ['CA-EP-2020-00001'], asOf: '2020-10-06' }));
    await refused(store, 'invalid_input', /due 2020-10-01, before it is requested/, () =>
      transact(store, 'olivia', (uow) => requestVerification(uow, { caseId: c.id, kind: 'diplomatic_enquiry', addressee: 'Government', dueOn: '2020-10-01', asOf: '2020-10-06' })),
    );
    const v = await transact(store, 'olivia', (uow) => requestVerification(uow, { caseId: c.id, kind: 'diplomatic_enquiry', addressee: 'Government', dueOn: '2020-11-06', asOf: '2020-10-06' }));
    assert.equal((await new CaseRepository(store.db).get(c.id))?.status, 'verification_requested');
    await refused(store, 'forbidden', /ana \(analyst\) may not verifications/, () =>
      transact(store, 'ana', (uow) => recordOutcome(uow, { verificationId: v.id, outcome: 'favorable', findings: 'fine', asOf: '2020-11-01' })),
    );
    await transact(store, 'olivia', (uow) => recordOutcome(uow, { verificationId: v.id, outcome: 'unverifiable', findings: 'no answer', asOf: '2020-11-20' }));
    await refused(store, 'conflict', /is closed: olivia recorded 'unverifiable' on 2020-11-20/, () =>
      transact(store, 'rachel', (uow) => recordOutcome(uow, { verificationId: v.id, outcome: 'favorable', findings: 'overwrite', asOf: '2020-11-21' })),
    );
    assert.equal((await new CaseRepository(store.db).get(c.id))?.status, 'findings_recorded');
  });

  it('routes applications by the measures on their destination', async () => {
    const store = await db().open();
    await ledger(store);
    await transact(store, 'olivia', (uow) =>
      addMeasure(uow, { country: 'TR', kind: 'suspend_new_permits', startsOn: '2019-10-11', reason: 'incursion', exceptions: [{ tag: 'nato-cooperation', treatment: 'case_by_case' }] }),
    );
    await transact(store, 'olivia', (uow) => addMeasure(uow, { country: 'US', kind: 'embargo', startsOn: '2021-01-01', reason: 'test embargo' }));
    const submit = (destination: string, tags: string[]) =>
      transact(store, 'olivia', (uow) =>
        submitApplication(uow, { exporterId: 'P-MAKER', origin: 'CA', destination, endUserId: 'P-MOD', lines: [{ itemId: 'I-TURRET', quantity: 2 }], programmeTags: tags, asOf }),
      );
    const nato = await submit('TR', ['nato-cooperation']);
    assert.equal(nato.application.routing, 'case_by_case');
    assert.equal(nato.permit.status, 'under_assessment');
    const plain = await submit('TR', []);
    assert.equal(plain.application.routing, 'refusal');
    const embargoed = await submit('US', ['nato-cooperation']);
    assert.equal(embargoed.application.routing, 'refused');
    assert.equal(embargoed.permit.status, 'refused', 'an embargo refuses outright');
    const elsewhere = await submit('NO', []);
    assert.equal(elsewhere.application.routing, 'standard');
    await refused(store, 'invalid_input', /no item I-NOPE/, () =>
      transact(store, 'olivia', (uow) => submitApplication(uow, { exporterId: 'P-MAKER', origin: 'CA', destination: 'TR', endUserId: 'P-MOD', lines: [{ itemId: 'I-NOPE', quantity: 1 }], asOf })),
    );
  });

  it('deactivates users and keeps an admin from demoting themselves', async () => {
    const store = await db().open();
    await ledger(store);
    await refused(store, 'forbidden', /cannot demote or deactivate themselves/, () => transact(store, 'admin', (uow) => changeUser(uow, 'admin', { role: 'officer' }, 'oops')));
    await transact(store, 'admin', (uow) => changeUser(uow, 'olivia', { active: false }, 'left the unit'));
    await refused(store, 'forbidden', /user olivia is deactivated/, () => transact(store, 'olivia', (uow) => openCase(uow, { title: 'x', asOf })));
    await transact(store, 'admin', (uow) => changeUser(uow, 'ana', { role: 'officer' }, 'promoted'));
    const c = await transact(store, 'ana', (uow) => openCase(uow, { permitIds: ['CA-EP-2020-00001'], asOf }));
    assert.equal(c.title, 'Concerning CA-EP-2020-00001', 'a case without alerts is not titled after alerts');
    const noted = await transact(store, 'ana', (uow) => noteCase(uow, c.id, 'called the exporter'));
    assert.deepEqual(noted.notes.map((n) => [n.author, n.text]), [['ana', 'called the exporter']]);
  });

  it('adds a destination measure by an approved decision and files the live permits to it', async () => {
    const store = await db().open();
    await ledger(store);
    const c = await transact(store, 'olivia', (uow) => openCase(uow, { title: 'Conflict in the region', permitIds: ['CA-EP-2020-00003'], asOf }));
    const { decision } = await transact(store, 'olivia', (uow) =>
      proposeDecision(uow, {
        caseId: c.id,
        kind: 'add_measure',
        measure: { country: 'TR', kind: 'suspend_new_permits', startsOn: asOf, reason: 'conflict', exceptions: [{ tag: 'nato-cooperation', treatment: 'case_by_case' }] },
        reason: 'suspend new permits to TR',
        asOf,
      }),
    );
    assert.equal(await new MeasureRepository(store.db).get(decision.measure!.id!), undefined, 'nothing in force before approval');
    await transact(store, 'rachel', (uow) => approveDecision(uow, decision.id, asOf));
    assert.equal((await new MeasureRepository(store.db).get(decision.measure!.id!))?.kind, 'suspend_new_permits');
    const after = (await new CaseRepository(store.db).get(c.id))!;
    assert.equal(after.status, 'decided');
    assert.ok(after.links.some((l) => l.kind === 'measure' && l.refId === decision.measure!.id));
    assert.deepEqual(after.links.filter((l) => l.kind === 'permit').map((l) => l.refId).sort(), ['CA-EP-2020-00001', 'CA-EP-2020-00003'], 'the live permits to TR');
    const routed = await transact(store, 'olivia', (uow) =>
      submitApplication(uow, { exporterId: 'P-MAKER', origin: 'CA', destination: 'TR', endUserId: 'P-MOD', lines: [{ itemId: 'I-TURRET', quantity: 1 }], asOf }),
    );
    assert.equal(routed.application.routing, 'refusal');
    assert.equal(routed.permit.id, `APP-${asOf.slice(0, 4)}-00001`);
  });
});
