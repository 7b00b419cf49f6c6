import { AppError } from '../shared/errors.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import type { Kysely } from 'kysely';
import type { DB } from '../store/schema.js';
import { type User, UserRepository } from './user.repository.js';
import { type Action, type Role, assertAllowed, isRole, roles } from './user.roles.js';

const NAME = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;

export interface AddUserInput {
  name: string;
  role: string;
}

/**
 * Registers a user. The first user of a ledger must be an admin (registering users turns
 * role checks on for everyone); after that only an active admin may add users.
 */
export async function addUser(uow: UnitOfWork, input: AddUserInput): Promise<User> {
  const name = input.name?.trim() ?? '';
  if (!NAME.test(name)) {
    throw new AppError('invalid_input', `user name '${input.name}' is not valid: letters, digits, '.', '_', '@' or '-', at most 64`, [{ field: 'name', message: 'invalid' }]);
  }
  if (!isRole(input.role)) {
    throw new AppError('invalid_input', `role '${input.role}' is not one of ${roles.join(', ')}`, [{ field: 'role', message: 'unknown role' }]);
  }
  const repo = new UserRepository(uow.db);
  if (await repo.any()) {
    await actingUser(uow.db, uow.actor, 'users.manage');
  } else if (input.role !== 'admin') {
    throw new AppError('invalid_input', `the first user of a ledger must be an admin (endwatch users add ${name} --role admin), so that someone can add the others`);
  }
  if (await repo.get(name)) throw new AppError('conflict', `user ${name} already exists`);
  const user: User = { name, role: input.role, active: true, addedBy: uow.actor, addedAt: new Date().toISOString() };
  await repo.insert(user);
  await uow.audit.record({ verb: 'user.add', objectType: 'user', objectId: name, payload: { role: user.role } });
  return user;
}

/** Changes a user's role or deactivates them (users are never deleted: the audit trail names them). */
export async function changeUser(uow: UnitOfWork, name: string, change: { role?: string; active?: boolean }, reason: string): Promise<User> {
  await actingUser(uow.db, uow.actor, 'users.manage');
  const repo = new UserRepository(uow.db);
  const user = await repo.get(name);
  if (!user) throw new AppError('not_found', `no user ${name}`);
  if (change.role !== undefined && !isRole(change.role)) throw new AppError('invalid_input', `role '${change.role}' is not one of ${roles.join(', ')}`);
  if (!reason?.trim()) throw new AppError('invalid_input', 'a reason is required to change a user');
  if (name === uow.actor && (change.active === false || (change.role && change.role !== 'admin'))) {
    throw new AppError('forbidden', 'an admin cannot demote or deactivate themselves; another admin must');
  }
  await repo.update(name, { role: change.role as Role | undefined, active: change.active });
  await uow.audit.record({ verb: 'user.change', objectType: 'user', objectId: name, reason: reason.trim(), payload: { from: { role: user.role, active: user.active }, to: change } });
  return (await repo.get(name))!;
}

/**
 * The registered user acting, checked against the role table. With no users registered the
 * ledger runs in single-operator mode and null is returned: every action is allowed and
 * recorded under the name given.
 */
export async function authorize(db: Kysely<DB>, actor: string, action: Action): Promise<User | null> {
  const repo = new UserRepository(db);
  if (!(await repo.any())) return null;
  return actingUser(db, actor, action);
}

/** Like authorize, but the action needs registered users (cases and decisions are teamwork). */
export async function actingUser(db: Kysely<DB>, actor: string, action: Action): Promise<User> {
  const repo = new UserRepository(db);
  const user = await repo.get(actor);
  if (!user) {
    const any = await repo.any();
    throw new AppError(
      'forbidden',
      any
        ? `${actor} is not a registered user of this ledger (act as a registered user with --user or ENDWATCH_USER)`
        : `${action} needs registered users: add the first with \`endwatch users add NAME --role admin\``,
    );
  }
  if (!user.active) throw new AppError('forbidden', `user ${actor} is deactivated`);
  assertAllowed(user, action);
  return user;
}
