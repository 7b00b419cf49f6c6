import { type Kysely, type Migration, type MigrationProvider, sql } from 'kysely';
import { evidenceMigration, keyedTable } from './migrations.evidence.js';
import { screeningMigration } from './migrations.screening.js';
import { casesMigration } from './migrations.cases.js';
import { screeningResultsMigration } from './migrations.screening-results.js';

/** Every migration, in order. The same code runs on SQLite and PostgreSQL. */
const migrations: Record<string, Migration> = {
  '0001_registry': {
    async up(db: Kysely<any>) {
      // On SQLite the permit tables, keyed by text ids, are WITHOUT ROWID: the rows live in
      // their primary-key B-tree instead of a rowid table plus a separate key index.
      const keyed = keyedTable(db);
      await db.schema
        .createTable('parties')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('aliases', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('country', 'text', (c) => c.notNull())
        .addColumn('parent_id', 'text', (c) => c.references('parties.id'))
        .execute();

      await db.schema
        .createTable('items')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('aliases', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('manufacturer_id', 'text', (c) => c.references('parties.id'))
        .addColumn('category', 'text')
        .addColumn('control_codes', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();

      await db.schema
        .createTable('item_platforms')
        .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
        .addColumn('platform', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('item_platforms_pk', ['item_id', 'platform'])
        .execute();
      await db.schema.createIndex('item_platforms_platform').on('item_platforms').column('platform').execute();

      await db.schema
        .createTable('permits')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('exporter_id', 'text', (c) => c.notNull().references('parties.id'))
        .addColumn('origin', 'text', (c) => c.notNull())
        .addColumn('destination', 'text', (c) => c.notNull())
        .addColumn('consignee_id', 'text', (c) => c.references('parties.id'))
        .addColumn('end_user_id', 'text', (c) => c.notNull().references('parties.id'))
        .addColumn('ultimate_end_user_id', 'text', (c) => c.references('parties.id'))
        .addColumn('intermediary_ids', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('end_use', 'text')
        .addColumn('issued_on', 'text')
        .addColumn('expires_on', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('status_since', 'text', (c) => c.notNull())
        .addColumn('programme_tags', 'text', (c) => c.notNull().defaultTo('[]'))
        .$call(keyed)
        .execute();
      await db.schema.createIndex('permits_destination').on('permits').columns(['destination', 'id']).execute();
      await db.schema.createIndex('permits_exporter').on('permits').column('exporter_id').execute();
      await db.schema.createIndex('permits_end_user').on('permits').column('end_user_id').execute();

      await db.schema
        .createTable('permit_transitions')
        .addColumn('permit_id', 'text', (c) => c.notNull().references('permits.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('from_status', 'text', (c) => c.notNull())
        .addColumn('to_status', 'text', (c) => c.notNull())
        .addColumn('effective_on', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('permit_transitions_pk', ['permit_id', 'seq'])
        .execute();

      await db.schema
        .createTable('permit_lines')
        .addColumn('permit_id', 'text', (c) => c.notNull().references('permits.id'))
        .addColumn('line_no', 'integer', (c) => c.notNull())
        .addColumn('item_id', 'text', (c) => c.notNull().references('items.id'))
        .addColumn('quantity', 'double precision', (c) => c.notNull())
        .addColumn('value', 'double precision')
        .addColumn('currency', 'text')
        .addColumn('shipped_quantity', 'double precision', (c) => c.notNull().defaultTo(0))
        .addColumn('shipped_value', 'double precision', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('permit_lines_pk', ['permit_id', 'line_no'])
        .$call(keyed)
        .execute();
      await db.schema.createIndex('permit_lines_item').on('permit_lines').column('item_id').execute();

      await db.schema
        .createTable('assurances')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('permit_id', 'text', (c) => c.notNull().references('permits.id'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('signatory', 'text')
        .addColumn('signed_on', 'text')
        .addColumn('no_reexport', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('excluded_regions', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('inspection_consent', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('notes', 'text')
        .addColumn('status', 'text', (c) => c.notNull())
        .$call(keyed)
        .execute();
      await db.schema.createIndex('assurances_permit').on('assurances').columns(['permit_id', 'position']).execute();

      await db.schema
        .createTable('assurance_statuses')
        .addColumn('assurance_id', 'text', (c) => c.notNull().references('assurances.id'))
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('effective_on', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('actor', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('assurance_statuses_pk', ['assurance_id', 'seq'])
        .execute();

      await db.schema
        .createTable('shipments')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('permit_id', 'text', (c) => c.notNull().references('permits.id'))
        .addColumn('shipped_on', 'text', (c) => c.notNull())
        .addColumn('reference', 'text')
        .execute();
      await db.schema.createIndex('shipments_permit').on('shipments').column('permit_id').execute();

      await db.schema
        .createTable('shipment_lines')
        .addColumn('shipment_id', 'text', (c) => c.notNull().references('shipments.id'))
        .addColumn('line_no', 'integer', (c) => c.notNull())
        .addColumn('quantity', 'double precision', (c) => c.notNull())
        .addColumn('value', 'double precision', (c) => c.notNull())
        .addPrimaryKeyConstraint('shipment_lines_pk', ['shipment_id', 'line_no'])
        .execute();

      await db.schema
        .createTable('measures')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('country', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('starts_on', 'text', (c) => c.notNull())
        .addColumn('ends_on', 'text')
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('exceptions', 'text', (c) => c.notNull().defaultTo('[]'))
        .execute();
      await db.schema.createIndex('measures_country').on('measures').column('country').execute();

      await db.schema
        .createTable('audit_log')
        .addColumn('seq', 'integer', (c) => c.primaryKey())
        .addColumn('at', 'text', (c) => c.notNull())
        .addColumn('actor', 'text', (c) => c.notNull())
        .addColumn('verb', 'text', (c) => c.notNull())
        .addColumn('object_type', 'text', (c) => c.notNull())
        .addColumn('object_id', 'text', (c) => c.notNull())
        .addColumn('reason', 'text')
        .addColumn('payload', 'text', (c) => c.notNull())
        .addColumn('prev_hash', 'text', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('audit_log_object').on('audit_log').columns(['object_id', 'seq']).execute();

      await db.schema
        .createTable('audit_head')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('seq', 'integer', (c) => c.notNull())
        .addColumn('hash', 'text', (c) => c.notNull())
        .execute();
      await sql`insert into audit_head (id, seq, hash) values (1, 0, ${GENESIS_HASH})`.execute(db);
    },
  },
  '0002_evidence': evidenceMigration,
  '0003_screening': screeningMigration,
  '0004_screening_results': screeningResultsMigration,
  '0005_cases': casesMigration,
};

/** The prev_hash of the first audit entry. */
export const GENESIS_HASH = '0'.repeat(64);

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
