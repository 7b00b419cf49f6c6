import type { FindingLevel } from './assessment.criteria.js';

/** An alert or case on another permit sharing an item, the end-user or the destination. */
export interface HistoryEntry {
  kind: 'alert' | 'case';
  id: string;
  /** The permit(s) through which it concerns this application. */
  permitId: string;
  status: string;
  summary: string;
  /** What the other permit shares with this application. */
  why: string[];
}

export interface CriterionFinding {
  criterion: string;
  finding: FindingLevel;
  reasoning: string;
  mitigations: string | null;
  /** Alerts, cases and documents the reasoning relies on. */
  cites: string[];
}

export interface Assessment {
  id: string;
  permitId: string;
  criteriaSet: string;
  assessor: string;
  at: string;
  findings: CriterionFinding[];
  /** The alerts and cases on related permits, as they stood when the assessment was recorded. */
  history: HistoryEntry[];
  recommendation: 'issue' | 'refuse';
}
