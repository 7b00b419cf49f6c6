import { createHash } from 'node:crypto';
import { type FiledAlerts, fileAlerts } from '../cases/case.service.js';
import { type DocumentRow, DocumentRepository } from '../evidence/document.repository.js';
import { readingFromJson } from '../evidence/reading.codec.js';
import { rereadDocuments } from '../evidence/reread.service.js';
import { type Knowledge, loadKnowledge } from '../reading/knowledge.js';
import type { Store } from '../store/database.js';
import { transact } from '../store/unit-of-work.js';
import type { Permit } from '../registry/permit.types.js';
import { PermitRepository } from '../registry/permit.repository.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import { AlertRepository, type AlertRow } from './alert.repository.js';
import { type PermitIndex, findingsOf } from './detection.rules.js';
import { draftAlerts } from './detection.score.js';
import type { AlertDraft, DocumentEvidence, InformationCredibility, PermitFacts, SourceReliability } from './detection.types.js';

export interface ReviewScope {
  /** Re-review every permit holding these items (a new document speaks of them). */
  itemIds?: readonly string[];
  /** Re-review exactly these permits (the registry changed them). */
  permitIds?: readonly string[];
}

export interface ReviewSummary {
  permits: number;
  documents: number;
  raised: string[];
  updated: string[];
  withdrawn: string[];
  unchanged: number;
  /** Cases the raised and changed alerts were filed into. */
  cases: FiledAlerts;
}

export const alertId = (permitId: string, kind: string) => `AL-${createHash('sha256').update(`${permitId}\u0000${kind}`).digest('hex').slice(0, 12)}`;

export function permitFacts(p: Permit): PermitFacts {
  return {
    id: p.id,
    origin: p.origin,
    destination: p.destination,
    exporterId: p.exporterId,
    endUserId: p.endUserId,
    consigneeId: p.consigneeId,
    ultimateEndUserId: p.ultimateEndUserId,
    endUse: p.endUse,
    issuedOn: p.issuedOn,
    status: p.status,
    itemIds: [...new Set(p.lines.map((l) => l.itemId))],
    assurances: p.assurances.map((a) => ({ id: a.id, kind: a.kind, noReexport: a.noReexport, excludedRegions: a.excludedRegions, notes: a.notes, status: a.status })),
  };
}

export function documentEvidence(d: DocumentRow): DocumentEvidence {
  return {
    documentId: d.id,
    title: d.title,
    publisher: d.publisher,
    publishedOn: d.published_on,
    grade: { source: d.grade_source as SourceReliability, info: Number(d.grade_info) as InformationCredibility },
    storyKey: d.story_key,
    text: d.text,
    reading: readingFromJson(d.reading, d.text),
  };
}

/**
 * Whether a stored alert already says what the draft says. A withdrawn alert that is
 * supported again is raised again; an open or settled one (actioned, dismissed) with the
 * same evidence, score and explanation is left as it is, so a decision is not undone by the
 * next review, while anything new on it opens it again.
 */
function sameAlert(row: AlertRow, draft: AlertDraft): boolean {
  return (
    row.status !== 'withdrawn' &&
    Number(row.score) === draft.score &&
    row.document_id === draft.documentId &&
    row.document_ids === JSON.stringify(draft.documentIds) &&
    row.evidence === JSON.stringify(draft.evidence) &&
    row.explanation === draft.explanation
  );
}

/**
 * Runs detection from stored claims for the permits in scope and brings their alerts in
 * line: new contradictions raise alerts, changed ones update them (a new source raises the
 * score), and alerts no longer supported are withdrawn. Only permits holding the items in
 * scope are loaded (the permit_lines item index), and only documents that speak of those
 * items (the document_items index). Every change is audited in the caller's transaction.
 */
