import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { Gazetteer, type GazetteerMention, type RegistryItem, type RegistryParty, referenceEntries, registryEntries } from './gazetteer.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHARED = path.resolve(ROOT, '..', 'shared');
const CORPUS = path.join(SHARED, 'corpus');
const REUTERS = path.join(SHARED, 'data', 'news', 'reuters21578');

const registry: { parties: RegistryParty[]; items: RegistryItem[] } = {
  parties: [
    { id: 'P-BAYKAR', name: 'Baykar Makina', aliases: ['Baykar'], kind: 'company', country: 'TR' },
    { id: 'P-SANG', name: 'Saudi Arabian National Guard', aliases: ['SANG'], kind: 'armed_force', country: 'SA' },
    { id: 'P-STEYR', name: 'Steyr Mannlicher GmbH', aliases: ['Steyr Mannlicher'], kind: 'company', country: 'AT' },
    { id: 'P-REBELS', name: 'Northern rebels', aliases: [], kind: 'non_state_group', country: 'YE' },
  ],
  items: [
    { id: 'I-MX15D', name: 'WESCAM MX-15D', aliases: ['MX-15D'], manufacturerId: 'P-WESCAM', platforms: ['Bayraktar TB2'] },
    { id: 'I-AUG', name: 'Steyr AUG', aliases: ['AUG'], manufacturerId: 'P-STEYR', platforms: [] },
  ],
};

let cached: Gazetteer | null = null;
function gazetteer(): Gazetteer {
  cached ??= Gazetteer.build([...registryEntries(registry), ...referenceEntries()]);
  return cached;
}

const ids = (ms: GazetteerMention[]) => ms.map((m) => m.entryId);
const find = (text: string) => gazetteer().find(text);

function assertOffsets(text: string, ms: GazetteerMention[]) {
  for (const m of ms) assert.equal(text.slice(m.start, m.end), m.surface, `${m.entryId} at ${m.start}`);
}

