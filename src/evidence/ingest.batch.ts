import type { Grade } from '../detection/detection.types.js';
import type { Knowledge } from '../reading/knowledge.js';
import { AppError } from '../shared/errors.js';
import type { Store } from '../store/database.js';
import { type IngestResult, type SourceInput, type SourceKind, ingestSource, ingestSources } from './ingest.service.js';
import { extract } from './source.extract.js';
import { fetchSource } from './source.fetch.js';
import { readSources } from './source.read.js';
import { type Limits, type RawSource, resolveLimits } from './source.types.js';

export interface BatchOptions {
  actor: string;
  asOf: string;
  grade?: Grade;
  tip?: boolean;
  allowPrivate?: boolean;
  limits?: Partial<Limits>;
}

export type BatchOutcome = { origin: string; ok: true; result: IngestResult } | { origin: string; ok: false; error: AppError | Error };

const isUrl = (s: string) => /^[a-z][a-z0-9+.-]*:\/\//i.test(s);

/** Local sources stored per transaction: at most this many, and about this many bytes. */
const BATCH_SOURCES = 256;
const BATCH_BYTES = 32 * 1024 * 1024;

/**
 * Ingests files, directories and URLs. Local files (a directory's files, consecutive file
 * arguments) are read and extracted, then stored in batches (ingestSources: one transaction and
 * one review per batch); a URL is fetched and stored on its own. A bad source (binary junk, too
 * large, unreachable, refused, failing to store) is reported and stores nothing while the rest
 * of the batch goes on. Outcomes come in input order.
 */
export async function ingestBatch(store: Store, knowledge: Knowledge, inputs: readonly string[], opts: BatchOptions, onOutcome?: (o: BatchOutcome) => void): Promise<BatchOutcome[]> {
  const limits = resolveLimits(opts.limits);
  const outcomes: BatchOutcome[] = [];
  const done = (o: BatchOutcome) => {
    outcomes.push(o);
    onOutcome?.(o);
  };
  // Local sources wait here to be stored together; their read or extract failures wait with them, to keep the order.
  let pending: (SourceInput | BatchOutcome)[] = [];
  let pendingSources = 0;
  let pendingBytes = 0;
  const flush = async () => {
    const batch = pending;
    pending = [];
    pendingSources = pendingBytes = 0;
    const stored = await ingestSources(store, opts.actor, knowledge, batch.filter((p): p is SourceInput => 'raw' in p), opts.asOf);
    let k = 0;
    for (const p of batch) done('raw' in p ? stored[k++] : p);
  };
  const extracted = async (raw: RawSource, kind: SourceKind): Promise<SourceInput> => ({ raw, kind, documents: await extract(raw, limits), grade: opts.grade });
  for (const input of inputs) {
    if (isUrl(input)) {
      await flush();
      let raw: RawSource;
      try {
        raw = await fetchSource(input, { allowPrivate: opts.allowPrivate, limits });
      } catch (e) {
        done({ origin: input, ok: false, error: e as Error });
        continue;
      }
      try {
        done({ origin: raw.origin, ok: true, result: await ingestSource(store, opts.actor, knowledge, await extracted(raw, opts.tip ? 'tip' : 'url'), opts.asOf) });
      } catch (e) {
        done({ origin: raw.origin, ok: false, error: e as Error });
      }
      continue;
    }
    for (const r of await readSources([input], limits)) {
      if (!r.ok) {
        pending.push({ origin: r.origin, ok: false, error: r.error });
        continue;
      }
      try {
        pending.push(await extracted(r.raw, opts.tip ? 'tip' : 'file'));
        pendingSources++;
        pendingBytes += r.raw.bytes.length;
      } catch (e) {
        pending.push({ origin: r.raw.origin, ok: false, error: e as Error });
      }
      if (pendingSources >= BATCH_SOURCES || pendingBytes >= BATCH_BYTES) await flush();
    }
  }
  await flush();
  return outcomes;
}
