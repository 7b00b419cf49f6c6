import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { endwatch } from './cli.js';

/** Screening through the built CLI on a small OFAC-shaped list of our own. */

const tmp = mkdtempSync(join(tmpdir(), 'endwatch-screen-cli-'));
const row = (id: number, name: string, type: string, program: string, remarks: string) =>
  [String(id), `"${name}"`, type === 'entity' ? '-0- ' : `"${type}"`, `"${program}"`, '-0- ', '-0- ', '-0- ', '-0- ', '-0- ', '-0- ', '-0- ', remarks ? `"${remarks}"` : '-0- '].join(',');
const list = join(tmp, 'sdn_2024-01-10.csv');
writeFileSync(
  list,
  `${[
    row(9001, 'KARIMOV, Rustam Aliyevich', 'individual', 'RUSSIA-EO14024', "DOB 12 Mar 1971; nationality Russia; a.k.a. 'KARIMOV, Rustem'."),
    row(9002, 'NORTHERN STAR TRADING LLC', 'entity', 'IRAN', "a.k.a. 'SEVERNAYA ZVEZDA'."),
    row(9003, 'AL-HASHIMI, Muhammad Yusuf', 'individual', 'SDGT', 'DOB 1968; nationality Iraq.'),
  ].join('\r\n')}\r\n\x1a`,
);

describe('screening CLI', () => {
  it('screens names one by one and in a batch, with explained scores, in input order', async () => {
    const db = join(tmp, 's.sqlite');
    const imp = await endwatch(['--db', db, 'lists', 'import', list]);
    assert.equal(imp.code, 0, imp.stderr);
    const one = await endwatch(['--db', db, 'screen', 'Mohammed Yousef al Hashimi', '--json']);
    assert.equal(one.code, 0, one.stderr);
    const [res] = JSON.parse(one.stdout) as { query: string; results: { entryId: string; score: number; match: boolean; explanation: string; list: string; name: string }[] }[];
    assert.equal(res.results[0].entryId, '9003');
    assert.equal(res.results[0].match, true);
    assert.match(res.results[0].explanation, /hashimi/i);

    const batch = join(tmp, 'names.txt');
    writeFileSync(batch, 'Rustam Karimov\n\nNorthern Star Trading\nJane Ordinary-Person\n');
    const b = await endwatch(['--db', db, 'screen', '--batch', batch, '--json']);
    assert.equal(b.code, 0, b.stderr);
    const out = JSON.parse(b.stdout) as { query: string; results: { entryId: string; match: boolean }[] }[];
    assert.deepEqual(out.map((r) => r.query), ['Rustam Karimov', 'Northern Star Trading', 'Jane Ordinary-Person']);
    assert.equal(out[0].results.find((r) => r.match)?.entryId, '9001');
    assert.equal(out[1].results.find((r) => r.match)?.entryId, '9002');
    assert.equal(out[2].results.some((r) => r.match), false);
  });
});
