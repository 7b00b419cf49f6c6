import type { Command } from 'commander';
import { importListFile, listVersions, versionDiff } from '../../screening/list.service.js';
import { screenRegistry } from '../../screening/screening.service.js';
import { isIsoDate } from '../../shared/dates.js';
import { invalidInput } from '../../shared/errors.js';
import { summaryOf } from '../command.table.js';
import { printJson, withStore } from '../context.js';
import { table } from '../format.js';
import type { Run } from '../main.js';
import { screeningLine } from './screen.command.js';

export function registerLists(program: Command, run: Run): void {
  const cmd = program.command('lists').description(summaryOf('lists'));
  cmd
    .command('import <file>')
    .description('import a sanctions list file (OFAC SDN CSV, UN SC XML, Canada SEMA XML, FtM JSON lines; recognised by content) as a new version, with its diff against the current one')
    .option('--list <name>', 'store under this list name (default: the file\'s own: ofac-sdn, un-sc, ca-sema, or the FtM dataset)')
    .option('--published-on <yyyy-mm-dd>', 'the list\'s date when the file states none (default: a date in the file name)')
    .option('--json', 'print JSON only')
    .action((file: string, opts: { list?: string; publishedOn?: string; json?: boolean }) =>
      run(async (config) => {
        if (opts.publishedOn !== undefined && !isIsoDate(opts.publishedOn)) throw invalidInput(`--published-on: '${opts.publishedOn}' is not a date (YYYY-MM-DD)`);
        const r = await withStore(config, async (store) => {
          const imported = await importListFile(store, config.actor, { path: file, list: opts.list, publishedOn: opts.publishedOn });
          // Registry parties are re-screened against what the new version added or changed.
          return { ...imported, screening: await screenRegistry(store, config.actor) };
        });
        if (opts.json) return printJson(r);
        if (r.alreadyImported) {
          process.stdout.write(`${file}: already imported as version ${r.version} of ${r.list} (${r.entries} entries); nothing changed\n`);
          return;
        }
        const against = r.previousVersion ? `against version ${r.previousVersion}` : 'first version';
        process.stdout.write(
          `${r.list} version ${r.version}${r.publishedOn ? ` (${r.publishedOn})` : ''}: ${r.entries} entries from ${r.format}` +
            `${r.skipped ? `, ${r.skipped} other FtM entities skipped` : ''}\n` +
            `diff (${against}): ${r.added} added, ${r.removed} removed, ${r.changed} changed\n${screeningLine(r.screening)}`,
        );
      }),
    );
  cmd
    .command('list')
    .description('imported list versions (the current one of each list is marked *)')
    .option('--list <name>', 'only this list')
    .option('--json', 'print JSON only')
    .action((opts: { list?: string; json?: boolean }) =>
      run(async (config) => {
        const rows = await withStore(config, (store) => listVersions(store, opts.list));
        if (opts.json) return printJson(rows);
        if (rows.length === 0) return void process.stdout.write('no lists imported\n');
        process.stdout.write(
          `${table(
            ['version', 'list', 'published', 'entries', 'added', 'removed', 'changed', 'file', 'imported'],
            rows.map((r) => [`${r.version}${r.current ? '*' : ''}`, r.list, r.publishedOn, r.entries, r.added, r.removed, r.changed, r.file, r.importedAt.slice(0, 19)]),
          )}\n`,
        );
      }),
    );
  cmd
    .command('diff <version>')
    .description('what a version added, removed and changed against the version before it')
    .option('--json', 'print JSON only')
    .action((version: string, opts: { json?: boolean }) =>
      run(async (config) => {
        if (!/^\d+$/.test(version)) throw invalidInput(`version: '${version}' is not a version number`);
        const d = await withStore(config, (store) => versionDiff(store, Number(version)));
        if (opts.json) return printJson(d);
        const v = d.version;
        process.stdout.write(
          `${v.list} version ${v.version}${v.previousVersion ? ` against version ${v.previousVersion}` : ' (first version)'}: ${v.added} added, ${v.removed} removed, ${v.changed} changed\n`,
        );
        if (d.changes.length) process.stdout.write(`${table(['change', 'entry', 'name'], d.changes.map((c) => [c.change, c.entryId, c.name]))}\n`);
      }),
    );
}
