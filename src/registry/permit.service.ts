import { isIsoDate } from '../shared/dates.js';
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
  /** When issuing: the validity period (issuedOn defaults to asOf; expiresOn is required unless already set). */
  issuedOn?: string;
  expiresOn?: string;
}

function requireReason(reason: string): string {
  const r = reason?.trim();
  if (!r) throw new AppError('invalid_input', 'a reason is required for every permit transition', [{ field: 'reason', message: 'missing' }]);
  return r;
}

/**
 * Applies one transition taking effect on `effectiveOn`. A transition cannot take effect
 * before the permit's last change: history is appended to, never rewritten.
 */
async function applyTransition(
  uow: UnitOfWork,
  permit: Permit,
  to: PermitStatus,
  reason: string,
  effectiveOn: string,
  opts: { bySystem?: boolean; extra?: object } = {},
): Promise<void> {
  assertTransition(permit.id, permit.status, to, opts.bySystem);
  const last = permit.timeline[permit.timeline.length - 1];
  if (last && effectiveOn < last.since) {
    throw new AppError('invalid_transition', `permit ${permit.id} became ${last.status} on ${last.since}; a change cannot take effect earlier (${effectiveOn})`);
  }
  await new PermitRepository(uow.db).recordTransition(permit.id, { from: permit.status, to, effectiveOn, actor: uow.actor, reason });
  await uow.audit.record({
    verb: 'permit.transition',
    objectType: 'permit',
    objectId: permit.id,
    reason,
    payload: { from: permit.status, to, effectiveOn, ...opts.extra },
  });
}

/** Moves one permit to `to`; refuses with `invalid_transition` what the lifecycle table forbids. */
export async function transitionPermit(uow: UnitOfWork, input: TransitionInput): Promise<Permit> {
  const reason = requireReason(input.reason);
  const repo = new PermitRepository(uow.db);
  const permit = await repo.get(input.permitId, input.asOf);
  if (!permit) throw notFound('permit', input.permitId);
  if (input.to !== 'issued' && (input.issuedOn || input.expiresOn)) {
    throw new AppError('invalid_input', 'issue and expiry dates are set only when a permit is issued');
  }
  if (input.to === 'issued') {
    const issuedOn = input.issuedOn ?? permit.issuedOn ?? input.asOf;
    const expiresOn = input.expiresOn ?? permit.expiresOn;
    const problems = [];
    if (!isIsoDate(issuedOn)) problems.push({ field: 'issuedOn', message: `'${issuedOn}' is not a date (YYYY-MM-DD)` });
    if (!expiresOn) problems.push({ field: 'expiresOn', message: 'an issued permit needs an expiry date' });
    else if (!isIsoDate(expiresOn)) problems.push({ field: 'expiresOn', message: `'${expiresOn}' is not a date (YYYY-MM-DD)` });
    else if (expiresOn < issuedOn) problems.push({ field: 'expiresOn', message: `expires ${expiresOn}, before it is issued ${issuedOn}` });
    if (problems.length) throw new AppError('invalid_input', `permit ${permit.id} cannot be issued`, problems);
    assertTransition(permit.id, permit.status, 'issued');
    await repo.setValidity(permit.id, issuedOn, expiresOn!);
    await applyTransition(uow, permit, 'issued', reason, issuedOn, { extra: { issuedOn, expiresOn } });
  } else {
    await applyTransition(uow, permit, input.to, reason, input.asOf);
  }
  // Read back, so that the timeline and the effective status include the move.
  return (await repo.get(permit.id, input.asOf))!;
}

/** Lets the system record a derived status (exhausted) with the same audit as any other. */
export async function transitionBySystem(uow: UnitOfWork, permit: Permit, to: PermitStatus, reason: string, effectiveOn: string): Promise<void> {
  await applyTransition(uow, permit, to, reason, effectiveOn, { bySystem: true });
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
      await applyTransition(uow, p, input.to, reason, input.asOf);
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
