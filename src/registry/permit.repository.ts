import { type Kysely, type Selectable, type SqlBool, sql } from 'kysely';
import { insertValues } from '../store/bulk.js';
import { chunks, fromJsonList, toJsonList } from '../store/json.js';
import type { AssurancesTable, DB, PermitLinesTable, PermitsTable } from '../store/schema.js';
import type { Assurance, AssuranceKind, AssuranceStatus, AssuranceStatusChange } from './assurance.types.js';
import { type PermitStatus, buildTimeline, effectiveStatus, runningStatuses } from './permit.lifecycle.js';
import type { Permit, PermitLine } from './permit.types.js';

export interface PermitFilter {
  ids?: string[];
  destination?: string;
  /** Effective status (so `expired` includes permits whose validity ran out). */
  status?: PermitStatus;
  itemId?: string;
  exporterId?: string;
  endUserId?: string;
  limit?: number;
}

/** A new permit as written by imports and applications: lines not yet drawn. */
export type NewPermit = Omit<Permit, 'status' | 'recordedStatus' | 'timeline' | 'lines' | 'assurances'> & {
  recordedStatus: PermitStatus;
  /** When the recorded status took effect (see initialStatusSince). */
  statusSince: string;
  lines: Omit<PermitLine, 'shippedQuantity' | 'shippedValue'>[];
  assurances: Omit<Assurance, 'history'>[];
};

const PERMIT_COLUMNS = [
  'id',
  'exporter_id',
  'origin',
  'destination',
  'consignee_id',
  'end_user_id',
  'ultimate_end_user_id',
  'intermediary_ids',
  'end_use',
  'issued_on',
  'expires_on',
  'status',
  'status_since',
  'programme_tags',
] as const satisfies readonly (keyof PermitsTable)[];

/** Most lists are empty: their JSON needs no call. */
const jsonList = (values: readonly string[] | null | undefined) => (values?.length ? toJsonList(values) : '[]');

function permitValues(p: NewPermit): unknown[] {
  return [
    p.id,
    p.exporterId,
    p.origin,
    p.destination,
    p.consigneeId,
    p.endUserId,
    p.ultimateEndUserId,
    jsonList(p.intermediaryIds),
    p.endUse,
    p.issuedOn,
    p.expiresOn,
    p.recordedStatus,
    p.statusSince,
    jsonList(p.programmeTags),
  ];
}

const LINE_COLUMNS = ['permit_id', 'line_no', 'item_id', 'quantity', 'value', 'currency', 'shipped_quantity', 'shipped_value'] as const satisfies readonly (keyof PermitLinesTable)[];

const ASSURANCE_COLUMNS = [
  'id',
  'permit_id',
  'position',
  'kind',
  'signatory',
  'signed_on',
  'no_reexport',
  'excluded_regions',
  'inspection_consent',
  'notes',
  'status',
] as const satisfies readonly (keyof AssurancesTable)[];

function assuranceValues(a: Omit<Assurance, 'history'>, position: number): unknown[] {
  return [
    a.id,
    a.permitId,
    position,
    a.kind,
    a.signatory,
    a.signedOn,
    a.noReexport ? 1 : 0,
    jsonList(a.excludedRegions),
    a.inspectionConsent ? 1 : 0,
    a.notes,
    a.status,
  ];
}

/** Values by column name, for the single-row statements that Kysely builds. */
function asRow<R>(columns: readonly string[], values: readonly unknown[]): R {
  const row: Record<string, unknown> = {};
  for (let c = 0; c < columns.length; c++) row[columns[c]] = values[c];
  return row as R;
}

const permitRow = (p: NewPermit) => asRow<PermitsTable>(PERMIT_COLUMNS, permitValues(p));
const assuranceRow = (a: Omit<Assurance, 'history'>, position: number) => asRow<AssurancesTable>(ASSURANCE_COLUMNS, assuranceValues(a, position));

function lineFromRow(r: Selectable<PermitLinesTable>): PermitLine {
  return {
    lineNo: Number(r.line_no),
    itemId: r.item_id,
    quantity: Number(r.quantity),
    value: r.value === null ? null : Number(r.value),
    currency: r.currency,
    shippedQuantity: Number(r.shipped_quantity),
    shippedValue: Number(r.shipped_value),
  };
}

