import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { type HitStatus, hitStatuses } from '../../screening/screening.repository.js';
import { type RegistryScreeningResult, listHits, markFalsePositive, type NameQuery, screenNames, screenRegistry } from '../../screening/screening.service.js';
import type { EntryType } from '../../screening/screening.types.js';
import { invalidInput } from '../../shared/errors.js';
import { summaryOf } from '../command.table.js';
import { printJson, withStore } from '../context.js';
import { table } from '../format.js';
import type { Run } from '../main.js';

const queryTypes = ['person', 'organization', 'vessel'] as const;

/** One line saying what a registry screening did (empty when it screened nothing). */
export function screeningLine(r: RegistryScreeningResult): string {
  if (r.lists.length === 0) return '';
  const lists = r.lists.map((l) => `${l.list} v${l.version} (${l.scope === 'diff' ? `${l.entriesScreened} added or changed entries since v${l.since}, ${l.entriesRemoved} removed` : `${l.entriesScreened} entries`})`);
  return (
    `screening: ${r.parties} parties against ${lists.join(', ')}: ${r.raised} matches raised, ${r.reopened} false positives re-opened, ` +
    `${r.closed} results closed, ${r.falsePositivesKept} false positives kept\n`
  );
}

export function registerScreen(program: Command, run: Run): void {
  program
    .command('screen')
    .description(summaryOf('screen'))
    .argument('[name]', 'the name to screen')
    .option('--country <cc>', 'the country the name belongs to (ISO 3166-1 alpha-2); adjusts the score')
    .option('--type <type>', `what the name is: ${queryTypes.join(', ')}`)
    .option('--batch <file>', 'screen every line of FILE (one name per line; blank lines skipped)')
    .option('--limit <n>', 'most results per name', '10')
    .option('--json', 'print JSON only: an array in input order of { query, results }')
    .action((name: string | undefined, opts: { country?: string; type?: string; batch?: string; limit: string; json?: boolean }) =>
      run(async (config) => {
        if ((name === undefined) === (opts.batch === undefined)) throw invalidInput('screen: give either a NAME or --batch FILE');
        if (opts.type !== undefined && !(queryTypes as readonly string[]).includes(opts.type)) throw invalidInput(`--type: '${opts.type}' is not one of ${queryTypes.join(', ')}`);
        if (!/^[1-9]\d{0,2}$/.test(opts.limit)) throw invalidInput(`--limit: '${opts.limit}' is not a number from 1 to 999`);
        const facts = { country: opts.country, type: opts.type as EntryType | undefined };
        let queries: NameQuery[];
        if (opts.batch !== undefined) {
          let text: string;
          try {
            text = await readFile(opts.batch, 'utf8');
          } catch (e) {
            throw invalidInput(`--batch: cannot read ${opts.batch}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
          }
          queries = text.replace(/^\uFEFF/, '').split(/\r?\n/).map((l) => l.trim()).filter(Boolean).map((n) => ({ name: n, ...facts }));
        } else {
          if (!name!.trim()) throw invalidInput('screen: the name is empty');
          queries = [{ name: name!.trim(), ...facts }];
        }
        const out = await withStore(config, (store) => screenNames(store, queries, { limit: Number(opts.limit) }));
        if (opts.json) return printJson(out);
        for (const o of out) {
          const matches = o.results.filter((r) => r.match).length;
          process.stdout.write(`${o.query}: ${matches ? `${matches} match${matches > 1 ? 'es' : ''}` : 'no match'}${o.results.length > matches ? ` (${o.results.length - matches} below the threshold)` : ''}\n`);
          for (const r of o.results) process.stdout.write(`  ${r.match ? 'MATCH' : 'near '} ${r.score.toFixed(2)} ${r.list} ${r.entryId} ${r.name}\n        ${r.explanation}\n`);
        }
      }),
    );
}

export function registerHits(program: Command, run: Run): void {
  const cmd = program.command('hits').description(summaryOf('hits'));
  cmd
    .command('list')
    .description('stored screening results of registry parties (matches only unless --all)')
    .option('--party <id>', 'only this party')
    .option('--status <status>', `only this status: ${hitStatuses.join(', ')}`)
    .option('--all', 'also results below the match threshold')
    .option('--json', 'print JSON only')
    .action((opts: { party?: string; status?: string; all?: boolean; json?: boolean }) =>
      run(async (config) => {
        if (opts.status !== undefined && !(hitStatuses as readonly string[]).includes(opts.status)) throw invalidInput(`--status: '${opts.status}' is not one of ${hitStatuses.join(', ')}`);
        const rows = await withStore(config, (store) => listHits(store, { partyId: opts.party, status: opts.status as HitStatus | undefined, all: opts.all }));
        if (opts.json) return printJson(rows);
        if (rows.length === 0) return void process.stdout.write('no screening hits\n');
        process.stdout.write(
          `${table(
            ['party', 'list', 'entry', 'version', 'score', 'match', 'status', 'party name', 'listed name'],
            rows.map((h) => [h.partyId, h.list, h.entryId, h.version, h.score.toFixed(2), h.match ? 'yes' : 'no', h.status, h.queryName, h.name]),
          )}\n`,
        );
      }),
    );
  cmd
    .command('false-positive <party> <entry>')
    .description('mark a stored hit as a false positive (kept while the list entry is unchanged; re-opened when it changes)')
    .requiredOption('--reason <text>', 'why the party is not the listed entry')
    .option('--list <name>', 'the list, when the entry id is in several')
    .option('--json', 'print JSON only')
    .action((party: string, entry: string, opts: { reason: string; list?: string; json?: boolean }) =>
      run(async (config) => {
        const h = await withStore(config, (store) => markFalsePositive(store, config.actor, { partyId: party, entryId: entry, list: opts.list, reason: opts.reason }));
        if (opts.json) return printJson(h);
        process.stdout.write(`${h.partyId} / ${h.list} ${h.entryId} (${h.name}): marked false positive: ${h.reason}\n`);
      }),
    );
  cmd
    .command('rescreen')
    .description('screen the registry against lists whose current version is not screened yet (--full: every list, every entry)')
    .option('--full', 'screen every party against every entry of every current list')
    .option('--json', 'print JSON only')
    .action((opts: { full?: boolean; json?: boolean }) =>
      run(async (config) => {
        const r = await withStore(config, (store) => screenRegistry(store, config.actor, { full: opts.full }));
        if (opts.json) return printJson(r);
        process.stdout.write(screeningLine(r) || 'screening: every current list version is screened already\n');
      }),
    );
}
