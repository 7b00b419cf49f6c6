import type { Kysely, Selectable } from 'kysely';
import type { DB, FeedsTable } from '../store/schema.js';

export type FeedRow = Selectable<FeedsTable>;

/** Feeds the analyst subscribed to. */
export class FeedRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async byUrl(url: string): Promise<FeedRow | undefined> {
    return this.db.selectFrom('feeds').selectAll().where('url', '=', url).executeTakeFirst();
  }

  async insert(row: FeedRow): Promise<void> {
    await this.db.insertInto('feeds').values(row).execute();
  }

  async list(): Promise<FeedRow[]> {
    return this.db.selectFrom('feeds').selectAll().orderBy('added_at').orderBy('id').execute();
  }

  async markPolled(id: string, at: string, result: string): Promise<void> {
    await this.db.updateTable('feeds').set({ polled_at: at, last_result: result }).where('id', '=', id).execute();
  }
}
