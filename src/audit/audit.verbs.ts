/** The closed list of things the audit trail can say happened. */
export const auditVerbs = [
  'party.create',
  'party.update',
  'item.create',
  'item.update',
  'permit.create',
  'permit.update',
  'permit.transition',
  'assurance.status',
  'shipment.record',
  'measure.create',
  'registry.import',
  'source.ingest',
  'document.create',
  'document.reread',
  'alert.raise',
  'alert.update',
  'alert.withdraw',
  'feed.add',
  'feed.poll',
  'list.import',
  'screening.run',
  'hit.raise',
  'hit.close',
  'hit.reopen',
  'hit.false_positive',
] as const;

export type AuditVerb = (typeof auditVerbs)[number];

export type AuditObjectType = 'party' | 'item' | 'permit' | 'assurance' | 'shipment' | 'measure' | 'import' | 'source' | 'document' | 'alert' | 'feed' | 'list' | 'hit';
