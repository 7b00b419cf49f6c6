#!/usr/bin/env node
import { Command } from 'commander';
import { commandNamed, commandTable } from './command.table.js';
import type { CliConfig } from './context.js';

/** Runs a command body with the parsed global configuration; errors become exit codes. */
export type Run = (body: (config: CliConfig) => Promise<void>) => Promise<void>;

export async function buildProgram(argv: readonly string[] = process.argv.slice(2)): Promise<Command> {
  const program = new Command();
  program
    .name('endwatch')
    .description('Endwatch: export permits, end-use assurances and what happens after shipment')
    .option('--db <path|url>', 'SQLite file or postgres:// URL (env ENDWATCH_DB; default ./endwatch.sqlite)')
    .option('--user <name>', 'who is acting, recorded in the audit trail (env ENDWATCH_USER)')
    .option('--as-of <yyyy-mm-dd>', 'the date statuses are derived for (env ENDWATCH_AS_OF; default today)')
    .showHelpAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  // The full path of the command being run ("permits suspend"), for the role check.
  let commandPath = '';
  program.hook('preAction', (_root, action) => {
    const names: string[] = [];
    for (let c: Command | null = action; c && c !== program; c = c.parent) names.unshift(c.name());
    commandPath = names.join(' ');
  });
  const run: Run = async (body) => {
    const { reportError, resolveConfig } = await import('./context.js');
    try {
      await body(resolveConfig(program.opts(), process.env, commandPath));
    } catch (e) {
      process.exitCode = reportError(e);
    }
  };
  const named = commandNamed(argv);
  const entry = named ? commandTable[named] : undefined;
  if (entry) {
    (await entry.load())(program, run);
  } else {
    // Help or an unknown command: list every command without loading any of them.
    for (const [name, e] of Object.entries(commandTable)) program.command(name).description(e.summary);
  }
  return program;
}

await (await buildProgram()).parseAsync(process.argv);
