/**
 * Sanctions-list entries as screening sees them, whatever list they come from (OFAC SDN,
 * UN Security Council, Canada SEMA, FollowTheMoney JSON lines).
 */
export const entryTypes = ['person', 'organization', 'vessel', 'aircraft'] as const;
export type EntryType = (typeof entryTypes)[number];

export interface ListName {
  name: string;
  /** strong: a primary name or a good-quality alias; weak: a low-quality a.k.a. */
  quality: 'strong' | 'weak';
}

export interface ListEntry {
  /** The list's own id: OFAC ent_num, UN REFERENCE_NUMBER, SEMA item id, FtM id. */
  entryId: string;
  type: EntryType;
  names: ListName[];
  /** ISO 3166-1 alpha-2 where known. */
  countries: string[];
  /** ISO dates or years (yyyy, yyyy-mm, yyyy-mm-dd). */
  birthDates: string[];
  identifiers: { kind: string; value: string }[];
  programmes: string[];
  /** Anything else worth showing a reviewer (remarks, vessel flag, call sign…). */
  remarks: string | null;
}

/** A parsed list file: which list, which version, every entry. */
export interface ParsedList {
  /** e.g. `ofac-sdn`, `un-sc`, `ca-sema`, or the FtM dataset name. */
  list: string;
  format: 'ofac-sdn-csv' | 'un-sc-xml' | 'ca-sema-xml' | 'ftm-jsonl';
  /** The date of the list when the file states it, else null. */
  publishedOn: string | null;
  entries: ListEntry[];
}

/** One listed name meeting one query, and why it scored what it scored. */
export interface ScreeningHit {
  list: string;
  entryId: string;
  /** The listed name that matched best. */
  name: string;
  score: number;
  match: boolean;
  explanation: string;
}
