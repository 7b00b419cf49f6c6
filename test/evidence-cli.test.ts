import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { endwatch, repoRoot, sharedDir } from './cli.js';

/** The evidence commands through the built CLI, on SQLite files in a temporary folder. */

const tmp = mkdtempSync(join(tmpdir(), 'endwatch-evidence-cli-'));
const seed = join(sharedDir, 'corpus', 'seed');
const pub = join(sharedDir, 'corpus', 'public');

interface EvalJson {
  reports: { file: string; flagged: string[]; missed: string[]; violatedNoAlert: string[] }[];
  precision: number;
  recall: number;
  labelsSatisfied: boolean;
}

describe('evidence CLI', () => {
  it('demo reads the demo reports, raises their alerts, and changes nothing when run again', async () => {
    const db = join(tmp, 'demo.sqlite');
    const first = await endwatch(['--db', db, 'demo']);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /reports: 3 read now/);
    assert.match(first.stdout, /alerts open: 2/);
    const again = await endwatch(['--db', db, 'demo']);
    assert.match(again.stdout, /reports: 0 read now, 3 already stored/);
    assert.match(again.stdout, /alerts open: 2/);

    const list = await endwatch(['--db', db, 'alerts', 'list', '--json']);
    assert.equal(list.code, 0, list.stderr);
    const alerts = JSON.parse(list.stdout) as { id: string; permitId: string; kind: string; score: number; documentId: string; evidence: { quote: string; start: number; end: number }[]; explanation: string }[];
    assert.deepEqual(alerts.map((a) => a.permitId).sort(), ['CA-EXP-2019-018342', 'CA-EXP-2020-007719']);
    for (const a of alerts) {
      assert.ok(a.id && a.kind && a.documentId && a.explanation.includes(a.permitId));
      assert.ok(a.score > 0 && a.score <= 1);
      assert.ok(a.evidence.length > 0 && a.evidence.every((q) => q.quote.length === q.end - q.start));
    }
    const filtered = JSON.parse((await endwatch(['--db', db, 'alerts', 'list', '--json', '--permit', 'CA-EXP-2019-018342', '--min-score', '0.1'])).stdout) as unknown[];
    assert.equal(filtered.length, 1);
    const bad = await endwatch(['--db', db, 'alerts', 'list', '--min-score', '2']);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /--min-score/);

    const shown = await endwatch(['--db', db, 'documents', 'show', alerts[0].documentId]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, /\[\[Bayraktar TB2\|platform:/);
  });

  it('ingest reports each bad input on stderr with its name and a non-zero exit, and stores the rest', async () => {
    const db = join(tmp, 'ingest.sqlite');
    const junk = join(tmp, 'junk.bin');
    writeFileSync(junk, Buffer.from(Array.from({ length: 2048 }, (_, i) => (i * 31) % 256)));
    const good = join(tmp, 'good.txt');
    writeFileSync(good, 'Rifles were delivered to a police force last year, officials said.');
    const r = await endwatch(['--db', db, 'ingest', junk, good]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /junk\.bin/);
    assert.match(r.stdout, /1 source\(s\) ingested, 1 failed/);
    const docs = JSON.parse((await endwatch(['--db', db, 'documents', 'list', '--json'])).stdout) as unknown[];
    assert.equal(docs.length, 1);
  });

  for (const name of ['corpus-dev', 'corpus-holdout', 'corpus-final', 'corpus-blind', 'corpus-blind2', 'corpus-blind3', 'corpus-blind4']) {
    const dir = join(repoRoot, 'test', 'fixtures', name);
    it(`eval on our labelled set ${name} reaches permit-level precision and recall of at least 0.9`, { skip: existsSync(dir) ? undefined : `no test/fixtures/${name}` }, async () => {
      const r = await endwatch(['eval', dir, '--json']);
      const ev = JSON.parse(r.stdout) as EvalJson;
      assert.ok(ev.precision >= 0.9 && ev.recall >= 0.9, `precision ${ev.precision}, recall ${ev.recall}`);
    });
  }

  it('eval of the seed case flags exactly the two WESCAM permits for Turkey', { skip: existsSync(seed) ? undefined : `shared corpus not found at ${seed}` }, async () => {
    const r = await endwatch(['eval', seed, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const ev = JSON.parse(r.stdout) as EvalJson;
    assert.deepEqual(ev.reports[0].flagged, ['CA-EP-2019-00412', 'CA-EP-2020-01187']);
  });

  it('eval of the public corpus satisfies every label, also with each report alone', { skip: existsSync(pub) ? undefined : `shared corpus not found at ${pub}` }, async () => {
    for (const mode of [[], ['--isolated']]) {
      const r = await endwatch(['eval', pub, '--json', ...mode]);
      const ev = JSON.parse(r.stdout) as EvalJson;
      const wrong = ev.reports.filter((x) => x.missed.length || x.violatedNoAlert.length).map((x) => `${x.file}: missed ${x.missed} wrongly ${x.violatedNoAlert}`);
      assert.equal(ev.labelsSatisfied, true, `${mode.join(' ')} ${wrong.join('; ')}`);
      assert.equal(r.code, 0);
    }
  });
});
