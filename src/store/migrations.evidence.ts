import { type CreateTableBuilder, type Kysely, type Migration, SqliteAdapter, sql } from 'kysely';

/**
 * For `.$call(...)` on a table with a primary key: on SQLite the table is made WITHOUT ROWID
 * (its rows live in the primary-key B-tree, one B-tree less to write per row; meant for small
 * rows); other databases take the table as it is.
 */
export function keyedTable(db: Kysely<any>) {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;
  return <T extends string, C extends string>(b: CreateTableBuilder<T, C>) => (sqlite ? b.modifyEnd(sql`without rowid`) : b);
}

/**
 * Evidence and detection tables: sources as received, documents read from them, what the
 * reading found (mentions, claims, the items each document implicates) and the alerts.
 * Raw bytes are kept as base64 text so one column type serves SQLite and PostgreSQL.
 */
export const evidenceMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('sources')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('content_hash', 'text', (c) => c.notNull().unique())
      .addColumn('content_type', 'text')
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('size', 'integer', (c) => c.notNull())
      .addColumn('raw', 'text', (c) => c.notNull())
      .addColumn('publisher', 'text')
      .addColumn('grade_source', 'text', (c) => c.notNull())
      .addColumn('grade_info', 'integer', (c) => c.notNull())
      .addColumn('submitted_by', 'text', (c) => c.notNull())
      .addColumn('received_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('documents')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('source_id', 'text', (c) => c.notNull().references('sources.id'))
      .addColumn('text_hash', 'text', (c) => c.notNull().unique())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('title', 'text')
      .addColumn('url', 'text')
      .addColumn('publisher', 'text')
      .addColumn('published_on', 'text')
      .addColumn('grade_source', 'text', (c) => c.notNull())
      .addColumn('grade_info', 'integer', (c) => c.notNull())
      .addColumn('story_key', 'text', (c) => c.notNull())
      .addColumn('signature', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addColumn('reading', 'text', (c) => c.notNull())
      .addColumn('ingested_at', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('documents_source').on('documents').column('source_id').execute();

    // Locality-sensitive hashing bands of the documents' MinHash signatures: near-copies share a band.
    // The primary key is the lookup index (band, hash); on SQLite the table is WITHOUT ROWID,
    // so a band row is one B-tree entry, not a row plus an index entry.
    await db.schema
      .createTable('document_bands')
      .addColumn('band', 'integer', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
      .addPrimaryKeyConstraint('document_bands_pk', ['band', 'hash', 'document_id'])
      .$call(keyedTable(db))
      .execute();

    await db.schema
      .createTable('mentions')
      .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
      .addColumn('entry_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('start_offset', 'integer', (c) => c.notNull())
      .addColumn('end_offset', 'integer', (c) => c.notNull())
      .addColumn('surface', 'text', (c) => c.notNull())
      .addColumn('fuzzy', 'integer', (c) => c.notNull())
      .addColumn('score', 'real', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('mentions_document').on('mentions').column('document_id').execute();
    await db.schema.createIndex('mentions_entry').on('mentions').column('entry_id').execute();

    await db.schema
      .createTable('claims')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
      .addColumn('start_offset', 'integer', (c) => c.notNull())
      .addColumn('end_offset', 'integer', (c) => c.notNull())
      .addColumn('modality', 'text', (c) => c.notNull())
      .addColumn('events', 'text', (c) => c.notNull())
      .addColumn('time_to', 'text')
      .addColumn('payload', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('claims_document').on('claims').column('document_id').execute();

    // The item index: which documents speak of which registry items (claims and links alike).
    await db.schema
      .createTable('document_items')
      .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
      .addColumn('item_id', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('document_items_pk', ['item_id', 'document_id'])
      .execute();

    await db.schema
      .createTable('alerts')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('permit_id', 'text', (c) => c.notNull().references('permits.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('score', 'real', (c) => c.notNull())
      .addColumn('document_id', 'text', (c) => c.notNull().references('documents.id'))
      .addColumn('document_ids', 'text', (c) => c.notNull())
      .addColumn('item_ids', 'text', (c) => c.notNull())
      .addColumn('assurance_id', 'text')
      .addColumn('evidence', 'text', (c) => c.notNull())
      .addColumn('explanation', 'text', (c) => c.notNull())
      .addColumn('raised_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addUniqueConstraint('alerts_permit_kind', ['permit_id', 'kind'])
      .execute();
    await db.schema.createIndex('alerts_score').on('alerts').column('score').execute();

    await db.schema
      .createTable('feeds')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('url', 'text', (c) => c.notNull().unique())
      .addColumn('added_at', 'text', (c) => c.notNull())
      .addColumn('polled_at', 'text')
      .addColumn('last_result', 'text')
      .execute();
  },
};
