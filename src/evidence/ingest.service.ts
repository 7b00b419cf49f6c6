import * as crypto from 'node:crypto';
import type { Grade } from '../detection/detection.types.js';
import { type ReviewSummary, reviewPermits } from '../detection/review.service.js';
import { readClaims } from '../reading/claims.js';
import { datelineDate } from '../reading/dates.js';
import type { Knowledge } from '../reading/knowledge.js';
import { AppError } from '../shared/errors.js';
import type { Store } from '../store/database.js';
import { type UnitOfWork, transact } from '../store/unit-of-work.js';
import { SAME_STORY, bands, decodeSignature, encodeSignature, signature, similarity } from './document.dedupe.js';
import { DocumentRepository } from './document.repository.js';
import { gradeOf, loadPublisherTable } from './grade.js';
import { readingToJson } from './reading.codec.js';
import { itemIdsOf, readingRows } from './reading.rows.js';
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

/** SHA-256 in hex: the one-shot crypto.hash where Node has it (>= 20.12), else createHash; same digest. */
const sha256: (data: string | Buffer) => string =
  typeof crypto.hash === 'function' ? (data) => crypto.hash('sha256', data, 'hex') : (data) => crypto.createHash('sha256').update(data).digest('hex');

/** What became of one source of a batch: stored (or found already stored), or why not. */
export type SourceOutcome = { origin: string; ok: true; result: IngestResult } | { origin: string; ok: false; error: Error };

/** A new text of the batch, read and ready to store. */
interface NewText {
  id: string;
  textHash: string;
  doc: ExtractedDocument;
  grade: Grade;
  publishedOn: string | null;
  mentions: ReturnType<Knowledge['gazetteer']['find']>;
  reading: ReturnType<typeof readClaims>;
  sig: number[];
  keys: { band: number; hash: string }[];
  itemIds: string[];
}

/** One source of the batch as planned: its id, whether it is new, and per document a new text or the id it duplicates. */
interface Plan {
  input: SourceInput;
  sourceId: string;
  contentHash: string;
  isNew: boolean;
  grade: Grade;
  documents: (NewText | { duplicateOf: string; doc: ExtractedDocument })[];
}

/** Which source of the batch is being planned, so that a failure can be pinned on it (-1: none). */
interface Progress {
  at: number;
}

/**
 * Stores the sources of a batch inside the caller's transaction: one lookup of the content and
 * text hashes already stored, the new texts read, one lookup of their near-copy candidates
 * (LSH bands), the rows written table by table, one audit entry per new source and per new
 * document in source order, and one review for the items all new documents speak of.
 * Exactly what storing the sources one after another would keep: the same bytes are one source,
 * the same text one document (also within the batch), and a near-copy takes the story key of
 * the first similar document by id, stored earlier or earlier in the batch.
 * The review's summary is reported on the last source whose new documents name items.
 */
