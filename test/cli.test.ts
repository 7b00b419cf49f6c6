import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'node:test';
import { endwatch, sharedDir } from './cli.js';
import { forEachDialect } from './dialects.js';
import { buildBundle, buildPermit } from './factories.js';

const seedRegistry = join(sharedDir, 'corpus', 'seed', 'registry.json');
const haveSeed = existsSync(seedRegistry);
const tmp = mkdtempSync(join(tmpdir(), 'endwatch-cli-'));

function writeJson(name: string, value: unknown): string {
  const p = join(tmp, name);
  writeFileSync(p, JSON.stringify(value, null, 1));
  return p;
}

await forEachDialect('endwatch CLI', ({ db }) => {
  it('imports the seed registry and lists its 7 permits as JSON', { skip: haveSeed ? undefined : `shared corpus not found at ${seedRegistry}` }, async () => {
    const t = db();
    await (await t.open()).close();
    const imp = await endwatch(['--db', t.target, 'import', 'registry', seedRegistry]);
    assert.equal(imp.code, 0, imp.stderr);
    assert.match(imp.stdout, /permits: 7 created/);
    const list = await endwatch(['--db', t.target, 'permits', 'list', '--json']);
    assert.equal(list.code, 0, list.stderr);
    const permits = JSON.parse(list.stdout) as { id: string; status: string; destination: string; lines: { itemId: string }[] }[];
    assert.equal(permits.length, 7);
    assert.ok(permits.every((p) => p.id && p.status && p.destination && p.lines.length > 0));
    assert.deepEqual(
      permits.filter((p) => p.destination === 'TR').map((p) => p.id).sort(),
      ['CA-EP-2019-00412', 'CA-EP-2019-02210', 'CA-EP-2020-01187', 'CA-EP-2020-01302', 'CA-EP-2024-00033'],
    );
    const tr = JSON.parse((await endwatch(['--db', t.target, 'permits', 'list', '--destination', 'tr', '--item', 'I-MX15D', '--json'])).stdout) as { id: string }[];
    assert.deepEqual(tr.map((p) => p.id), ['CA-EP-2019-00412', 'CA-EP-2020-01187', 'CA-EP-2024-00033']);
    const again = await endwatch(['--db', t.target, 'import', 'registry', seedRegistry]);
    assert.match(again.stdout, /permits: 0 created, 0 updated, 7 unchanged/);
    assert.match(again.stdout, /audit entries written: 0/);
  });

  it('refuses a bad bundle with one stderr line per problem, a non-zero exit and nothing written', async () => {
    const t = db();
    await (await t.open()).close();
    const bad = buildBundle();
    bad.permits[1] = buildPermit({ id: 'CA-EP-2020-00002', consigneeId: 'P-NOBODY' });
    bad.items[1] = { ...bad.items[1], controlCodes: ['ML99'] };
    bad.permits.push(buildPermit({ id: 'CA-EP-2020-00001' }));
    bad.permits.push(buildPermit({ id: 'CA-EP-2020-00004', expiresOn: '2020-02-31' }));
    const file = writeJson('bad-bundle.json', bad);
    const r = await endwatch(['--db', t.target, 'import', 'registry', file]);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    const lines = r.stderr.trim().split('\n');
    assert.match(lines[0], /bad-bundle\.json: 4 problem\(s\); nothing was imported/);
    assert.ok(lines.some((l) => /permits\[1\] \(CA-EP-2020-00002\): consigneeId: unknown party 'P-NOBODY'/.test(l)), r.stderr);
    assert.ok(lines.some((l) => /items\[1\] \(I-SPARES\): controlCodes\[0\]: 'ML99'/.test(l)), r.stderr);
    assert.ok(lines.some((l) => /permits\[3\] \(CA-EP-2020-00001\): id: duplicate id/.test(l)), r.stderr);
    assert.ok(lines.some((l) => /permits\[4\] \(CA-EP-2020-00004\): expiresOn: '2020-02-31' is not a real date/.test(l)), r.stderr);
    const list = await endwatch(['--db', t.target, 'permits', 'list', '--json']);
    assert.deepEqual(JSON.parse(list.stdout), []);
    const log = await endwatch(['--db', t.target, 'audit', 'log', '--json']);
    assert.deepEqual(JSON.parse(log.stdout), []);
  });

  it('reports a JSON syntax error with its line and column', async () => {
    const t = db();
    const file = join(tmp, 'broken.json');
    writeFileSync(file, '{\n "parties": [\n  {"id": "P1",}\n ]\n}\n');
    const r = await endwatch(['--db', t.target, 'import', 'registry', file]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /broken\.json: line 3, column \d+: not valid JSON/);
  });

  it('imports permits from CSV, one row per line, and names line and column of each error', async () => {
    const t = db();
    await (await t.open()).close();
    const base = buildBundle();
    const refs = writeJson('refs.json', { parties: base.parties, items: base.items });
    assert.equal((await endwatch(['--db', t.target, 'import', 'registry', refs])).code, 0);
    const header = 'permit_id,exporter_id,origin,destination,consignee_id,end_user_id,end_use,issued_on,expires_on,status,programme_tags,item_id,quantity,value,currency,assurance_kind,no_reexport';
    const good = join(tmp, 'permits.csv');
    writeFileSync(
      good,
      [
        header,
        'DE-1,P-MAKER,CA,DE,P-INTEGRATOR,P-MOD,"Spares, for the fleet",2020-01-01,2022-01-01,issued,nato-cooperation;fleet,I-SPARES,10,"1,000.50",CAD,end_user_certificate,yes',
        'DE-1,P-MAKER,CA,DE,P-INTEGRATOR,P-MOD,"Spares, for the fleet",2020-01-01,2022-01-01,issued,nato-cooperation;fleet,I-TURRET,2,20000,CAD,end_user_certificate,yes',
        'DE-2,P-MAKER,CA,DE,,P-MOD,,2020-01-01,2022-01-01,,,I-TURRET,1,,,,',
      ].join('\n'),
    );
    const ok = await endwatch(['--db', t.target, 'import', 'permits', good, '--json']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).permits.created, 2);
    const shown = JSON.parse((await endwatch(['--db', t.target, 'permits', 'show', 'DE-1', '--json'])).stdout);
    assert.deepEqual(shown.lines.map((l: { itemId: string; value: number }) => [l.itemId, l.value]), [['I-SPARES', 1000.5], ['I-TURRET', 20000]]);
    assert.deepEqual(shown.programmeTags, ['nato-cooperation', 'fleet']);
    assert.equal(shown.assurances[0].noReexport, true);

    const bad = join(tmp, 'bad-permits.csv');
    writeFileSync(
      bad,
      [
        header,
        'DE-3,P-MAKER,CA,DE,,P-MOD,,2020-01-01,2022-01-01,issued,,I-SPARES,ten,,CAD,,',
        'DE-4,P-MAKER,CA,QQ,,P-MOD,,2020-01-01,2022-01-01,issued,,I-NOPE,1,,CAD,,',
        'DE-4,P-MAKER,CA,QQ,,P-OTHER,,2020-01-01,2022-01-01,issued,,I-SPARES,1,,CAD,,',
      ].join('\n'),
    );
    const r = await endwatch(['--db', t.target, 'import', 'permits', bad]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /bad-permits\.csv: line 4: end_user_id: permit DE-4: differs from line 3/);
    const r2 = await endwatch(['--db', t.target, 'import', 'permits', writeCsv('bad2.csv', [header, 'DE-3,P-MAKER,CA,DE,,P-MOD,,2020-01-01,2022-01-01,issued,,I-SPARES,ten,,CAD,,', 'DE-4,P-MAKER,CA,QQ,,P-MOD,,2020-01-01,2022-01-01,issued,,I-NOPE,1,,CAD,,'])]);
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /bad2\.csv: line 2: quantity: /);
    assert.match(r2.stderr, /bad2\.csv: line 3: destination: 'QQ' is not an ISO 3166-1 alpha-2 country code/);
    assert.match(r2.stderr, /bad2\.csv: line 3: item_id: unknown item 'I-NOPE'/);
    const count = JSON.parse((await endwatch(['--db', t.target, 'permits', 'list', '--json'])).stdout).length;
    assert.equal(count, 2);
  });

  it('shipments, transitions and bulk actions from the command line, all in the audit trail', async () => {
    const t = db();
    const file = writeJson('ok.json', buildBundle());
    const asOf = ['--as-of', '2020-06-01'];
    assert.equal((await endwatch(['--db', t.target, 'import', 'registry', file])).code, 0);
    const s = await endwatch(['--db', t.target, ...asOf, 'shipments', 'add', '--permit', 'CA-EP-2020-00001', '--date', '2020-02-01', '--line', '1:3']);
    assert.equal(s.code, 0, s.stderr);
    const over = await endwatch(['--db', t.target, 'shipments', 'add', '--permit', 'CA-EP-2020-00001', '--date', '2020-02-02', '--item', 'I-TURRET', '--quantity', '8']);
    assert.equal(over.code, 7);
    assert.match(over.stderr, /overdraw permit CA-EP-2020-00001: line 1 \(I-TURRET\): 8 requested, 7 left of 10/);
    const badLine = await endwatch(['--db', t.target, 'shipments', 'add', '--permit', 'CA-EP-2020-00001', '--date', '2020-02-02', '--line', 'abc']);
    assert.equal(badLine.code, 2);
    assert.match(badLine.stderr, /--line 'abc': expected LINE:QUANTITY/);
    const bulk = await endwatch(['--db', t.target, ...asOf, '--user', 'minister', 'permits', 'cancel', '--destination', 'TR', '--reason', 'credible evidence', '--json']);
    assert.equal(bulk.code, 0, bulk.stderr);
    assert.deepEqual(JSON.parse(bulk.stdout).changed.map((c: { id: string }) => c.id), ['CA-EP-2020-00001', 'CA-EP-2020-00003']);
    const twice = await endwatch(['--db', t.target, ...asOf, 'permits', 'cancel', 'CA-EP-2020-00001', '--reason', 'again']);
    assert.equal(twice.code, 6);
    assert.match(twice.stderr, /invalid_transition/);
    const noReason = await endwatch(['--db', t.target, 'permits', 'suspend', 'CA-EP-2020-00002']);
    assert.notEqual(noReason.code, 0);
    assert.match(noReason.stderr, /--reason/);
    const log = JSON.parse((await endwatch(['--db', t.target, 'audit', 'log', '--object', 'CA-EP-2020-00001', '--json'])).stdout);
    assert.deepEqual(log.map((e: { verb: string; actor: string }) => `${e.verb}:${e.actor}`), ['permit.create:test-officer', 'permit.transition:minister']);
    const verify = await endwatch(['--db', t.target, 'audit', 'verify']);
    assert.equal(verify.code, 0, verify.stderr);
    assert.match(verify.stdout, /intact: \d+ entries/);
  });

  it('audit verify names the entry edited, deleted or reordered directly in the database', async () => {
    const t = db();
    const file = writeJson('tamper.json', buildBundle());
    assert.equal((await endwatch(['--db', t.target, 'import', 'registry', file])).code, 0);
    assert.equal((await endwatch(['--db', t.target, '--as-of', '2020-06-01', 'permits', 'suspend', '--destination', 'TR', '--reason', 'review'])).code, 0);
    const rows = (await t.raw('select seq, reason from audit_log order by seq')) as { seq: number; reason: string | null }[];
    assert.ok(rows.length >= 10);
    for (const seq of [1, 5, rows.length]) {
      await t.raw("update audit_log set actor = 'mallory' where seq = ?", [seq]);
      const r = await endwatch(['--db', t.target, 'audit', 'verify']);
      assert.equal(r.code, 8, `edit of #${seq} not detected`);
      assert.match(r.stderr, new RegExp(`audit entry #${seq} .*was edited`));
      await t.raw("update audit_log set actor = 'test-officer' where seq = ?", [seq]);
    }
    assert.equal((await endwatch(['--db', t.target, 'audit', 'verify'])).code, 0);
    await t.raw('delete from audit_log where seq = 4');
    const del = await endwatch(['--db', t.target, 'audit', 'verify']);
    assert.equal(del.code, 8);
    assert.match(del.stderr, /audit entry #4 is missing \(deleted\)/);
  });
});

function writeCsv(name: string, lines: string[]): string {
  const p = join(tmp, name);
  writeFileSync(p, lines.join('\n'));
  return p;
}
