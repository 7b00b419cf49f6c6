import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../shared/errors.js';
import { projectRoot } from '../shared/paths.js';

export interface Criterion {
  id: string;
  group: 'prohibition' | 'risk' | 'diversion';
  title: string;
  question: string;
}

export interface CriteriaSet {
  id: string;
  title: string;
  rule: string;
  criteria: Criterion[];
}

export const findingLevels = ['not_applicable', 'no_risk', 'risk_mitigated', 'substantial_risk'] as const;
export type FindingLevel = (typeof findingLevels)[number];

let cache: Map<string, CriteriaSet> | null = null;

/** The criteria sets shipped in data/criteria (Arms Trade Treaty, Canada's EIPA s. 7.3), loaded once. */
export function criteriaSets(): Map<string, CriteriaSet> {
  if (cache) return cache;
  const dir = join(projectRoot(), 'data', 'criteria');
  cache = new Map();
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const set = JSON.parse(readFileSync(join(dir, file), 'utf8')) as CriteriaSet;
    cache.set(set.id, set);
  }
  return cache;
}

export function criteriaSet(id: string): CriteriaSet {
  const set = criteriaSets().get(id);
  if (!set) throw new AppError('invalid_input', `no criteria set '${id}' (known: ${[...criteriaSets().keys()].join(', ')})`, [{ field: 'criteria', message: 'unknown' }]);
  return set;
}

/**
 * A substantial risk on any criterion (after the mitigations considered), or a prohibition
 * found to apply, recommends refusal; otherwise the export may be authorised.
 */
export function recommendation(findings: readonly { finding: FindingLevel }[]): 'issue' | 'refuse' {
  return findings.some((f) => f.finding === 'substantial_risk') ? 'refuse' : 'issue';
}
