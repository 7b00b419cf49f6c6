import type { Kysely, Migration } from 'kysely';
import { keyedTable } from './migrations.evidence.js';

/**
 * Users, cases, verification requests, decisions, applications and their assessments.
 * Lists that belong to one row and are never queried by their members (a decision's permit
 * ids, an assessment's findings) are JSON text, as elsewhere in the schema.
 */
export const casesMigration: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('users')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('role', 'text', (c) => c.notNull())
      .addColumn('active', 'integer', (c) => c.notNull())
      .addColumn('added_by', 'text', (c) => c.notNull())
      .addColumn('added_at', 'text', (c) => c.notNull())
      .$call(keyedTable(db))
      .execute();

    await db.schema
      .createTable('cases')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('title', 'text', (c) => c.notNull())
      .addColumn('origin', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('assignee', 'text')
      .addColumn('opened_by', 'text', (c) => c.notNull())
      .addColumn('opened_at', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'text', (c) => c.notNull())
      .addColumn('end_user_id', 'text')
      .$call(keyedTable(db))
      .execute();
    await db.schema.createIndex('cases_status').on('cases').columns(['status', 'id']).execute();

    await db.schema
      .createTable('case_links')
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('ref_id', 'text', (c) => c.notNull())
      .addColumn('linked_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('case_links_pk', ['case_id', 'kind', 'ref_id'])
      .$call(keyedTable(db))
      .execute();
    await db.schema.createIndex('case_links_ref').on('case_links').columns(['kind', 'ref_id']).execute();

    await db.schema
      .createTable('case_notes')
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('author', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('text', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('case_notes_pk', ['case_id', 'seq'])
      .$call(keyedTable(db))
      .execute();

    await db.schema
      .createTable('verifications')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('addressee', 'text', (c) => c.notNull())
      .addColumn('requested_by', 'text', (c) => c.notNull())
      .addColumn('requested_on', 'text', (c) => c.notNull())
      .addColumn('due_on', 'text', (c) => c.notNull())
      .addColumn('question', 'text')
      .addColumn('outcome', 'text')
      .addColumn('findings', 'text')
      .addColumn('document_ids', 'text', (c) => c.notNull())
      .addColumn('recorded_by', 'text')
      .addColumn('recorded_on', 'text')
      .$call(keyedTable(db))
      .execute();
    await db.schema.createIndex('verifications_case').on('verifications').columns(['case_id']).execute();
    await db.schema.createIndex('verifications_due').on('verifications').columns(['outcome', 'due_on']).execute();

    await db.schema
      .createTable('decisions')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('case_id', 'text', (c) => c.notNull().references('cases.id'))
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('permit_ids', 'text', (c) => c.notNull())
      .addColumn('measure', 'text')
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('effective_on', 'text', (c) => c.notNull())
      .addColumn('proposed_by', 'text', (c) => c.notNull())
      .addColumn('proposed_at', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text')
      .addColumn('decided_at', 'text')
      .addColumn('decision_note', 'text')
      .$call(keyedTable(db))
      .execute();
    await db.schema.createIndex('decisions_case').on('decisions').columns(['case_id']).execute();

    await db.schema
      .createTable('applications')
      .addColumn('permit_id', 'text', (c) => c.primaryKey().references('permits.id'))
      .addColumn('submitted_by', 'text', (c) => c.notNull())
      .addColumn('submitted_on', 'text', (c) => c.notNull())
      .addColumn('routing', 'text', (c) => c.notNull())
      .addColumn('measure_id', 'text')
      .addColumn('routing_reason', 'text', (c) => c.notNull())
      .addColumn('decided_by', 'text')
      .addColumn('decided_on', 'text')
      .$call(keyedTable(db))
      .execute();

    await db.schema
      .createTable('assessments')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('permit_id', 'text', (c) => c.notNull().references('permits.id'))
      .addColumn('criteria_set', 'text', (c) => c.notNull())
      .addColumn('assessor', 'text', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('findings', 'text', (c) => c.notNull())
      .addColumn('history', 'text', (c) => c.notNull())
      .addColumn('recommendation', 'text', (c) => c.notNull())
      .$call(keyedTable(db))
      .execute();
    await db.schema.createIndex('assessments_permit').on('assessments').columns(['permit_id', 'at']).execute();
  },
};
