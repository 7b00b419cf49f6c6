import { assertCaseOpen } from '../cases/case.lifecycle.js';
import { fileMeasure, linkToCase, moveCase, requireCase } from '../cases/case.service.js';
import { type AddMeasureInput, addMeasure, defaultMeasureId, measureProblems } from '../registry/measure.service.js';
import { MeasureRepository } from '../registry/measure.repository.js';
import { canTransition } from '../registry/permit.lifecycle.js';
import { PermitRepository } from '../registry/permit.repository.js';
import { transitionPermit } from '../registry/permit.service.js';
import { AppError, notFound } from '../shared/errors.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import { actingUser } from '../users/user.service.js';
import { settleAlerts } from './alert.settlement.js';
import { DecisionRepository } from './decision.repository.js';
import { type Decision, type DecisionKind, decisionKinds, needsApproval, permitTarget } from './decision.types.js';

export interface ProposeDecisionInput {
  caseId: string;
  kind: string;
  /** Permits to act on; by default every permit linked to the case that can make the move. */
  permitIds?: readonly string[];
  measure?: AddMeasureInput;
  reason: string;
  asOf: string;
}

export interface ProposedDecision {
  decision: Decision;
  /** Permits of the case left out of a default selection, and why. */
  leftOut: { id: string; why: string }[];
}

const now = () => new Date().toISOString();

/**
 * Records a decision on a case. One that changes permits or adds a measure waits for a
 * reviewer's approval; "no action" takes effect at once. Every permit named must be able to
 * make the move now, or nothing is recorded.
 */
export async function proposeDecision(uow: UnitOfWork, input: ProposeDecisionInput): Promise<ProposedDecision> {
  await actingUser(uow.db, uow.actor, 'decisions.propose');
  const c = await requireCase(uow, input.caseId);
  assertCaseOpen(c.id, c.status, 'decide on it');
  if (!(decisionKinds as readonly string[]).includes(input.kind)) {
    throw new AppError('invalid_input', `decision '${input.kind}' is not one of ${decisionKinds.join(', ')}`, [{ field: 'kind', message: 'unknown' }]);
  }
  const kind = input.kind as DecisionKind;
  const reason = input.reason?.trim();
  if (!reason) throw new AppError('invalid_input', 'a decision needs a reason', [{ field: 'reason', message: 'missing' }]);
  const repo = new DecisionRepository(uow.db);
  let permitIds: string[] = [];
  const leftOut: { id: string; why: string }[] = [];
  const target = permitTarget[kind];
  if (target) {
    const explicit = input.permitIds && input.permitIds.length > 0;
    const candidates = explicit ? [...new Set(input.permitIds)] : c.links.filter((l) => l.kind === 'permit').map((l) => l.refId);
    const permits = await new PermitRepository(uow.db).getMany(candidates, input.asOf);
    const missing = candidates.filter((id) => !permits.has(id));
    if (missing.length) throw notFound(missing.length > 1 ? 'permits' : 'permit', missing.join(', '));
    for (const id of candidates) {
      const p = permits.get(id)!;
      if (canTransition(p.status, target)) permitIds.push(id);
      else leftOut.push({ id, why: `is ${p.status}, cannot become ${target}` });
    }
    if (explicit && leftOut.length) {
      throw new AppError('invalid_transition', `decision not recorded: ${leftOut.map((l) => `permit ${l.id} ${l.why}`).join('; ')}`);
    }
    if (permitIds.length === 0) {
      throw new AppError('invalid_transition', `no permit of case ${c.id} can become ${target}` + (leftOut.length ? `: ${leftOut.map((l) => `${l.id} ${l.why}`).join('; ')}` : ' (the case links no permit; name them with --permit)'));
    }
    const pending = (await repo.list({ caseId: c.id, status: 'proposed' })).filter((d) => d.permitIds.some((id) => permitIds.includes(id)));
    if (pending.length) {
      throw new AppError('conflict', `decision ${pending[0].id} (${pending[0].kind}) on the same permits awaits approval; approve or reject it first`);
    }
  } else if (input.permitIds?.length) {
    throw new AppError('invalid_input', `a ${kind} decision names no permits`);
  }
  let measure: AddMeasureInput | null = null;
  if (kind === 'add_measure') {
    if (!input.measure) throw new AppError('invalid_input', 'an add_measure decision needs the measure (--country, --measure-kind, --from)');
    measure = { ...input.measure, reason: input.measure.reason?.trim() || reason };
    const problems = measureProblems(measure);
    if (problems.length) throw new AppError('invalid_input', 'the measure is not valid', problems);
    measure.id = defaultMeasureId(measure);
    if (await new MeasureRepository(uow.db).get(measure.id)) throw new AppError('conflict', `measure ${measure.id} already exists`);
  }
  const at = now();
  const decision: Decision = {
    id: await repo.nextId(c.id),
    caseId: c.id,
    kind,
    status: needsApproval(kind) ? 'proposed' : 'approved',
    permitIds,
    measure,
    reason,
    effectiveOn: input.asOf,
    proposedBy: uow.actor,
    proposedAt: at,
    decidedBy: needsApproval(kind) ? null : uow.actor,
    decidedAt: needsApproval(kind) ? null : at,
    decisionNote: null,
  };
  await repo.insert(decision);
  await uow.audit.record({ verb: 'decision.propose', objectType: 'decision', objectId: decision.id, reason, payload: { caseId: c.id, kind, permitIds, measure, status: decision.status } });
  if (permitIds.length) await linkToCase(uow, c.id, permitIds.map((refId) => ({ kind: 'permit' as const, refId })));
  if (!needsApproval(kind)) {
    await settleAlerts(uow, decision, c);
    await moveCase(uow, c, 'decided', `decision ${decision.id}: ${kind}`);
  }
  return { decision, leftOut };
}

