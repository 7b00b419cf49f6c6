import { type Insertable, type Kysely, type Selectable, sql } from 'kysely';
import { insertRows } from '../store/bulk.js';
import { chunks } from '../store/json.js';
import type { Dialect } from '../store/database.js';
import type { DB, ListEntriesTable, ListVersionsTable } from '../store/schema.js';
import type { EntryChange } from './list.diff.js';
import type { ListEntry, ListName } from './screening.types.js';

export type ListVersionRow = Selectable<ListVersionsTable>;

/** Any advisory-lock key will do as long as every list importer uses the same one. */
const LISTS_LOCK_KEY = 7_104_2024;

/** Sanctions lists, their versions, entries and diffs. */
export class ListRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: Dialect,
  ) {}

  /**
   * Serialises list imports on PostgreSQL for the rest of the transaction (version ids are
   * taken as max + 1). SQLite transactions begin IMMEDIATE, which already serialises writers.
   */
  async lock(): Promise<void> {
    if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${LISTS_LOCK_KEY})`.execute(this.db);
  }

  async version(id: number): Promise<ListVersionRow | undefined> {
    return this.db.selectFrom('list_versions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async versionByHash(list: string, contentHash: string): Promise<ListVersionRow | undefined> {
    return this.db.selectFrom('list_versions').selectAll().where('list', '=', list).where('content_hash', '=', contentHash).executeTakeFirst();
  }

  async current(list: string): Promise<ListVersionRow | undefined> {
    return this.db
      .selectFrom('screening_lists')
      .innerJoin('list_versions', 'list_versions.id', 'screening_lists.current_version_id')
      .selectAll('list_versions')
      .where('screening_lists.id', '=', list)
      .executeTakeFirst();
  }

  async versions(list?: string): Promise<(ListVersionRow & { current: boolean })[]> {
    let q = this.db
      .selectFrom('list_versions')
      .leftJoin('screening_lists', 'screening_lists.current_version_id', 'list_versions.id')
      .selectAll('list_versions')
      .select('screening_lists.id as current_of');
    if (list) q = q.where('list_versions.list', '=', list);
    const rows = await q.orderBy('list_versions.list').orderBy('list_versions.id').execute();
    return rows.map(({ current_of, ...r }) => ({ ...r, current: current_of !== null }));
  }

  async nextVersionId(): Promise<number> {
    const row = await this.db.selectFrom('list_versions').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
    return Number(row?.max ?? 0) + 1;
  }

  /** entry id → entry hash of one version, for diffing. */
  async entryHashes(versionId: number): Promise<Map<string, string>> {
    const rows = await this.db.selectFrom('list_entries').select(['entry_id', 'entry_hash']).where('version_id', '=', versionId).execute();
    return new Map(rows.map((r) => [r.entry_id, r.entry_hash]));
  }

  async insertVersion(row: ListVersionRow): Promise<void> {
    await this.db.insertInto('list_versions').values(row).execute();
  }

  async insertEntries(versionId: number, entries: readonly { entry: ListEntry; hash: string }[]): Promise<void> {
    const rows: Insertable<ListEntriesTable>[] = entries.map(({ entry: e, hash }) => ({
      version_id: versionId,
      entry_id: e.entryId,
      type: e.type,
      names: JSON.stringify(e.names),
      countries: JSON.stringify(e.countries),
      birth_dates: JSON.stringify(e.birthDates),
      identifiers: JSON.stringify(e.identifiers),
      programmes: JSON.stringify(e.programmes),
      remarks: e.remarks,
      entry_hash: hash,
    }));
    await insertRows(this.db, 'list_entries', rows);
  }

  async insertDiffs(versionId: number, changes: readonly { entryId: string; change: EntryChange }[]): Promise<void> {
    await insertRows(
      this.db,
      'list_diffs',
      changes.map((c) => ({ version_id: versionId, entry_id: c.entryId, change: c.change })),
    );
  }

  async makeCurrent(list: string, versionId: number, at: string): Promise<void> {
    const updated = await this.db.updateTable('screening_lists').set({ current_version_id: versionId, updated_at: at }).where('id', '=', list).executeTakeFirst();
    if (Number(updated.numUpdatedRows) === 0) await this.db.insertInto('screening_lists').values({ id: list, current_version_id: versionId, updated_at: at }).execute();
  }

  async diff(versionId: number): Promise<{ entryId: string; change: EntryChange }[]> {
    const rows = await this.db.selectFrom('list_diffs').select(['entry_id', 'change']).where('version_id', '=', versionId).execute();
    return rows
      .map((r) => ({ entryId: r.entry_id, change: r.change as EntryChange }))
      .sort((a, b) => a.change.localeCompare(b.change) || a.entryId.localeCompare(b.entryId, 'en', { numeric: true }));
  }

  /** The entries of a version, or of the named ids only. */
  async entries(versionId: number, ids?: readonly string[]): Promise<ListEntry[]> {
    const q = this.db.selectFrom('list_entries').selectAll().where('version_id', '=', versionId);
    if (!ids) return (await q.orderBy('entry_id').execute()).map(rowToEntry);
    const out: ListEntry[] = [];
    for (const part of chunks(ids, 1000)) out.push(...(await q.where('entry_id', 'in', part).execute()).map(rowToEntry));
    return out;
  }
}

function rowToEntry(r: Selectable<ListEntriesTable>): ListEntry {
  return {
    entryId: r.entry_id,
    type: r.type as ListEntry['type'],
    names: JSON.parse(r.names) as ListName[],
    countries: JSON.parse(r.countries) as string[],
    birthDates: JSON.parse(r.birth_dates) as string[],
    identifiers: JSON.parse(r.identifiers) as ListEntry['identifiers'],
    programmes: JSON.parse(r.programmes) as string[],
    remarks: r.remarks,
  };
}
