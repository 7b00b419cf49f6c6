import type { Kysely, Selectable } from 'kysely';
import type { DB, ItemsTable } from '../store/schema.js';
import { insertRows } from '../store/bulk.js';
import { chunks, fromJsonList, toJsonList } from '../store/json.js';
import type { Item } from './item.types.js';

function rowToItem(r: Selectable<ItemsTable>, platforms: string[]): Item {
  return {
    id: r.id,
    name: r.name,
    aliases: fromJsonList(r.aliases),
    manufacturerId: r.manufacturer_id,
    category: r.category,
    controlCodes: fromJsonList(r.control_codes),
    platforms,
  };
}

function itemToRow(i: Item): ItemsTable {
  return {
    id: i.id,
    name: i.name,
    aliases: toJsonList(i.aliases),
    manufacturer_id: i.manufacturerId,
    category: i.category,
    control_codes: toJsonList(i.controlCodes),
  };
}

export interface ItemFilter {
  manufacturerId?: string;
  platform?: string;
}

export class ItemRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async get(id: string): Promise<Item | undefined> {
    return (await this.getMany([id])).get(id);
  }

  async getMany(ids: readonly string[]): Promise<Map<string, Item>> {
    const out = new Map<string, Item>();
    for (const part of chunks([...new Set(ids)], 5000)) {
      if (part.length === 0) continue;
      const rows = await this.db.selectFrom('items').selectAll().where('id', 'in', part).execute();
      const platforms = await this.platformsOf(part);
      for (const r of rows) out.set(r.id, rowToItem(r, platforms.get(r.id) ?? []));
    }
    return out;
  }

  async list(f: ItemFilter = {}): Promise<Item[]> {
    let q = this.db.selectFrom('items').selectAll().orderBy('id');
    if (f.manufacturerId) q = q.where('manufacturer_id', '=', f.manufacturerId);
    if (f.platform) {
      const platform = f.platform;
      q = q.where('id', 'in', (eb) => eb.selectFrom('item_platforms').select('item_id').where('platform', '=', platform));
    }
    const rows = await q.execute();
    const platforms = await this.platformsOf(rows.map((r) => r.id));
    return rows.map((r) => rowToItem(r, platforms.get(r.id) ?? []));
  }

  private async platformsOf(ids: readonly string[]): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    for (const part of chunks(ids, 5000)) {
      if (part.length === 0) continue;
      const rows = await this.db
        .selectFrom('item_platforms')
        .select(['item_id', 'platform'])
        .where('item_id', 'in', part)
        .orderBy('item_id')
        .orderBy('platform')
        .execute();
      for (const r of rows) {
        const list = out.get(r.item_id) ?? [];
        list.push(r.platform);
        out.set(r.item_id, list);
      }
    }
    return out;
  }

  async insertMany(items: readonly Item[]): Promise<void> {
    await insertRows(this.db, 'items', items.map(itemToRow));
    await insertRows(this.db, 'item_platforms', items.flatMap((i) => [...new Set(i.platforms)].map((platform) => ({ item_id: i.id, platform }))));
  }

  async update(i: Item): Promise<void> {
    const { id, ...rest } = itemToRow(i);
    await this.db.updateTable('items').set(rest).where('id', '=', id).execute();
    await this.db.deleteFrom('item_platforms').where('item_id', '=', id).execute();
    const platforms = [...new Set(i.platforms)].map((platform) => ({ item_id: id, platform }));
    if (platforms.length) await this.db.insertInto('item_platforms').values(platforms).execute();
  }

  async count(): Promise<number> {
    const r = await this.db.selectFrom('items').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
