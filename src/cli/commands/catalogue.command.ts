import { summaryOf } from '../command.table.js';
import type { Command } from 'commander';
import { ItemRepository } from '../../registry/item.repository.js';
import { PartyRepository } from '../../registry/party.repository.js';
import { PermitRepository } from '../../registry/permit.repository.js';
import { partyKinds } from '../../registry/party.types.js';
import { AppError, notFound } from '../../shared/errors.js';
import { printJson, withStore } from '../context.js';
import { list, table } from '../format.js';
import type { Run } from '../main.js';

/** `parties` and `items`: the registry's catalogue of who and what. */
export function registerCatalogue(program: Command, run: Run): void {
  const parties = program.command('parties').description(summaryOf('parties'));
  parties
    .command('list')
    .option('--country <cc>', 'only parties of this country')
    .option('--kind <kind>', 'only parties of this kind')
    .option('--json', 'print JSON')
    .action((opts: { country?: string; kind?: string; json?: boolean }) =>
      run(async (config) => {
        if (opts.kind && !(partyKinds as readonly string[]).includes(opts.kind)) {
          throw new AppError('invalid_input', `--kind: '${opts.kind}' is not one of ${partyKinds.join(', ')}`);
        }
        const rows = await withStore(config, (s) => new PartyRepository(s.db).list({ country: opts.country?.toUpperCase(), kind: opts.kind }));
        if (opts.json) return printJson(rows);
        process.stdout.write(`${table(['id', 'name', 'kind', 'country', 'parent'], rows.map((p) => [p.id, p.name, p.kind, p.country, p.parentId]))}\n`);
      }),
    );
  parties
    .command('show <id>')
    .option('--json', 'print JSON')
    .action((id: string, opts: { json?: boolean }) =>
      run(async (config) => {
        const data = await withStore(config, async (s) => {
          const party = await new PartyRepository(s.db).get(id);
          if (!party) throw notFound('party', id);
          const repo = new PermitRepository(s.db);
          const asExporter = await repo.listIds({ exporterId: id }, config.asOf);
          const asEndUser = await repo.listIds({ endUserId: id }, config.asOf);
          return { ...party, permits: { asExporter, asEndUser } };
        });
        if (opts.json) return printJson(data);
        process.stdout.write(
          [
            `${data.id}  ${data.name}`,
            `  kind ${data.kind}   country ${data.country}   parent ${data.parentId ?? '—'}`,
            `  aliases: ${list(data.aliases)}`,
            `  permits as exporter: ${list(data.permits.asExporter)}`,
            `  permits as end user: ${list(data.permits.asEndUser)}`,
          ].join('\n') + '\n',
        );
      }),
    );

  const items = program.command('items').description(summaryOf('items'));
  items
    .command('list')
    .option('--manufacturer <id>', 'only items of this manufacturer')
    .option('--platform <name>', 'only items fitted to this platform')
    .option('--json', 'print JSON')
    .action((opts: { manufacturer?: string; platform?: string; json?: boolean }) =>
      run(async (config) => {
        const rows = await withStore(config, (s) => new ItemRepository(s.db).list({ manufacturerId: opts.manufacturer, platform: opts.platform }));
        if (opts.json) return printJson(rows);
        process.stdout.write(
          `${table(['id', 'name', 'manufacturer', 'control codes', 'platforms'], rows.map((i) => [i.id, i.name, i.manufacturerId, i.controlCodes.join(' '), i.platforms.join(', ')]))}\n`,
        );
      }),
    );
  items
    .command('show <id>')
    .option('--json', 'print JSON')
    .action((id: string, opts: { json?: boolean }) =>
      run(async (config) => {
        const data = await withStore(config, async (s) => {
          const item = await new ItemRepository(s.db).get(id);
          if (!item) throw notFound('item', id);
          const permits = await new PermitRepository(s.db).listIds({ itemId: id }, config.asOf);
          return { ...item, permits };
        });
        if (opts.json) return printJson(data);
        process.stdout.write(
          [
            `${data.id}  ${data.name}`,
            `  manufacturer ${data.manufacturerId ?? '—'}   category ${data.category ?? '—'}`,
            `  control codes: ${list(data.controlCodes)}`,
            `  fitted to: ${list(data.platforms)}`,
            `  aliases: ${list(data.aliases)}`,
            `  permits: ${list(data.permits)}`,
          ].join('\n') + '\n',
        );
      }),
    );
}