describe('gazetteer: matching rules', () => {
  test('diacritics do not count', () => {
    const ms = find('Officials in Türkiye and Turkiye met; Çavuşoğlu spoke in Hewlêr and Sulaymaniyah.');
    assert.deepEqual(ids(ms), ['country:TR', 'country:TR', 'region:erbil', 'region:sulaymaniyah']);
  });

  test('hyphen, space, dash and solid spellings of a hyphenated name', () => {
    for (const s of ['Nagorno-Karabakh', 'Nagorno Karabakh', 'Nagorno – Karabakh', 'NagornoKarabakh', 'Nagorno\u00adKarabakh']) {
      const ms = find(`Fighting in ${s} resumed.`);
      assert.deepEqual(ids(ms), ['region:nagorno-karabakh'], s);
      assert.equal(ms[0].fuzzy, false, s);
    }
    assert.deepEqual(ids(find('a TB-2 and a TB2')), ['platform:bayraktar tb2', 'platform:bayraktar tb2']);
  });

  test('compass compounds written solid, hyphenated or as two words', () => {
    const g = Gazetteer.build([{ id: 'region:x-nw', kind: 'region', names: ['Northwest Region'], facts: { kind: 'region', name: 'Northwest Region', country: 'CM', state: false, nonState: false } }]);
    for (const s of ['Northwest Region', 'North-West region', 'North West Region', 'northwest region']) {
      assert.deepEqual(g.find(`Troops moved into the ${s} last week.`).map((m) => m.entryId), ['region:x-nw'], s);
    }
    assert.deepEqual(g.find('the North Western Region').map((m) => m.entryId), []);
  });

  test('possessives and plurals', () => {
    const ms = find("Turkey's drones, the Houthis' missiles and two MX-15Ds; militias and insurgents.");
    assert.deepEqual(ids(ms), ['country:TR', 'armed_group:houthis', 'item:I-MX15D', 'armed_group:generic-militias', 'armed_group:generic-insurgents']);
    assert.equal(ms[0].surface, 'Turkey');
    assert.equal(ms[2].surface, 'MX-15Ds');
  });

  test('one-letter typos in long names are fuzzy mentions with a lower score', () => {
    const text = 'Bayraktarr drones flew over Nagorno-Karakbakh; Steyr-Manlicher denied it; Azerbiajan agreed.';
    const ms = find(text);
    const fuzzy = ms.filter((m) => m.fuzzy);
    assert.deepEqual(
      fuzzy.map((m) => [m.entryId, m.surface]),
      [
        ['region:nagorno-karabakh', 'Nagorno-Karakbakh'],
        ['party:P-STEYR', 'Steyr-Manlicher'],
        ['country:AZ', 'Azerbiajan'],
      ],
    );
    for (const m of fuzzy) assert.ok(m.score < 1 && m.score >= 0.5);
    assertOffsets(text, ms);
  });

  test('no fuzzy match on short names, digits, spaces or the first letter', () => {
    assert.deepEqual(ids(find('Yemem and Irak')), []); // names under 7 letters
    assert.deepEqual(ids(find('a Bayraktar TB3')), []); // another model, not a typo
    assert.deepEqual(ids(find('Green and Left Party politicians')), []); // not Greenland
    assert.deepEqual(ids(find('Inland waterways')), []); // not Finland
  });

  test('capitals as metonyms and demonyms', () => {
    const ms = find('Ankara said Turkish drones were used; the Kremlin and Kyiv (Kiev) disagreed.');
    assert.deepEqual(
      ms.map((m) => [m.entryId, m.nameKind]),
      [
        ['country:TR', 'capital'],
        ['country:TR', 'demonym'],
        ['country:RU', 'capital'],
        ['country:UA', 'capital'],
        ['country:UA', 'capital'],
      ],
    );
    assert.equal(gazetteer().facts('country:TR')?.nameKind, 'name');
  });

  test('the longest match wins; a different kind survives only where it does not overlap', () => {
    const ms = find('The Saudi Arabian National Guard bought them; Saudi Arabia paid.');
    assert.deepEqual(ids(ms), ['party:P-SANG', 'country:SA']);
    assert.deepEqual(ids(find('Islamic State of Iraq and the Levant')), ['armed_group:islamic-state']);
    assert.deepEqual(ids(find('the Sinaloa Cartel in Sinaloa')), ['armed_group:sinaloa-cartel', 'region:sinaloa']);
  });

  test('case-sensitive names: IS, US, AUG, Chad, Turkey', () => {
    assert.deepEqual(ids(find('IS fighters took the town. It is what it is.')), ['armed_group:islamic-state']);
    assert.deepEqual(ids(find('US officials told us')), ['country:US']);
    assert.deepEqual(ids(find('on Aug. 3 they carried an AUG')), ['item:I-AUG']);
    assert.deepEqual(ids(find('Chad sent troops; chad is paper waste')), ['country:TD']);
    assert.deepEqual(ids(find('roast turkey for TURKEY and Turkey')), ['country:TR', 'country:TR']);
  });

  test('offsets map back to the original text exactly', () => {
    const text = '\u201cBaykar\u2019s\u201d  Bayraktar\u00a0TB2 — seen in Ma\u2019rib, Sa\u2019dah & Jizan; ﬁne: Côte d\u2019Ivoire, Straße, Azərbaycan.';
    const ms = find(text);
    assertOffsets(text, ms);
    assert.deepEqual(ids(ms), ['party:P-BAYKAR', 'platform:bayraktar tb2', 'region:marib', 'region:saada', 'region:jizan', 'country:CI']);
  });

  test('facts of registry and reference entries', () => {
    const g = gazetteer();
    assert.deepEqual(g.facts('party:P-SANG'), { kind: 'party', name: 'Saudi Arabian National Guard', country: 'SA', state: true, nonState: false });
    assert.equal(g.facts('party:P-REBELS')?.nonState, true);
    assert.equal(g.facts('item:I-AUG')?.country, 'AT');
    assert.equal(g.facts('platform:bayraktar tb2')?.kind, 'platform');
    const nk = g.facts('region:nagorno-karabakh');
    assert.equal(nk?.kind, 'conflict_zone');
    assert.equal(nk?.country, 'AZ');
    assert.ok(nk?.conflicts?.some((c) => c.from === '2020-09-27' && c.to === '2020-11-10'));
    assert.equal(g.facts('region:xinjiang')?.kind, 'region');
    assert.deepEqual(
      [g.facts('armed_group:sdf')?.nonState, g.facts('armed_group:lna')?.nonState, g.facts('armed_group:pmf')?.state],
      [true, true, true],
    );
    assert.equal(g.facts('country:YE')?.state, true);
    assert.ok(g.size > 500);
  });

  test('reference data: every ISO country, names unique to one country, no empty names', () => {
    const entries = referenceEntries();
    const countries = entries.filter((e) => e.kind === 'country');
    assert.ok(countries.length >= 249);
    const owner = new Map<string, string>();
    for (const e of countries) {
      for (const n of e.names) {
        assert.ok(n.trim().length > 0, e.id);
        const k = n.toLowerCase();
        assert.ok(!owner.has(k) || owner.get(k) === e.id, `${n}: ${owner.get(k)} and ${e.id}`);
        owner.set(k, e.id);
      }
    }
    const regions = entries.filter((e) => e.id.startsWith('region:'));
    assert.ok(regions.length >= 150 && regions.length <= 300, String(regions.length));
    assert.ok(entries.filter((e) => e.kind === 'armed_group').length >= 40);
  });
});

