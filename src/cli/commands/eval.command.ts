import { summaryOf } from '../command.table.js';
import type { Command } from 'commander';
import { evaluateFolder } from '../../evidence/evaluation.service.js';
import { printJson } from '../context.js';
import type { Run } from '../main.js';

export function registerEval(program: Command, run: Run): void {
  program
    .command('eval <dir>')
    .description(summaryOf('eval'))
    .option('--isolated', 'ingest each report alone into its own fresh database')
    .option('--json', 'print JSON only')
    .action((dir: string, opts: { isolated?: boolean; json?: boolean }) =>
      run(async (config) => {
        const ev = await evaluateFolder(dir, { isolated: opts.isolated, asOf: config.asOf });
        if (opts.json) return printJson(ev);
        const out: string[] = [];
        for (const r of ev.reports) {
          const ok = r.missed.length === 0 && r.violatedNoAlert.length === 0 && !r.error;
          out.push(`${ok ? 'ok  ' : 'FAIL'} ${r.file}`);
          out.push(`     flagged: ${r.flagged.join(', ') || '—'}   expected: ${r.expected.join(', ') || '—'}`);
          if (r.missed.length) out.push(`     missed: ${r.missed.join(', ')}`);
          if (r.falsePositives.length) out.push(`     not expected: ${r.falsePositives.join(', ')}${r.violatedNoAlert.length ? ` (labelled noAlert: ${r.violatedNoAlert.join(', ')})` : ''}`);
          for (const a of r.alerts) out.push(`     alert ${a.permitId} ${a.kind} ${a.score.toFixed(2)}`);
          if (r.error) out.push(`     error: ${r.error}`);
        }
        out.push(`mode ${ev.mode}: precision ${ev.precision.toFixed(3)}, recall ${ev.recall.toFixed(3)} (TP ${ev.truePositives}, FP ${ev.falsePositives}, FN ${ev.falseNegatives}); labels ${ev.labelsSatisfied ? 'all satisfied' : 'NOT all satisfied'}`);
        process.stdout.write(`${out.join('\n')}\n`);
        if (!ev.labelsSatisfied) process.exitCode = 1;
      }),
    );
}
