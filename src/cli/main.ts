#!/usr/bin/env node
import { Command } from 'commander';
import { type CliConfig, reportError, resolveConfig } from './context.js';
import { registerAlerts } from './commands/alerts.command.js';
import { registerAudit } from './commands/audit.command.js';
import { registerCatalogue } from './commands/catalogue.command.js';
import { registerDemo } from './commands/demo.command.js';
import { registerEval } from './commands/eval.command.js';
import { registerEvidence } from './commands/evidence.command.js';
import { registerFeeds } from './commands/feeds.command.js';
import { registerImport } from './commands/import.command.js';
import { registerMeasures } from './commands/measures.command.js';
import { registerPermits } from './commands/permits.command.js';
import { registerShipments } from './commands/shipments.command.js';

/** Runs a command body with the parsed global configuration; errors become exit codes. */
export type Run = (body: (config: CliConfig) => Promise<void>) => Promise<void>;

export function buildProgram(): Command {
  const program = new Command();
  program
    .name('endwatch')
    .description('Endwatch: export permits, end-use assurances and what happens after shipment')
    .option('--db <path|url>', 'SQLite file or postgres:// URL (env ENDWATCH_DB; default ./endwatch.sqlite)')
    .option('--user <name>', 'who is acting, recorded in the audit trail (env ENDWATCH_USER)')
    .option('--as-of <yyyy-mm-dd>', 'the date statuses are derived for (env ENDWATCH_AS_OF; default today)')
    .showHelpAfterError()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  const run: Run = async (body) => {
    try {
      await body(resolveConfig(program.opts()));
    } catch (e) {
      process.exitCode = reportError(e);
    }
  };
  registerDemo(program, run);
  registerImport(program, run);
  registerPermits(program, run);
  registerCatalogue(program, run);
  registerShipments(program, run);
  registerMeasures(program, run);
  registerEvidence(program, run);
  registerFeeds(program, run);
  registerAlerts(program, run);
  registerEval(program, run);
  registerAudit(program, run);
  return program;
}

await buildProgram().parseAsync(process.argv);
