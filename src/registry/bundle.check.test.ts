import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fastChecks, fastTopCheck } from './bundle.check.js';
import { type CollectionName, bundleSchema, collections } from './bundle.schema.js';

/** One valid record per collection, with every optional field present. */
const samples: Record<CollectionName, Record<string, unknown>> = {
  parties: { id: 'P-1', name: 'Maker Ltd', aliases: ['Maker'], kind: 'company', country: 'CA', parentId: 'P-0' },
  items: { id: 'I-1', name: 'Turret', aliases: ['T1'], manufacturerId: 'P-1', category: 'optics', controlCodes: ['ML15.a'], platforms: ['Drone D2'] },
  permits: {
    id: 'EP-1',
    exporterId: 'P-1',
    origin: 'CA',
    destination: 'TR',
    consigneeId: 'P-2',
    endUserId: 'P-3',
    ultimateEndUserId: 'P-4',
    intermediaryIds: ['P-5'],
    endUse: 'surveillance',
    lines: [{ itemId: 'I-1', quantity: 10, value: 1000, currency: 'CAD' }],
    issuedOn: '2020-01-15',
    expiresOn: '2022-01-14',
    status: 'issued',
    programmeTags: ['nato'],
    assurances: [
      { id: 'A-1', kind: 'end_user_certificate', signatory: 'Minister', signedOn: '2020-01-01', noReexport: true, excludedRegions: ['North'], inspectionConsent: false, notes: 'n', status: 'in_force' },
    ],
  },
  shipments: { id: 'S-1', permitId: 'EP-1', shippedOn: '2020-02-01', reference: 'AWB 1', lines: [{ lineNo: 1, itemId: 'I-1', quantity: 2, value: 200 }] },
  measures: { id: 'M-1', country: 'TR', kind: 'embargo', startsOn: '2019-10-11', endsOn: '2020-10-11', reason: 'incursion', exceptions: [{ tag: 'nato', treatment: 'case_by_case' }] },
};

/** Values that break or bend some field: wrong types, blanks, spaces to trim, bounds. */
const oddValues: unknown[] = [
  undefined,
  null,
  '',
  ' ',
  'x',
  ' x',
  'x ',
  'a b',
  'x'.repeat(200),
  'x'.repeat(201),
  'CAD',
  'cad',
  'company',
  'in_force',
  'issued',
  'embargo',
  'allowed',
  0,
  -1,
  1,
  1.5,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  true,
  false,
  [],
  [''],
  [' a'],
  ['a'],
  [1],
  {},
];

/** Every record reachable by changing one field, or one field of a nested record, to an odd value, or adding a key. */
function* variants(rec: Record<string, unknown>): Generator<Record<string, unknown>> {
  yield rec;
  yield { ...rec, extra: 1 };
  for (const key of Object.keys(rec)) {
    for (const v of oddValues) {
      const copy = { ...rec };
      if (v === undefined) delete copy[key];
      else copy[key] = v;
      yield copy;
    }
    const value = rec[key];
    if (Array.isArray(value) && value.length && typeof value[0] === 'object') {
      for (const inner of variants(value[0] as Record<string, unknown>)) yield { ...rec, [key]: [inner] };
      yield { ...rec, [key]: [] };
    }
  }
}

test('a fast check accepts only what the zod schema accepts unchanged', () => {
  let accepted = 0;
  let checked = 0;
  for (const name of Object.keys(collections) as CollectionName[]) {
    for (const rec of variants(samples[name])) {
      checked++;
      if (!fastChecks[name](rec)) continue;
      accepted++;
      const parsed = collections[name].safeParse(rec);
      assert.ok(parsed.success, `${name}: fast check accepted what zod refuses: ${JSON.stringify(rec)}`);
      assert.deepEqual(parsed.data, rec, `${name}: zod would change ${JSON.stringify(rec)}`);
    }
    assert.ok(fastChecks[name](samples[name]), `${name}: the full sample passes`);
  }
  assert.ok(checked > 1000 && accepted > 100, `${accepted} of ${checked}`);
});

test('the fast top-level check agrees with the zod bundle schema', () => {
  const tops: unknown[] = [{}, { parties: [] }, { $schema: 'x', permits: [1] }, { extra: [] }, { parties: {} }, { $schema: 1 }, [], null, 'x'];
  for (const t of tops) if (fastTopCheck(t)) assert.ok(bundleSchema.safeParse(t).success, JSON.stringify(t));
  assert.equal(fastTopCheck({ extra: [] }), false);
});
