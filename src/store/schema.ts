/**
 * The database schema as Kysely sees it. Lists and small objects are stored as JSON text so
 * the same columns work on SQLite and PostgreSQL; booleans are 0/1 integers for the same reason.
 */
export interface PartiesTable {
  id: string;
  name: string;
  aliases: string; // JSON string[]
  kind: string;
  country: string;
  parent_id: string | null;
}

export interface ItemsTable {
  id: string;
  name: string;
  aliases: string; // JSON string[]
  manufacturer_id: string | null;
  category: string | null;
  control_codes: string; // JSON string[]
}

export interface ItemPlatformsTable {
  item_id: string;
  platform: string;
}

export interface PermitsTable {
  id: string;
  exporter_id: string;
  origin: string;
  destination: string;
  consignee_id: string | null;
  end_user_id: string;
  ultimate_end_user_id: string | null;
  intermediary_ids: string; // JSON string[]
  end_use: string | null;
  issued_on: string | null;
  expires_on: string | null;
  status: string; // the recorded status; expiry is derived from expires_on when read
  /** When the status the permit was created with took effect (history before any transition). */
  status_since: string;
  programme_tags: string; // JSON string[]
}

export interface PermitTransitionsTable {
  permit_id: string;
  seq: number;
  from_status: string;
  to_status: string;
  effective_on: string;
  actor: string;
  reason: string;
}

export interface PermitLinesTable {
  permit_id: string;
  line_no: number;
  item_id: string;
  quantity: number;
  value: number | null;
  currency: string | null;
  shipped_quantity: number;
  shipped_value: number;
}

export interface AssurancesTable {
  id: string;
  permit_id: string;
  position: number;
  kind: string;
  signatory: string | null;
  signed_on: string | null;
  no_reexport: number;
  excluded_regions: string; // JSON string[]
  inspection_consent: number;
  notes: string | null;
  status: string;
}

export interface AssuranceStatusesTable {
  assurance_id: string;
  seq: number;
  status: string;
  effective_on: string;
  reason: string | null;
  actor: string;
}

export interface ShipmentsTable {
  id: string;
  permit_id: string;
  shipped_on: string;
  reference: string | null;
}

export interface ShipmentLinesTable {
  shipment_id: string;
  line_no: number;
  quantity: number;
  value: number;
}

export interface MeasuresTable {
  id: string;
  country: string;
  kind: string;
  starts_on: string;
  ends_on: string | null;
  reason: string;
  exceptions: string; // JSON [{tag, treatment}]
}

export interface AuditLogTable {
  seq: number;
  at: string;
  actor: string;
  verb: string;
  object_type: string;
  object_id: string;
  reason: string | null;
  payload: string; // JSON text exactly as hashed
  prev_hash: string;
  hash: string;
}

/** One row: the last entry of the chain, so that deleting the newest entries is detected too. */
export interface AuditHeadTable {
  id: number;
  seq: number;
  hash: string;
}

export interface SourcesTable {
  id: string;
  origin: string;
  kind: string; // file | url | feed | tip
  content_hash: string;
  content_type: string | null;
  format: string;
  size: number;
  raw: string; // base64
  publisher: string | null;
  grade_source: string;
  grade_info: number;
  submitted_by: string;
  received_at: string;
}

export interface DocumentsTable {
  id: string;
  source_id: string;
  text_hash: string;
  origin: string;
  format: string;
  title: string | null;
  url: string | null;
  publisher: string | null;
  published_on: string | null;
  grade_source: string;
  grade_info: number;
  story_key: string;
  signature: string; // JSON number[] (MinHash)
  text: string;
  reading: string; // JSON StoredReading
  ingested_at: string;
}

export interface DocumentBandsTable {
  band: number;
  hash: string;
  document_id: string;
}

export interface MentionsTable {
  document_id: string;
  entry_id: string;
  kind: string;
  start_offset: number;
  end_offset: number;
  surface: string;
  fuzzy: number;
  score: number;
}

export interface ClaimsTable {
  id: string;
  document_id: string;
  start_offset: number;
  end_offset: number;
  modality: string;
  events: string; // JSON
  time_to: string | null;
  payload: string; // JSON Claim
}

export interface DocumentItemsTable {
  document_id: string;
  item_id: string;
}

export interface AlertsTable {
  id: string;
  permit_id: string;
  kind: string;
  status: string;
  score: number;
  document_id: string;
  document_ids: string; // JSON
  item_ids: string; // JSON
  assurance_id: string | null;
  evidence: string; // JSON Quote[]
  explanation: string;
  raised_at: string;
  updated_at: string;
}

export interface FeedsTable {
  id: string;
  url: string;
  added_at: string;
  polled_at: string | null;
  last_result: string | null;
}

/** A sanctions list and the version screening uses now. */
export interface ScreeningListsTable {
  id: string; // e.g. ofac-sdn, un-sc, ca-sema, an FtM dataset name
  current_version_id: number;
  updated_at: string;
}

