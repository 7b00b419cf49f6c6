import type { Kysely, Selectable } from 'kysely';
import type { DB, PartiesTable } from '../store/schema.js';
import { insertRows } from '../store/bulk.js';
import { chunks, fromJsonList, toJsonList } from '../store/json.js';
import type { Party, PartyKind } from './party.types.js';

function rowToParty(r: Selectable<PartiesTable>): Party {
  return {
    id: r.id,
    name: r.name,
    aliases: fromJsonList(r.aliases),
    kind: r.kind as PartyKind,
    country: r.country,
    parentId: r.parent_id,
  };
}

function partyToRow(p: Party): PartiesTable {
  return { id: p.id, name: p.name, aliases: toJsonList(p.aliases), kind: p.kind, country: p.country, parent_id: p.parentId };
}

export interface PartyFilter {
  country?: string;
  kind?: string;
}

export class PartyRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async get(id: string): Promise<Party | undefined> {
    const r = await this.db.selectFrom('parties').selectAll().where('id', '=', id).executeTakeFirst();
    return r && rowToParty(r);
  }

  /** The parties among `ids` that exist, keyed by id. */
  async getMany(ids: readonly string[]): Promise<Map<string, Party>> {
    const out = new Map<string, Party>();
    for (const part of chunks([...new Set(ids)], 5000)) {
      if (part.length === 0) continue;
      const rows = await this.db.selectFrom('parties').selectAll().where('id', 'in', part).execute();
      for (const r of rows) out.set(r.id, rowToParty(r));
    }
    return out;
  }

  async list(f: PartyFilter = {}): Promise<Party[]> {
    let q = this.db.selectFrom('parties').selectAll().orderBy('id');
    if (f.country) q = q.where('country', '=', f.country);
    if (f.kind) q = q.where('kind', '=', f.kind);
    return (await q.execute()).map(rowToParty);
  }

  async insertMany(parties: readonly Party[]): Promise<void> {
    await insertRows(this.db, 'parties', parties.map(partyToRow));
  }

  async update(p: Party): Promise<void> {
    const { id, ...rest } = partyToRow(p);
    await this.db.updateTable('parties').set(rest).where('id', '=', id).execute();
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('parties').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
