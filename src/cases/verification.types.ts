export const verificationKinds = ['post_shipment_check', 'diplomatic_enquiry', 'exporter_enquiry'] as const;
export type VerificationKind = (typeof verificationKinds)[number];

export const verificationOutcomes = ['favorable', 'unfavorable', 'no_action', 'unverifiable'] as const;
export type VerificationOutcome = (typeof verificationOutcomes)[number];

export interface Verification {
  id: string;
  caseId: string;
  kind: VerificationKind;
  addressee: string;
  question: string | null;
  requestedBy: string;
  requestedOn: string;
  dueOn: string;
  /** null while the request awaits its answer. */
  outcome: VerificationOutcome | null;
  findings: string | null;
  documentIds: string[];
  recordedBy: string | null;
  recordedOn: string | null;
}

/** Awaiting an answer after its due date. */
export function isOverdue(v: Verification, asOf: string): boolean {
  return v.outcome === null && v.dueOn < asOf;
}
