import { type Kysely, type Selectable, sql } from 'kysely';
import { insertRows } from '../store/bulk.js';
import type { Dialect } from '../store/database.js';
import { chunks } from '../store/json.js';
import type { DB, ScreeningResultsTable, ScreeningRunsTable } from '../store/schema.js';

export type ScreeningResultRow = Selectable<ScreeningResultsTable>;
export type ScreeningRunRow = Selectable<ScreeningRunsTable>;
export const hitStatuses = ['open', 'false_positive', 'closed'] as const;
export type HitStatus = (typeof hitStatuses)[number];

/** Any advisory-lock key will do as long as every screening writer uses the same one. */
const SCREENING_LOCK_KEY = 7_104_2025;

/** Stored screening results and runs. */
export class ScreeningRepository {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: Dialect,
  ) {}

  /** Serialises screening writers on PostgreSQL (SQLite transactions already do). */
  async lock(): Promise<void> {
    if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${SCREENING_LOCK_KEY})`.execute(this.db);
  }

  /** The last run of each list, by list. */
  async lastRuns(): Promise<Map<string, ScreeningRunRow>> {
    const rows = await this.db.selectFrom('screening_runs').selectAll().orderBy('id').execute();
    return new Map(rows.map((r) => [r.list, r]));
  }

  async insertRun(run: Omit<ScreeningRunRow, 'id'>): Promise<number> {
    const row = await this.db.selectFrom('screening_runs').select((eb) => eb.fn.max('id').as('max')).executeTakeFirst();
    const id = Number(row?.max ?? 0) + 1;
    await this.db.insertInto('screening_runs').values({ id, ...run }).execute();
    return id;
  }

  /** The stored results of one list, optionally only for the named entries. */
  async resultsOfList(list: string, entryIds?: readonly string[]): Promise<ScreeningResultRow[]> {
    const q = this.db.selectFrom('screening_results').selectAll().where('list', '=', list);
    if (!entryIds) return q.execute();
    const out: ScreeningResultRow[] = [];
    for (const part of chunks(entryIds, 1000)) if (part.length) out.push(...(await q.where('entry_id', 'in', part).execute()));
    return out;
  }

  async insertResults(rows: readonly ScreeningResultRow[]): Promise<void> {
    await insertRows(this.db, 'screening_results', rows as ScreeningResultRow[]);
  }

  async updateResult(row: ScreeningResultRow): Promise<void> {
    const { party_id, list, entry_id, ...rest } = row;
    await this.db.updateTable('screening_results').set(rest).where('party_id', '=', party_id).where('list', '=', list).where('entry_id', '=', entry_id).execute();
  }

  async find(partyId: string, entryId: string, list?: string): Promise<ScreeningResultRow[]> {
    let q = this.db.selectFrom('screening_results').selectAll().where('party_id', '=', partyId).where('entry_id', '=', entryId);
    if (list) q = q.where('list', '=', list);
    return q.execute();
  }

  async list(f: { partyId?: string; status?: HitStatus; matchesOnly?: boolean }): Promise<ScreeningResultRow[]> {
    let q = this.db.selectFrom('screening_results').selectAll();
    if (f.partyId) q = q.where('party_id', '=', f.partyId);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.matchesOnly) q = q.where('is_match', '=', 1);
    const rows = await q.execute();
    return rows.sort((a, b) => a.party_id.localeCompare(b.party_id) || b.score - a.score || a.list.localeCompare(b.list) || a.entry_id.localeCompare(b.entry_id, 'en', { numeric: true }));
  }
}