/**
 * SQL for the effective status, mirroring `effectiveStatus` so filters and reads agree.
 * The date is inlined as a literal (it is a validated YYYY-MM-DD) so that the expression
 * is textually identical in SELECT and GROUP BY on PostgreSQL.
 */
function effectiveStatusSql(asOf: string) {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) throw new Error(`bad as-of date ${asOf}`);
  const running = sql.join(runningStatuses.map((s) => sql.lit(s)));
  return sql<string>`case when expires_on is not null and expires_on < ${sql.lit(asOf)} and status in (${running}) then 'expired' else status end`;
}

export class PermitRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async get(id: string, asOf: string): Promise<Permit | undefined> {
    return (await this.getMany([id], asOf)).get(id);
  }

  /** Permits with their lines and assurances, keyed by id; missing ids are simply absent. */
  async getMany(ids: readonly string[], asOf: string): Promise<Map<string, Permit>> {
    const out = new Map<string, Permit>();
    for (const part of chunks([...new Set(ids)], 2000)) {
      if (part.length === 0) continue;
      const rows = await this.db.selectFrom('permits').selectAll().where('id', 'in', part).execute();
      for (const p of await this.hydrate(rows, asOf)) out.set(p.id, p);
    }
    return out;
  }

  async list(f: PermitFilter, asOf: string): Promise<Permit[]> {
    const rows = await this.filtered(f, asOf).selectAll().orderBy('id').execute();
    return this.hydrate(rows, asOf);
  }

  async listIds(f: PermitFilter, asOf: string): Promise<string[]> {
    const rows = await this.filtered(f, asOf).select('id').orderBy('id').execute();
    return rows.map((r) => r.id);
  }

  private filtered(f: PermitFilter, asOf: string) {
    let q = this.db.selectFrom('permits');
    if (f.ids) q = q.where('id', 'in', f.ids.length ? f.ids : ['']);
    if (f.destination) q = q.where('destination', '=', f.destination);
    if (f.exporterId) q = q.where('exporter_id', '=', f.exporterId);
    if (f.endUserId) q = q.where('end_user_id', '=', f.endUserId);
    if (f.itemId) {
      const itemId = f.itemId;
      q = q.where('id', 'in', (eb) => eb.selectFrom('permit_lines').select('permit_id').where('item_id', '=', itemId));
    }
    if (f.status) {
      const status = f.status;
      q = q.where(sql<SqlBool>`${effectiveStatusSql(asOf)} = ${status}`);
    }
    if (f.limit) q = q.limit(f.limit);
    return q;
  }

  private async hydrate(rows: Selectable<PermitsTable>[], asOf: string): Promise<Permit[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    const lines = new Map<string, PermitLine[]>();
    const assurances = new Map<string, Assurance[]>();
    const transitions = new Map<string, { to: PermitStatus; effectiveOn: string }[]>();
    const firstFrom = new Map<string, PermitStatus>(); // the status a permit was created with
    for (const part of chunks(ids, 2000)) {
      const tRows = await this.db
        .selectFrom('permit_transitions')
        .select(['permit_id', 'from_status', 'to_status', 'effective_on'])
        .where('permit_id', 'in', part)
        .orderBy('permit_id')
        .orderBy('seq')
        .execute();
      for (const t of tRows) {
        if (!firstFrom.has(t.permit_id)) firstFrom.set(t.permit_id, t.from_status as PermitStatus);
        push(transitions, t.permit_id, { to: t.to_status as PermitStatus, effectiveOn: t.effective_on });
      }
      const lineRows = await this.db.selectFrom('permit_lines').selectAll().where('permit_id', 'in', part).orderBy('permit_id').orderBy('line_no').execute();
      for (const r of lineRows) push(lines, r.permit_id, lineFromRow(r));
      const aRows = await this.db.selectFrom('assurances').selectAll().where('permit_id', 'in', part).orderBy('permit_id').orderBy('position').execute();
      const history = await this.historyOf(aRows.map((a) => a.id));
      for (const a of aRows) {
        push(assurances, a.permit_id, {
          id: a.id,
          permitId: a.permit_id,
          kind: a.kind as AssuranceKind,
          signatory: a.signatory,
          signedOn: a.signed_on,
          noReexport: Number(a.no_reexport) === 1,
          excludedRegions: fromJsonList(a.excluded_regions),
          inspectionConsent: Number(a.inspection_consent) === 1,
          notes: a.notes,
          status: a.status as AssuranceStatus,
          history: history.get(a.id) ?? [],
        });
      }
    }
    return rows.map((r) => {
      const recorded = r.status as PermitStatus;
      return {
        id: r.id,
        exporterId: r.exporter_id,
        origin: r.origin,
        destination: r.destination,
        consigneeId: r.consignee_id,
        endUserId: r.end_user_id,
        ultimateEndUserId: r.ultimate_end_user_id,
        intermediaryIds: fromJsonList(r.intermediary_ids),
        endUse: r.end_use,
        issuedOn: r.issued_on,
        expiresOn: r.expires_on,
        status: effectiveStatus(recorded, r.expires_on, asOf),
        recordedStatus: recorded,
        timeline: buildTimeline(
          { status: firstFrom.get(r.id) ?? recorded, since: r.status_since, issuedOn: r.issued_on },
          transitions.get(r.id) ?? [],
        ),
        programmeTags: fromJsonList(r.programme_tags),
        lines: lines.get(r.id) ?? [],
        assurances: assurances.get(r.id) ?? [],
      };
    });
  }

  private async historyOf(assuranceIds: string[]): Promise<Map<string, AssuranceStatusChange[]>> {
    const out = new Map<string, AssuranceStatusChange[]>();
    if (assuranceIds.length === 0) return out;
    const rows = await this.db.selectFrom('assurance_statuses').selectAll().where('assurance_id', 'in', assuranceIds).orderBy('assurance_id').orderBy('seq').execute();
    for (const r of rows) {
      push(out, r.assurance_id, { status: r.status as AssuranceStatus, effectiveOn: r.effective_on, reason: r.reason, actor: r.actor });
    }
    return out;
  }

  async insertMany(permits: readonly NewPermit[]): Promise<void> {
    const permitRows = new Array<unknown[]>(permits.length);
    const lineRows: unknown[][] = [];
    const assuranceRows: unknown[][] = [];
    for (let i = 0; i < permits.length; i++) {
      const p = permits[i];
      permitRows[i] = permitValues(p);
      for (const l of p.lines) lineRows.push([p.id, l.lineNo, l.itemId, l.quantity, l.value, l.currency, 0, 0]);
      for (let k = 0; k < p.assurances.length; k++) assuranceRows.push(assuranceValues(p.assurances[k], k + 1));
    }
    // Parents before children: lines and assurances point at their permit.
    await insertValues(this.db, 'permits', PERMIT_COLUMNS, permitRows);
    await insertValues(this.db, 'permit_lines', LINE_COLUMNS, lineRows);
    await insertValues(this.db, 'assurances', ASSURANCE_COLUMNS, assuranceRows);
  }

  /**
   * Rewrites a permit's descriptive fields, lines and assurances. Draw-down and statuses are
   * kept: lines keep their shipped amounts, assurances keep their status and history.
   */
  async updateDetails(p: NewPermit): Promise<void> {
    const { id, status: _status, status_since: _since, ...rest } = permitRow(p);
    await this.db.updateTable('permits').set(rest).where('id', '=', id).execute();
    const existing = await this.db.selectFrom('permit_lines').select(['line_no']).where('permit_id', '=', id).execute();
    const keep = new Set(p.lines.map((l) => l.lineNo));
    for (const r of existing) {
      if (!keep.has(Number(r.line_no))) {
        await this.db.deleteFrom('permit_lines').where('permit_id', '=', id).where('line_no', '=', r.line_no).execute();
      }
    }
    const had = new Set(existing.map((r) => Number(r.line_no)));
    for (const l of p.lines) {
      const fields = { item_id: l.itemId, quantity: l.quantity, value: l.value, currency: l.currency };
      if (had.has(l.lineNo)) {
        await this.db.updateTable('permit_lines').set(fields).where('permit_id', '=', id).where('line_no', '=', l.lineNo).execute();
      } else {
        await this.db.insertInto('permit_lines').values({ permit_id: id, line_no: l.lineNo, ...fields, shipped_quantity: 0, shipped_value: 0 }).execute();
      }
    }
    const current = await this.db.selectFrom('assurances').select(['id']).where('permit_id', '=', id).execute();
    const currentIds = new Set(current.map((a) => a.id));
    for (const [i, a] of p.assurances.entries()) {
      const { id: aid, status: _s, ...fields } = assuranceRow(a, i + 1);
      if (currentIds.has(aid)) await this.db.updateTable('assurances').set(fields).where('id', '=', aid).execute();
      else await this.db.insertInto('assurances').values(assuranceRow(a, i + 1)).execute();
    }
  }

  async setValidity(id: string, issuedOn: string, expiresOn: string): Promise<void> {
    await this.db.updateTable('permits').set({ issued_on: issuedOn, expires_on: expiresOn }).where('id', '=', id).execute();
  }

  /** Records a transition: the new status and, in the permit's history, when it took effect. */
  async recordTransition(id: string, t: { from: PermitStatus; to: PermitStatus; effectiveOn: string; actor: string; reason: string }): Promise<void> {
    const last = await this.db.selectFrom('permit_transitions').select((eb) => eb.fn.max('seq').as('seq')).where('permit_id', '=', id).executeTakeFirst();
    const seq = Number(last?.seq ?? 0) + 1;
    await this.db
      .insertInto('permit_transitions')
      .values({ permit_id: id, seq, from_status: t.from, to_status: t.to, effective_on: t.effectiveOn, actor: t.actor, reason: t.reason })
      .execute();
    await this.db.updateTable('permits').set({ status: t.to }).where('id', '=', id).execute();
  }

  async addDraw(permitId: string, lineNo: number, quantity: number, value: number): Promise<void> {
    await this.db
      .updateTable('permit_lines')
      .set((eb) => ({
        shipped_quantity: eb('shipped_quantity', '+', quantity),
        shipped_value: eb('shipped_value', '+', value),
      }))
      .where('permit_id', '=', permitId)
      .where('line_no', '=', lineNo)
      .execute();
  }

  /** The permit each of these assurance ids belongs to, for those that exist. */
  async assuranceOwners(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const part of chunks([...new Set(ids)], 5000)) {
      if (part.length === 0) continue;
      const rows = await this.db.selectFrom('assurances').select(['id', 'permit_id']).where('id', 'in', part).execute();
      for (const r of rows) out.set(r.id, r.permit_id);
    }
    return out;
  }

  async permitOfAssurance(assuranceId: string): Promise<string | undefined> {
    const r = await this.db.selectFrom('assurances').select('permit_id').where('id', '=', assuranceId).executeTakeFirst();
    return r?.permit_id;
  }

  async setAssuranceStatus(assuranceId: string, change: AssuranceStatusChange): Promise<void> {
    const last = await this.db
      .selectFrom('assurance_statuses')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('assurance_id', '=', assuranceId)
      .executeTakeFirst();
    const seq = Number(last?.seq ?? 0) + 1;
    await this.db.updateTable('assurances').set({ status: change.status }).where('id', '=', assuranceId).execute();
    await this.db
      .insertInto('assurance_statuses')
      .values({ assurance_id: assuranceId, seq, status: change.status, effective_on: change.effectiveOn, reason: change.reason, actor: change.actor })
      .execute();
  }

  /** Whether the ledger holds any permit at all. */
  async hasAny(): Promise<boolean> {
    return (await this.db.selectFrom('permits').select('id').limit(1).executeTakeFirst()) !== undefined;
  }

  async countLines(): Promise<{ permits: number; lines: number }> {
    const p = await this.db.selectFrom('permits').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    const l = await this.db.selectFrom('permit_lines').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    return { permits: Number(p.n), lines: Number(l.n) };
  }

  async countByStatus(asOf: string): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('permits')
      .select([effectiveStatusSql(asOf).as('s'), (eb) => eb.fn.countAll<string | number>().as('n')])
      .groupBy(effectiveStatusSql(asOf))
      .execute();
    return Object.fromEntries(rows.map((r) => [r.s, Number(r.n)]));
  }
}

function push<K, V>(m: Map<K, V[]>, k: K, v: V) {
  const list = m.get(k);
  if (list) list.push(v);
  else m.set(k, [v]);
}
