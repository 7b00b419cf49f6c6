import { createHash } from 'node:crypto';
import type { Grade } from '../detection/detection.types.js';
import { type ReviewSummary, reviewPermits } from '../detection/review.service.js';
import { readClaims } from '../reading/claims.js';
import { datelineDate } from '../reading/dates.js';
import type { Knowledge } from '../reading/knowledge.js';
import { AppError } from '../shared/errors.js';
import type { Store } from '../store/database.js';
import { type UnitOfWork, transact } from '../store/unit-of-work.js';
import { SAME_STORY, bands, signature, similarity } from './document.dedupe.js';
import { DocumentRepository } from './document.repository.js';
import { gradeOf, loadPublisherTable } from './grade.js';
import { readingToJson } from './reading.codec.js';
import type { ExtractedDocument, RawSource } from './source.types.js';

export type SourceKind = 'file' | 'url' | 'feed' | 'tip';

/** One source to store: its raw bytes and the documents extracted from them. */
export interface SourceInput {
  raw: RawSource;
  kind: SourceKind;
  documents: ExtractedDocument[];
  /** Set by whoever records a tip, or to override the publisher table. */
  grade?: Grade;
}

export interface IngestedDocument {
  documentId: string;
  origin: string;
  title: string | null;
  /** `duplicate`: the same text is already stored (as `documentId`). */
  status: 'stored' | 'duplicate';
  storyKey: string;
  claims: number;
  items: string[];
}

export interface IngestResult {
  origin: string;
  sourceId: string;
  documents: IngestedDocument[];
  review: ReviewSummary | null;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const ITEM_PREFIX = 'item:';

async function storeDocument(uow: UnitOfWork, knowledge: Knowledge, sourceId: string, doc: ExtractedDocument, grade: Grade): Promise<IngestedDocument> {
  const repo = new DocumentRepository(uow.db);
  const textHash = sha256(doc.text);
  const existing = await repo.documentByTextHash(textHash);
  if (existing) return { documentId: existing.id, origin: doc.origin, title: doc.title, status: 'duplicate', storyKey: '', claims: 0, items: [] };

  const id = `D-${textHash.slice(0, 12)}`;
  const publishedOn = doc.publishedOn ?? datelineDate(doc.text);
  const mentions = knowledge.gazetteer.find(doc.text);
  const reading = readClaims(doc.text, mentions, knowledge, publishedOn);
  const sig = signature(doc.text);
  const keys = bands(sig);
  let storyKey = id;
  for (const c of await repo.storyCandidates(keys)) {
    if (similarity(sig, JSON.parse(c.signature)) >= SAME_STORY) {
      storyKey = c.story_key;
      break;
    }
  }
  const items = new Set<string>();
  for (const l of reading.links) for (const i of l.items) items.add(i);
  for (const c of reading.claims) for (const i of c.items) items.add(i.itemId);
  const itemIds = [...items].filter((i) => i.startsWith(ITEM_PREFIX)).map((i) => i.slice(ITEM_PREFIX.length));

  await repo.insertDocument(
    {
      id,
      source_id: sourceId,
      text_hash: textHash,
      origin: doc.origin,
      format: doc.format,
      title: doc.title,
      url: doc.url,
      publisher: doc.publisher,
      published_on: publishedOn,
      grade_source: grade.source,
      grade_info: grade.info,
      story_key: storyKey,
      signature: JSON.stringify(sig),
      text: doc.text,
      reading: readingToJson(reading),
      ingested_at: new Date().toISOString(),
    },
    keys,
  );
  await repo.insertReading(
    id,
    mentions.map((m) => ({ document_id: id, entry_id: m.entryId, kind: m.kind, start_offset: m.start, end_offset: m.end, surface: m.surface, fuzzy: m.fuzzy ? 1 : 0, score: m.score })),
    reading.claims.map((c, n) => ({
      id: `${id}:${n + 1}`,
      document_id: id,
      start_offset: c.start,
      end_offset: c.end,
      modality: c.modality,
      events: JSON.stringify(c.events),
      time_to: c.time.to,
      payload: JSON.stringify(c),
    })),
    itemIds,
  );
  await uow.audit.record({
    verb: 'document.create',
    objectType: 'document',
    objectId: id,
    payload: { sourceId, origin: doc.origin, textHash, title: doc.title, publishedOn, grade: `${grade.source}${grade.info}`, storyKey, claims: reading.claims.length, items: itemIds },
  });
  return { documentId: id, origin: doc.origin, title: doc.title, status: 'stored', storyKey, claims: reading.claims.length, items: itemIds };
}

/**
 * Stores one source and its documents, reads them and re-reviews the permits they can
 * touch — all in one transaction, so a failure leaves nothing behind. The same bytes twice
 * are one source; the same text twice is one document; both are reported, not re-stored.
 */
export async function ingestSource(store: Store, actor: string, knowledge: Knowledge, input: SourceInput, asOf: string): Promise<IngestResult> {
  if (input.documents.length === 0) throw new AppError('invalid_input', `${input.raw.origin}: no readable text`);
  const contentHash = sha256(input.raw.bytes);
  const sourceId = `S-${contentHash.slice(0, 12)}`;
  return transact(store, actor, async (uow) => {
    const repo = new DocumentRepository(uow.db);
    const table = loadPublisherTable();
    const known = await repo.sourceByHash(contentHash);
    const sourceGrade = input.grade ?? (input.kind === 'tip' ? table.tip : gradeOf(input.documents[0]?.publisher ?? null, table));
    if (!known) {
      await repo.insertSource({
        id: sourceId,
        origin: input.raw.origin,
        kind: input.kind,
        content_hash: contentHash,
        content_type: input.raw.contentType,
        format: input.documents[0].format,
        size: input.raw.bytes.length,
        raw: input.raw.bytes.toString('base64'),
        publisher: input.documents[0]?.publisher ?? null,
        grade_source: sourceGrade.source,
        grade_info: sourceGrade.info,
        submitted_by: actor,
        received_at: new Date().toISOString(),
      });
      await uow.audit.record({ verb: 'source.ingest', objectType: 'source', objectId: sourceId, payload: { origin: input.raw.origin, kind: input.kind, contentHash, size: input.raw.bytes.length, grade: `${sourceGrade.source}${sourceGrade.info}` } });
    }
    const documents: IngestedDocument[] = [];
    for (const doc of input.documents) {
      const grade = input.grade ?? (input.kind === 'tip' ? table.tip : gradeOf(doc.publisher, table));
      documents.push(await storeDocument(uow, knowledge, known?.id ?? sourceId, doc, grade));
    }
    const itemIds = [...new Set(documents.filter((d) => d.status === 'stored').flatMap((d) => d.items))];
    const review = itemIds.length ? await reviewPermits(uow, knowledge, { itemIds }, asOf) : null;
    return { origin: input.raw.origin, sourceId: known?.id ?? sourceId, documents, review };
  });
}
