import { CompiledQuery, type Kysely, type Selectable } from 'kysely';
import { insertRows } from '../store/bulk.js';
import type { ClaimsTable, DB, DocumentBandsTable, DocumentItemsTable, DocumentsTable, MentionsTable, SourcesTable } from '../store/schema.js';

export type SourceRow = Selectable<SourcesTable>;
export type DocumentRow = Selectable<DocumentsTable>;
export type MentionRow = Selectable<MentionsTable>;
export type ClaimRow = Selectable<ClaimsTable>;
export type DocumentBandRow = Selectable<DocumentBandsTable>;
export type DocumentItemRow = Selectable<DocumentItemsTable>;

function* chunks<T>(xs: readonly T[], size = 1000): Generator<T[]> {
  for (let i = 0; i < xs.length; i += size) yield xs.slice(i, i + size);
}

/** Band keys per near-copy lookup statement (see bandMates). */
const MATE_SLOTS = 256;
/** The lookup statement's text by database adapter (placeholders differ per dialect). */
const mateSql = new WeakMap<object, string>();

export interface DocumentFilter {
  itemId?: string;
  limit?: number;
}

/** Sources, documents and what their reading found. Every evidence SQL statement lives here. */
export class DocumentRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async sourceByHash(hash: string): Promise<SourceRow | undefined> {
    return this.db.selectFrom('sources').selectAll().where('content_hash', '=', hash).executeTakeFirst();
  }

  async insertSource(row: SourceRow): Promise<void> {
    await this.db.insertInto('sources').values(row).execute();
  }

  async documentByTextHash(hash: string): Promise<Pick<DocumentRow, 'id' | 'origin'> | undefined> {
    return this.db.selectFrom('documents').select(['id', 'origin']).where('text_hash', '=', hash).executeTakeFirst();
  }

  async insertDocument(row: DocumentRow, bands: { band: number; hash: string }[]): Promise<void> {
    await this.db.insertInto('documents').values(row).execute();
    await insertRows(this.db, 'document_bands', bands.map((b) => ({ ...b, document_id: row.id })));
  }

  /** Documents sharing at least one LSH band with a signature: the only near-copy candidates. */
  async storyCandidates(bands: { band: number; hash: string }[]): Promise<Pick<DocumentRow, 'id' | 'signature' | 'story_key'>[]> {
    if (bands.length === 0) return [];
    return this.db
      .selectFrom('documents')
      .select(['id', 'signature', 'story_key'])
      .where('id', 'in', (qb) =>
        qb
          .selectFrom('document_bands')
          .select('document_id')
          .where((eb) => eb.or(bands.map((b) => eb.and([eb('band', '=', b.band), eb('hash', '=', b.hash)])))),
      )
      .orderBy('id')
      .execute();
  }

  /**
   * Of these content hashes and text hashes, those already stored: source ids by content hash,
   * document ids by text hash (a query per thousand hashes, for a whole batch of sources).
   */
  async storedHashes(contentHashes: readonly string[], textHashes: readonly string[]): Promise<{ sources: Map<string, string>; documents: Map<string, string> }> {
    const sources = new Map<string, string>();
    const documents = new Map<string, string>();
    for (const part of chunks(contentHashes)) {
      for (const r of await this.db.selectFrom('sources').select(['id', 'content_hash']).where('content_hash', 'in', part).execute()) sources.set(r.content_hash, r.id);
    }
    for (const part of chunks(textHashes)) {
      for (const r of await this.db.selectFrom('documents').select(['id', 'text_hash']).where('text_hash', 'in', part).execute()) documents.set(r.text_hash, r.id);
    }
    return { sources, documents };
  }

  /**
   * Stored documents sharing any of these LSH band keys, one row per shared key: storyCandidates
   * for a whole batch. One query per band and MATE_SLOTS keys, always of the same text (the
   * last slots repeat a key), so the prepared statement is reused instead of parsing a new
   * statement of thousands of parameters for every batch; each probes the (band, hash) key.
   */
  async bandMates(keys: readonly { band: number; hash: string }[]): Promise<{ band: number; hash: string; id: string; signature: string; story_key: string }[]> {
    const byBand = new Map<number, Set<string>>();
    for (const k of keys) {
      let hashes = byBand.get(k.band);
      if (!hashes) byBand.set(k.band, (hashes = new Set()));
      hashes.add(k.hash);
    }
    const text = this.bandMatesSql();
    const out: { band: number; hash: string; id: string; signature: string; story_key: string }[] = [];
    for (const [band, set] of byBand) {
      const hashes = [...set];
      for (let start = 0; start < hashes.length; start += MATE_SLOTS) {
        const params: unknown[] = new Array(MATE_SLOTS + 1);
        params[0] = band;
        for (let j = 0; j < MATE_SLOTS; j++) params[j + 1] = hashes[Math.min(start + j, hashes.length - 1)];
        const { rows } = await this.db.executeQuery<{ hash: string; id: string; signature: string; story_key: string }>(CompiledQuery.raw(text, params));
        for (const r of rows) out.push({ band, hash: r.hash, id: r.id, signature: r.signature, story_key: r.story_key });
      }
    }
    return out;
  }

  private bandMatesSql(): string {
    const adapter = this.db.getExecutor().adapter;
    let text = mateSql.get(adapter);
    if (!text) {
      text = this.db
        .selectFrom('document_bands as b')
        .innerJoin('documents as d', 'd.id', 'b.document_id')
        .select(['b.hash', 'd.id', 'd.signature', 'd.story_key'])
        .where('b.band', '=', 0)
        .where('b.hash', 'in', new Array<string>(MATE_SLOTS).fill(''))
        .compile().sql;
      mateSql.set(adapter, text);
    }
    return text;
  }

  /** Writes a batch of new sources and documents with what their reading found, parents first. */
  async insertBatch(rows: { sources: SourceRow[]; documents: DocumentRow[]; bands: DocumentBandRow[]; mentions: MentionRow[]; claims: ClaimRow[]; items: DocumentItemRow[] }): Promise<void> {
    await insertRows(this.db, 'sources', rows.sources);
    await insertRows(this.db, 'documents', rows.documents);
    await insertRows(this.db, 'document_bands', rows.bands);
    await insertRows(this.db, 'mentions', rows.mentions);
    await insertRows(this.db, 'claims', rows.claims);
    await insertRows(this.db, 'document_items', rows.items);
  }

  async insertReading(documentId: string, mentions: MentionRow[], claims: ClaimRow[], itemIds: string[]): Promise<void> {
    await insertRows(this.db, 'mentions', mentions);
    await insertRows(this.db, 'claims', claims);
    await insertRows(this.db, 'document_items', itemIds.map((item_id) => ({ document_id: documentId, item_id })));
  }

  /** Stored documents after `afterId`, in id order, with what re-reading needs. */
  async pageToReread(afterId: string, limit: number): Promise<Pick<DocumentRow, 'id' | 'text' | 'published_on' | 'reading'>[]> {
    return this.db.selectFrom('documents').select(['id', 'text', 'published_on', 'reading']).where('id', '>', afterId).orderBy('id').limit(limit).execute();
  }

  /** Replaces a document's reading: its stored reading, mentions, claims and item index rows. */
  async replaceReading(documentId: string, readingJson: string, mentions: MentionRow[], claims: ClaimRow[], itemIds: string[]): Promise<void> {
    await this.db.updateTable('documents').set({ reading: readingJson }).where('id', '=', documentId).execute();
    await this.db.deleteFrom('mentions').where('document_id', '=', documentId).execute();
    await this.db.deleteFrom('claims').where('document_id', '=', documentId).execute();
    await this.db.deleteFrom('document_items').where('document_id', '=', documentId).execute();
    await this.insertReading(documentId, mentions, claims, itemIds);
  }

  async get(id: string): Promise<DocumentRow | undefined> {
    return this.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async source(id: string): Promise<SourceRow | undefined> {
    return this.db.selectFrom('sources').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async mentionsOf(documentId: string): Promise<MentionRow[]> {
    return this.db.selectFrom('mentions').selectAll().where('document_id', '=', documentId).orderBy('start_offset').execute();
  }

  async claimsOf(documentId: string): Promise<ClaimRow[]> {
    return this.db.selectFrom('claims').selectAll().where('document_id', '=', documentId).orderBy('start_offset').execute();
  }

  async list(f: DocumentFilter = {}): Promise<Omit<DocumentRow, 'text' | 'reading' | 'signature'>[]> {
    let q = this.db
      .selectFrom('documents')
      .select(['id', 'source_id', 'text_hash', 'origin', 'format', 'title', 'url', 'publisher', 'published_on', 'grade_source', 'grade_info', 'story_key', 'ingested_at']);
    if (f.itemId) q = q.where('id', 'in', (qb) => qb.selectFrom('document_items').select('document_id').where('item_id', '=', f.itemId!));
    return q.orderBy('ingested_at').orderBy('id').limit(f.limit ?? 1000).execute();
  }

  /** Every document that speaks of any of these registry items (the item index). */
  async forItems(itemIds: readonly string[]): Promise<DocumentRow[]> {
    if (itemIds.length === 0) return [];
    return this.db
      .selectFrom('documents')
      .selectAll()
      .where('id', 'in', (qb) => qb.selectFrom('document_items').select('document_id').where('item_id', 'in', [...itemIds]))
      .orderBy('id')
      .execute();
  }

  /** The registry items each of these documents speaks of. */
  async itemsOf(documentIds: readonly string[]): Promise<string[]> {
    if (documentIds.length === 0) return [];
    const rows = await this.db.selectFrom('document_items').select('item_id').distinct().where('document_id', 'in', [...documentIds]).execute();
    return rows.map((r) => r.item_id);
  }

  /** Every registry item some stored document speaks of. */
  async allItemIds(): Promise<string[]> {
    const rows = await this.db.selectFrom('document_items').select('item_id').distinct().execute();
    return rows.map((r) => r.item_id);
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