async function storeSources(uow: UnitOfWork, knowledge: Knowledge, inputs: readonly SourceInput[], asOf: string, progress: Progress): Promise<IngestResult[]> {
  const repo = new DocumentRepository(uow.db);
  const table = loadPublisherTable();
  const gradeFor = (input: SourceInput, publisher: string | null) => input.grade ?? (input.kind === 'tip' ? table.tip : gradeOf(publisher, table));

  const hashes = inputs.map((input, i) => {
    progress.at = i;
    return { content: sha256(input.raw.bytes), texts: input.documents.map((d) => sha256(d.text)) };
  });
  progress.at = -1;
  const stored = await repo.storedHashes(
    hashes.map((h) => h.content),
    hashes.flatMap((h) => h.texts),
  );

  const sources = new Map(stored.sources);
  const texts = new Map(stored.documents);
  const plans: Plan[] = [];
  const newTexts: NewText[] = [];
  for (let i = 0; i < inputs.length; i++) {
    progress.at = i;
    const input = inputs[i];
    const contentHash = hashes[i].content;
    const known = sources.get(contentHash);
    const sourceId = known ?? `S-${contentHash.slice(0, 12)}`;
    sources.set(contentHash, sourceId);
    const plan: Plan = { input, sourceId, contentHash, isNew: !known, grade: gradeFor(input, input.documents[0]?.publisher ?? null), documents: [] };
    input.documents.forEach((doc, k) => {
      const textHash = hashes[i].texts[k];
      const duplicateOf = texts.get(textHash);
      if (duplicateOf) return plan.documents.push({ duplicateOf, doc });
      const id = `D-${textHash.slice(0, 12)}`;
      texts.set(textHash, id);
      const publishedOn = doc.publishedOn ?? datelineDate(doc.text);
      const mentions = knowledge.gazetteer.find(doc.text);
      const reading = readClaims(doc.text, mentions, knowledge, publishedOn);
      const sig = signature(doc.text);
      const itemIds = itemIdsOf(reading);
      const text: NewText = { id, textHash, doc, grade: gradeFor(input, doc.publisher), publishedOn, mentions, reading, sig, keys: bands(sig), itemIds };
      newTexts.push(text);
      plan.documents.push(text);
    });
    plans.push(plan);
  }
  progress.at = -1;

  const storyKeys = await assignStories(repo, newTexts);

  const rows: BatchRows = { sources: [], documents: [], bands: [], mentions: [], claims: [], items: [] };
  const results: IngestResult[] = [];
  for (const plan of plans) {
    const { input, sourceId, contentHash, grade } = plan;
    if (plan.isNew) {
      rows.sources.push({
        id: sourceId,
        origin: input.raw.origin,
        kind: input.kind,
        content_hash: contentHash,
        content_type: input.raw.contentType,
        format: input.documents[0].format,
        size: input.raw.bytes.length,
        raw: input.raw.bytes.toString('base64'),
        publisher: input.documents[0]?.publisher ?? null,
        grade_source: grade.source,
        grade_info: grade.info,
        submitted_by: uow.actor,
        received_at: new Date().toISOString(),
      });
      await uow.audit.record({ verb: 'source.ingest', objectType: 'source', objectId: sourceId, payload: { origin: input.raw.origin, kind: input.kind, contentHash, size: input.raw.bytes.length, grade: `${grade.source}${grade.info}` } });
    }
    const documents: IngestedDocument[] = [];
    for (const d of plan.documents) {
      if ('duplicateOf' in d) {
        documents.push({ documentId: d.duplicateOf, origin: d.doc.origin, title: d.doc.title, status: 'duplicate', storyKey: '', claims: 0, items: [] });
        continue;
      }
      const storyKey = storyKeys.get(d.id) ?? d.id;
      await addDocumentRows(uow, rows, sourceId, d, storyKey);
      documents.push({ documentId: d.id, origin: d.doc.origin, title: d.doc.title, status: 'stored', storyKey, claims: d.reading.claims.length, items: d.itemIds });
    }
    results.push({ origin: input.raw.origin, sourceId, documents, review: null });
  }
  // Band rows in index order: the (band, hash) index takes them in one sweep instead of at random.
  rows.bands.sort((a, b) => a.band - b.band || (a.hash < b.hash ? -1 : a.hash > b.hash ? 1 : 0));
  await repo.insertBatch(rows);

  const itemIds = [...new Set(newTexts.flatMap((t) => t.itemIds))];
  if (itemIds.length) {
    const review = await reviewPermits(uow, knowledge, { itemIds }, asOf);
    const named = results.filter((r) => r.documents.some((d) => d.status === 'stored' && d.items.length > 0));
    named[named.length - 1].review = review;
  }
  return results;
}

type BatchRows = Parameters<DocumentRepository['insertBatch']>[0];

async function addDocumentRows(uow: UnitOfWork, rows: BatchRows, sourceId: string, t: NewText, storyKey: string): Promise<void> {
  const { id, doc, grade, reading, textHash, publishedOn, itemIds } = t;
  rows.documents.push({
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
    signature: encodeSignature(t.sig),
    text: doc.text,
    reading: readingToJson(reading),
    ingested_at: new Date().toISOString(),
  });
  for (const b of t.keys) rows.bands.push({ band: b.band, hash: b.hash, document_id: id });
  const stored = readingRows(id, t.mentions, reading);
  rows.mentions.push(...stored.mentions);
  rows.claims.push(...stored.claims);
  for (const item_id of itemIds) rows.items.push({ document_id: id, item_id });
  await uow.audit.record({
    verb: 'document.create',
    objectType: 'document',
    objectId: id,
    payload: { sourceId, origin: doc.origin, textHash, title: doc.title, publishedOn, grade: `${grade.source}${grade.info}`, storyKey, claims: reading.claims.length, items: itemIds },
  });
}

