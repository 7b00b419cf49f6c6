import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { commandActions } from '../src/cli/command.permissions.js';
import { commandTable } from '../src/cli/command.table.js';
import { permissions } from '../src/users/user.roles.js';
import { endwatch } from './cli.js';

async function commandPaths(): Promise<string[]> {
  const out = new Set<string>();
  for (const entry of Object.values(commandTable)) {
    const program = new Command();
    (await entry.load())(program, async () => {});
    const walk = (c: Command, path: string) => (c.commands.length ? c.commands.forEach((s) => walk(s, `${path} ${s.name()}`)) : out.add(path));
    for (const c of program.commands) walk(c, c.name());
  }
  return [...out].sort();
}

describe('command permissions', () => {
  it('names an action for every command, and only actions the role table knows', async () => {
    const paths = await commandPaths();
    assert.ok(paths.length > 40, `${paths.length} commands`);
    assert.deepEqual(paths.filter((p) => !(p in commandActions)), [], 'commands without a permission entry');
    assert.deepEqual(Object.keys(commandActions).filter((p) => !paths.includes(p)), [], 'entries for commands that do not exist');
    for (const action of Object.values(commandActions)) assert.ok(action in permissions, action);
  });

  it('refuses a command the acting user’s role does not allow, once users exist', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'endwatch-perm-')), 'p.sqlite');
    assert.equal((await endwatch(['--db', db, 'demo'], { ENDWATCH_USER: 'someone' })).code, 0, 'no users: anyone may act');
    assert.equal((await endwatch(['--db', db, 'users', 'add', 'root', '--role', 'admin'], { ENDWATCH_USER: 'root' })).code, 0);
    assert.equal((await endwatch(['--db', db, 'users', 'add', 'ana', '--role', 'analyst'], { ENDWATCH_USER: 'root' })).code, 0);
    assert.equal((await endwatch(['--db', db, 'users', 'add', 'olivia', '--role', 'officer'], { ENDWATCH_USER: 'root' })).code, 0);
    const ingest = await endwatch(['--db', db, 'feeds', 'poll'], { ENDWATCH_USER: 'olivia' });
    assert.notEqual(ingest.code, 5, ingest.stderr);
    const assurance = await endwatch(['--db', db, 'permits', 'assurance', 'X/A1', 'withdrawn', '--reason', 'x'], { ENDWATCH_USER: 'ana' });
    assert.equal(assurance.code, 5);
    assert.match(assurance.stderr, /ana \(analyst\) may not permits: transition; allowed roles: officer, reviewer/);
    // With users, permits change status by decisions (four eyes) and applications, not directly.
    const ids = (JSON.parse((await endwatch(['--db', db, 'permits', 'list', '--json'], { ENDWATCH_USER: 'olivia' })).stdout) as { id: string; status: string }[]).filter((p) => p.status === 'issued');
    for (const args of [['permits', 'cancel', ids[0].id, '--reason', 'x'], ['permits', 'transition', ids[0].id, 'suspended', '--reason', 'x']]) {
      const r = await endwatch(['--db', db, ...args], { ENDWATCH_USER: 'olivia' });
      assert.equal(r.code, 5, args.join(' '));
      assert.match(r.stderr, /olivia may not permits: decide: .*case decision \(decisions propose/);
    }
    const stranger = await endwatch(['--db', db, 'permits', 'list'], { ENDWATCH_USER: 'someone' });
    assert.match(stranger.stderr, /someone is not a registered user/);
    assert.equal((await endwatch(['--db', db, 'permits', 'list'], { ENDWATCH_USER: 'ana' })).code, 0);
  });
});
