import type { Command } from 'commander';
import { VerificationRepository } from '../../cases/verification.repository.js';
import { recordOutcome, requestVerification } from '../../cases/verification.service.js';
import { isOverdue, verificationKinds, verificationOutcomes } from '../../cases/verification.types.js';
import { transact } from '../../store/unit-of-work.js';
import { summaryOf } from '../command.table.js';
import { printJson, withStore } from '../context.js';
import { repeatable, table } from '../format.js';
import type { Run } from '../main.js';

export function registerVerifications(program: Command, run: Run): void {
  const cmd = program.command('verifications').description(summaryOf('verifications'));
  cmd
    .command('add <case>')
    .description('ask for a verification of end use (the request is dated --as-of)')
    .requiredOption('--kind <kind>', verificationKinds.join('|'))
    .requiredOption('--to <addressee>', 'who is asked (recipient government, exporter, inspection team)')
    .requiredOption('--due <yyyy-mm-dd>', 'answer due by')
    .option('--question <text>', 'what is asked')
    .option('--json', 'print JSON')
    .action((caseId: string, opts: { kind: string; to: string; due: string; question?: string; json?: boolean }) =>
      run(async (config) => {
        const v = await withStore(config, (s) =>
          transact(s, config.actor, (uow) => requestVerification(uow, { caseId, kind: opts.kind, addressee: opts.to, dueOn: opts.due, question: opts.question, asOf: config.asOf })),
        );
        if (opts.json) return printJson(v);
        process.stdout.write(`verification ${v.id} requested: ${v.kind} to ${v.addressee}, due ${v.dueOn}\n`);
      }),
    );
  cmd
    .command('record <id>')
    .description('record the answer to a request (once; dated --as-of)')
    .requiredOption('--outcome <outcome>', verificationOutcomes.join('|'))
    .requiredOption('--findings <text>', 'what was found')
    .option('--document <id>', 'a stored document supporting the findings; repeatable', repeatable, [])
    .option('--json', 'print JSON')
    .action((id: string, opts: { outcome: string; findings: string; document: string[]; json?: boolean }) =>
      run(async (config) => {
        const v = await withStore(config, (s) =>
          transact(s, config.actor, (uow) => recordOutcome(uow, { verificationId: id, outcome: opts.outcome, findings: opts.findings, documentIds: opts.document, asOf: config.asOf })),
        );
        if (opts.json) return printJson(v);
        process.stdout.write(`verification ${v.id}: ${v.outcome} recorded\n`);
      }),
    );
  cmd
    .command('list')
    .option('--case <id>', 'only this case')
    .option('--overdue', 'only requests past their due date (as of --as-of) and still unanswered')
    .option('--json', 'print JSON')
    .action((opts: { case?: string; overdue?: boolean; json?: boolean }) =>
      run(async (config) => {
        const rows = await withStore(config, (s) => new VerificationRepository(s.db).list({ caseId: opts.case, ...(opts.overdue ? { open: true, dueBefore: config.asOf } : {}) }));
        if (opts.json) return printJson(rows.map((v) => ({ ...v, overdue: isOverdue(v, config.asOf) })));
        if (rows.length === 0) return void process.stdout.write(opts.overdue ? 'no overdue verification requests\n' : 'no verification requests\n');
        process.stdout.write(
          `${table(
            ['id', 'kind', 'to', 'requested', 'due', 'outcome'],
            rows.map((v) => [v.id, v.kind, v.addressee, v.requestedOn, v.dueOn, v.outcome ?? (isOverdue(v, config.asOf) ? 'OVERDUE' : 'awaiting')]),
          )}\n`,
        );
      }),
    );
}