export async function reviewPermits(uow: UnitOfWork, knowledge: Knowledge, scope: ReviewScope, asOf: string): Promise<ReviewSummary> {
  const alerts = new AlertRepository(uow.db);
  const documents = new DocumentRepository(uow.db);
  let permitIds: string[];
  let itemIds: string[];
  if (scope.permitIds) {
    permitIds = [...new Set(scope.permitIds)];
    itemIds = await alerts.itemsOfPermits(permitIds);
  } else {
    itemIds = [...new Set(scope.itemIds ?? [])];
    permitIds = await alerts.permitIdsForItems(itemIds);
  }
  const summary: ReviewSummary = { permits: permitIds.length, documents: 0, raised: [], updated: [], withdrawn: [], unchanged: 0, cases: { opened: [], updated: [] } };
  if (permitIds.length === 0) return summary;

  const permits = new Map<string, PermitFacts>();
  for (const p of (await new PermitRepository(uow.db).getMany(permitIds, asOf)).values()) permits.set(p.id, permitFacts(p));
  const byItem = new Map<string, PermitFacts[]>();
  for (const p of permits.values()) for (const i of p.itemIds) byItem.set(i, [...(byItem.get(i) ?? []), p]);
  const index: PermitIndex = { permitsFor: (itemId) => byItem.get(itemId) ?? [] };

  const docs = await documents.forItems(itemIds);
  summary.documents = docs.length;
  const findings = docs.flatMap((d) => findingsOf(documentEvidence(d), index, knowledge));
  const drafts = new Map(draftAlerts(findings, permits, knowledge).map((d) => [alertId(d.permitId, d.kind), d]));

  const now = new Date().toISOString();
  const existing = await alerts.forPermits([...permits.keys()]);
  for (const row of existing) {
    const draft = drafts.get(row.id);
    drafts.delete(row.id);
    if (!draft) {
      if (row.status === 'withdrawn') continue;
      await alerts.update(row.id, { status: 'withdrawn', updated_at: now });
      await uow.audit.record({ verb: 'alert.withdraw', objectType: 'alert', objectId: row.id, reason: 'no stored evidence supports it any more', payload: { permitId: row.permit_id, kind: row.kind } });
      summary.withdrawn.push(row.id);
      continue;
    }
    if (sameAlert(row, draft)) {
      summary.unchanged++;
      continue;
    }
    await alerts.update(row.id, {
      status: 'open',
      score: draft.score,
      document_id: draft.documentId,
      document_ids: JSON.stringify(draft.documentIds),
      item_ids: JSON.stringify(draft.itemIds),
      assurance_id: draft.assuranceId,
      evidence: JSON.stringify(draft.evidence),
      explanation: draft.explanation,
      updated_at: now,
    });
    await uow.audit.record({
      verb: 'alert.update',
      objectType: 'alert',
      objectId: row.id,
      payload: { permitId: draft.permitId, kind: draft.kind, score: draft.score, from: Number(row.score), documentIds: draft.documentIds, ...(row.status !== 'open' && { reopenedFrom: row.status }) },
    });
    summary.updated.push(row.id);
  }
  for (const [id, d] of drafts) {
    await alerts.insert({
      id,
      permit_id: d.permitId,
      kind: d.kind,
      status: 'open',
      score: d.score,
      document_id: d.documentId,
      document_ids: JSON.stringify(d.documentIds),
      item_ids: JSON.stringify(d.itemIds),
      assurance_id: d.assuranceId,
      evidence: JSON.stringify(d.evidence),
      explanation: d.explanation,
      raised_at: now,
      updated_at: now,
    });
    await uow.audit.record({ verb: 'alert.raise', objectType: 'alert', objectId: id, payload: { permitId: d.permitId, kind: d.kind, score: d.score, documentIds: d.documentIds } });
    summary.raised.push(id);
  }
  summary.cases = await fileAlerts(uow, [...summary.raised, ...summary.updated], asOf);
  return summary;
}

/**
 * After the registry changed (an import, new permits or parties): runs detection again from
 * the stored claims for every permit holding an item that stored documents speak of — the
 * only permits whose alerts can change. Nothing to do when no document is stored.
 */
export async function reviewAfterRegistryChange(store: Store, actor: string, asOf: string): Promise<ReviewSummary | null> {
  const repo = new DocumentRepository(store.db);
  if ((await repo.count()) === 0) return null;
  const knowledge = await loadKnowledge(store.db);
  return transact(store, actor, async (uow) => {
    // Names the registry did not know when a report was stored (a new item, alias or
    // excluded region) are found by reading the stored texts again.
    await rereadDocuments(uow, knowledge);
    const itemIds = await new DocumentRepository(uow.db).allItemIds();
    return reviewPermits(uow, knowledge, { itemIds }, asOf);
  });
}