describe('gazetteer: corpus reports', { skip: !existsSync(CORPUS) && 'shared/corpus is not present' }, () => {
  const build = (folder: string) => {
    const reg = JSON.parse(readFileSync(path.join(CORPUS, folder, 'registry.json'), 'utf8'));
    return Gazetteer.build([...registryEntries(reg), ...referenceEntries()]);
  };
  const expectIn = (g: Gazetteer, file: string, expected: string[]) => {
    const text = readFileSync(file, 'utf8');
    const ms = g.find(text);
    assertOffsets(text, ms);
    const found = new Set(ids(ms));
    for (const id of expected) assert.ok(found.has(id), `${path.basename(file)}: ${id} not found`);
  };

  test('seed report', () => {
    const g = build('seed');
    const file = readdirSync(path.join(CORPUS, 'seed')).find((f) => f.endsWith('.txt'));
    assert.ok(file);
    expectIn(g, path.join(CORPUS, 'seed', file), [
      'platform:bayraktar tb2',
      'party:P-WESCAM',
      'party:P-L3HARRIS',
      'country:AZ',
      'country:TR',
      'country:CA',
      'country:AM',
      'region:nagorno-karabakh',
      'region:northeast-syria',
    ]);
  });

  test('public reports', () => {
    const g = build('public');
    const dir = path.join(CORPUS, 'public');
    const expected: Record<string, string[]> = {
      '01': ['party:P-HOUTHIS', 'party:P-GDLSC', 'item:I-LAV25', 'region:najran', 'region:kitaf', 'country:YE', 'party:P-SA-GOV', 'region:london-ontario'],
      '02': ['party:P-SA-GOV', 'party:P-GDLSC', 'country:CA', 'country:YE'],
      '03': ['party:P-STEYR', 'item:I-HS50', 'country:IR', 'country:IQ', 'country:AT', 'party:P-IQ-INSURGENTS', 'party:P-IR-POLICE'],
      '04': ['item:I-CAESAR', 'party:P-NEXTER', 'party:P-SANG', 'country:YE', 'country:FR'],
      '05': ['item:I-G3', 'item:I-P1', 'item:I-MILAN', 'party:P-PESHMERGA', 'party:P-DE-BMVG', 'party:P-KRI-ARMS-TRADE', 'region:erbil', 'region:sulaymaniyah', 'armed_group:islamic-state', 'country:DE'],
      '06': ['item:I-CAESAR', 'item:I-MILAN', 'party:P-UA-AF', 'party:P-NEXTER', 'country:UA', 'country:FR'],
    };
    for (const f of readdirSync(dir).filter((f) => /^\d\d-.*\.txt$/.test(f))) {
      expectIn(g, path.join(dir, f), expected[f.slice(0, 2)] ?? []);
    }
  });
});

describe('gazetteer: ordinary English', { skip: !existsSync(REUTERS) && 'shared/data/news/reuters21578 is not present' }, () => {
  test('the fuzzy pass adds no country or armed-group mention to newswire', () => {
    // Reuters-21578 (1987): plain newswire. Over its first 20,000 words nothing is a misspelt
    // country or group, so any fuzzy country or group mention would be a false one.
    const raw = readFileSync(path.join(REUTERS, 'reut2-000.sgm'), 'latin1');
    const bodies = [...raw.matchAll(/<BODY>([\s\S]*?)<\/BODY>/g)].map((m) => m[1]);
    let text = '';
    let words = 0;
    for (const b of bodies) {
      if (words > 20000) break;
      text += `${b}\n\n`;
      words += b.split(/\s+/).length;
    }
    const ms = gazetteer().find(text);
    assertOffsets(text, ms);
    const fuzzy = ms.filter((m) => m.fuzzy && (m.kind === 'country' || m.kind === 'armed_group'));
    assert.deepEqual(
      fuzzy.map((m) => `${m.entryId} ${m.surface}`),
      [],
    );
    assert.ok(ms.filter((m) => m.kind === 'country').length > 100);
  });
});
