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

/** One period of a permit's life: `status` from `since` until the next entry. */
export interface StatusPeriod {
  status: PermitStatus;
  since: string;
}

/** Statuses reached only after a permit has been issued. */
const postIssue: readonly PermitStatus[] = ['issued', 'suspended', 'reinstated', 'cancelled', 'expired', 'exhausted'];

/**
 * The status a permit had on `date`, from its timeline (oldest first), with expiry derived
 * from `expiresOn`. Before its first period a permit did not exist as such: `null`.
 */
export function statusOn(timeline: readonly StatusPeriod[], expiresOn: string | null, date: string): PermitStatus | null {
  let current: PermitStatus | null = null;
  for (const period of timeline) {
    if (period.since > date) break;
    current = period.status;
  }
  return current && effectiveStatus(current, expiresOn, date);
}

/**
 * The timeline of a permit: the status it was recorded with (an issued-and-later status
 * is taken to follow issue on issuedOn), then each transition on the date it took effect.
 */
export function buildTimeline(
  initial: { status: PermitStatus; since: string; issuedOn: string | null },
  transitions: readonly { to: PermitStatus; effectiveOn: string }[],
): StatusPeriod[] {
  const out: StatusPeriod[] = [];
  if (initial.status !== 'issued' && postIssue.includes(initial.status) && initial.issuedOn && initial.issuedOn < initial.since) {
    out.push({ status: 'issued', since: initial.issuedOn });
  }
  out.push({ status: initial.status, since: initial.since });
  for (const t of transitions) out.push({ status: t.to, since: t.effectiveOn });
  return out;
}

/**
 * When the status a permit is created with takes effect: an issued permit from its issue
 * date; any other status from the day it is recorded (the ledger knows no earlier date).
 */
export function initialStatusSince(status: PermitStatus, issuedOn: string | null, expiresOn: string | null, recordedOn: string): string {
  if (status === 'issued' && issuedOn) return issuedOn;
  let since = recordedOn;
  // Recorded as expired: it expired the day after its last day of validity, if that is known and earlier.
  if (status === 'expired' && expiresOn && dayAfter(expiresOn) < since) since = dayAfter(expiresOn);
  return issuedOn && postIssue.includes(status) && issuedOn > since ? issuedOn : since;
}

function dayAfter(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
