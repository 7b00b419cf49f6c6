import { summaryOf } from '../command.table.js';
import type { Command } from 'commander';
import { AlertRepository, type AlertRow } from '../../detection/alert.repository.js';
import { reviewPermits } from '../../detection/review.service.js';
import { DocumentRepository } from '../../evidence/document.repository.js';
import { loadKnowledge } from '../../reading/knowledge.js';
import { invalidInput, notFound } from '../../shared/errors.js';
import { transact } from '../../store/unit-of-work.js';
import { printJson, withStore } from '../context.js';
import { table } from '../format.js';
import type { Run } from '../main.js';

export interface AlertView {
  id: string;
  permitId: string;
  kind: string;
  status: string;
  score: number;
  documentId: string;
  documentIds: string[];
  itemIds: string[];
  assuranceId: string | null;
  evidence: { documentId: string; quote: string; start: number; end: number }[];
  explanation: string;
  raisedAt: string;
  updatedAt: string;
}

export function alertView(r: AlertRow): AlertView {
  return {
    id: r.id,
    permitId: r.permit_id,
    kind: r.kind,
    status: r.status,
    score: Number(r.score),
    documentId: r.document_id,
    documentIds: JSON.parse(r.document_ids),
    itemIds: JSON.parse(r.item_ids),
    assuranceId: r.assurance_id,
    evidence: JSON.parse(r.evidence),
    explanation: r.explanation,
    raisedAt: r.raised_at,
    updatedAt: r.updated_at,
  };
}

function parseScore(v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw invalidInput(`--min-score: '${v}' is not a number between 0 and 1`);
  return n;
}

export function registerAlerts(program: Command, run: Run): void {
  const cmd = program.command('alerts').description(summaryOf('alerts'));
  cmd
    .command('list')
    .description('list open alerts, highest score first')
    .option('--permit <id>', 'only alerts on this permit')
    .option('--min-score <x>', 'only alerts scoring at least x (0..1)')
    .option('--all', 'include settled (actioned, dismissed) and withdrawn alerts')
    .option('--json', 'print JSON only')
    .action((opts: { permit?: string; minScore?: string; all?: boolean; json?: boolean }) =>
      run(async (config) => {
        const minScore = parseScore(opts.minScore);
        const rows = await withStore(config, (store) => new AlertRepository(store.db).list({ permitId: opts.permit, minScore, status: opts.all ? undefined : 'open' }));
        const views = rows.map(alertView);
        if (opts.json) return printJson(views);
        if (views.length === 0) return void process.stdout.write('no alerts\n');
        process.stdout.write(`${table(['id', 'permit', 'kind', 'score', 'status', 'document', 'sources'], views.map((a) => [a.id, a.permitId, a.kind, a.score.toFixed(2), a.status, a.documentId, a.documentIds.length]))}\n`);
      }),
    );
  cmd
    .command('show <id>')
    .description('an alert with its explanation and quoted evidence')
    .option('--json', 'print JSON only')
    .action((id: string, opts: { json?: boolean }) =>
      run(async (config) => {
        const row = await withStore(config, (store) => new AlertRepository(store.db).get(id));
        if (!row) throw notFound('alert', id);
        const a = alertView(row);
        if (opts.json) return printJson(a);
        const out = [
          `${a.id}  ${a.kind}  score ${a.score.toFixed(2)}  (${a.status})`,
          `permit: ${a.permitId}   items: ${a.itemIds.join(', ')}   assurance: ${a.assuranceId ?? '—'}`,
          `raised: ${a.raisedAt}   updated: ${a.updatedAt}`,
          '',
          a.explanation,
          '',
          'evidence:',
          ...a.evidence.map((q) => `  [${q.documentId} ${q.start}-${q.end}] "${q.quote.replace(/\s+/g, ' ').trim()}"`),
        ];
        process.stdout.write(`${out.join('\n')}\n`);
      }),
    );
  cmd
    .command('review')
    .description('run detection again from stored claims (all permits the stored documents speak of, or one permit)')
    .option('--permit <id>', 'only this permit')
    .option('--json', 'print JSON only')
    .action((opts: { permit?: string; json?: boolean }) =>
      run(async (config) => {
        const summary = await withStore(config, async (store) => {
          const knowledge = await loadKnowledge(store.db);
          return transact(store, config.actor, async (uow) => {
            if (opts.permit) return reviewPermits(uow, knowledge, { permitIds: [opts.permit] }, config.asOf);
            return reviewPermits(uow, knowledge, { itemIds: await new DocumentRepository(uow.db).allItemIds() }, config.asOf);
          });
        });
        if (opts.json) return printJson(summary);
        process.stdout.write(`reviewed ${summary.permits} permits against ${summary.documents} documents: ${summary.raised.length} raised, ${summary.updated.length} updated, ${summary.withdrawn.length} withdrawn, ${summary.unchanged} unchanged\n`);
      }),
    );
}
