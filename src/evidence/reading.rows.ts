import type { DocumentReading, TextMention } from '../reading/claims.js';
import { ITEM_PREFIX } from '../reading/gazetteer.js';
import type { ClaimRow, MentionRow } from './document.repository.js';


/** The rows that store a document's reading: mentions, claims, and the registry items it speaks of. */
export function readingRows(documentId: string, mentions: readonly TextMention[], reading: DocumentReading): { mentions: MentionRow[]; claims: ClaimRow[]; itemIds: string[] } {
  return {
    mentions: mentions.map((m) => ({ document_id: documentId, entry_id: m.entryId, kind: m.kind, start_offset: m.start, end_offset: m.end, surface: m.surface, fuzzy: m.fuzzy ? 1 : 0, score: m.score })),
    claims: reading.claims.map((c, n) => ({
      id: `${documentId}:${n + 1}`,
      document_id: documentId,
      start_offset: c.start,
      end_offset: c.end,
      modality: c.modality,
      events: JSON.stringify(c.events),
      time_to: c.time.to,
      payload: JSON.stringify(c),
    })),
    itemIds: itemIdsOf(reading),
  };
}

/** The registry items a reading speaks of, in claims or in sentences that link them to parties. */
export function itemIdsOf(reading: DocumentReading): string[] {
  const items = new Set<string>();
  for (const l of reading.links) for (const it of l.items) items.add(it);
  for (const c of reading.claims) for (const it of c.items) items.add(it.itemId);
  return [...items].filter((it) => it.startsWith(ITEM_PREFIX)).map((it) => it.slice(ITEM_PREFIX.length));
}
