import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { countAuditEntries, listAuditEntries, verifyAuditChain } from '../src/audit/audit.repository.js';
import { parseBirthDates } from '../src/screening/list.dates.js';
import { readListFile } from '../src/screening/list.read.js';
import { ListRepository } from '../src/screening/list.repository.js';
import { importListFile, listVersions, versionDiff } from '../src/screening/list.service.js';
import type { ListEntry } from '../src/screening/screening.types.js';
import { AppError, formatProblem } from '../src/shared/errors.js';
import type { Store } from '../src/store/database.js';
import { forEachDialect } from './dialects.js';

/** Small files of each format, written here so the tests run without the shared data. */
const OFAC_V1 = [
  '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
  '306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. \'BNC\'."',
  '2674,"ABBAS, Abu","individual","SDGT","Director of PLF",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 10 Dec 1948; alt. DOB circa 1950; nationality Korea, North; Passport 1084010 (Egypt); a.k.a. \'AL-JAMAL, Sa\'id\'; f.k.a. \'OLD NAME\'."',
  '4243,"EBANO","vessel","CUBA",-0- ,"CL2192","General Cargo","2595","1865","Panama",-0- ,"Vessel Registration Identification IMO 7406784; f.k.a. \'ANA I\'."',
  '7777,"RA-12345","aircraft","RUSSIA-EO14024] [IRAN",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Aircraft Tail Number RA-12345; Aircraft Model IL-76."',
].join('\r\n');
// Version 2: 36 removed, 306 changed (an alias more), 9999 added; 2674, 4243, 7777 as they were.
const OFAC_V2 = [
  '306,"BANCO NACIONAL DE CUBA",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. \'BNC\'; a.k.a. \'NATIONAL BANK OF CUBA\'."',
  OFAC_V1.split('\r\n')[2],
  OFAC_V1.split('\r\n')[3],
  OFAC_V1.split('\r\n')[4],
  '9999,"NEW TRADING LLC",-0- ,"RUSSIA-EO14024",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"Nationality of Registration Russia; Tax ID No. 7701234567 (Russia)."',
].join('\r\n');

const UN_XML = `<?xml version="1.0" encoding="UTF-8"?>
<CONSOLIDATED_LIST dateGenerated="2020-03-20T19:09:21.822-04:00">
  <INDIVIDUALS>
    <INDIVIDUAL><DATAID>1</DATAID><FIRST_NAME>CHO</FIRST_NAME><SECOND_NAME>CHUN RYONG</SECOND_NAME><THIRD_NAME/>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPi.038</REFERENCE_NUMBER><LISTED_ON>2016-11-30</LISTED_ON>
      <NATIONALITY><VALUE>Democratic People's Republic of Korea</VALUE></NATIONALITY>
      <INDIVIDUAL_ALIAS><QUALITY>Good</QUALITY><ALIAS_NAME>Jo Chun Ryong</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_ALIAS><QUALITY>Low</QUALITY><ALIAS_NAME>Chairman Cho</ALIAS_NAME></INDIVIDUAL_ALIAS>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>EXACT</TYPE_OF_DATE><DATE>1960-04-04</DATE></INDIVIDUAL_DATE_OF_BIRTH>
      <INDIVIDUAL_DOCUMENT><TYPE_OF_DOCUMENT>Passport</TYPE_OF_DOCUMENT><NUMBER> 381310014</NUMBER></INDIVIDUAL_DOCUMENT>
    </INDIVIDUAL>
    <INDIVIDUAL><DATAID>2</DATAID><FIRST_NAME>HAJJI</FIRST_NAME><SECOND_NAME>'ABD AL-NASIR</SECOND_NAME>
      <UN_LIST_TYPE>Al-Qaida</UN_LIST_TYPE><REFERENCE_NUMBER>QDi.420</REFERENCE_NUMBER><LISTED_ON>2018-11-19</LISTED_ON>
      <NATIONALITY><VALUE>Iraq</VALUE><VALUE>Syrian Arab Republic</VALUE></NATIONALITY>
      <INDIVIDUAL_DATE_OF_BIRTH><TYPE_OF_DATE>BETWEEN</TYPE_OF_DATE><FROM_YEAR>1965</FROM_YEAR><TO_YEAR>1967</TO_YEAR></INDIVIDUAL_DATE_OF_BIRTH>
    </INDIVIDUAL>
  </INDIVIDUALS>
  <ENTITIES>
    <ENTITY><DATAID>3</DATAID><FIRST_NAME>KOREA MINING DEVELOPMENT TRADING CORPORATION</FIRST_NAME>
      <UN_LIST_TYPE>DPRK</UN_LIST_TYPE><REFERENCE_NUMBER>KPe.001</REFERENCE_NUMBER><LISTED_ON>2009-04-24</LISTED_ON>
      <ENTITY_ALIAS><QUALITY>a.k.a.</QUALITY><ALIAS_NAME>KOMID</ALIAS_NAME></ENTITY_ALIAS>
      <ENTITY_ADDRESS><CITY>Pyongyang</CITY><COUNTRY>Democratic People's Republic of Korea</COUNTRY></ENTITY_ADDRESS>
    </ENTITY>
  </ENTITIES>
</CONSOLIDATED_LIST>
`;

