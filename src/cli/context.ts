import os from 'node:os';
import { isIsoDate, todayIso } from '../shared/dates.js';
import { AppError, exitCodes, formatProblem } from '../shared/errors.js';
import { type Store, openStore } from '../store/database.js';
import { authorize } from '../users/user.service.js';
import { commandActions } from './command.permissions.js';

export interface GlobalOptions {
  db?: string;
  user?: string;
  asOf?: string;
}

/** Settings every command runs with, parsed once and frozen. */
export interface CliConfig {
  readonly dbTarget: string;
  readonly actor: string;
  readonly asOf: string;
  /** The command being run ("permits suspend"), for the role check. */
  readonly command: string;
}

export const DEFAULT_DB = 'endwatch.sqlite';

export function resolveConfig(opts: GlobalOptions, env: NodeJS.ProcessEnv = process.env, command = ''): CliConfig {
  const problems: string[] = [];
  const asOf = opts.asOf ?? env.ENDWATCH_AS_OF ?? todayIso();
  if (!isIsoDate(asOf)) problems.push(`--as-of / ENDWATCH_AS_OF: '${asOf}' is not a date (YYYY-MM-DD)`);
  const actor = (opts.user ?? env.ENDWATCH_USER ?? safeUsername()).trim();
  if (!actor) problems.push('--user / ENDWATCH_USER: empty user name');
  if (problems.length) throw new AppError('invalid_input', problems.join('; '));
  return Object.freeze({ dbTarget: opts.db ?? env.ENDWATCH_DB ?? DEFAULT_DB, actor, asOf, command });
}

function safeUsername(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}

/**
 * Opens the store for one command and always closes it. Once a ledger has registered users,
 * the acting user must be one of them with a role that allows the command.
 */
export async function withStore<T>(config: CliConfig, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(config.dbTarget);
  try {
    const action = commandActions[config.command];
    if (config.command && !action) throw new Error(`command '${config.command}' has no entry in command.permissions.ts`);
    if (action) await authorize(store.db, config.actor, action);
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Prints an error as one line per problem on stderr and sets the exit code. */
export function reportError(e: unknown): number {
  if (e instanceof AppError) {
    process.stderr.write(`error (${e.code}): ${e.message}\n`);
    for (const p of e.problems) process.stderr.write(`  ${formatProblem(p)}\n`);
    return exitCodes[e.code];
  }
  const err = e as Error;
  process.stderr.write(`error: ${err?.message ?? String(e)}\n`);
  if (process.env.ENDWATCH_DEBUG) process.stderr.write(`${err?.stack}\n`);
  return 1;
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
