import { readClaims } from '../reading/claims.js';
import type { Knowledge } from '../reading/knowledge.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import { DocumentRepository } from './document.repository.js';
import { readingToJson } from './reading.codec.js';
import { readingRows } from './reading.rows.js';

export interface RereadSummary {
  documents: number;
  changed: string[];
}

const PAGE = 200;

/**
 * Reads every stored document again with what the registry knows now (new parties, items,
 * aliases, platforms, excluded regions), inside the caller's transaction. Documents whose
 * reading is unchanged are left alone; a changed one has its mentions, claims and item index
 * replaced and an audit entry. Detection then runs from the new claims.
 */
export async function rereadDocuments(uow: UnitOfWork, knowledge: Knowledge): Promise<RereadSummary> {
  const repo = new DocumentRepository(uow.db);
  const summary: RereadSummary = { documents: 0, changed: [] };
  for (let after = ''; ; ) {
    const page = await repo.pageToReread(after, PAGE);
    if (page.length === 0) break;
    for (const d of page) {
      summary.documents++;
      const mentions = knowledge.gazetteer.find(d.text);
      const reading = readClaims(d.text, mentions, knowledge, d.published_on);
      const json = readingToJson(reading);
      if (json === d.reading) continue;
      const rows = readingRows(d.id, mentions, reading);
      await repo.replaceReading(d.id, json, rows.mentions, rows.claims, rows.itemIds);
      await uow.audit.record({ verb: 'document.reread', objectType: 'document', objectId: d.id, reason: 'the registry changed', payload: { claims: reading.claims.length, items: rows.itemIds } });
      summary.changed.push(d.id);
    }
    after = page[page.length - 1].id;
  }
  return summary;
}
