import { summaryOf } from '../command.table.js';
import type { Command } from 'commander';
import { listAuditEntries, verifyAuditChain } from '../../audit/audit.repository.js';
import { AppError } from '../../shared/errors.js';
import { printJson, withStore } from '../context.js';
import type { Run } from '../main.js';

export function registerAudit(program: Command, run: Run): void {
  const cmd = program.command('audit').description(summaryOf('audit'));
  cmd
    .command('log')
    .description('show audit entries, oldest first')
    .option('--object <id>', 'only entries about this object (permit, party, item, …)')
    .option('--limit <n>', 'at most n entries')
    .option('--json', 'print JSON')
    .action((opts: { object?: string; limit?: string; json?: boolean }) =>
      run(async (config) => {
        const limit = opts.limit === undefined ? undefined : Number(opts.limit);
        if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new AppError('invalid_input', `--limit: '${opts.limit}' is not a positive whole number`);
        const entries = await withStore(config, (s) => listAuditEntries(s.db, { objectId: opts.object, limit }));
        if (opts.json) return printJson(entries.map((e) => ({ ...e, payload: JSON.parse(e.payload) })));
        for (const e of entries) {
          process.stdout.write(`#${e.seq} ${e.at} ${e.actor} ${e.verb} ${e.objectId}${e.reason ? ` — ${e.reason}` : ''}\n`);
        }
        if (entries.length === 0) process.stdout.write('no audit entries\n');
      }),
    );
  cmd
    .command('verify')
    .description('re-compute the hash chain; names the first entry edited, deleted or reordered')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      run(async (config) => {
        const report = await withStore(config, (s) => verifyAuditChain(s.db));
        if (opts.json) printJson(report);
        if (!report.ok) throw new AppError('integrity', `audit trail broken: ${report.broken!.message}`);
        if (!opts.json) process.stdout.write(`audit trail intact: ${report.entries} entries verified\n`);
      }),
    );
}
