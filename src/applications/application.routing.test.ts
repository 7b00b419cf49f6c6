import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DestinationMeasure } from '../registry/measure.types.js';
import { routeApplication } from './application.routing.js';
import { recommendation } from './assessment.criteria.js';

const suspend: DestinationMeasure = {
  id: 'M-TR-S',
  country: 'TR',
  kind: 'suspend_new_permits',
  startsOn: '2019-10-11',
  endsOn: null,
  reason: 'incursion',
  exceptions: [
    { tag: 'nato-cooperation', treatment: 'case_by_case' },
    { tag: 'humanitarian-demining', treatment: 'allowed' },
  ],
};
const embargo: DestinationMeasure = { id: 'M-TR-E', country: 'TR', kind: 'embargo', startsOn: '2023-01-01', endsOn: '2023-12-31', reason: 'embargo', exceptions: [] };

describe('application routing', () => {
  it('routes by the measures in force on the date, strictest first', () => {
    assert.equal(routeApplication([], 'TR', [], '2020-01-01').routing, 'standard');
    assert.equal(routeApplication([suspend], 'TR', [], '2019-10-10').routing, 'standard', 'not yet in force');
    assert.equal(routeApplication([suspend], 'TR', [], '2020-01-01').routing, 'refusal');
    assert.equal(routeApplication([suspend], 'TR', ['nato-cooperation'], '2020-01-01').routing, 'case_by_case');
    const allowed = routeApplication([suspend], 'TR', ['humanitarian-demining'], '2020-01-01');
    assert.equal(allowed.routing, 'standard');
    assert.equal(allowed.measureId, 'M-TR-S', 'the measure that exempted it is named');
    assert.equal(routeApplication([suspend, embargo], 'TR', ['nato-cooperation'], '2023-06-01').routing, 'refused');
    assert.equal(routeApplication([suspend, embargo], 'TR', ['nato-cooperation'], '2024-01-01').routing, 'case_by_case', 'the embargo ended');
    assert.equal(routeApplication([suspend, embargo], 'US', [], '2023-06-01').routing, 'standard', 'another destination');
  });

  it('explains the route with the measure and the tags', () => {
    const r = routeApplication([suspend], 'TR', ['other'], '2020-01-01');
    assert.match(r.reason, /suspended by M-TR-S/);
    assert.match(r.reason, /nato-cooperation, humanitarian-demining/);
  });

  it('recommends refusal on any substantial risk', () => {
    assert.equal(recommendation([{ finding: 'no_risk' }, { finding: 'risk_mitigated' }]), 'issue');
    assert.equal(recommendation([{ finding: 'no_risk' }, { finding: 'substantial_risk' }]), 'refuse');
  });
});
