/** Builders for registry bundles: a small valid ledger, overridable per test. */
export interface BundleShape {
  parties: Record<string, unknown>[];
  items: Record<string, unknown>[];
  permits: Record<string, unknown>[];
  shipments?: Record<string, unknown>[];
  measures?: Record<string, unknown>[];
}

export function buildParty(overrides: Record<string, unknown> = {}) {
  return { id: 'P-MAKER', name: 'Maker Optics Ltd', aliases: ['Maker'], kind: 'company', country: 'CA', ...overrides };
}

export function buildItem(overrides: Record<string, unknown> = {}) {
  return { id: 'I-TURRET', name: 'Turret T-1', manufacturerId: 'P-MAKER', controlCodes: ['ML15.a', 'CA-2-15'], platforms: ['Drone D2'], ...overrides };
}

export function buildPermit(overrides: Record<string, unknown> = {}) {
  return {
    id: 'CA-EP-2020-00001',
    exporterId: 'P-MAKER',
    origin: 'CA',
    destination: 'TR',
    consigneeId: 'P-INTEGRATOR',
    endUserId: 'P-MOD',
    endUse: 'Integration on drones for the armed forces',
    lines: [{ itemId: 'I-TURRET', quantity: 10, value: 1000000, currency: 'CAD' }],
    issuedOn: '2020-01-15',
    expiresOn: '2022-01-14',
    status: 'issued',
    programmeTags: ['nato-cooperation'],
    assurances: [{ kind: 'end_user_certificate', noReexport: true, excludedRegions: ['Nagorno-Karabakh'] }],
    ...overrides,
  };
}

export function buildBundle(overrides: Partial<BundleShape> = {}): BundleShape {
  return {
    parties: [
      buildParty(),
      buildParty({ id: 'P-INTEGRATOR', name: 'Integrator Makina', aliases: [], country: 'TR' }),
      buildParty({ id: 'P-MOD', name: 'Ministry of Defence', aliases: [], kind: 'government', country: 'TR' }),
    ],
    items: [buildItem(), buildItem({ id: 'I-SPARES', name: 'Spare parts kit', controlCodes: ['ML10'], platforms: [] })],
    permits: [
      buildPermit(),
      buildPermit({ id: 'CA-EP-2020-00002', destination: 'US', lines: [{ itemId: 'I-SPARES', quantity: 100, value: 5000, currency: 'CAD' }, { itemId: 'I-TURRET', quantity: 2, value: 200000, currency: 'CAD' }] }),
      buildPermit({ id: 'CA-EP-2020-00003', lines: [{ itemId: 'I-SPARES', quantity: 50, value: 2500, currency: 'CAD' }] }),
    ],
    ...overrides,
  };
}

/** A large valid bundle (n permits, two lines each) on top of buildBundle's parties and items. */
export function buildLargeBundle(n: number, prefix = 'BULK'): BundleShape {
  const base = buildBundle();
  const permits = [];
  for (let i = 0; i < n; i++) {
    permits.push(
      buildPermit({
        id: `${prefix}-${String(i).padStart(7, '0')}`,
        destination: ['TR', 'US', 'DE', 'SA', 'IN'][i % 5],
        lines: [
          { itemId: 'I-TURRET', quantity: 1 + (i % 7), value: 1000 * (1 + (i % 7)), currency: 'CAD' },
          { itemId: 'I-SPARES', quantity: 10 + (i % 50), value: 10 * (10 + (i % 50)), currency: 'CAD' },
        ],
      }),
    );
  }
  return { ...base, permits };
}
