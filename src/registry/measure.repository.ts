import type { Kysely, Selectable } from 'kysely';
import type { DB, MeasuresTable } from '../store/schema.js';
import type { DestinationMeasure, MeasureException, MeasureKind } from './measure.types.js';

function rowToMeasure(r: Selectable<MeasuresTable>): DestinationMeasure {
  return {
    id: r.id,
    country: r.country,
    kind: r.kind as MeasureKind,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    reason: r.reason,
    exceptions: JSON.parse(r.exceptions) as MeasureException[],
  };
}

export interface MeasureFilter {
  country?: string;
  /** Only measures in force on this date. */
  inForceOn?: string;
}

export class MeasureRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(m: DestinationMeasure): Promise<void> {
    await this.db
      .insertInto('measures')
      .values({
        id: m.id,
        country: m.country,
        kind: m.kind,
        starts_on: m.startsOn,
        ends_on: m.endsOn,
        reason: m.reason,
        exceptions: JSON.stringify(m.exceptions),
      })
      .execute();
  }

  async get(id: string): Promise<DestinationMeasure | undefined> {
    const r = await this.db.selectFrom('measures').selectAll().where('id', '=', id).executeTakeFirst();
    return r && rowToMeasure(r);
  }

  async list(f: MeasureFilter = {}): Promise<DestinationMeasure[]> {
    let q = this.db.selectFrom('measures').selectAll().orderBy('country').orderBy('starts_on').orderBy('id');
    if (f.country) q = q.where('country', '=', f.country);
    if (f.inForceOn) {
      const d = f.inForceOn;
      q = q.where('starts_on', '<=', d).where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', d)]));
    }
    return (await q.execute()).map(rowToMeasure);
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('measures').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
