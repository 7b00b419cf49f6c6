import { summaryOf } from '../command.table.js';
import type { Command } from 'commander';
import { addFeed, listFeeds, pollFeeds } from '../../evidence/feed.service.js';
import { loadKnowledge } from '../../reading/knowledge.js';
import { printJson, withStore } from '../context.js';
import { table } from '../format.js';
import type { Run } from '../main.js';

export function registerFeeds(program: Command, run: Run): void {
  const cmd = program.command('feeds').description(summaryOf('feeds'));
  cmd
    .command('add <url>')
    .description('subscribe to a feed')
    .option('--json', 'print JSON only')
    .action((url: string, opts: { json?: boolean }) =>
      run(async (config) => {
        const row = await withStore(config, (store) => addFeed(store, config.actor, url));
        if (opts.json) return printJson(row);
        process.stdout.write(`added feed ${row.id}: ${row.url}\n`);
      }),
    );
  cmd
    .command('list')
    .description('subscribed feeds and their last poll')
    .option('--json', 'print JSON only')
    .action((opts: { json?: boolean }) =>
      run(async (config) => {
        const rows = await withStore(config, (store) => listFeeds(store));
        if (opts.json) return printJson(rows);
        if (rows.length === 0) return void process.stdout.write('no feeds\n');
        process.stdout.write(`${table(['id', 'url', 'last polled', 'result'], rows.map((r) => [r.id, r.url, r.polled_at, r.last_result]))}\n`);
      }),
    );
  cmd
    .command('poll')
    .description('fetch every feed and ingest new entries')
    .option('--allow-private', 'allow feeds on private, loopback and link-local addresses')
    .option('--json', 'print JSON only')
    .action((opts: { allowPrivate?: boolean; json?: boolean }) =>
      run(async (config) => {
        const polls = await withStore(config, async (store) => pollFeeds(store, await loadKnowledge(store.db), { actor: config.actor, asOf: config.asOf, allowPrivate: opts.allowPrivate }));
        if (opts.json) return printJson(polls);
        for (const p of polls) {
          const line = p.ok ? `${p.url}: ${p.entries} entries, ${p.stored} stored, ${p.duplicates} already seen, ${p.failed.length} failed` : `${p.url}: failed: ${p.error}`;
          (p.ok ? process.stdout : process.stderr).write(`${line}\n`);
          for (const f of p.failed) process.stderr.write(`  entry ${f.entry}: ${f.error}\n`);
          const raised = p.results.reduce((n, r) => n + (r.review?.raised.length ?? 0), 0);
          if (raised) process.stdout.write(`  alerts raised: ${raised}\n`);
        }
        if (polls.some((p) => !p.ok || p.failed.length)) process.exitCode = 2;
      }),
    );
}
