import type { Kysely } from 'kysely';
import { insertRows } from '../store/bulk.js';
import type { DB } from '../store/schema.js';
import type { Shipment } from './shipment.types.js';

export class ShipmentRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(s: Shipment): Promise<void> {
    await this.db.insertInto('shipments').values({ id: s.id, permit_id: s.permitId, shipped_on: s.shippedOn, reference: s.reference }).execute();
    await insertRows(
      this.db,
      'shipment_lines',
      s.lines.map((l) => ({ shipment_id: s.id, line_no: l.lineNo, quantity: l.quantity, value: l.value })),
    );
  }

  async get(id: string): Promise<Shipment | undefined> {
    const r = await this.db.selectFrom('shipments').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r) return undefined;
    return (await this.withLines([r]))[0];
  }

  async listForPermit(permitId: string): Promise<Shipment[]> {
    const rows = await this.db.selectFrom('shipments').selectAll().where('permit_id', '=', permitId).orderBy('shipped_on').orderBy('id').execute();
    return this.withLines(rows);
  }

  async countForPermit(permitId: string): Promise<number> {
    const r = await this.db
      .selectFrom('shipments')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('permit_id', '=', permitId)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  private async withLines(rows: DB['shipments'][]): Promise<Shipment[]> {
    if (rows.length === 0) return [];
    const lines = await this.db
      .selectFrom('shipment_lines')
      .selectAll()
      .where(
        'shipment_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('shipment_id')
      .orderBy('line_no')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      permitId: r.permit_id,
      shippedOn: r.shipped_on,
      reference: r.reference,
      lines: lines
        .filter((l) => l.shipment_id === r.id)
        .map((l) => ({ lineNo: Number(l.line_no), quantity: Number(l.quantity), value: Number(l.value) })),
    }));
  }
}
