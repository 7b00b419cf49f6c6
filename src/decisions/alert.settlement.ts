import type { Case } from '../cases/case.types.js';
import { AlertRepository } from '../detection/alert.repository.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import type { Decision } from './decision.types.js';

/** What became of an alert once a decision in its case took effect. */
export type SettledStatus = 'actioned' | 'dismissed';

/**
 * Settles the open alerts of a case once one of its decisions is in effect, so that the
 * alert queue shows only what nobody has answered yet: a "no action" decision dismisses them;
 * a decision that moves permits or adds a measure marks them actioned (only the alerts on
 * the permits it moved, when it names permits). New evidence on a settled alert opens it
 * again (detection, review.service.ts), and its case goes back under review.
 */
export async function settleAlerts(uow: UnitOfWork, d: Decision, c: Pick<Case, 'links'>): Promise<string[]> {
  const repo = new AlertRepository(uow.db);
  const status: SettledStatus = d.kind === 'no_action' ? 'dismissed' : 'actioned';
  const settled: string[] = [];
  const at = new Date().toISOString();
  for (const link of c.links) {
    if (link.kind !== 'alert') continue;
    const alert = await repo.get(link.refId);
    if (!alert || alert.status !== 'open') continue;
    if (d.permitIds.length > 0 && !d.permitIds.includes(alert.permit_id)) continue;
    await repo.update(alert.id, { status, updated_at: at });
    await uow.audit.record({
      verb: 'alert.settle',
      objectType: 'alert',
      objectId: alert.id,
      reason: `case ${d.caseId}, decision ${d.id}: ${d.kind}`,
      payload: { permitId: alert.permit_id, kind: alert.kind, status, caseId: d.caseId, decisionId: d.id },
    });
    settled.push(alert.id);
  }
  return settled;
}
