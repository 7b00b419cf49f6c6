import { summaryOf } from '../command.table.js';
import type { Command } from 'commander';
import { fileMeasure } from '../../cases/case.service.js';
import { MeasureRepository } from '../../registry/measure.repository.js';
import { addMeasure } from '../../registry/measure.service.js';
import { type MeasureException, parseMeasureException } from '../../registry/measure.types.js';
import { AppError } from '../../shared/errors.js';
import { isIsoDate } from '../../shared/dates.js';
import { transact } from '../../store/unit-of-work.js';
import { printJson, withStore } from '../context.js';
import { table } from '../format.js';
import type { Run } from '../main.js';

export function registerMeasures(program: Command, run: Run): void {
  const cmd = program.command('measures').description(summaryOf('measures'));
  cmd
    .command('add')
    .requiredOption('--country <cc>', 'destination country (ISO alpha-2)')
    .requiredOption('--kind <kind>', 'suspend_new_permits or embargo')
    .requiredOption('--from <yyyy-mm-dd>', 'in force from')
    .option('--to <yyyy-mm-dd>', 'in force until (inclusive)')
    .requiredOption('--reason <text>', 'why')
    .option('--exception <tag[=treatment]>', 'programme tag exempted (case_by_case or allowed); repeatable', (v: string, acc: MeasureException[]) => [...acc, parseMeasureException(v)], [] as MeasureException[])
    .option('--id <id>', 'measure id (default M-<country>-<from>-<kind>)')
    .option('--json', 'print JSON')
    .action((opts: { country: string; kind: string; from: string; to?: string; reason: string; exception: MeasureException[]; id?: string; json?: boolean }) =>
      run(async (config) => {
        const { m, caseId } = await withStore(config, (store) =>
          transact(store, config.actor, async (uow) => {
            const m = await addMeasure(uow, { id: opts.id, country: opts.country.toUpperCase(), kind: opts.kind, startsOn: opts.from, endsOn: opts.to, reason: opts.reason, exceptions: opts.exception });
            // The live permits to that destination are reviewed in a case of their own.
            return { m, caseId: await fileMeasure(uow, m, config.asOf) };
          }),
        );
        if (opts.json) return printJson({ ...m, caseId });
        process.stdout.write(`measure ${m.id} recorded: ${m.kind} for ${m.country} from ${m.startsOn}${m.endsOn ? ` to ${m.endsOn}` : ''}\n`);
        if (caseId) process.stdout.write(`case ${caseId} opened to review the live permits to ${m.country}\n`);
      }),
    );
  cmd
    .command('list')
    .option('--country <cc>', 'only this country')
    .option('--in-force-on <yyyy-mm-dd>', 'only measures in force on this date')
    .option('--json', 'print JSON')
    .action((opts: { country?: string; inForceOn?: string; json?: boolean }) =>
      run(async (config) => {
        if (opts.inForceOn && !isIsoDate(opts.inForceOn)) throw new AppError('invalid_input', `--in-force-on: '${opts.inForceOn}' is not a date (YYYY-MM-DD)`);
        const rows = await withStore(config, (s) => new MeasureRepository(s.db).list({ country: opts.country?.toUpperCase(), inForceOn: opts.inForceOn }));
        if (opts.json) return printJson(rows);
        if (rows.length === 0) return void process.stdout.write('no measures\n');
        process.stdout.write(
          `${table(
            ['id', 'country', 'kind', 'from', 'to', 'exceptions', 'reason'],
            rows.map((m) => [m.id, m.country, m.kind, m.startsOn, m.endsOn, m.exceptions.map((e) => `${e.tag}=${e.treatment}`).join(' '), m.reason]),
          )}\n`,
        );
      }),
    );
}
