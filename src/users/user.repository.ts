import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import type { Role } from './user.roles.js';

export interface User {
  name: string;
  role: Role;
  active: boolean;
  addedBy: string;
  addedAt: string;
}

export class UserRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async get(name: string): Promise<User | undefined> {
    const r = await this.db.selectFrom('users').selectAll().where('name', '=', name).executeTakeFirst();
    return r && { name: r.name, role: r.role as Role, active: Number(r.active) === 1, addedBy: r.added_by, addedAt: r.added_at };
  }

  async list(): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().orderBy('name').execute();
    return rows.map((r) => ({ name: r.name, role: r.role as Role, active: Number(r.active) === 1, addedBy: r.added_by, addedAt: r.added_at }));
  }

  async any(): Promise<boolean> {
    return (await this.db.selectFrom('users').select('name').limit(1).executeTakeFirst()) !== undefined;
  }

  async insert(u: User): Promise<void> {
    await this.db
      .insertInto('users')
      .values({ name: u.name, role: u.role, active: u.active ? 1 : 0, added_by: u.addedBy, added_at: u.addedAt })
      .execute();
  }

  async update(name: string, change: { role?: Role; active?: boolean }): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ ...(change.role ? { role: change.role } : {}), ...(change.active !== undefined ? { active: change.active ? 1 : 0 } : {}) })
      .where('name', '=', name)
      .execute();
  }
}
