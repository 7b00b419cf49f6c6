import type { Assurance } from './assurance.types.js';
import type { PermitStatus, StatusPeriod } from './permit.lifecycle.js';

export interface PermitLine {
  lineNo: number;
  itemId: string;
  quantity: number;
  value: number | null;
  currency: string | null;
  shippedQuantity: number;
  shippedValue: number;
}

export interface Permit {
  id: string;
  exporterId: string;
  origin: string;
  destination: string;
  consigneeId: string | null;
  endUserId: string;
  ultimateEndUserId: string | null;
  intermediaryIds: string[];
  endUse: string | null;
  issuedOn: string | null;
  expiresOn: string | null;
  /** Effective status: `expired` is derived from expiresOn and the as-of date. */
  status: PermitStatus;
  /** The status last recorded by a transition or import. */
  recordedStatus: PermitStatus;
  /** Every status the permit has had and the date each took effect, oldest first. */
  timeline: StatusPeriod[];
  programmeTags: string[];
  lines: PermitLine[];
  assurances: Assurance[];
}
