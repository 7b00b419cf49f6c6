import { type DestinationMeasure, measureInForce } from '../registry/measure.types.js';

export const routings = ['standard', 'case_by_case', 'refusal', 'refused'] as const;
/**
 * standard: assessed and decided by an officer; case_by_case: a measure's exception applies,
 * a reviewer decides; refusal: the destination's new permits are suspended and no exception
 * applies, the only decision open is refusal; refused: an embargo refused it outright.
 */
export type Routing = (typeof routings)[number];

export interface RoutingResult {
  routing: Routing;
  measureId: string | null;
  reason: string;
}

const strictness: Record<Routing, number> = { standard: 0, case_by_case: 1, refusal: 2, refused: 3 };

/**
 * Where an application goes, from the measures on its destination in force on `date` and its
 * programme tags. An embargo refuses outright; a suspension of new permits routes to refusal
 * unless a tag is one of the measure's exceptions (case by case, or allowed as usual). With
 * several measures the strictest outcome wins.
 */
export function routeApplication(measures: readonly DestinationMeasure[], destination: string, tags: readonly string[], date: string): RoutingResult {
  let result: RoutingResult = { routing: 'standard', measureId: null, reason: `no measure on ${destination} in force on ${date}` };
  for (const m of measures) {
    if (m.country !== destination || !measureInForce(m, date)) continue;
    let next: RoutingResult;
    if (m.kind === 'embargo') {
      next = { routing: 'refused', measureId: m.id, reason: `embargo ${m.id} on ${destination} (${m.reason}) refuses new permits outright` };
    } else {
      const exception = m.exceptions.find((e) => tags.includes(e.tag));
      if (!exception) {
        next = { routing: 'refusal', measureId: m.id, reason: `new permits to ${destination} are suspended by ${m.id} (${m.reason}); no programme tag of the application is an exception (${m.exceptions.map((e) => e.tag).join(', ') || 'none'})` };
      } else if (exception.treatment === 'case_by_case') {
        next = { routing: 'case_by_case', measureId: m.id, reason: `new permits to ${destination} are suspended by ${m.id}; tag '${exception.tag}' is an exception assessed case by case by a reviewer` };
      } else {
        next = { routing: 'standard', measureId: m.id, reason: `new permits to ${destination} are suspended by ${m.id}; tag '${exception.tag}' is exempted` };
      }
    }
    if (strictness[next.routing] > strictness[result.routing] || (result.measureId === null && next.measureId !== null && next.routing === result.routing)) result = next;
  }
  return result;
}
