import type { Command } from 'commander';
import { UserRepository } from '../../users/user.repository.js';
import { addUser, changeUser } from '../../users/user.service.js';
import { roles } from '../../users/user.roles.js';
import { transact } from '../../store/unit-of-work.js';
import { summaryOf } from '../command.table.js';
import { printJson, withStore } from '../context.js';
import { table } from '../format.js';
import type { Run } from '../main.js';

export function registerUsers(program: Command, run: Run): void {
  const cmd = program.command('users').description(summaryOf('users'));
  cmd
    .command('add <name>')
    .description('register a user (the first must be an admin; registering users turns role checks on)')
    .requiredOption('--role <role>', roles.join('|'))
    .option('--json', 'print JSON')
    .action((name: string, opts: { role: string; json?: boolean }) =>
      run(async (config) => {
        const u = await withStore(config, (s) => transact(s, config.actor, (uow) => addUser(uow, { name, role: opts.role })));
        if (opts.json) return printJson(u);
        process.stdout.write(`user ${u.name} added as ${u.role}\n`);
      }),
    );
  cmd
    .command('change <name>')
    .description('change a role or deactivate a user (users are never deleted: the audit trail names them)')
    .option('--role <role>', roles.join('|'))
    .option('--deactivate', 'the user may no longer act')
    .option('--activate', 'the user may act again')
    .requiredOption('--reason <text>', 'why')
    .action((name: string, opts: { role?: string; deactivate?: boolean; activate?: boolean; reason: string }) =>
      run(async (config) => {
        const active = opts.deactivate ? false : opts.activate ? true : undefined;
        const u = await withStore(config, (s) => transact(s, config.actor, (uow) => changeUser(uow, name, { role: opts.role, active }, opts.reason)));
        process.stdout.write(`user ${u.name}: ${u.role}${u.active ? '' : ' (deactivated)'}\n`);
      }),
    );
  cmd
    .command('list')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      run(async (config) => {
        const users = await withStore(config, (s) => new UserRepository(s.db).list());
        if (opts.json) return printJson(users);
        if (users.length === 0) return void process.stdout.write('no users registered: role checks are off (single-operator mode)\n');
        process.stdout.write(`${table(['name', 'role', 'active', 'added by', 'added at'], users.map((u) => [u.name, u.role, u.active ? 'yes' : 'no', u.addedBy, u.addedAt.slice(0, 10)]))}\n`);
      }),
    );
}
