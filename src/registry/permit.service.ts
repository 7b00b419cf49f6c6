import { AppError, notFound } from '../shared/errors.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import { type PermitStatus, assertTransition, canTransition, permitLifecycle } from './permit.lifecycle.js';
import { type PermitFilter, PermitRepository } from './permit.repository.js';
import type { Permit } from './permit.types.js';

export interface TransitionInput {
  permitId: string;
  to: PermitStatus;
  reason: string;
  asOf: string;
}

function requireReason(reason: string): string {
  const r = reason?.trim();
  if (!r) throw new AppError('invalid_input', 'a reason is required for every permit transition', [{ field: 'reason', message: 'missing' }]);
  return r;
}

async function applyTransition(uow: UnitOfWork, permit: Permit, to: PermitStatus, reason: string, bySystem = false): Promise<void> {
  assertTransition(permit.id, permit.status, to, bySystem);
  await new PermitRepository(uow.db).setStatus(permit.id, to);
  await uow.audit.record({
    verb: 'permit.transition',
    objectType: 'permit',
    objectId: permit.id,
    reason,
    payload: { from: permit.status, to },
  });
}

/** Moves one permit to `to`; refuses with `invalid_transition` what the lifecycle table forbids. */
export async function transitionPermit(uow: UnitOfWork, input: TransitionInput): Promise<Permit> {
  const reason = requireReason(input.reason);
  const repo = new PermitRepository(uow.db);
  const permit = await repo.get(input.permitId, input.asOf);
  if (!permit) throw notFound('permit', input.permitId);
  await applyTransition(uow, permit, input.to, reason);
  return { ...permit, status: input.to, recordedStatus: input.to };
}

/** Lets the system record a derived status (exhausted) with the same audit as any other. */
export async function transitionBySystem(uow: UnitOfWork, permit: Permit, to: PermitStatus, reason: string): Promise<void> {
  await applyTransition(uow, permit, to, reason, true);
}

export interface BulkTransitionInput {
  filter: Omit<PermitFilter, 'status' | 'limit'>;
  to: PermitStatus;
  reason: string;
  asOf: string;
}

export interface BulkTransitionResult {
  changed: { id: string; from: PermitStatus }[];
  skipped: { id: string; status: PermitStatus; why: string }[];
}

/**
 * Applies one transition to every permit the filter selects, in the caller's transaction
 * (Canada cancelled 29 permits in one act). Permits already past the point of the
 * transition are reported as skipped; if none can move, nothing is done and it fails.
 */
export async function transitionPermits(uow: UnitOfWork, input: BulkTransitionInput): Promise<BulkTransitionResult> {
  const reason = requireReason(input.reason);
  if (permitLifecycle[input.to].derived) assertTransition('(bulk)', 'issued', input.to);
  const { ids: _ids, ...rest } = input.filter;
  if (!input.filter.ids && Object.values(rest).every((v) => v === undefined)) {
    throw new AppError('invalid_input', 'a bulk action needs permit ids or at least one of --destination, --item, --exporter');
  }
  const repo = new PermitRepository(uow.db);
  const permits = await repo.list(input.filter, input.asOf);
  if (input.filter.ids) {
    const found = new Set(permits.map((p) => p.id));
    const missing = input.filter.ids.filter((id) => !found.has(id));
    if (missing.length) throw notFound(missing.length > 1 ? 'permits' : 'permit', missing.join(', '));
  }
  if (permits.length === 0) throw new AppError('not_found', 'no permit matches the selection');
  const result: BulkTransitionResult = { changed: [], skipped: [] };
  for (const p of permits) {
    if (canTransition(p.status, input.to)) {
      await applyTransition(uow, p, input.to, reason);
      result.changed.push({ id: p.id, from: p.status });
    } else {
      result.skipped.push({ id: p.id, status: p.status, why: `is ${p.status}, cannot become ${input.to}` });
    }
  }
  if (result.changed.length === 0) {
    throw new AppError(
      'invalid_transition',
      `none of the ${permits.length} selected permit(s) can become ${input.to}: ` +
        result.skipped.map((s) => `${s.id} ${s.why}`).join('; '),
    );
  }
  return result;
}
