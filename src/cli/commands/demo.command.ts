import { summaryOf } from '../command.table.js';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { verifyAuditChain } from '../../audit/audit.repository.js';
import { CaseRepository } from '../../cases/case.repository.js';
import { AlertRepository } from '../../detection/alert.repository.js';
import { ingestBatch } from '../../evidence/ingest.batch.js';
import { loadKnowledge } from '../../reading/knowledge.js';
import { MeasureRepository } from '../../registry/measure.repository.js';
import { PermitRepository } from '../../registry/permit.repository.js';
import { withStore } from '../context.js';
import type { Run } from '../main.js';
import { importRegistryFile, printImportSummary } from './import.command.js';

/** The demo registry shipped with the project (written by us; see data/README.md). */
export function demoBundlePath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'data', 'demo', 'registry.json');
    if (existsSync(candidate)) return candidate;
    dir = dirname(dir);
  }
  throw new Error('data/demo/registry.json not found beside the program');
}

export function registerDemo(program: Command, run: Run): void {
  program
    .command('demo')
    .description(summaryOf('demo'))
    .action(() =>
      run(async (config) => {
        await withStore(config, async (store) => {
          process.stdout.write(`database: ${store.location} (${store.dialect})\n`);
          const summary = await importRegistryFile(store, config, demoBundlePath(), 'registry');
          printImportSummary(summary);
          const reports = join(dirname(demoBundlePath()), 'reports');
          const outcomes = await ingestBatch(store, await loadKnowledge(store.db), [reports], { actor: config.actor, asOf: config.asOf });
          const stored = outcomes.filter((o) => o.ok).flatMap((o) => (o.ok ? o.result.documents : []));
          const alerts = await new AlertRepository(store.db).list({ status: 'open' });
          const permits = new PermitRepository(store.db);
          const byStatus = await permits.countByStatus(config.asOf);
          const counts = await permits.countLines();
          const measures = await new MeasureRepository(store.db).list({ inForceOn: config.asOf });
          const cases = await new CaseRepository(store.db).list();
          const chain = await verifyAuditChain(store.db);
          const out = [
            '',
            `ledger as of ${config.asOf}: ${counts.permits} permits, ${counts.lines} lines`,
            `  by status: ${Object.entries(byStatus).sort().map(([s, n]) => `${s} ${n}`).join(', ')}`,
            `  destination measures in force: ${measures.length ? measures.map((m) => `${m.country} ${m.kind}`).join(', ') : 'none'}`,
            `reports: ${stored.filter((d) => d.status === 'stored').length} read now, ${stored.filter((d) => d.status === 'duplicate').length} already stored (data/demo/reports)`,
            `alerts open: ${alerts.length}`,
            ...alerts.map((a) => `  ${a.id}  ${a.permit_id}  ${a.kind}  score ${Number(a.score).toFixed(2)}`),
            `cases: ${cases.length}`,
            ...cases.map((c) => `  ${c.id}  ${c.status}  ${c.title}`),
            `  audit trail: ${chain.ok ? `intact, ${chain.entries} entries` : `BROKEN — ${chain.broken?.message}`}`,
            '',
            'next: endwatch alerts show <id> · endwatch cases show <id> · endwatch documents show <id> · endwatch permits show <id> · endwatch audit log · endwatch --help',
          ];
          process.stdout.write(`${out.join('\n')}\n`);
        });
      }),
    );
}