/** One imported file of a list. */
export interface ListVersionsTable {
  id: number;
  list: string;
  format: string;
  published_on: string | null;
  content_hash: string; // sha256 of the file's bytes
  file_name: string;
  imported_at: string;
  imported_by: string;
  entry_count: number;
  previous_version_id: number | null;
  added: number;
  removed: number;
  changed: number;
}

/** Every entry of a list version, as the importer normalised it. */
export interface ListEntriesTable {
  version_id: number;
  entry_id: string;
  type: string;
  names: string; // JSON ListName[]
  countries: string; // JSON string[]
  birth_dates: string; // JSON string[]
  identifiers: string; // JSON {kind, value}[]
  programmes: string; // JSON string[]
  remarks: string | null;
  entry_hash: string; // sha256 of the normalised entry
}

/** What a version changed against the version before it. */
export interface ListDiffsTable {
  version_id: number;
  entry_id: string;
  change: string; // added | removed | changed
}

/** What screening found for one party and one listed entry (latest state). */
export interface ScreeningResultsTable {
  party_id: string;
  list: string;
  entry_id: string;
  version_id: number; // the list version this result was computed against
  entry_hash: string; // the entry's hash in that version (a change re-opens a false positive)
  query_name: string; // the party's name or alias that scored best
  listed_name: string;
  score: number;
  is_match: number; // 0/1: score ≥ the threshold
  explanation: string;
  status: string; // open | false_positive | closed
  status_reason: string | null;
  reviewed_by: string | null;
  reviewed_at: string | null;
  first_found_at: string;
  screened_at: string;
}

/** One screening of the registry's parties against a list version (full, or its diff). */
export interface ScreeningRunsTable {
  id: number;
  list: string;
  version_id: number;
  scope: string; // full | diff
  parties: number;
  entries: number;
  at: string;
  actor: string;
}

export interface UsersTable {
  name: string;
  role: string;
  active: number;
  added_by: string;
  added_at: string;
}

export interface CasesTable {
  id: string;
  title: string;
  origin: string;
  status: string;
  assignee: string | null;
  opened_by: string;
  opened_at: string;
  updated_at: string;
  /** Cases opened from alerts gather the alerts on one end-user's permits. */
  end_user_id: string | null;
}

export interface CaseLinksTable {
  case_id: string;
  kind: string;
  ref_id: string;
  linked_at: string;
}

export interface CaseNotesTable {
  case_id: string;
  seq: number;
  author: string;
  at: string;
  text: string;
}

export interface VerificationsTable {
  id: string;
  case_id: string;
  kind: string;
  addressee: string;
  requested_by: string;
  requested_on: string;
  due_on: string;
  question: string | null;
  outcome: string | null;
  findings: string | null;
  document_ids: string; // JSON string[]
  recorded_by: string | null;
  recorded_on: string | null;
}

export interface DecisionsTable {
  id: string;
  case_id: string;
  kind: string;
  status: string;
  permit_ids: string; // JSON string[]
  measure: string | null; // JSON measure input
  reason: string;
  effective_on: string;
  proposed_by: string;
  proposed_at: string;
  decided_by: string | null;
  decided_at: string | null;
  decision_note: string | null;
}

export interface ApplicationsTable {
  permit_id: string;
  submitted_by: string;
  submitted_on: string;
  routing: string;
  measure_id: string | null;
  routing_reason: string;
  decided_by: string | null;
  decided_on: string | null;
}

export interface AssessmentsTable {
  id: string;
  permit_id: string;
  criteria_set: string;
  assessor: string;
  at: string;
  findings: string; // JSON CriterionFinding[]
  history: string; // JSON: earlier alerts and cases cited
  recommendation: string;
}

export interface DB {
  sources: SourcesTable;
  documents: DocumentsTable;
  document_bands: DocumentBandsTable;
  mentions: MentionsTable;
  claims: ClaimsTable;
  document_items: DocumentItemsTable;
  alerts: AlertsTable;
  feeds: FeedsTable;
  parties: PartiesTable;
  items: ItemsTable;
  item_platforms: ItemPlatformsTable;
  permits: PermitsTable;
  permit_lines: PermitLinesTable;
  permit_transitions: PermitTransitionsTable;
  assurances: AssurancesTable;
  assurance_statuses: AssuranceStatusesTable;
  shipments: ShipmentsTable;
  shipment_lines: ShipmentLinesTable;
  measures: MeasuresTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  screening_lists: ScreeningListsTable;
  list_versions: ListVersionsTable;
  list_entries: ListEntriesTable;
  list_diffs: ListDiffsTable;
  screening_results: ScreeningResultsTable;
  screening_runs: ScreeningRunsTable;
  users: UsersTable;
  cases: CasesTable;
  case_links: CaseLinksTable;
  case_notes: CaseNotesTable;
  verifications: VerificationsTable;
  decisions: DecisionsTable;
  applications: ApplicationsTable;
  assessments: AssessmentsTable;
}
