import { AppError } from '../shared/errors.js';

export const permitStatuses = [
  'draft',
  'submitted',
  'under_assessment',
  'issued',
  'refused',
  'suspended',
  'reinstated',
  'cancelled',
  'expired',
  'exhausted',
] as const;
export type PermitStatus = (typeof permitStatuses)[number];

interface StatusRule {
  /** Statuses reachable from this one. */
  to: readonly PermitStatus[];
  /** A permit in this status authorises shipments. */
  live: boolean;
  /** Set by the system (dates, draw-down), never chosen by a user. */
  derived?: boolean;
}

/** The permit lifecycle, in one table: code asks it, never hard-codes a transition. */
export const permitLifecycle: Record<PermitStatus, StatusRule> = {
  draft: { to: ['submitted'], live: false },
  submitted: { to: ['under_assessment', 'refused'], live: false },
  under_assessment: { to: ['issued', 'refused'], live: false },
  issued: { to: ['suspended', 'cancelled', 'exhausted', 'expired'], live: true },
  suspended: { to: ['reinstated', 'cancelled', 'expired'], live: false },
  reinstated: { to: ['suspended', 'cancelled', 'exhausted', 'expired'], live: true },
  refused: { to: [], live: false },
  cancelled: { to: [], live: false },
  expired: { to: [], live: false, derived: true },
  exhausted: { to: [], live: false, derived: true },
};

/** Statuses in which the validity period runs, so that passing expiresOn means expiry. */
export const runningStatuses: readonly PermitStatus[] = ['issued', 'suspended', 'reinstated'];

export function isPermitStatus(s: string): s is PermitStatus {
  return (permitStatuses as readonly string[]).includes(s);
}

/**
 * The status a permit has on `asOf`: a permit whose validity ran out is expired without
 * anyone having to record it (no job to forget).
 */
export function effectiveStatus(recorded: PermitStatus, expiresOn: string | null, asOf: string): PermitStatus {
  if (expiresOn && asOf > expiresOn && runningStatuses.includes(recorded)) return 'expired';
  return recorded;
}

export function canTransition(from: PermitStatus, to: PermitStatus): boolean {
  return permitLifecycle[from].to.includes(to);
}

/** Throws `invalid_transition` naming the permit, both statuses and what is allowed instead. */
export function assertTransition(permitId: string, from: PermitStatus, to: PermitStatus, bySystem = false): void {
  if (permitLifecycle[to].derived && !bySystem) {
    throw new AppError('invalid_transition', `permit ${permitId}: '${to}' is set by the system (dates, shipments), not by hand`);
  }
  if (!canTransition(from, to)) {
    const allowed = permitLifecycle[from].to.filter((s) => bySystem || !permitLifecycle[s].derived);
    throw new AppError(
      'invalid_transition',
      `permit ${permitId} is ${from}; it cannot become ${to}` +
        (allowed.length ? ` (allowed: ${allowed.join(', ')})` : ' (no further transition is allowed)'),
    );
  }
}
