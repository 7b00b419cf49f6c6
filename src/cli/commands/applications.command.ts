import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { ApplicationRepository } from '../../applications/application.repository.js';
import { type ApplicationLine, assessApplication, decideApplication, draftAssessment, submitApplication } from '../../applications/application.service.js';
import type { HistoryEntry } from '../../applications/application.types.js';
import { findingLevels } from '../../applications/assessment.criteria.js';
import { PermitRepository } from '../../registry/permit.repository.js';
import { AppError, invalidInput, notFound } from '../../shared/errors.js';
import { transact } from '../../store/unit-of-work.js';
import { summaryOf } from '../command.table.js';
import { printJson, withStore } from '../context.js';
import { repeatable, table } from '../format.js';
import type { Run } from '../main.js';

/** `I-MX15D:4` or `I-MX15D:4:3200000:CAD`. */
function parseLine(spec: string, k: number): ApplicationLine {
  const [itemId, quantity, value, currency] = spec.split(':');
  if (!itemId || quantity === undefined) throw invalidInput(`--line ${k + 1} '${spec}': expected ITEM:QUANTITY[:VALUE:CURRENCY]`);
  return { itemId, quantity: Number(quantity), ...(value !== undefined ? { value: Number(value), currency } : {}) };
}

function printHistory(history: HistoryEntry[]): void {
  if (history.length === 0) return void process.stdout.write('  no alert or case on permits for the same item, end-user or destination\n');
  for (const h of history) process.stdout.write(`  ${h.kind} ${h.id} (${h.status}) via ${h.permitId} [${h.why.join('; ')}]: ${h.summary}\n`);
}