const SEMA_XML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<data-set>
  <record><Country>Burma / Birmanie</Country><Entity>Air Bagan</Entity><Aliases>Air Bagan Holdings Pte. Ltd., Air Bagan Co., Ltd.</Aliases><Schedule>1</Schedule><Item>1</Item></record>
  <record><Country>Burma / Birmanie</Country><LastName>Shwe</LastName><GivenName>Than</GivenName><DateOfBirth>1933-02-02</DateOfBirth><Schedule>2</Schedule><Item>1</Item></record>
  <record><Country>Russia / Russie</Country><LastName>Müller</LastName><GivenName>Ñico</GivenName><DateOfBirth>1960 or 1961</DateOfBirth><Title>Colonel</Title><Schedule>1</Schedule><Item>7</Item></record>
</data-set>
`;

const FTM_JSONL = [
  { id: 'NK-abc', schema: 'Person', properties: { name: ['Ivan Petrov'], alias: ['Iwan Petrow'], weakAlias: ['Vanya'], nationality: ['ru'], birthDate: ['1970-05-01'], passportNumber: ['7512345'], program: ['RU-EO14024'] }, datasets: ['us_ofac_sdn'] },
  { id: 'NK-def', schema: 'Company', properties: { name: ['Petrov Trading OOO'], jurisdiction: ['ru'], country: ['suhh'], innCode: ['7701234567'] }, datasets: ['us_ofac_sdn'] },
  { id: 'NK-ghi', schema: 'Vessel', properties: { name: ['SEA STAR'], flag: ['pa'], imoNumber: ['9123456'] }, datasets: ['us_ofac_sdn'] },
  { id: 'NK-san', schema: 'Sanction', properties: { entity: ['NK-abc'], program: ['RU-EO14024'] }, datasets: ['us_ofac_sdn'] },
]
  .map((e) => JSON.stringify(e))
  .join('\n');

const dir = mkdtempSync(join(tmpdir(), 'endwatch-lists-'));
// Removed when the process ends: the dialect suites run after this file's top-level hooks.
process.on('exit', () => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Uint8Array): string {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
}
const bytes = (s: string) => new TextEncoder().encode(s);
const byId = (entries: ListEntry[], id: string) => {
  const e = entries.find((x) => x.entryId === id);
  assert.ok(e, `entry ${id}`);
  return e;
};

/** The refusal names the file and where in it; nothing else is asked of its wording. */
function refused(where: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof AppError, `expected AppError, got ${e}`);
    assert.equal(e.code, 'invalid_input');
    const text = [e.message, ...e.problems.map(formatProblem)].join('\n');
    assert.match(text, where, text);
    return true;
  };
}

describe('list files: each format read into entries', () => {
  it('OFAC SDN CSV: ids, strong primary and weak remarks aliases, types, countries, DOBs, identifiers, programmes', () => {
    const r = readListFile(bytes(`${OFAC_V1}\r\n\x1a`), 'sdn.csv');
    assert.equal(r.format, 'ofac-sdn-csv');
    assert.equal(r.list, 'ofac-sdn');
    assert.deepEqual(r.entries.map((e) => [e.entryId, e.type]), [['36', 'organization'], ['306', 'organization'], ['2674', 'person'], ['4243', 'vessel'], ['7777', 'aircraft']]);
    assert.deepEqual(byId(r.entries, '306').names, [{ name: 'BANCO NACIONAL DE CUBA', quality: 'strong' }, { name: 'BNC', quality: 'weak' }]);
    const abbas = byId(r.entries, '2674');
    assert.deepEqual(abbas.names, [
      { name: 'ABBAS, Abu', quality: 'strong' },
      { name: "AL-JAMAL, Sa'id", quality: 'weak' },
      { name: 'OLD NAME', quality: 'weak' },
    ]);
    assert.deepEqual(abbas.birthDates, ['1948-12-10', '1950']);
    assert.deepEqual(abbas.countries, ['KP']);
    assert.deepEqual(abbas.identifiers, [{ kind: 'Passport', value: '1084010' }]);
    const ebano = byId(r.entries, '4243');
    assert.deepEqual(ebano.countries, ['PA']);
    assert.deepEqual(ebano.identifiers, [{ kind: 'Call Sign', value: 'CL2192' }, { kind: 'IMO', value: '7406784' }]);
    assert.deepEqual(byId(r.entries, '7777').programmes, ['IRAN', 'RUSSIA-EO14024']);
  });

  it('UN SC XML: REFERENCE_NUMBER, Low aliases weak, nationality and address countries, DOB ranges, documents', () => {
    const r = readListFile(bytes(UN_XML), 'consolidated.xml');
    assert.equal(r.format, 'un-sc-xml');
    assert.equal(r.publishedOn, '2020-03-20');
    const cho = byId(r.entries, 'KPi.038');
    assert.equal(cho.type, 'person');
    assert.deepEqual(cho.names, [
      { name: 'CHO CHUN RYONG', quality: 'strong' },
      { name: 'Chairman Cho', quality: 'weak' },
      { name: 'Jo Chun Ryong', quality: 'strong' },
    ]);
    assert.deepEqual(cho.countries, ['KP']);
    assert.deepEqual(cho.birthDates, ['1960-04-04']);
    assert.deepEqual(cho.identifiers, [{ kind: 'Passport', value: '381310014' }]);
    assert.deepEqual(cho.programmes, ['DPRK']);
    const hajji = byId(r.entries, 'QDi.420');
    assert.deepEqual(hajji.countries, ['IQ', 'SY']);
    assert.deepEqual(hajji.birthDates, ['1965', '1966', '1967']);
    const komid = byId(r.entries, 'KPe.001');
    assert.equal(komid.type, 'organization');
    assert.deepEqual(komid.names.map((n) => n.name), ['KOREA MINING DEVELOPMENT TRADING CORPORATION', 'KOMID']);
    assert.deepEqual(komid.countries, ['KP']);
  });

  it('Canada SEMA XML: regime/schedule/item ids, persons and entities, "Co., Ltd." kept whole', () => {
    const r = readListFile(bytes(SEMA_XML), 'sema.xml');
    assert.equal(r.format, 'ca-sema-xml');
    assert.deepEqual(r.entries.map((e) => [e.entryId, e.type]), [['burma/1/1', 'organization'], ['burma/2/1', 'person'], ['russia/1/7', 'person']]);
    assert.deepEqual(byId(r.entries, 'burma/1/1').names.map((n) => n.name), ['Air Bagan', 'Air Bagan Co., Ltd.', 'Air Bagan Holdings Pte. Ltd.']);
    const nico = byId(r.entries, 'russia/1/7');
    assert.deepEqual(nico.names, [{ name: 'Ñico Müller', quality: 'strong' }]);
    assert.deepEqual(nico.birthDates, ['1960', '1961']);
    assert.deepEqual(nico.programmes, ['Russia']);
    assert.deepEqual(nico.countries, []);
  });

  it('FtM JSON lines: schemata to types, weakAlias weak, lower-case codes to ISO, non-targets skipped', () => {
    const r = readListFile(bytes(FTM_JSONL), 'entities.ftm.json');
    assert.equal(r.format, 'ftm-jsonl');
    assert.equal(r.list, 'us_ofac_sdn');
    assert.equal(r.skipped, 1);
    assert.deepEqual(r.entries.map((e) => [e.entryId, e.type]), [['NK-abc', 'person'], ['NK-def', 'organization'], ['NK-ghi', 'vessel']]);
    const ivan = byId(r.entries, 'NK-abc');
    assert.deepEqual(ivan.names, [
      { name: 'Ivan Petrov', quality: 'strong' },
      { name: 'Iwan Petrow', quality: 'strong' },
      { name: 'Vanya', quality: 'weak' },
    ]);
    assert.deepEqual(ivan.countries, ['RU']);
    assert.deepEqual(ivan.birthDates, ['1970-05-01']);
    assert.deepEqual(ivan.identifiers, [{ kind: 'Passport', value: '7512345' }]);
    assert.deepEqual(byId(r.entries, 'NK-def').countries, ['RU']);
    assert.deepEqual(byId(r.entries, 'NK-ghi').identifiers, [{ kind: 'IMO', value: '9123456' }]);
  });

  it('birth dates as the lists write them', () => {
    assert.deepEqual(parseBirthDates('10 Dec 1948'), ['1948-12-10']);
    assert.deepEqual(parseBirthDates('Sep 1960.'), ['1960-09']);
    assert.deepEqual(parseBirthDates('circa 1955-1957'), ['1955', '1956', '1957']);
    assert.deepEqual(parseBirthDates('01 Jan 1960 to 31 Dec 1961'), ['1960', '1961']);
    assert.deepEqual(parseBirthDates('1933-02-02 or 1934-02-02'), ['1933-02-02', '1934-02-02']);
    assert.deepEqual(parseBirthDates('unknown'), []);
  });

  it('broken files are refused naming the file and the line or record', () => {
    assert.throws(() => readListFile(bytes(UN_XML.slice(0, UN_XML.indexOf('<VALUE>Iraq') + 9)), 'un.xml'), refused(/un\.xml: line \d+ \(end of file\): the file ends inside <CONSOLIDATED_LIST> > <INDIVIDUALS>/));
    const badLine = OFAC_V1.split('\r\n');
    badLine[2] = '2674,"ABBAS, Abu","individual","SDGT"';
    assert.throws(() => readListFile(bytes(badLine.join('\r\n')), 'sdn.csv'), refused(/sdn\.csv: line 3: 4 columns, expected 12/));
    const latin1 = Uint8Array.from([...bytes('36,"CAF'), 0xc9, ...bytes('",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ')]);
    assert.throws(() => readListFile(latin1, 'sdn.csv'), refused(/not UTF-8.*line 1/s));
    assert.throws(() => readListFile(Uint8Array.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 2]), 'a.out'), refused(/a\.out.*binary/s));
    assert.throws(() => readListFile(bytes('name,country\nACME,RU\n'), 'list.csv'), refused(/list\.csv.*unrecognised.*line 1/s));
    assert.throws(() => readListFile(bytes(`${FTM_JSONL}\n{"id": "x", "schema": "Person", `), 'e.json'), refused(/e\.json: line 5: not JSON/));
  });
});

async function versionsOf(store: Store) {
  return (await listVersions(store)).map((v) => [v.version, v.list, v.current, v.entries, v.added, v.removed, v.changed]);
}

const shared = join(import.meta.dirname, '..', '..', 'shared', 'data', 'sanctions');
const sharedMissing = existsSync(join(shared, 'ofac_sdn_2024-02-20.csv')) ? undefined : `shared data missing (${shared}): the real-list checks are skipped`;
if (sharedMissing) console.log(`NOTICE: ${sharedMissing}`);

await forEachDialect('sanctions list import', ({ db }) => {
  it('imports versions with their diffs and audit entries; the identical file is a no-op', async () => {
    const store = await db().open();
    const v1 = await importListFile(store, 'officer', { path: file('sdn_v1.csv', OFAC_V1), publishedOn: '2024-02-20' });
    assert.deepEqual([v1.version, v1.entries, v1.added, v1.removed, v1.changed, v1.alreadyImported], [1, 5, 5, 0, 0, false]);
    const v2 = await importListFile(store, 'officer', { path: file('sdn_2024-02-23.csv', OFAC_V2) });
    assert.deepEqual([v2.version, v2.previousVersion, v2.publishedOn, v2.entries, v2.added, v2.removed, v2.changed], [2, 1, '2024-02-23', 5, 1, 1, 1]);
    const d = await versionDiff(store, 2);
    assert.deepEqual(d.changes, [
      { entryId: '9999', change: 'added', name: 'NEW TRADING LLC' },
      { entryId: '306', change: 'changed', name: 'BANCO NACIONAL DE CUBA' },
      { entryId: '36', change: 'removed', name: 'AEROCARIBBEAN AIRLINES' },
    ]);
    const entries = await new ListRepository(store.db, store.dialect).entries(2, ['9999']);
    assert.deepEqual(entries[0].countries, ['RU']);
    assert.deepEqual(entries[0].identifiers, [{ kind: 'Tax ID No.', value: '7701234567' }]);

    const audit = await listAuditEntries(store.db);
    assert.deepEqual(audit.map((a) => [a.verb, a.objectType, a.objectId]), [['list.import', 'list', 'ofac-sdn'], ['list.import', 'list', 'ofac-sdn']]);
    assert.equal(JSON.parse(audit[1].payload).added, 1);

    const before = { versions: await versionsOf(store), audit: await countAuditEntries(store.db) };
    const again = await importListFile(store, 'officer', { path: file('copy-of-v2.csv', OFAC_V2) });
    assert.deepEqual([again.alreadyImported, again.version], [true, 2]);
    assert.deepEqual({ versions: await versionsOf(store), audit: await countAuditEntries(store.db) }, before);
    await assert.rejects(importListFile(store, 'officer', { path: file('sdn_v1.csv', OFAC_V1) }), /version 1 .*replaced/);
    assert.equal((await verifyAuditChain(store.db)).ok, true);

    // Other formats are lists of their own.
    await importListFile(store, 'officer', { path: file('un.xml', UN_XML) });
    await importListFile(store, 'officer', { path: file('sema.xml', SEMA_XML) });
    await importListFile(store, 'officer', { path: file('ftm.jsonl', FTM_JSONL) });
    assert.deepEqual(
      (await listVersions(store)).filter((v) => v.current).map((v) => [v.list, v.entries]),
      [['ca-sema', 3], ['ofac-sdn', 5], ['un-sc', 3], ['us_ofac_sdn', 3]],
    );
  });

  it('a broken file is refused and writes nothing: the current version stays', async () => {
    const store = await db().open();
    await importListFile(store, 'officer', { path: file('un-ok.xml', UN_XML) });
    const badCsv = `${OFAC_V1}\r\n123,"TOO FEW","individual"`;
    await importListFile(store, 'officer', { path: file('sdn-ok.csv', OFAC_V1) });
    const before = { versions: await versionsOf(store), audit: await countAuditEntries(store.db) };
    await assert.rejects(importListFile(store, 'officer', { path: file('un-truncated.xml', UN_XML.slice(0, 900)) }), refused(/un-truncated\.xml.*line \d+/s));
    await assert.rejects(importListFile(store, 'officer', { path: file('sdn-bad.csv', badCsv) }), refused(/sdn-bad\.csv: line 6: 3 columns/));
    assert.deepEqual({ versions: await versionsOf(store), audit: await countAuditEntries(store.db) }, before);
    const rows = await store.db.selectFrom('list_entries').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(rows.n), 3 + 5);
  });

  it('OFAC SDN 2024-02-20 then 2024-02-23: 553 entries added', { skip: sharedMissing, timeout: 120_000 }, async () => {
    const store = await db().open();
    const first = await importListFile(store, 'officer', { path: join(shared, 'ofac_sdn_2024-02-20.csv') });
    assert.deepEqual([first.entries, first.publishedOn], [13931, '2024-02-20']);
    const second = await importListFile(store, 'officer', { path: join(shared, 'ofac_sdn_2024-02-23.csv') });
    assert.deepEqual([second.entries, second.added, second.removed, second.changed], [14484, 553, 0, 8]);
    const stored = await store.db.selectFrom('list_diffs').select(['change']).where('version_id', '=', second.version).execute();
    assert.equal(stored.filter((r) => r.change === 'added').length, 553);
    const again = await importListFile(store, 'officer', { path: join(shared, 'ofac_sdn_2024-02-23.csv') });
    assert.equal(again.alreadyImported, true);
    assert.equal(await countAuditEntries(store.db), 2);
  });
});
