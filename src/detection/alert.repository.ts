import type { Kysely, Selectable } from 'kysely';
import type { AlertsTable, DB } from '../store/schema.js';

export type AlertRow = Selectable<AlertsTable>;

export interface AlertFilter {
  permitId?: string;
  minScore?: number;
  status?: string;
  documentId?: string;
  limit?: number;
}

/** Alerts and the lookups detection needs from the ledger (permits by item). */
export class AlertRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async forPermits(permitIds: readonly string[]): Promise<AlertRow[]> {
    if (permitIds.length === 0) return [];
    return this.db.selectFrom('alerts').selectAll().where('permit_id', 'in', [...permitIds]).execute();
  }

  async insert(row: AlertRow): Promise<void> {
    await this.db.insertInto('alerts').values(row).execute();
  }

  async update(id: string, change: Partial<Omit<AlertRow, 'id' | 'permit_id' | 'kind' | 'raised_at'>>): Promise<void> {
    await this.db.updateTable('alerts').set(change).where('id', '=', id).execute();
  }

  async get(id: string): Promise<AlertRow | undefined> {
    return this.db.selectFrom('alerts').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async list(f: AlertFilter = {}): Promise<AlertRow[]> {
    let q = this.db.selectFrom('alerts').selectAll();
    if (f.permitId) q = q.where('permit_id', '=', f.permitId);
    if (f.minScore !== undefined) q = q.where('score', '>=', f.minScore);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.documentId) q = q.where('document_ids', 'like', `%"${f.documentId}"%`);
    return q.orderBy('score', 'desc').orderBy('permit_id').orderBy('kind').limit(f.limit ?? 10_000).execute();
  }

  /** Permits with a line for any of these items: the only permits a claim about them can touch. */
  async permitIdsForItems(itemIds: readonly string[]): Promise<string[]> {
    if (itemIds.length === 0) return [];
    const rows = await this.db.selectFrom('permit_lines').select('permit_id').distinct().where('item_id', 'in', [...itemIds]).execute();
    return rows.map((r) => r.permit_id);
  }

  /** Every region some assurance excludes, with the destination of its permit. */
  async excludedRegions(): Promise<{ name: string; country: string }[]> {
    const rows = await this.db
      .selectFrom('assurances')
      .innerJoin('permits', 'permits.id', 'assurances.permit_id')
      .select(['assurances.excluded_regions as regions', 'permits.destination as country'])
      .distinct()
      .where('assurances.excluded_regions', '!=', '[]')
      .execute();
    const out = new Map<string, { name: string; country: string }>();
    for (const r of rows) for (const name of JSON.parse(r.regions) as string[]) out.set(`${name}\u0000${r.country}`, { name, country: r.country });
    return [...out.values()];
  }

  /** The items on these permits. */
  async itemsOfPermits(permitIds: readonly string[]): Promise<string[]> {
    if (permitIds.length === 0) return [];
    const rows = await this.db.selectFrom('permit_lines').select('item_id').distinct().where('permit_id', 'in', [...permitIds]).execute();
    return rows.map((r) => r.item_id);
  }
}
