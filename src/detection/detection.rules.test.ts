import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readClaims } from '../reading/claims.js';
import { Knowledge } from '../reading/knowledge.js';
import type { Item } from '../registry/item.types.js';
import type { Party } from '../registry/party.types.js';
import { findingsOf } from './detection.rules.js';
import { draftAlerts } from './detection.score.js';
import type { AlertKind, PermitFacts } from './detection.types.js';

/** The rules as pure functions: one small ledger of our own, one sentence shape per case. */

const parties: Party[] = [
  { id: 'P-NORVIK', name: 'Norvik Optronics Inc.', aliases: ['Norvik'], kind: 'company', country: 'CA', parentId: null },
  { id: 'P-EG-AF', name: 'Egyptian Armed Forces', aliases: ['Egyptian army', 'Egyptian military'], kind: 'armed_force', country: 'EG', parentId: null },
];
const items: Item[] = [
  { id: 'I-NX20', name: 'Norvik NX-20 sensor turret', aliases: ['NX-20'], manufacturerId: 'P-NORVIK', category: 'EO/IR sensor', controlCodes: ['ML15.a'], platforms: ['Kestrel K2'] },
  { id: 'I-NX30', name: 'Norvik NX-30 sensor turret', aliases: ['NX-30'], manufacturerId: 'P-NORVIK', category: 'EO/IR sensor', controlCodes: ['ML15.a'], platforms: [] },
];
const permit: PermitFacts = {
  id: 'CA-1',
  origin: 'CA',
  destination: 'EG',
  exporterId: 'P-NORVIK',
  endUserId: 'P-EG-AF',
  consigneeId: 'P-EG-AF',
  ultimateEndUserId: null,
  endUse: 'Sensors for Kestrel K2 aircraft of the Egyptian Armed Forces',
  issuedOn: '2019-01-10',
  status: 'issued',
  itemIds: ['I-NX20'],
  assurances: [{ id: 'CA-1/A1', kind: 'end_user_certificate', noReexport: true, excludedRegions: ['Sinai'], notes: null, status: 'in_force' }],
};
const knowledge = new Knowledge(parties, items, [{ name: 'Sinai', country: 'EG' }]);

function kinds(text: string): AlertKind[] {
  const reading = readClaims(text, knowledge.gazetteer.find(text), knowledge, '2022-03-01');
  const doc = { documentId: 'D-1', title: null, publisher: null, publishedOn: '2022-03-01', grade: { source: 'B', info: 2 } as const, storyKey: 'D-1', text, reading };
  const findings = findingsOf(doc, { permitsFor: (id) => (permit.itemIds.includes(id) ? [permit] : []) }, knowledge);
  return [...new Set(draftAlerts(findings, new Map([[permit.id, permit]]), knowledge).map((a) => a.kind))].sort();
}

describe('alert rules', () => {
  it('the assured end-user supplying another state is a re-transfer', () => {
    assert.deepEqual(kinds('In 2021 the Egyptian army sold NX-20 sensor turrets to the Sudanese army, officials in Khartoum said.'), ['retransfer']);
  });
  it('use in a region the assurance excludes', () => {
    assert.ok(kinds('Kestrel K2 drones of the Egyptian Armed Forces, fitted with NX-20 turrets, flew strikes over North Sinai in June 2021.').includes('restricted_region'));
  });
  it('seizure by a non-state armed group is a capture', () => {
    assert.ok(kinds('Islamic State fighters captured two NX-20 turrets from the Egyptian army near Arish in May 2021.').includes('capture'));
  });
  it('another model by the same maker implicates nothing', () => {
    assert.deepEqual(kinds('Libyan militias were seen using NX-30 sensor turrets from Norvik, supplied to the Egyptian army, near Sirte in 2021.'), []);
  });
  it('a warning of what could happen implicates nothing', () => {
    assert.deepEqual(kinds('Critics warned that NX-20 turrets sold to the Egyptian army could be passed to militias in Libya.'), []);
  });
  it('the assurance itself is not an event', () => {
    assert.deepEqual(kinds('Egypt undertook not to re-export the NX-20 turrets delivered to the Egyptian army.'), []);
  });
  it('events before the permit was issued implicate nothing', () => {
    assert.deepEqual(kinds('In March 2018 the Egyptian army handed NX-20 turrets over to Libyan militias near Sirte.'), []);
  });
  it('a denial implicates nothing', () => {
    assert.deepEqual(kinds('The Egyptian army denied that any NX-20 turret had been transferred to Libyan militias.'), []);
  });
});
