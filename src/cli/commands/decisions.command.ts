import type { Command } from 'commander';
import { DecisionRepository } from '../../decisions/decision.repository.js';
import { approveDecision, proposeDecision, rejectDecision } from '../../decisions/decision.service.js';
import { type Decision, decisionKinds } from '../../decisions/decision.types.js';
import { parseMeasureException } from '../../registry/measure.types.js';
import { transact } from '../../store/unit-of-work.js';
import { summaryOf } from '../command.table.js';
import { printJson, withStore } from '../context.js';
import { repeatable, table } from '../format.js';
import type { Run } from '../main.js';

function describe(d: Decision): string {
  const what = d.permitIds.length ? ` ${d.permitIds.join(', ')}` : d.measure ? ` ${d.measure.kind} on ${d.measure.country} from ${d.measure.startsOn}` : '';
  return `decision ${d.id}: ${d.kind}${what}: ${d.status}${d.decidedBy ? ` by ${d.decidedBy}` : ''}`;
}

export function registerDecisions(program: Command, run: Run): void {
  const cmd = program.command('decisions').description(summaryOf('decisions'));
  cmd
    .command('propose <case>')
    .description('propose a decision; one that changes permits or adds a measure takes effect when another user, a reviewer, approves it')
    .requiredOption('--kind <kind>', decisionKinds.join('|'))
    .requiredOption('--reason <text>', 'why')
    .option('--permit <id>', 'a permit to act on (default: the permits of the case that can make the move); repeatable', repeatable, [])
    .option('--country <cc>', 'add_measure: destination')
    .option('--measure-kind <kind>', 'add_measure: suspend_new_permits or embargo')
    .option('--from <yyyy-mm-dd>', 'add_measure: in force from (default --as-of)')
    .option('--to <yyyy-mm-dd>', 'add_measure: in force until')
    .option('--exception <tag[=treatment]>', 'add_measure: programme tag exempted; repeatable', repeatable, [])
    .option('--json', 'print JSON')
    .action(
      (
        caseId: string,
        opts: { kind: string; reason: string; permit: string[]; country?: string; measureKind?: string; from?: string; to?: string; exception: string[]; json?: boolean },
      ) =>
        run(async (config) => {
          const measure =
            opts.kind === 'add_measure'
              ? {
                  country: (opts.country ?? '').toUpperCase(),
                  kind: opts.measureKind ?? '',
                  startsOn: opts.from ?? config.asOf,
                  endsOn: opts.to ?? null,
                  reason: opts.reason,
                  exceptions: opts.exception.map(parseMeasureException),
                }
              : undefined;
          const r = await withStore(config, (s) =>
            transact(s, config.actor, (uow) => proposeDecision(uow, { caseId, kind: opts.kind, permitIds: opts.permit, measure, reason: opts.reason, asOf: config.asOf })),
          );
          if (opts.json) return printJson(r);
          process.stdout.write(`${describe(r.decision)}\n`);
          for (const l of r.leftOut) process.stdout.write(`  not included: ${l.id} ${l.why}\n`);
          if (r.decision.status === 'proposed') process.stdout.write('  awaits approval by another user with the reviewer role\n');
        }),
    );
  cmd
    .command('approve <id>')
    .description('approve a proposal (a reviewer other than its proposer); it takes effect on --as-of')
    .option('--note <text>', 'the reviewer’s note')
    .option('--json', 'print JSON')
    .action((id: string, opts: { note?: string; json?: boolean }) =>
      run(async (config) => {
        const d = await withStore(config, (s) => transact(s, config.actor, (uow) => approveDecision(uow, id, config.asOf, opts.note)));
        if (opts.json) return printJson(d);
        process.stdout.write(`${describe(d)}, in effect ${d.effectiveOn}\n`);
      }),
    );
  cmd
    .command('reject <id>')
    .requiredOption('--reason <text>', 'why the proposal is rejected')
    .action((id: string, opts: { reason: string }) =>
      run(async (config) => {
        const d = await withStore(config, (s) => transact(s, config.actor, (uow) => rejectDecision(uow, id, config.asOf, opts.reason)));
        process.stdout.write(`${describe(d)}\n`);
      }),
    );
  cmd
    .command('list')
    .option('--case <id>', 'only this case')
    .option('--pending', 'only proposals awaiting approval')
    .option('--json', 'print JSON')
    .action((opts: { case?: string; pending?: boolean; json?: boolean }) =>
      run(async (config) => {
        const rows = await withStore(config, (s) => new DecisionRepository(s.db).list({ caseId: opts.case, status: opts.pending ? 'proposed' : undefined }));
        if (opts.json) return printJson(rows);
        if (rows.length === 0) return void process.stdout.write('no decisions\n');
        process.stdout.write(
          `${table(['id', 'kind', 'status', 'permits', 'proposed by', 'decided by', 'effective', 'reason'], rows.map((d) => [d.id, d.kind, d.status, d.permitIds.join(' '), d.proposedBy, d.decidedBy, d.effectiveOn, d.reason]))}\n`,
        );
      }),
    );
}
