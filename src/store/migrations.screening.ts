import type { Kysely, Migration } from 'kysely';
import { keyedTable } from './migrations.evidence.js';

/**
 * Sanctions lists. Every import is a version holding a full copy of the list's entries, so
 * screening results can name the exact version they were computed against and an old
 * version can be read back as it was. `list_diffs` holds what changed against the version
 * before (added, removed, changed), which is what re-screening needs.
 */
export const screeningMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('screening_lists')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('current_version_id', 'integer', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('list_versions')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('list', 'text', (c) => c.notNull())
      .addColumn('format', 'text', (c) => c.notNull())
      .addColumn('published_on', 'text')
      .addColumn('content_hash', 'text', (c) => c.notNull())
      .addColumn('file_name', 'text', (c) => c.notNull())
      .addColumn('imported_at', 'text', (c) => c.notNull())
      .addColumn('imported_by', 'text', (c) => c.notNull())
      .addColumn('entry_count', 'integer', (c) => c.notNull())
      .addColumn('previous_version_id', 'integer')
      .addColumn('added', 'integer', (c) => c.notNull())
      .addColumn('removed', 'integer', (c) => c.notNull())
      .addColumn('changed', 'integer', (c) => c.notNull())
      .addUniqueConstraint('list_versions_content', ['list', 'content_hash'])
      .execute();
    await db.schema.createIndex('list_versions_list').on('list_versions').columns(['list', 'id']).execute();

    await db.schema
      .createTable('list_entries')
      .addColumn('version_id', 'integer', (c) => c.notNull().references('list_versions.id'))
      .addColumn('entry_id', 'text', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('names', 'text', (c) => c.notNull())
      .addColumn('countries', 'text', (c) => c.notNull())
      .addColumn('birth_dates', 'text', (c) => c.notNull())
      .addColumn('identifiers', 'text', (c) => c.notNull())
      .addColumn('programmes', 'text', (c) => c.notNull())
      .addColumn('remarks', 'text')
      .addColumn('entry_hash', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('list_entries_pk', ['version_id', 'entry_id'])
      .execute();

    await db.schema
      .createTable('list_diffs')
      .addColumn('version_id', 'integer', (c) => c.notNull().references('list_versions.id'))
      .addColumn('entry_id', 'text', (c) => c.notNull())
      .addColumn('change', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('list_diffs_pk', ['version_id', 'entry_id'])
      .$call(keyedTable(db))
      .execute();
  },
};
