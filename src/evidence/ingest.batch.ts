import type { Grade } from '../detection/detection.types.js';
import type { Knowledge } from '../reading/knowledge.js';
import { AppError } from '../shared/errors.js';
import type { Store } from '../store/database.js';
import { type IngestResult, type SourceKind, ingestSource } from './ingest.service.js';
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

/**
 * Ingests files, directories and URLs one source at a time: each source is its own
 * transaction, so a bad one (binary junk, too large, unreachable, refused) is reported and
 * stores nothing while the rest of the batch goes on.
 */
export async function ingestBatch(store: Store, knowledge: Knowledge, inputs: readonly string[], opts: BatchOptions, onOutcome?: (o: BatchOutcome) => void): Promise<BatchOutcome[]> {
  const limits = resolveLimits(opts.limits);
  const outcomes: BatchOutcome[] = [];
  const done = (o: BatchOutcome) => {
    outcomes.push(o);
    onOutcome?.(o);
  };
  const one = async (raw: RawSource, kind: SourceKind) => {
    try {
      const documents = await extract(raw, limits);
      const result = await ingestSource(store, opts.actor, knowledge, { raw, kind, documents, grade: opts.grade }, opts.asOf);
      done({ origin: raw.origin, ok: true, result });
    } catch (e) {
      done({ origin: raw.origin, ok: false, error: e as Error });
    }
  };
  for (const input of inputs) {
    if (isUrl(input)) {
      try {
        const raw = await fetchSource(input, { allowPrivate: opts.allowPrivate, limits });
        await one(raw, opts.tip ? 'tip' : 'url');
      } catch (e) {
        done({ origin: input, ok: false, error: e as Error });
      }
      continue;
    }
    for (const r of await readSources([input], limits)) {
      if (r.ok) await one(r.raw, opts.tip ? 'tip' : 'file');
      else done({ origin: r.origin, ok: false, error: r.error });
    }
  }
  return outcomes;
}
