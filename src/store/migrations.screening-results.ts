import type { Kysely, Migration } from 'kysely';
import { keyedTable } from './migrations.evidence.js';

/**
 * Screening results. `screening_results` holds one row per party and listed entry that
 * screening found (the latest state: score, explanation, the list version it was computed
 * against, the entry's hash then, and the reviewer's status). `screening_runs` records each
 * screening of the registry against a list version, so a later list version is screened
 * only against what changed since the version last screened.
 */
export const screeningResultsMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('screening_results')
      .addColumn('party_id', 'text', (c) => c.notNull().references('parties.id'))
      .addColumn('list', 'text', (c) => c.notNull())
      .addColumn('entry_id', 'text', (c) => c.notNull())
      .addColumn('version_id', 'integer', (c) => c.notNull().references('list_versions.id'))
      .addColumn('entry_hash', 'text', (c) => c.notNull())
      .addColumn('query_name', 'text', (c) => c.notNull())
      .addColumn('listed_name', 'text', (c) => c.notNull())
      .addColumn('score', 'double precision', (c) => c.notNull())
      .addColumn('is_match', 'integer', (c) => c.notNull())
      .addColumn('explanation', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('status_reason', 'text')
      .addColumn('reviewed_by', 'text')
      .addColumn('reviewed_at', 'text')
      .addColumn('first_found_at', 'text', (c) => c.notNull())
      .addColumn('screened_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('screening_results_pk', ['party_id', 'list', 'entry_id'])
      .$call(keyedTable(db))
      .execute();
    await db.schema.createIndex('screening_results_entry').on('screening_results').columns(['list', 'entry_id']).execute();

    await db.schema
      .createTable('screening_runs')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('list', 'text', (c) => c.notNull())
      .addColumn('version_id', 'integer', (c) => c.notNull().references('list_versions.id'))
      .addColumn('scope', 'text', (c) => c.notNull())
      .addColumn('parties', 'integer', (c) => c.notNull())
      .addColumn('entries', 'integer', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('actor', 'text', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('screening_runs_list').on('screening_runs').columns(['list', 'id']).execute();
  },
};
