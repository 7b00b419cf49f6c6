import { summaryOf } from '../command.table.js';
import type { Command } from 'commander';
import { reviewAfterRegistryChange } from '../../detection/review.service.js';
import { type ImportSummary, importBundle } from '../../registry/bundle.import.js';
import { readBundleFile, readPermitsCsv } from '../../registry/registry.files.js';
import type { Store } from '../../store/database.js';
import { type CliConfig, printJson, withStore } from '../context.js';
import { ProgressBar } from '../progress.js';
import type { Run } from '../main.js';
import { screenRegistry } from '../../screening/screening.service.js';
import { screeningLine } from './screen.command.js';

export async function importRegistryFile(store: Store, config: CliConfig, file: string, kind: 'registry' | 'permits'): Promise<ImportSummary> {
  const input = kind === 'registry' ? await readBundleFile(file) : await readPermitsCsv(file);
  const bar = new ProgressBar();
  try {
    return await importBundle(store, input.raw, input.locator, {
      actor: config.actor,
      asOf: config.asOf,
      contentHash: input.contentHash,
      onProgress: (phase, done, total) => bar.update(phase, done, total),
    });
  } finally {
    bar.done();
  }
}

/** Screens the registry's parties against the sanctions lists (all of them when parties changed); prints what moved. */
async function screenAfterImport(store: Store, config: CliConfig, s: ImportSummary, quiet: boolean): Promise<void> {
  const r = await screenRegistry(store, config.actor, { full: s.parties.created + s.parties.updated > 0 });
  if (!quiet) process.stdout.write(screeningLine(r));
}

/** Re-runs detection from stored claims once the registry changed; prints what moved. */
async function reviewAfterImport(store: Store, config: CliConfig, s: ImportSummary, quiet: boolean): Promise<void> {
  const changed = [s.parties, s.items, s.permits].some((t) => t.created + t.updated > 0);
  if (!changed) return;
  const r = await reviewAfterRegistryChange(store, config.actor, config.asOf);
  if (r && !quiet && (r.raised.length || r.updated.length || r.withdrawn.length)) {
    process.stdout.write(`re-review: ${r.permits} permits against ${r.documents} stored documents: ${r.raised.length} alerts raised, ${r.updated.length} updated, ${r.withdrawn.length} withdrawn\n`);
  }
}

export function printImportSummary(s: ImportSummary): void {
  const t = (name: string, x: { created: number; updated: number; unchanged: number }) =>
    `${name}: ${x.created} created, ${x.updated} updated, ${x.unchanged} unchanged`;
  const out = [
    `imported ${s.source}`,
    `  ${t('parties', s.parties)}`,
    `  ${t('items', s.items)}`,
    `  ${t('permits', s.permits)} (${s.lines} lines)`,
  ];
  if (s.shipments.created + s.shipments.unchanged) out.push(`  ${t('shipments', s.shipments)}`);
  if (s.measures.created + s.measures.unchanged) out.push(`  ${t('measures', s.measures)}`);
  out.push(`  audit entries written: ${s.auditEntries}`);
  for (const n of s.notes.slice(0, 20)) out.push(`  note: ${n}`);
  if (s.notes.length > 20) out.push(`  … and ${s.notes.length - 20} more notes`);
  process.stdout.write(`${out.join('\n')}\n`);
}

export function registerImport(program: Command, run: Run): void {
  const cmd = program.command('import').description(summaryOf('import'));
  cmd
    .command('registry <file>')
    .description('import a registry bundle (JSON: parties, items, permits with lines and assurances, shipments, measures)')
    .option('--json', 'print the summary as JSON')
    .action((file: string, opts: { json?: boolean }) =>
      run(async (config) => {
        const s = await withStore(config, async (store) => {
          const summary = await importRegistryFile(store, config, file, 'registry');
          await reviewAfterImport(store, config, summary, Boolean(opts.json));
          await screenAfterImport(store, config, summary, Boolean(opts.json));
          return summary;
        });
        if (opts.json) printJson(s);
        else printImportSummary(s);
      }),
    );
  cmd
    .command('permits <file>')
    .description('import permits from CSV, one row per permit line (columns: docs/registry.md)')
    .option('--json', 'print the summary as JSON')
    .action((file: string, opts: { json?: boolean }) =>
      run(async (config) => {
        const s = await withStore(config, async (store) => {
          const summary = await importRegistryFile(store, config, file, 'permits');
          await reviewAfterImport(store, config, summary, Boolean(opts.json));
          await screenAfterImport(store, config, summary, Boolean(opts.json));
          return summary;
        });
        if (opts.json) printJson(s);
        else printImportSummary(s);
      }),
    );
}