async function readFindings(file: string): Promise<unknown[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new AppError('invalid_input', `${file}: ${(e as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new AppError('invalid_input', `${file}: not JSON: ${(e as Error).message}`);
  }
  const findings = Array.isArray(parsed) ? parsed : (parsed as { findings?: unknown })?.findings;
  if (!Array.isArray(findings)) throw new AppError('invalid_input', `${file}: expected an array of findings or { "findings": [...] }`);
  return findings;
}

export function registerApplications(program: Command, run: Run): void {
  const cmd = program.command('applications').description(summaryOf('applications'));
  cmd
    .command('submit')
    .description('record an application for a permit (dated --as-of); it is routed by the measures on its destination')
    .requiredOption('--exporter <party>', 'exporter party id')
    .requiredOption('--origin <cc>', 'exporting country')
    .requiredOption('--destination <cc>', 'destination country')
    .requiredOption('--end-user <party>', 'end-user party id')
    .option('--consignee <party>', 'consignee party id')
    .option('--end-use <text>', 'declared end use')
    .option('--line <ITEM:QTY[:VALUE:CUR]>', 'an item line; repeatable', repeatable, [])
    .option('--tag <tag>', 'programme tag (e.g. nato-cooperation); repeatable', repeatable, [])
    .option('--id <id>', 'application id (default APP-<year>-<n>)')
    .option('--json', 'print JSON')
    .action(
      (opts: { exporter: string; origin: string; destination: string; endUser: string; consignee?: string; endUse?: string; line: string[]; tag: string[]; id?: string; json?: boolean }) =>
        run(async (config) => {
          const lines = opts.line.map(parseLine);
          const r = await withStore(config, (s) =>
            transact(s, config.actor, (uow) =>
              submitApplication(uow, {
                id: opts.id,
                exporterId: opts.exporter,
                origin: opts.origin.toUpperCase(),
                destination: opts.destination.toUpperCase(),
                endUserId: opts.endUser,
                consigneeId: opts.consignee,
                endUse: opts.endUse,
                lines,
                programmeTags: opts.tag,
                asOf: config.asOf,
              }),
            ),
          );
          if (opts.json) return printJson(r);
          process.stdout.write(`application ${r.permit.id}: ${r.permit.status}; routing ${r.application.routing}: ${r.application.routingReason}\n`);
        }),
    );
  cmd
    .command('assess <id>')
    .description('without --findings: show the criteria and the alerts and cases on related permits; with it: record the assessment')
    .option('--criteria <set>', 'criteria set (att, ca-eipa)', 'ca-eipa')
    .option('--findings <file>', `JSON: [{ "criterion", "finding" (${findingLevels.join('|')}), "reasoning", "mitigations", "cites": [ids] }]`)
    .option('--json', 'print JSON')
    .action((id: string, opts: { criteria: string; findings?: string; json?: boolean }) =>
      run(async (config) => {
        if (!opts.findings) {
          const draft = await withStore(config, (s) => transact(s, config.actor, (uow) => draftAssessment(uow, id, opts.criteria, config.asOf)));
          if (opts.json) return printJson(draft);
          process.stdout.write(`application ${id} (${draft.permit.status}, routing ${draft.application.routing}): ${draft.set.title}\n${draft.set.rule}\n`);
          for (const c of draft.set.criteria) process.stdout.write(`  ${c.id} [${c.group}] ${c.title}: ${c.question}\n`);
          process.stdout.write('related alerts and cases:\n');
          printHistory(draft.history);
          return;
        }
        const findings = (await readFindings(opts.findings)) as Parameters<typeof assessApplication>[1]['findings'];
        const a = await withStore(config, (s) => transact(s, config.actor, (uow) => assessApplication(uow, { permitId: id, criteriaSet: opts.criteria, findings, asOf: config.asOf })));
        if (opts.json) return printJson(a);
        process.stdout.write(`assessment ${a.id}: recommends ${a.recommendation}\n`);
        for (const f of a.findings) process.stdout.write(`  ${f.criterion}: ${f.finding}${f.cites.length ? ` (cites ${f.cites.join(', ')})` : ''}\n`);
        process.stdout.write('related alerts and cases:\n');
        printHistory(a.history);
      }),
    );
  cmd
    .command('decide <id>')
    .description('issue or refuse an application (dated --as-of)')
    .option('--issue', 'issue the permit')
    .option('--refuse', 'refuse it')
    .option('--expires <yyyy-mm-dd>', 'expiry date when issuing')
    .requiredOption('--reason <text>', 'why')
    .action((id: string, opts: { issue?: boolean; refuse?: boolean; expires?: string; reason: string }) =>
      run(async (config) => {
        if (Boolean(opts.issue) === Boolean(opts.refuse)) throw invalidInput('give exactly one of --issue or --refuse');
        const r = await withStore(config, (s) =>
          transact(s, config.actor, (uow) => decideApplication(uow, { permitId: id, decision: opts.issue ? 'issue' : 'refuse', reason: opts.reason, expiresOn: opts.expires, asOf: config.asOf })),
        );
        process.stdout.write(`application ${r.permit.id}: ${r.permit.status}\n`);
      }),
    );
  cmd
    .command('list')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) =>
      run(async (config) => {
        const rows = await withStore(config, async (s) => {
          const apps = await new ApplicationRepository(s.db).list();
          const permits = await new PermitRepository(s.db).getMany(apps.map((a) => a.permitId), config.asOf);
          return apps.map((a) => ({ ...a, status: permits.get(a.permitId)?.status, destination: permits.get(a.permitId)?.destination }));
        });
        if (opts.json) return printJson(rows);
        if (rows.length === 0) return void process.stdout.write('no applications\n');
        process.stdout.write(`${table(['id', 'destination', 'status', 'routing', 'submitted', 'by'], rows.map((a) => [a.permitId, a.destination, a.status, a.routing, a.submittedOn, a.submittedBy]))}\n`);
      }),
    );
  cmd
    .command('show <id>')
    .option('--json', 'print JSON')
    .action((id: string, opts: { json?: boolean }) =>
      run(async (config) => {
        const shown = await withStore(config, async (s) => {
          const repo = new ApplicationRepository(s.db);
          const application = await repo.get(id);
          if (!application) throw notFound('application', id);
          return { application, permit: await new PermitRepository(s.db).get(id, config.asOf), assessments: await repo.assessments(id) };
        });
        if (opts.json) return printJson(shown);
        const { application: a, permit: p } = shown;
        process.stdout.write(`application ${a.permitId}: ${p?.status}, ${p?.destination}, end-user ${p?.endUserId}, tags ${p?.programmeTags.join(' ') || '(none)'}\n  routing ${a.routing}: ${a.routingReason}\n`);
        for (const as of shown.assessments) {
          process.stdout.write(`  assessment ${as.id} (${as.criteriaSet}, ${as.assessor}): recommends ${as.recommendation}; cites ${as.history.map((h) => h.id).join(', ') || 'nothing'}\n`);
        }
      }),
    );
}
