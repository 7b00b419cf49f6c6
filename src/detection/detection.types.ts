import type { DocumentReading } from '../reading/claims.js';

/** The four ways a report can contradict a permit and its assurances. */
export const alertKinds = ['retransfer', 'restricted_region', 'conflict_misuse', 'capture'] as const;
export type AlertKind = (typeof alertKinds)[number];

/** Admiralty grading: reliability of the source (A–F) and credibility of the information (1–6). */
export type SourceReliability = 'A' | 'B' | 'C' | 'D' | 'E' | 'F';
export type InformationCredibility = 1 | 2 | 3 | 4 | 5 | 6;
export interface Grade {
  source: SourceReliability;
  info: InformationCredibility;
}

export interface AssuranceFacts {
  id: string;
  kind: string;
  noReexport: boolean;
  excludedRegions: string[];
  notes: string | null;
  status: string;
}

/** What detection needs to know about a permit (registry ids, not gazetteer entry ids). */
export interface PermitFacts {
  id: string;
  origin: string;
  destination: string;
  exporterId: string;
  endUserId: string;
  consigneeId: string | null;
  ultimateEndUserId: string | null;
  endUse: string | null;
  issuedOn: string | null;
  status: string;
  itemIds: string[];
  assurances: AssuranceFacts[];
}

export interface PartyFacts {
  id: string;
  name: string;
  kind: string;
  country: string;
  parentId: string | null;
}

/** Registry facts detection consults beyond the permit itself. */
export interface DetectionKnowledge {
  party(partyId: string): PartyFacts | undefined;
  childrenOf(partyId: string): string[];
  itemName(itemId: string): string;
  /** Gazetteer entries (and, for an ISO code, the country) an excluded-region text stands for. */
  excludedRegion(text: string): { entryIds: Set<string>; country: string | null };
  /** The places an excluded-region text names, and its other content words (for paraphrases). */
  excludedRegionParts(text: string): { entries: Set<string>; words: string[] };
}

/** One stored document as detection sees it. */
export interface DocumentEvidence {
  documentId: string;
  title: string | null;
  publisher: string | null;
  publishedOn: string | null;
  grade: Grade;
  /** Documents telling the same story (copies, rewrites) share a key; only independent stories corroborate. */
  storyKey: string;
  text: string;
  reading: DocumentReading;
}

export interface Quote {
  documentId: string;
  quote: string;
  start: number;
  end: number;
}

/** One claim of one document contradicting one permit. */
export interface Finding {
  permitId: string;
  kind: AlertKind;
  itemId: string;
  documentId: string;
  storyKey: string;
  /** Confidence of the reading (item match × actor/place rule × modality), before the source grade. */
  confidence: number;
  /** confidence × source grade weight. */
  weight: number;
  modality: string;
  quote: Quote;
  /** Plain-language reason, e.g. "Azerbaijani forces (AZ) is not the assured end-user". */
  reason: string;
  assuranceId: string | null;
  time: string | null;
}

/** The alert detection proposes for one permit and kind, from every supporting finding. */
export interface AlertDraft {
  permitId: string;
  kind: AlertKind;
  score: number;
  documentId: string;
  documentIds: string[];
  itemIds: string[];
  assuranceId: string | null;
  evidence: Quote[];
  explanation: string;
  findings: Finding[];
}
