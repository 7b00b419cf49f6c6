import type { PermitStatus } from '../registry/permit.lifecycle.js';
import type { AddMeasureInput } from '../registry/measure.service.js';

export const decisionKinds = ['no_action', 'suspend_permits', 'reinstate_permits', 'cancel_permits', 'add_measure'] as const;
export type DecisionKind = (typeof decisionKinds)[number];

export const decisionStatuses = ['proposed', 'approved', 'rejected'] as const;
export type DecisionStatus = (typeof decisionStatuses)[number];

/** The permit status each permit-changing decision moves its permits to. */
export const permitTarget: Partial<Record<DecisionKind, PermitStatus>> = {
  suspend_permits: 'suspended',
  reinstate_permits: 'reinstated',
  cancel_permits: 'cancelled',
};

/**
 * Decisions that change permits or steer applications need four eyes: proposed by one user,
 * in effect only once a different user with the reviewer role approves. "No action" changes
 * nothing and takes effect when recorded.
 */
export function needsApproval(kind: DecisionKind): boolean {
  return kind !== 'no_action';
}

export interface Decision {
  id: string;
  caseId: string;
  kind: DecisionKind;
  status: DecisionStatus;
  permitIds: string[];
  measure: AddMeasureInput | null;
  reason: string;
  /** The proposal's date until approved; then the date it took effect. */
  effectiveOn: string;
  proposedBy: string;
  proposedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}
