import { createHash } from 'node:crypto';
import type { Knowledge } from '../reading/knowledge.js';
import { AppError, invalidInput } from '../shared/errors.js';
import type { Store } from '../store/database.js';
import { transact } from '../store/unit-of-work.js';
import { feedDocuments } from './feed.extract.js';
import { FeedRepository, type FeedRow } from './feed.repository.js';
import { type IngestResult, ingestSource } from './ingest.service.js';
import { readFeed } from './source.extract.js';
import { fetchSource } from './source.fetch.js';
import { type Limits, resolveLimits } from './source.types.js';

export interface PollOptions {
  actor: string;
  asOf: string;
  allowPrivate?: boolean;
  limits?: Partial<Limits>;
}

export interface FeedPoll {
  feedId: string;
  url: string;
  ok: boolean;
  entries: number;
  stored: number;
  duplicates: number;
  failed: { entry: string; error: string }[];
  error?: string;
  results: IngestResult[];
}

/** Subscribes to a feed (http or https URL); adding the same URL twice is refused. */
export async function addFeed(store: Store, actor: string, url: string): Promise<FeedRow> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalidInput(`feed URL: '${url}' is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalidInput(`feed URL: only http and https are allowed, not ${parsed.protocol}`);
  return transact(store, actor, async (uow) => {
    const repo = new FeedRepository(uow.db);
    if (await repo.byUrl(parsed.href)) throw new AppError('conflict', `feed ${parsed.href} is already subscribed`);
    const row: FeedRow = { id: `F-${createHash('sha256').update(parsed.href).digest('hex').slice(0, 10)}`, url: parsed.href, added_at: new Date().toISOString(), polled_at: null, last_result: null };
    await repo.insert(row);
    await uow.audit.record({ verb: 'feed.add', objectType: 'feed', objectId: row.id, payload: { url: row.url } });
    return row;
  });
}

export async function listFeeds(store: Store): Promise<FeedRow[]> {
  return new FeedRepository(store.db).list();
}

/**
 * Fetches every subscribed feed and ingests each entry as a source of its own (its bytes are
 * the entry as received, so an entry seen again is recognised and not stored twice). A feed
 * that cannot be fetched or parsed is reported and the others go on; so is a bad entry.
 */
export async function pollFeeds(store: Store, knowledge: Knowledge, opts: PollOptions): Promise<FeedPoll[]> {
  const limits = resolveLimits(opts.limits);
  const out: FeedPoll[] = [];
  for (const feed of await listFeeds(store)) {
    const poll: FeedPoll = { feedId: feed.id, url: feed.url, ok: true, entries: 0, stored: 0, duplicates: 0, failed: [], results: [] };
    try {
      const raw = await fetchSource(feed.url, { allowPrivate: opts.allowPrivate, limits });
      const parsed = readFeed(raw);
      poll.entries = parsed.entries.length;
      for (const entry of parsed.entries) {
        const bytes = Buffer.from(JSON.stringify({ feed: feed.url, id: entry.id, title: entry.title, link: entry.link, publishedOn: entry.publishedOn, content: entry.content }));
        try {
          const documents = feedDocuments({ ...parsed, entries: [entry] }, feed.url, limits);
          const result = await ingestSource(store, opts.actor, knowledge, { raw: { origin: entry.link ?? `${feed.url}#${entry.id}`, bytes, contentType: 'application/json' }, kind: 'feed', documents }, opts.asOf);
          poll.results.push(result);
          for (const d of result.documents) d.status === 'stored' ? poll.stored++ : poll.duplicates++;
        } catch (e) {
          poll.failed.push({ entry: entry.id, error: (e as Error).message });
        }
      }
    } catch (e) {
      poll.ok = false;
      poll.error = (e as Error).message;
    }
    const summary = poll.ok ? `${poll.entries} entries: ${poll.stored} stored, ${poll.duplicates} already seen, ${poll.failed.length} failed` : `failed: ${poll.error}`;
    await transact(store, opts.actor, async (uow) => {
      await new FeedRepository(uow.db).markPolled(feed.id, new Date().toISOString(), summary);
      await uow.audit.record({ verb: 'feed.poll', objectType: 'feed', objectId: feed.id, payload: { url: feed.url, ok: poll.ok, entries: poll.entries, stored: poll.stored, duplicates: poll.duplicates, failed: poll.failed.length } });
    });
    out.push(poll);
  }
  return out;
}
