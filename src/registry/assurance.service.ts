import { AppError, notFound } from '../shared/errors.js';
import { isIsoDate } from '../shared/dates.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import { type AssuranceStatus, assuranceLifecycle, assuranceStatuses } from './assurance.types.js';
import { PermitRepository } from './permit.repository.js';

export interface SetAssuranceStatusInput {
  assuranceId: string;
  status: string;
  reason: string;
  /** The date the new status takes effect (e.g. the day a breach was established). */
  effectiveOn: string;
}

/**
 * Records a change in an assurance's standing (under review, breached, withdrawn, …) with
 * the date it takes effect; the history is kept, not overwritten.
 */
export async function setAssuranceStatus(uow: UnitOfWork, input: SetAssuranceStatusInput): Promise<void> {
  if (!(assuranceStatuses as readonly string[]).includes(input.status)) {
    throw new AppError('invalid_input', `'${input.status}' is not an assurance status (${assuranceStatuses.join(', ')})`);
  }
  if (!isIsoDate(input.effectiveOn)) throw new AppError('invalid_input', `'${input.effectiveOn}' is not a date (YYYY-MM-DD)`);
  if (!input.reason?.trim()) throw new AppError('invalid_input', 'a reason is required');
  const repo = new PermitRepository(uow.db);
  const permitId = await repo.permitOfAssurance(input.assuranceId);
  if (!permitId) throw notFound('assurance', input.assuranceId);
  const permit = await repo.get(permitId, input.effectiveOn);
  const current = permit?.assurances.find((a) => a.id === input.assuranceId);
  const status = input.status as AssuranceStatus;
  if (current?.status === status) {
    throw new AppError('invalid_transition', `assurance ${input.assuranceId} is already ${status}`);
  }
  const allowed = current ? assuranceLifecycle[current.status] : assuranceStatuses;
  if (current && !allowed.includes(status)) {
    throw new AppError(
      'invalid_transition',
      `assurance ${input.assuranceId} is ${current.status}; it cannot become ${status}` + (allowed.length ? ` (allowed: ${allowed.join(', ')})` : ' (it has ended)'),
    );
  }
  await repo.setAssuranceStatus(input.assuranceId, { status, effectiveOn: input.effectiveOn, reason: input.reason.trim(), actor: uow.actor });
  await uow.audit.record({
    verb: 'assurance.status',
    objectType: 'assurance',
    objectId: input.assuranceId,
    reason: input.reason.trim(),
    payload: { permitId, from: current?.status ?? null, to: status, effectiveOn: input.effectiveOn },
  });
}
