import { summaryOf } from '../command.table.js';
import type { Command } from 'commander';
import { DocumentRepository } from '../../evidence/document.repository.js';
import { parseGrade } from '../../evidence/grade.js';
import { type BatchOutcome, ingestBatch } from '../../evidence/ingest.batch.js';
import { loadKnowledge } from '../../reading/knowledge.js';
import { AppError, formatProblem, invalidInput, notFound } from '../../shared/errors.js';
import { printJson, withStore } from '../context.js';
import { table } from '../format.js';
import type { Run } from '../main.js';

function positiveInt(v: string | undefined, flag: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw invalidInput(`${flag}: '${v}' is not a positive whole number`);
  return n;
}

function describe(o: BatchOutcome): string {
  if (!o.ok) {
    const e = o.error;
    const problems = e instanceof AppError && e.problems.length ? `: ${e.problems.map(formatProblem).join('; ')}` : '';
    return `failed   ${o.origin}: ${e.message}${problems}`;
  }
  const lines = o.result.documents.map((d) =>
    d.status === 'duplicate'
      ? `same     ${d.origin}: already stored as ${d.documentId}`
      : `stored   ${d.origin} → ${d.documentId}${d.title ? ` "${d.title.slice(0, 70)}"` : ''}: ${d.claims} claim(s), items ${d.items.join(', ') || '—'}${d.storyKey !== d.documentId ? ` (same story as ${d.storyKey})` : ''}`,
  );
  const r = o.result.review;
  if (r && (r.raised.length || r.updated.length || r.withdrawn.length)) {
    lines.push(`         alerts: ${r.raised.length} raised, ${r.updated.length} updated, ${r.withdrawn.length} withdrawn (${r.permits} permits reviewed)`);
  }
  if (r && (r.cases.opened.length || r.cases.updated.length)) {
    lines.push(`         cases: ${[...r.cases.opened.map((c) => `${c} opened`), ...r.cases.updated.map((c) => `${c} updated`)].join(', ')}`);
  }
  return lines.join('\n');
}

export function registerEvidence(program: Command, run: Run): void {
  program
    .command('ingest <inputs...>')
    .description(summaryOf('ingest'))
    .option('--grade <grade>', 'Admiralty grade for these sources, e.g. B2 (default: the publisher table, data/publishers.json)')
    .option('--tip', 'the input is a tip submitted by a person (graded as such)')
    .option('--allow-private', 'allow URLs on private, loopback and link-local addresses')
    .option('--max-bytes <n>', 'largest input accepted (default 20 MiB)')
    .option('--timeout <ms>', 'time limit per URL fetch (default 15000)')
    .option('--json', 'print JSON only')
    .action((inputs: string[], opts: { grade?: string; tip?: boolean; allowPrivate?: boolean; maxBytes?: string; timeout?: string; json?: boolean }) =>
      run(async (config) => {
        const grade = opts.grade ? parseGrade(opts.grade, '--grade') : undefined;
        const limits = { maxBytes: positiveInt(opts.maxBytes, '--max-bytes'), timeoutMs: positiveInt(opts.timeout, '--timeout') };
        const outcomes = await withStore(config, async (store) => {
          const knowledge = await loadKnowledge(store.db);
          return ingestBatch(
            store,
            knowledge,
            inputs,
            { actor: config.actor, asOf: config.asOf, grade, tip: opts.tip, allowPrivate: opts.allowPrivate, limits: Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) },
            (o) => {
              if (opts.json) return;
              (o.ok ? process.stdout : process.stderr).write(`${describe(o)}\n`);
            },
          );
        });
        if (opts.json) {
          printJson(outcomes.map((o) => (o.ok ? { ok: true, ...o.result } : { origin: o.origin, ok: false, error: { code: (o.error as AppError).code ?? 'error', message: o.error.message } })));
        }
        const failed = outcomes.filter((o) => !o.ok).length;
        if (!opts.json) process.stdout.write(`${outcomes.length - failed} source(s) ingested, ${failed} failed\n`);
        if (failed) process.exitCode = 2;
      }),
    );

  const docs = program.command('documents').description(summaryOf('documents'));
  docs
    .command('list')
    .description('list stored documents')
    .option('--item <id>', 'only documents that speak of this item')
    .option('--json', 'print JSON only')
    .action((opts: { item?: string; json?: boolean }) =>
      run(async (config) => {
        const rows = await withStore(config, (store) => new DocumentRepository(store.db).list({ itemId: opts.item }));
        const views = rows.map((d) => ({
          id: d.id,
          sourceId: d.source_id,
          origin: d.origin,
          format: d.format,
          title: d.title,
          url: d.url,
          publisher: d.publisher,
          publishedOn: d.published_on,
          grade: `${d.grade_source}${d.grade_info}`,
          storyKey: d.story_key,
          ingestedAt: d.ingested_at,
        }));
        if (opts.json) return printJson(views);
        if (views.length === 0) return void process.stdout.write('no documents\n');
        process.stdout.write(`${table(['id', 'published', 'grade', 'story', 'title'], views.map((v) => [v.id, v.publishedOn, v.grade, v.storyKey === v.id ? '' : v.storyKey, (v.title ?? v.origin).slice(0, 70)]))}\n`);
      }),
    );
  docs
    .command('show <id>')
    .description('a document with the names found in it marked [[like this|entry]] and its claims')
    .option('--json', 'print JSON only')
    .action((id: string, opts: { json?: boolean }) =>
      run(async (config) => {
        const found = await withStore(config, async (store) => {
          const repo = new DocumentRepository(store.db);
          const d = await repo.get(id);
          if (!d) throw notFound('document', id);
          return { d, mentions: await repo.mentionsOf(id), claims: await repo.claimsOf(id) };
        });
        const { d, mentions, claims } = found;
        const view = {
          id: d.id,
          sourceId: d.source_id,
          origin: d.origin,
          title: d.title,
          publisher: d.publisher,
          publishedOn: d.published_on,
          grade: `${d.grade_source}${d.grade_info}`,
          storyKey: d.story_key,
          text: d.text,
          mentions: mentions.map((m) => ({ entryId: m.entry_id, kind: m.kind, start: m.start_offset, end: m.end_offset, surface: m.surface, fuzzy: Number(m.fuzzy) === 1 })),
          claims: claims.map((c) => JSON.parse(c.payload)),
        };
        if (opts.json) return printJson(view);
        let marked = '';
        let at = 0;
        for (const m of view.mentions) {
          if (m.start < at) continue;
          marked += `${d.text.slice(at, m.start)}[[${d.text.slice(m.start, m.end)}|${m.entryId}${m.fuzzy ? '~' : ''}]]`;
          at = m.end;
        }
        marked += d.text.slice(at);
        const head = [
          `${view.id}  ${view.title ?? ''}`,
          `origin: ${view.origin}   publisher: ${view.publisher ?? '—'}   published: ${view.publishedOn ?? '—'}   grade: ${view.grade}`,
          '',
        ];
        const claimLines = view.claims.map(
          (c: any) => `  [${c.start}-${c.end}] ${c.modality} ${c.events.join('/')} items=${c.items.map((i: any) => i.itemId).join(',')} actors=${c.actors.map((a: any) => `${a.surface}:${a.role}`).join(',') || '—'} places=${c.places.map((p: any) => p.surface).join(',') || '—'} time≤${c.time.to ?? '?'}`,
        );
        process.stdout.write(`${[...head, marked, '', `claims (${claimLines.length}):`, ...claimLines].join('\n')}\n`);
      }),
    );
}
