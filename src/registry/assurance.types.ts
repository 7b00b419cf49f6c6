export const assuranceKinds = [
  'end_user_certificate',
  'government_assurance',
  'international_import_certificate',
  'delivery_verification_certificate',
  'exporter_undertaking',
  'other',
] as const;
export type AssuranceKind = (typeof assuranceKinds)[number];

export const assuranceStatuses = ['in_force', 'under_review', 'breached', 'withdrawn', 'lapsed'] as const;
export type AssuranceStatus = (typeof assuranceStatuses)[number];

/**
 * How an assurance's standing may change: a report puts it under review, a finding makes it
 * breached (or clears it back to in force); withdrawn and lapsed end it.
 */
export const assuranceLifecycle: Record<AssuranceStatus, readonly AssuranceStatus[]> = {
  in_force: ['under_review', 'breached', 'withdrawn', 'lapsed'],
  under_review: ['in_force', 'breached', 'withdrawn', 'lapsed'],
  breached: ['under_review', 'withdrawn', 'lapsed'],
  withdrawn: [],
  lapsed: [],
};

export interface AssuranceStatusChange {
  status: AssuranceStatus;
  effectiveOn: string;
  reason: string | null;
  actor: string;
}

export interface Assurance {
  id: string;
  permitId: string;
  kind: AssuranceKind;
  signatory: string | null;
  signedOn: string | null;
  noReexport: boolean;
  /** Regions (names or ISO codes) where the items must not be used. */
  excludedRegions: string[];
  inspectionConsent: boolean;
  notes: string | null;
  status: AssuranceStatus;
  history: AssuranceStatusChange[];
}