/** Loads a decision still awaiting approval, and the reviewer settling it (never its proposer). */
async function settleable(uow: UnitOfWork, decisionId: string, verb: 'approve' | 'reject'): Promise<Decision> {
  const d = await new DecisionRepository(uow.db).get(decisionId);
  if (!d) throw notFound('decision', decisionId);
  if (d.proposedBy === uow.actor) {
    throw new AppError('forbidden', `four eyes: ${uow.actor} proposed decision ${d.id} and cannot ${verb} it; another user with the reviewer role must`);
  }
  await actingUser(uow.db, uow.actor, 'decisions.approve');
  if (d.status !== 'proposed') {
    throw new AppError('conflict', `decision ${d.id} is already ${d.status}${d.decidedBy ? ` by ${d.decidedBy} on ${d.decidedAt?.slice(0, 10)}` : ''}`);
  }
  const c = await requireCase(uow, d.caseId);
  assertCaseOpen(c.id, c.status, `${verb} decision ${d.id}`);
  return d;
}

/**
 * Approves a proposal: its permit moves go through the registry's lifecycle (each audited
 * with the case and decision as the reason), or its measure is added, in this transaction.
 * If any permit can no longer make the move, nothing changes.
 */
export async function approveDecision(uow: UnitOfWork, decisionId: string, asOf: string, note?: string): Promise<Decision> {
  const d = await settleable(uow, decisionId, 'approve');
  const reason = `case ${d.caseId}, decision ${d.id} (proposed by ${d.proposedBy}, approved by ${uow.actor}): ${d.reason}`;
  const target = permitTarget[d.kind];
  if (target) {
    const permits = await new PermitRepository(uow.db).getMany(d.permitIds, asOf);
    // Permits are never deleted, so every permit a proposal named is still there.
    const blocked = d.permitIds.map((id) => permits.get(id)!).filter((p) => !canTransition(p.status, target));
    if (blocked.length) {
      throw new AppError('invalid_transition', `decision ${d.id} cannot take effect: ${blocked.map((p) => `permit ${p.id} is now ${p.status}, cannot become ${target}`).join('; ')}`);
    }
    for (const id of d.permitIds) await transitionPermit(uow, { permitId: id, to: target, reason, asOf });
  }
  if (d.kind === 'add_measure' && d.measure) {
    const measure = await addMeasure(uow, d.measure);
    await linkToCase(uow, d.caseId, [{ kind: 'measure', refId: measure.id }]);
    await fileMeasure(uow, measure, asOf, d.caseId);
  }
  await new DecisionRepository(uow.db).settle(d.id, { status: 'approved', decidedBy: uow.actor, decidedAt: now(), effectiveOn: asOf, note: note?.trim() || null });
  await uow.audit.record({ verb: 'decision.approve', objectType: 'decision', objectId: d.id, reason: note?.trim() || null, payload: { caseId: d.caseId, kind: d.kind, permitIds: d.permitIds, effectiveOn: asOf } });
  // As the case is now: filing a new measure above may have changed it.
  const c = await requireCase(uow, d.caseId);
  await settleAlerts(uow, d, c);
  await moveCase(uow, c, 'decided', `decision ${d.id} approved: ${d.kind}`);
  return (await new DecisionRepository(uow.db).get(d.id))!;
}

/** Rejects a proposal, with the reviewer's reason; nothing it proposed happens. */
export async function rejectDecision(uow: UnitOfWork, decisionId: string, asOf: string, note: string): Promise<Decision> {
  if (!note?.trim()) throw new AppError('invalid_input', 'a rejection needs a reason', [{ field: 'reason', message: 'missing' }]);
  const d = await settleable(uow, decisionId, 'reject');
  await new DecisionRepository(uow.db).settle(d.id, { status: 'rejected', decidedBy: uow.actor, decidedAt: now(), effectiveOn: asOf, note: note.trim() });
  await uow.audit.record({ verb: 'decision.reject', objectType: 'decision', objectId: d.id, reason: note.trim(), payload: { caseId: d.caseId, kind: d.kind, permitIds: d.permitIds } });
  return (await new DecisionRepository(uow.db).get(d.id))!;
}