/**
 * Story keys of the new texts, in order: the key of the first document (by id) that shares an
 * LSH band and is similar enough — among those stored (one lookup for the whole batch) and the
 * new texts before it — else its own id.
 */
async function assignStories(repo: DocumentRepository, newTexts: readonly NewText[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (newTexts.length === 0) return out;
  const byBand = new Map<string, { id: string; sig: number[]; storyKey: string }[]>();
  const add = (key: string, c: { id: string; sig: number[]; storyKey: string }) => {
    const list = byBand.get(key);
    if (list) list.push(c);
    else byBand.set(key, [c]);
  };
  const parsed = new Map<string, { id: string; sig: number[]; storyKey: string }>();
  for (const m of await repo.bandMates(newTexts.flatMap((t) => t.keys))) {
    let c = parsed.get(m.id);
    if (!c) parsed.set(m.id, (c = { id: m.id, sig: decodeSignature(m.signature), storyKey: m.story_key }));
    add(`${m.band}|${m.hash}`, c);
  }
  for (const t of newTexts) {
    const candidates = new Map<string, { id: string; sig: number[]; storyKey: string }>();
    for (const k of t.keys) for (const c of byBand.get(`${k.band}|${k.hash}`) ?? []) candidates.set(c.id, c);
    let storyKey = t.id;
    for (const c of [...candidates.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) {
      if (similarity(t.sig, c.sig) >= SAME_STORY) {
        storyKey = c.storyKey;
        break;
      }
    }
    out.set(t.id, storyKey);
    const self = { id: t.id, sig: t.sig, storyKey };
    for (const k of t.keys) add(`${k.band}|${k.hash}`, self);
  }
  return out;
}

/**
 * Stores one source and its documents, reads them and re-reviews the permits they can
 * touch — all in one transaction, so a failure leaves nothing behind. The same bytes twice
 * are one source; the same text twice is one document; both are reported, not re-stored.
 */
export async function ingestSource(store: Store, actor: string, knowledge: Knowledge, input: SourceInput, asOf: string): Promise<IngestResult> {
  if (input.documents.length === 0) throw new AppError('invalid_input', `${input.raw.origin}: no readable text`);
  return transact(store, actor, async (uow) => (await storeSources(uow, knowledge, [input], asOf, { at: -1 }))[0]);
}

/**
 * Stores many sources as `ingestSource` does each, in one transaction with one review for
 * all (much faster than a transaction per source). When a source fails inside the batch the
 * transaction is rolled back and the batch is redone around it: the sources before it as a
 * batch, it alone (its failure reported, nothing of it stored), the sources after it as a
 * batch; a failure that cannot be pinned on one source redoes the batch one source at a time.
 * Outcomes are in input order.
 */
export async function ingestSources(store: Store, actor: string, knowledge: Knowledge, inputs: readonly SourceInput[], asOf: string): Promise<SourceOutcome[]> {
  const outcomes: SourceOutcome[] = new Array(inputs.length);
  const fail = (i: number, error: Error) => (outcomes[i] = { origin: inputs[i].raw.origin, ok: false, error });
  const attempt = async (idx: readonly number[]): Promise<void> => {
    if (idx.length === 0) return;
    const progress: Progress = { at: -1 };
    try {
      const results = await transact(store, actor, (uow) => storeSources(uow, knowledge, idx.map((i) => inputs[i]), asOf, progress));
      idx.forEach((i, k) => (outcomes[i] = { origin: inputs[i].raw.origin, ok: true, result: results[k] }));
    } catch (e) {
      if (idx.length === 1) {
        fail(idx[0], e as Error);
      } else if (progress.at >= 0) {
        await attempt(idx.slice(0, progress.at));
        await attempt([idx[progress.at]]);
        await attempt(idx.slice(progress.at + 1));
      } else {
        for (const i of idx) await attempt([i]);
      }
    }
  };
  const ready: number[] = [];
  inputs.forEach((input, i) => (input.documents.length === 0 ? fail(i, new AppError('invalid_input', `${input.raw.origin}: no readable text`)) : ready.push(i)));
  await attempt(ready);
  return outcomes;
}
