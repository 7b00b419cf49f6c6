import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { endwatch, sharedDir } from './cli.js';
import { forEachDialect } from './dialects.js';

/**
 * The seed case replayed through the CLI, step by step, as the people involved would act:
 * the 2019 suspension of new permits to Turkey, the WESCAM permits, the report, the alerts and
 * the case they open, a diplomatic enquiry that cannot verify, a post-shipment review that
 * finds credible evidence, the cancellation proposed by an officer and approved by a reviewer,
 * and a later NATO-cooperation application that is routed case by case and assessed with the
 * case in view.
 */
const seed = join(sharedDir, 'corpus', 'seed');
const haveSeed = existsSync(join(seed, 'registry.json'));
const work = mkdtempSync(join(tmpdir(), 'endwatch-seed-story-'));

interface PermitJson {
  id: string;
  status: string;
}

await forEachDialect('seed story', ({ dialect, db }) => {
  it('replays from the 2019 measure to the cancellation and a case-by-case application', { skip: haveSeed ? undefined : `seed corpus not found at ${seed}` }, async () => {
    const as = (user: string, asOf: string, ...args: string[]) => endwatch(['--db', db().target, '--as-of', asOf, ...args], { ENDWATCH_USER: user });
    const ok = async (user: string, asOf: string, ...args: string[]) => {
      const r = await as(user, asOf, ...args);
      assert.equal(r.code, 0, `${user}: endwatch ${args.join(' ')}\n${r.stderr}`);
      return r.stdout;
    };
    const refused = async (code: RegExp, message: RegExp, user: string, asOf: string, ...args: string[]) => {
      const before = JSON.parse(await ok('auditor', asOf, 'audit', 'log', '--json')).length as number;
      const r = await as(user, asOf, ...args);
      assert.notEqual(r.code, 0, `${user}: endwatch ${args.join(' ')} should be refused`);
      assert.match(r.stderr, code);
      assert.match(r.stderr, message);
      const after = JSON.parse(await ok('auditor', asOf, 'audit', 'log', '--json')).length as number;
      assert.equal(after, before, 'a refused step writes nothing');
    };
    const statuses = async (asOf: string) =>
      Object.fromEntries((JSON.parse(await ok('auditor', asOf, 'permits', 'list', '--json')) as PermitJson[]).map((p) => [p.id, p.status]));

    // People: an admin registers an officer, two reviewers, an analyst and an auditor.
    await ok('admin', '2019-01-01', 'users', 'add', 'admin', '--role', 'admin');
    for (const [name, role] of [['olivia', 'officer'], ['rachel', 'reviewer'], ['ravi', 'reviewer'], ['ana', 'analyst'], ['auditor', 'auditor']]) {
      await ok('admin', '2019-01-01', 'users', 'add', name, '--role', role);
    }

    // October 2019: new permits to Turkey suspended, NATO cooperation assessed case by case.
    await ok('olivia', '2019-10-11', 'measures', 'add', '--country', 'TR', '--kind', 'suspend_new_permits', '--from', '2019-10-11', '--reason', 'Military incursion into northeastern Syria', '--exception', 'nato-cooperation=case_by_case');
    await ok('admin', '2020-10-02', 'import', 'registry', join(seed, 'registry.json'));
    const before = await statuses('2020-10-02');

    // The report arrives; the analyst ingests it; alerts are raised and a case is opened.
    const ingested = await ok('ana', '2020-10-05', 'ingest', join(seed, '000_9fd6a76f0207ee3c.txt'));
    assert.match(ingested, /alerts: 2 raised/);
    assert.match(ingested, /cases: C-2020-0001 opened/);
    const alerts = JSON.parse(await ok('ana', '2020-10-05', 'alerts', 'list', '--json')) as { id: string; permitId: string; kind: string }[];
    assert.deepEqual(alerts.map((a) => a.permitId).sort(), ['CA-EP-2019-00412', 'CA-EP-2020-01187']);
    const opened = JSON.parse(await ok('olivia', '2020-10-05', 'cases', 'show', 'C-2020-0001', '--json')) as { status: string; links: { kind: string; refId: string }[] };
    assert.equal(opened.status, 'open');
    assert.deepEqual(opened.links.filter((l) => l.kind === 'alert').map((l) => l.refId).sort(), alerts.map((a) => a.id).sort());
    assert.deepEqual(opened.links.filter((l) => l.kind === 'permit').map((l) => l.refId).sort(), ['CA-EP-2019-00412', 'CA-EP-2020-01187']);

    // The officer takes the case and asks Turkey; the answer does not allow verification.
    await ok('olivia', '2020-10-06', 'cases', 'assign', 'C-2020-0001', 'olivia');
    await ok('olivia', '2020-10-06', 'verifications', 'add', 'C-2020-0001', '--kind', 'diplomatic_enquiry', '--to', 'Government of Turkey', '--due', '2020-11-06', '--question', 'Were the sensors transferred to Azerbaijan?');
    assert.match(await ok('olivia', '2020-11-20', 'verifications', 'list', '--overdue'), /C-2020-0001\/V1.*OVERDUE/);
    await ok('olivia', '2020-11-20', 'verifications', 'record', 'C-2020-0001/V1', '--outcome', 'unverifiable', '--findings', 'The recipient neither confirmed nor denied the transfer');
    await refused(/conflict/, /V1 is closed: olivia recorded 'unverifiable'/, 'rachel', '2020-11-21', 'verifications', 'record', 'C-2020-0001/V1', '--outcome', 'favorable', '--findings', 'overwrite');

    // A post-shipment review finds credible evidence of use by Azerbaijan.
    await ok('olivia', '2020-12-01', 'verifications', 'add', 'C-2020-0001', '--kind', 'post_shipment_check', '--to', 'Global Affairs Canada review team', '--due', '2021-03-31');
    await ok('olivia', '2021-03-26', 'verifications', 'record', 'C-2020-0001/V2', '--outcome', 'unfavorable', '--findings', 'Credible evidence that the sensors were used by Azerbaijan in Nagorno-Karabakh');
    assert.equal((JSON.parse(await ok('olivia', '2021-03-26', 'cases', 'show', 'C-2020-0001', '--json')) as { status: string }).status, 'findings_recorded');

    // Cancellation: proposed by the officer, refused to her own approval, approved by a reviewer.
    const proposed = await ok('olivia', '2021-04-12', 'decisions', 'propose', 'C-2020-0001', '--kind', 'cancel_permits', '--reason', 'Use by Azerbaijan is inconsistent with the end-use assurances');
    assert.match(proposed, /cancel_permits CA-EP-2020-01187: proposed/);
    assert.match(proposed, /not included: CA-EP-2019-00412 is expired/);
    await refused(/forbidden/, /olivia/, 'olivia', '2021-04-12', 'decisions', 'approve', 'C-2020-0001/D1');
    const beforeApproval = await statuses('2021-04-12');
    assert.equal(beforeApproval['CA-EP-2020-01187'], 'issued', 'nothing changes before approval');
    await ok('rachel', '2021-04-12', 'decisions', 'approve', 'C-2020-0001/D1', '--note', 'Credible evidence; cancel');
    const after = await statuses('2021-04-12');
    assert.equal(after['CA-EP-2020-01187'], 'cancelled');
    assert.deepEqual(Object.keys(after).sort(), Object.keys(before).sort());
    for (const id of Object.keys(before).filter((id) => id !== 'CA-EP-2020-01187')) assert.equal(after[id], beforeApproval[id], `${id} untouched`);
    const transitions = JSON.parse(await ok('auditor', '2021-04-12', 'audit', 'log', '--json')) as { verb: string; objectId: string; actor: string; reason: string | null }[];
    const cancelled = transitions.filter((e) => e.verb === 'permit.transition');
    assert.deepEqual(cancelled.map((e) => [e.objectId, e.actor]), [['CA-EP-2020-01187', 'rachel']]);
    assert.match(cancelled[0].reason ?? '', /case C-2020-0001, decision C-2020-0001\/D1 \(proposed by olivia, approved by rachel\)/);
    // The alert on the cancelled permit is answered and leaves the queue; the one on the
    // expired 2019 permit, which the decision did not move, stays open.
    const queue = JSON.parse(await ok('ana', '2021-04-12', 'alerts', 'list', '--all', '--json')) as { permitId: string; status: string }[];
    assert.deepEqual(queue.map((a) => [a.permitId, a.status]).sort(), [['CA-EP-2019-00412', 'open'], ['CA-EP-2020-01187', 'actioned']]);
    await refused(/invalid_transition/, /CA-EP-2020-01187 is cancelled/, 'olivia', '2021-04-13', 'decisions', 'propose', 'C-2020-0001', '--kind', 'cancel_permits', '--permit', 'CA-EP-2020-01187', '--reason', 'again');
    assert.match(await ok('auditor', '2021-04-12', 'audit', 'verify'), /audit trail intact/);

    // 2022: a new application for MX-15D sensors to Turkey under NATO cooperation.
    const submitted = await ok('olivia', '2022-03-01', 'applications', 'submit', '--id', 'APP-2022-00001', '--exporter', 'P-WESCAM', '--origin', 'CA', '--destination', 'TR', '--end-user', 'P-TR-MOD', '--consignee', 'P-BAYKAR', '--line', 'I-MX15D:4:3200000:CAD', '--tag', 'nato-cooperation');
    assert.match(submitted, /APP-2022-00001: under_assessment; routing case_by_case/);
    const draft = await ok('olivia', '2022-03-01', 'applications', 'assess', 'APP-2022-00001', '--criteria', 'ca-eipa');
    assert.match(draft, /case C-2020-0001 .*same item I-MX15D; same end-user P-TR-MOD; same destination TR/);
    const criteria = [...draft.matchAll(/^ {2}(CA-\S+) \[/gm)].map((m) => m[1]);
    assert.ok(criteria.length >= 6, `criteria listed: ${criteria.join(', ')}`);
    const findingsFile = join(work, `findings-${dialect}.json`);
    writeFileSync(
      findingsFile,
      JSON.stringify({
        findings: criteria.map((criterion) =>
          criterion === 'CA-DIVERSION'
            ? { criterion, finding: 'substantial_risk', reasoning: 'Sensors under earlier permits to this end-user were re-exported without consent', cites: ['C-2020-0001'] }
            : { criterion, finding: 'no_risk', reasoning: 'Nothing found' },
        ),
      }),
    );
    const assessment = JSON.parse(await ok('olivia', '2022-03-02', 'applications', 'assess', 'APP-2022-00001', '--criteria', 'ca-eipa', '--findings', findingsFile, '--json')) as {
      recommendation: string;
      history: { kind: string; id: string }[];
    };
    assert.equal(assessment.recommendation, 'refuse');
    assert.ok(assessment.history.some((h) => h.kind === 'case' && h.id === 'C-2020-0001'), 'the assessment cites the case');
    await refused(/forbidden/, /case by case/, 'olivia', '2022-03-03', 'applications', 'decide', 'APP-2022-00001', '--refuse', '--reason', 'diversion risk');
    await refused(/forbidden/, /substantial risk \(CA-DIVERSION\)/, 'rachel', '2022-03-03', 'applications', 'decide', 'APP-2022-00001', '--issue', '--expires', '2024-03-02', '--reason', 'issue anyway');
    await ok('rachel', '2022-03-03', 'applications', 'decide', 'APP-2022-00001', '--refuse', '--reason', 'Substantial risk of diversion (EIPA s. 7.4)');
    assert.equal((await statuses('2022-03-03'))['APP-2022-00001'], 'refused');

    // The case is closed; nothing more can be decided on it.
    await ok('rachel', '2022-03-04', 'cases', 'close', 'C-2020-0001', '--reason', 'Permits cancelled; application refused');
    await refused(/invalid_transition/, /case C-2020-0001 is closed/, 'olivia', '2022-03-04', 'decisions', 'propose', 'C-2020-0001', '--kind', 'no_action', '--reason', 'late');
    assert.match(await ok('auditor', '2022-03-04', 'audit', 'verify'), /audit trail intact/);
  });
});
