import type { Command } from 'commander';
import { CaseRepository } from '../../cases/case.repository.js';
import { assignCase, closeCase, noteCase, openCase } from '../../cases/case.service.js';
import { type CaseStatus, caseStatuses, isCaseStatus } from '../../cases/case.lifecycle.js';
import { type Case, caseLinkKinds } from '../../cases/case.types.js';
import { VerificationRepository } from '../../cases/verification.repository.js';
import { DecisionRepository } from '../../decisions/decision.repository.js';
import { invalidInput, notFound } from '../../shared/errors.js';
import { transact } from '../../store/unit-of-work.js';
import { summaryOf } from '../command.table.js';
import { printJson, withStore } from '../context.js';
import { repeatable, table } from '../format.js';
import type { Run } from '../main.js';

function printCase(c: Case): void {
  const out = [`case ${c.id}: ${c.title}`, `  status ${c.status}, origin ${c.origin}, assignee ${c.assignee ?? '(none)'}, opened by ${c.openedBy} ${c.openedAt.slice(0, 10)}`];
  for (const kind of caseLinkKinds) {
    const refs = c.links.filter((l) => l.kind === kind).map((l) => l.refId);
    if (refs.length) out.push(`  ${kind}s: ${refs.join(', ')}`);
  }
  for (const n of c.notes) out.push(`  note ${n.seq} (${n.author}, ${n.at.slice(0, 10)}): ${n.text}`);
  process.stdout.write(`${out.join('\n')}\n`);
}

export function registerCases(program: Command, run: Run): void {
  const cmd = program.command('cases').description(summaryOf('cases'));
  cmd
    .command('open')
    .description('open a case from alerts, a tip (a stored document) or by hand')
    .option('--title <text>', 'what the case is about (default: from the alerts or permits named; required otherwise)')
    .option('--alert <id>', 'an alert (its permit and documents are linked too); repeatable', repeatable, [])
    .option('--permit <id>', 'a permit; repeatable', repeatable, [])
    .option('--document <id>', 'a stored document; repeatable', repeatable, [])
    .option('--tip <document-id>', 'the stored document holding a tip')
    .option('--assign <user>', 'assignee')
    .option('--note <text>', 'a first note')
    .option('--json', 'print JSON')
    .action((opts: { title?: string; alert: string[]; permit: string[]; document: string[]; tip?: string; assign?: string; note?: string; json?: boolean }) =>
      run(async (config) => {
        const c = await withStore(config, (s) =>
          transact(s, config.actor, (uow) =>
            openCase(uow, { title: opts.title, alertIds: opts.alert, permitIds: opts.permit, documentIds: opts.document, tipDocumentId: opts.tip, assignee: opts.assign, note: opts.note, asOf: config.asOf }),
          ),
        );
        if (opts.json) return printJson(c);
        printCase(c);
      }),
    );
  cmd
    .command('list')
    .option('--status <status>', caseStatuses.join('|'))
    .option('--assignee <user>', 'only cases assigned to this user')
    .option('--permit <id>', 'only cases linked to this permit')
    .option('--json', 'print JSON')
    .action((opts: { status?: string; assignee?: string; permit?: string; json?: boolean }) =>
      run(async (config) => {
        if (opts.status && !isCaseStatus(opts.status)) throw invalidInput(`--status: '${opts.status}' is not one of ${caseStatuses.join(', ')}`);
        const rows = await withStore(config, (s) =>
          new CaseRepository(s.db).list({ status: opts.status as CaseStatus | undefined, assignee: opts.assignee, linkedTo: opts.permit ? { kind: 'permit', refId: opts.permit } : undefined }),
        );
        if (opts.json) return printJson(rows);
        if (rows.length === 0) return void process.stdout.write('no cases\n');
        process.stdout.write(`${table(['id', 'status', 'origin', 'assignee', 'opened', 'title'], rows.map((c) => [c.id, c.status, c.origin, c.assignee, c.openedAt.slice(0, 10), c.title]))}\n`);
      }),
    );
  cmd
    .command('show <id>')
    .option('--json', 'print JSON')
    .action((id: string, opts: { json?: boolean }) =>
      run(async (config) => {
        const shown = await withStore(config, async (s) => {
          const c = await new CaseRepository(s.db).get(id);
          if (!c) throw notFound('case', id);
          return { ...c, verifications: await new VerificationRepository(s.db).list({ caseId: id }), decisions: await new DecisionRepository(s.db).list({ caseId: id }) };
        });
        if (opts.json) return printJson(shown);
        printCase(shown);
        for (const v of shown.verifications) {
          process.stdout.write(`  verification ${v.id}: ${v.kind} to ${v.addressee}, due ${v.dueOn}: ${v.outcome ? `${v.outcome} (${v.recordedBy}, ${v.recordedOn}): ${v.findings}` : 'awaiting answer'}\n`);
        }
        for (const d of shown.decisions) {
          process.stdout.write(`  decision ${d.id}: ${d.kind} ${d.permitIds.join(', ')} ${d.status} (proposed by ${d.proposedBy}${d.decidedBy ? `, ${d.status} by ${d.decidedBy}` : ''}): ${d.reason}\n`);
        }
      }),
    );
  cmd
    .command('assign <id> <user>')
    .action((id: string, user: string) =>
      run(async (config) => {
        const c = await withStore(config, (s) => transact(s, config.actor, (uow) => assignCase(uow, id, user)));
        process.stdout.write(`case ${c.id} assigned to ${c.assignee} (${c.status})\n`);
      }),
    );
  cmd
    .command('note <id> <text>')
    .action((id: string, text: string) =>
      run(async (config) => {
        const c = await withStore(config, (s) => transact(s, config.actor, (uow) => noteCase(uow, id, text)));
        process.stdout.write(`note ${c.notes.at(-1)?.seq} added to case ${c.id}\n`);
      }),
    );
  cmd
    .command('close <id>')
    .requiredOption('--reason <text>', 'why the case is closed')
    .action((id: string, opts: { reason: string }) =>
      run(async (config) => {
        const c = await withStore(config, (s) => transact(s, config.actor, (uow) => closeCase(uow, id, opts.reason)));
        process.stdout.write(`case ${c.id} closed\n`);
      }),
    );
}
