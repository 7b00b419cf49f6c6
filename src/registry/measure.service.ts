import { AppError } from '../shared/errors.js';
import { isCountryCode } from '../shared/countries.js';
import { isIsoDate } from '../shared/dates.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import { MeasureRepository } from './measure.repository.js';
import { type DestinationMeasure, type MeasureException, exceptionTreatments, measureKinds } from './measure.types.js';
import type { Problem } from '../shared/errors.js';

export interface AddMeasureInput {
  id?: string;
  country: string;
  kind: string;
  startsOn: string;
  endsOn?: string | null;
  reason: string;
  exceptions?: MeasureException[];
}

/** Every problem with a measure's fields, at once (empty when it is valid). */
export function measureProblems(input: AddMeasureInput): Problem[] {
  const problems: Problem[] = [];
  if (!isCountryCode(input.country)) problems.push({ field: 'country', message: `'${input.country}' is not an ISO 3166 alpha-2 code` });
  if (!(measureKinds as readonly string[]).includes(input.kind)) problems.push({ field: 'kind', message: `'${input.kind}' is not one of ${measureKinds.join(', ')}` });
  if (!isIsoDate(input.startsOn)) problems.push({ field: 'from', message: `'${input.startsOn}' is not a date (YYYY-MM-DD)` });
  if (input.endsOn && !isIsoDate(input.endsOn)) problems.push({ field: 'to', message: `'${input.endsOn}' is not a date (YYYY-MM-DD)` });
  if (input.endsOn && isIsoDate(input.startsOn) && isIsoDate(input.endsOn) && input.endsOn < input.startsOn) {
    problems.push({ field: 'to', message: `ends ${input.endsOn}, before it starts ${input.startsOn}` });
  }
  if (!input.reason?.trim()) problems.push({ field: 'reason', message: 'a reason is required' });
  for (const e of input.exceptions ?? []) {
    if (!e.tag) problems.push({ field: 'exception', message: 'an exception needs a programme tag' });
    if (!(exceptionTreatments as readonly string[]).includes(e.treatment)) {
      problems.push({ field: 'exception', message: `'${e.treatment}' is not one of ${exceptionTreatments.join(', ')}` });
    }
  }
  return problems;
}

/** The id a measure gets when none is given. */
export const defaultMeasureId = (input: AddMeasureInput) => input.id ?? `M-${input.country}-${input.startsOn}-${input.kind}`;

/** Validates every field at once, then records the measure and its audit entry. */
export async function addMeasure(uow: UnitOfWork, input: AddMeasureInput): Promise<DestinationMeasure> {
  const problems = measureProblems(input);
  if (problems.length) throw new AppError('invalid_input', 'the measure is not valid', problems);

  const repo = new MeasureRepository(uow.db);
  const id = defaultMeasureId(input);
  if (await repo.get(id)) throw new AppError('conflict', `measure ${id} already exists`);
  const measure: DestinationMeasure = {
    id,
    country: input.country,
    kind: input.kind as DestinationMeasure['kind'],
    startsOn: input.startsOn,
    endsOn: input.endsOn ?? null,
    reason: input.reason.trim(),
    exceptions: input.exceptions ?? [],
  };
  await repo.insert(measure);
  await uow.audit.record({ verb: 'measure.create', objectType: 'measure', objectId: id, reason: measure.reason, payload: measure });
  return measure;
}
