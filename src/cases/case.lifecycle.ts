import { AppError } from '../shared/errors.js';

export const caseStatuses = ['open', 'under_review', 'verification_requested', 'findings_recorded', 'decided', 'closed'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

/**
 * The case lifecycle, in one table. A case may take several decisions (suspend pending
 * review, later cancel), so `decided` leads back to review, verification and further
 * decisions; only `closed` is final. A case is closed only after a decision (no action is a
 * decision too), so that every case ends with a recorded reason.
 */
export const caseLifecycle: Record<CaseStatus, readonly CaseStatus[]> = {
  open: ['under_review', 'verification_requested', 'findings_recorded', 'decided'],
  under_review: ['verification_requested', 'findings_recorded', 'decided'],
  verification_requested: ['findings_recorded', 'decided', 'under_review'],
  findings_recorded: ['verification_requested', 'decided', 'under_review'],
  decided: ['under_review', 'verification_requested', 'findings_recorded', 'closed'],
  closed: [],
};

export function isCaseStatus(s: string): s is CaseStatus {
  return (caseStatuses as readonly string[]).includes(s);
}

/** Throws `invalid_transition` naming the case, both statuses and what is allowed. */
export function assertCaseTransition(caseId: string, from: CaseStatus, to: CaseStatus): void {
  if (caseLifecycle[from].includes(to)) return;
  const allowed = caseLifecycle[from];
  throw new AppError(
    'invalid_transition',
    `case ${caseId} is ${from}; it cannot become ${to}` + (allowed.length ? ` (allowed: ${allowed.join(', ')})` : ' (a closed case takes no further step)'),
  );
}

/** Refuses any work on a closed case. */
export function assertCaseOpen(caseId: string, status: CaseStatus, what: string): void {
  if (status === 'closed') throw new AppError('invalid_transition', `case ${caseId} is closed; cannot ${what}`);
}
