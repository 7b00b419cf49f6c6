import type { CaseStatus } from './case.lifecycle.js';

export const caseOrigins = ['alert', 'tip', 'manual', 'measure'] as const;
export type CaseOrigin = (typeof caseOrigins)[number];

export const caseLinkKinds = ['alert', 'permit', 'document', 'application', 'measure', 'case'] as const;
export type CaseLinkKind = (typeof caseLinkKinds)[number];

export interface CaseLink {
  kind: CaseLinkKind;
  refId: string;
  linkedAt: string;
}

export interface CaseNote {
  seq: number;
  author: string;
  at: string;
  text: string;
}

export interface Case {
  id: string;
  title: string;
  origin: CaseOrigin;
  status: CaseStatus;
  assignee: string | null;
  openedBy: string;
  openedAt: string;
  updatedAt: string;
  endUserId: string | null;
  links: CaseLink[];
  notes: CaseNote[];
}
