import { PartyRepository } from '../registry/party.repository.js';
import type { Party } from '../registry/party.types.js';
import { AppError, invalidInput, notFound } from '../shared/errors.js';
import type { Store } from '../store/database.js';
import type { DB } from '../store/schema.js';
import { transact } from '../store/unit-of-work.js';
import type { Kysely } from 'kysely';
import { diffEntries } from './list.diff.js';
import { ListRepository } from './list.repository.js';
import { DEFAULT_MIN_SCORE, DEFAULT_THRESHOLD, ScreeningIndex } from './screening.index.js';
import { type HitStatus, ScreeningRepository, type ScreeningResultRow } from './screening.repository.js';
import type { EntryType, ListEntry, ScreeningHit } from './screening.types.js';

/**
 * Screening in use: names screened on demand against the current version of every list,
 * and the registry's parties screened — and their results stored — when the registry is
 * imported and whenever a list gets a new version (then only against the entries the diff
 * added or changed; hits on removed entries are closed).
 */

/** Hits asked of the index per name; enough that filtering to a diff's entries still finds the best. */
const HITS_PER_NAME = 50;
/** Results stored per party and list (best first). */
const STORED_PER_LIST = 10;

export interface CurrentList {
  list: string;
  versionId: number;
  entries: ListEntry[];
  hashes: Map<string, string>;
}

/** The current version of every list and one index over all their entries. */
export interface LoadedLists {
  lists: CurrentList[];
  index: ScreeningIndex;
}

/** Loads the current version of every imported list and builds one index over them. */
export async function loadCurrentLists(db: Kysely<DB>, dialect: Store['dialect']): Promise<LoadedLists> {
  const repo = new ListRepository(db, dialect);
  const current = await db.selectFrom('screening_lists').select(['id', 'current_version_id']).orderBy('id').execute();
  const lists: CurrentList[] = [];
  for (const c of current) {
    lists.push({ list: c.id, versionId: c.current_version_id, entries: await repo.entries(c.current_version_id), hashes: await repo.entryHashes(c.current_version_id) });
  }
  const index = ScreeningIndex.build(lists.flatMap((l) => l.entries.map((entry) => ({ list: l.list, entry }))));
  return { lists, index };
}

export interface NameQuery {
  name: string;
  country?: string;
  type?: EntryType;
}

export interface NameScreening {
  query: string;
  results: ScreeningHit[];
}

/** Screens names against the current version of every list (one index for all of them). */
export async function screenNames(store: Store, queries: readonly NameQuery[], opts: { limit?: number } = {}): Promise<NameScreening[]> {
  for (const q of queries) {
    if (q.country !== undefined && !/^[A-Za-z]{2}$/.test(q.country)) throw invalidInput(`--country: '${q.country}' is not an ISO 3166-1 alpha-2 code`);
  }
  const { lists, index } = await loadCurrentLists(store.db, store.dialect);
  if (lists.length === 0) throw new AppError('not_found', 'no sanctions list imported: run `endwatch lists import FILE` first');
  return queries.map((q) => ({ query: q.name, results: index.screen({ name: q.name, country: q.country?.toUpperCase(), type: q.type }, { limit: opts.limit ?? 10 }) }));
}

/** The entry type a party is screened as. */
export function partyEntryType(p: Party): EntryType {
  return p.kind === 'person' ? 'person' : 'organization';
}

interface PartyHit extends ScreeningHit {
  queryName: string;
}

/** Every name of the party screened; the best hit per listed entry, by list. */
function screenParty(index: ScreeningIndex, p: Party): Map<string, Map<string, PartyHit>> {
  const byList = new Map<string, Map<string, PartyHit>>();
  const names = [...new Set([p.name, ...p.aliases].map((n) => n.trim()).filter(Boolean))];
  for (const name of names) {
    for (const hit of index.screen({ name, country: p.country, type: partyEntryType(p) }, { limit: HITS_PER_NAME })) {
      let m = byList.get(hit.list);
      if (!m) byList.set(hit.list, (m = new Map()));
      const prev = m.get(hit.entryId);
      if (!prev || hit.score > prev.score) m.set(hit.entryId, { ...hit, queryName: name });
    }
  }
  return byList;
}

export interface ListScreening {
  list: string;
  version: number;
  /** full: every entry of the version; diff: only entries added or changed since `since`. */
  scope: 'full' | 'diff';
  /** The version last screened, which a diff is taken against. */
  since: number | null;
  /** Entries the parties were compared with (added + changed for a diff). */
  entriesScreened: number;
  /** Entries removed since `since` (their hits are closed). */
  entriesRemoved: number;
}

export interface RegistryScreeningResult {
  parties: number;
  lists: ListScreening[];
  /** Results written (new or updated) in this run. */
  stored: number;
  /** Matches newly raised (or raised again after being closed). */
  raised: number;
  /** False positives re-opened because their entry changed. */
  reopened: number;
  /** Results closed (entry removed, or no longer found). */
  closed: number;
  /** False positives found again on an unchanged entry: kept, not re-raised. */
  falsePositivesKept: number;
}

/**
 * Screens the registry's parties against the lists and stores the results, in one
 * transaction with audit entries (`screening.run` per list; `hit.raise`, `hit.close`,
 * `hit.reopen` per match whose state moved).
 *
 * - `full`: every list against every entry of its current version (after a registry import).
 * - otherwise: only lists whose current version has not been screened; a list screened
 *   before is compared only with the entries added or changed since the version last
 *   screened, and results on entries removed since are closed.
 */
export async function screenRegistry(store: Store, actor: string, opts: { full?: boolean } = {}): Promise<RegistryScreeningResult> {
  const result: RegistryScreeningResult = { parties: 0, lists: [], stored: 0, raised: 0, reopened: 0, closed: 0, falsePositivesKept: 0 };
  const lastRuns = await new ScreeningRepository(store.db, store.dialect).lastRuns();
  const listsRepo = new ListRepository(store.db, store.dialect);
  const current = await store.db.selectFrom('screening_lists').select(['id', 'current_version_id']).execute();
  if (current.length === 0) return result;
  if (!opts.full && current.every((c) => lastRuns.get(c.id)?.version_id === c.current_version_id)) return result;

  const { lists, index } = await loadCurrentLists(store.db, store.dialect);
  const parties = await new PartyRepository(store.db).list();
  result.parties = parties.length;

  interface Work extends ListScreening {
    current: CurrentList;
    affected: Set<string> | null;
    removed: string[];
  }
  const work: Work[] = [];
  for (const cur of lists) {
    const last = lastRuns.get(cur.list);
    if (!opts.full && last?.version_id === cur.versionId) continue;
    if (opts.full || !last) {
      work.push({ list: cur.list, version: cur.versionId, scope: 'full', since: last?.version_id ?? null, entriesScreened: cur.entries.length, entriesRemoved: 0, current: cur, affected: null, removed: [] });
      continue;
    }
    const diff = diffEntries(await listsRepo.entryHashes(last.version_id), cur.hashes);
    const affected = new Set([...diff.added, ...diff.changed]);
    work.push({ list: cur.list, version: cur.versionId, scope: 'diff', since: last.version_id, entriesScreened: affected.size, entriesRemoved: diff.removed.length, current: cur, affected, removed: diff.removed });
  }
  if (work.length === 0) return result;

  // Screening happens before the transaction: it only reads.
  const needed = new Set(work.map((w) => w.list));
  const found = new Map<string, Map<string, PartyHit[]>>(); // list → party → hits in scope
  for (const w of work) found.set(w.list, new Map());
  for (const p of parties) {
    for (const [list, hits] of screenParty(index, p)) {
      if (!needed.has(list)) continue;
      const w = work.find((x) => x.list === list)!;
      const inScope = [...hits.values()].filter((h) => !w.affected || w.affected.has(h.entryId));
      inScope.sort((a, b) => b.score - a.score || a.entryId.localeCompare(b.entryId));
      if (inScope.length) found.get(list)!.set(p.id, inScope.slice(0, STORED_PER_LIST));
    }
  }

  return transact(store, actor, async (uow) => {
    const repo = new ScreeningRepository(uow.db, uow.dialect);
    await repo.lock();
    const at = new Date().toISOString();
    for (const w of work) {
      const scopeIds = w.affected ? [...w.affected, ...w.removed] : undefined;
      const existing = new Map((await repo.resultsOfList(w.list, scopeIds)).map((r) => [`${r.party_id}\u0000${r.entry_id}`, r]));
      const inserts: ScreeningResultRow[] = [];
      const hitId = (partyId: string, entryId: string) => `${partyId}/${w.list}/${entryId}`;
      for (const [partyId, hits] of found.get(w.list)!) {
        for (const h of hits) {
          const key = `${partyId}\u0000${h.entryId}`;
          const prev = existing.get(key);
          existing.delete(key);
          const hash = w.current.hashes.get(h.entryId)!;
          const fresh: ScreeningResultRow = {
            party_id: partyId,
            list: w.list,
            entry_id: h.entryId,
            version_id: w.version,
            entry_hash: hash,
            query_name: h.queryName,
            listed_name: h.name,
            score: h.score,
            is_match: h.match ? 1 : 0,
            explanation: h.explanation,
            status: 'open',
            status_reason: null,
            reviewed_by: null,
            reviewed_at: null,
            first_found_at: prev?.first_found_at ?? at,
            screened_at: at,
          };
          const payload = { version: w.version, score: h.score, queryName: h.queryName, listedName: h.name, explanation: h.explanation };
          result.stored++;
          if (!prev) {
            inserts.push(fresh);
            if (h.match) (result.raised++, await uow.audit.record({ verb: 'hit.raise', objectType: 'hit', objectId: hitId(partyId, h.entryId), payload }));
            continue;
          }
          if (prev.status === 'false_positive') {
            if (prev.entry_hash === hash) {
              result.falsePositivesKept++;
              await repo.updateResult({ ...fresh, status: prev.status, status_reason: prev.status_reason, reviewed_by: prev.reviewed_by, reviewed_at: prev.reviewed_at });
              continue;
            }
            result.reopened++;
            const reason = `list entry changed in version ${w.version} (false positive since version ${prev.version_id}: ${prev.status_reason ?? ''})`;
            await repo.updateResult({ ...fresh, status_reason: reason });
            await uow.audit.record({ verb: 'hit.reopen', objectType: 'hit', objectId: hitId(partyId, h.entryId), reason, payload });
            continue;
          }
          const raisedNow = h.match && (prev.status === 'closed' || prev.is_match === 0);
          await repo.updateResult(fresh);
          if (raisedNow) (result.raised++, await uow.audit.record({ verb: 'hit.raise', objectType: 'hit', objectId: hitId(partyId, h.entryId), payload }));
        }
      }
      await repo.insertResults(inserts);
      const removed = new Set(w.removed);
      for (const prev of existing.values()) {
        if (prev.status === 'closed') continue;
        const reason = removed.has(prev.entry_id) ? `entry removed from ${w.list} in version ${w.version}` : `not found when screened against version ${w.version}`;
        await repo.updateResult({ ...prev, status: 'closed', status_reason: reason, version_id: w.version, screened_at: at });
        result.closed++;
        if (prev.is_match || prev.status === 'false_positive') {
          await uow.audit.record({ verb: 'hit.close', objectType: 'hit', objectId: hitId(prev.party_id, prev.entry_id), reason, payload: { version: w.version, previousStatus: prev.status } });
        }
      }
      await repo.insertRun({ list: w.list, version_id: w.version, scope: w.scope, parties: parties.length, entries: w.entriesScreened, at, actor });
      const { current: _c, affected: _a, removed: _r, ...summary } = w;
      result.lists.push(summary);
      await uow.audit.record({ verb: 'screening.run', objectType: 'list', objectId: w.list, payload: { ...summary, parties: parties.length } });
    }
    return result;
  });
}

export interface HitView {
  partyId: string;
  list: string;
  entryId: string;
  version: number;
  queryName: string;
  name: string;
  score: number;
  match: boolean;
  explanation: string;
  status: HitStatus;
  reason: string | null;
  reviewedBy: string | null;
  reviewedAt: string | null;
  firstFoundAt: string;
  screenedAt: string;
}

function toView(r: ScreeningResultRow): HitView {
  return {
    partyId: r.party_id,
    list: r.list,
    entryId: r.entry_id,
    version: r.version_id,
    queryName: r.query_name,
    name: r.listed_name,
    score: r.score,
    match: r.is_match === 1,
    explanation: r.explanation,
    status: r.status as HitStatus,
    reason: r.status_reason,
    reviewedBy: r.reviewed_by,
    reviewedAt: r.reviewed_at,
    firstFoundAt: r.first_found_at,
    screenedAt: r.screened_at,
  };
}

/** Stored screening results: matches by default, every stored result with `all`. */
export async function listHits(store: Store, f: { partyId?: string; status?: HitStatus; all?: boolean } = {}): Promise<HitView[]> {
  const rows = await new ScreeningRepository(store.db, store.dialect).list({ partyId: f.partyId, status: f.status, matchesOnly: !f.all });
  return rows.map(toView);
}

/**
 * Marks a stored hit as a false positive, with the reviewer's reason (audited). Later
 * screenings keep it so while the list entry is unchanged; a change re-opens it.
 */
export async function markFalsePositive(store: Store, actor: string, input: { partyId: string; entryId: string; list?: string; reason: string }): Promise<HitView> {
  const reason = input.reason?.trim();
  if (!reason) throw invalidInput('--reason: a false positive needs a reason');
  return transact(store, actor, async (uow) => {
    const repo = new ScreeningRepository(uow.db, uow.dialect);
    await repo.lock();
    const rows = await repo.find(input.partyId, input.entryId, input.list);
    if (rows.length === 0) throw notFound('screening hit', `${input.partyId} ${input.list ? `${input.list}/` : ''}${input.entryId}`);
    if (rows.length > 1) throw invalidInput(`entry ${input.entryId} is in several lists (${rows.map((r) => r.list).join(', ')}): name one with --list`);
    const row = rows[0];
    if (row.status === 'closed') throw new AppError('conflict', `hit ${row.party_id}/${row.list}/${row.entry_id} is closed (${row.status_reason ?? ''}); nothing to mark`);
    if (row.status === 'false_positive') throw new AppError('conflict', `hit ${row.party_id}/${row.list}/${row.entry_id} is a false positive already (${row.status_reason ?? ''})`);
    const at = new Date().toISOString();
    const updated: ScreeningResultRow = { ...row, status: 'false_positive', status_reason: reason, reviewed_by: actor, reviewed_at: at };
    await repo.updateResult(updated);
    await uow.audit.record({
      verb: 'hit.false_positive',
      objectType: 'hit',
      objectId: `${row.party_id}/${row.list}/${row.entry_id}`,
      reason,
      payload: { version: row.version_id, entryHash: row.entry_hash, score: row.score, listedName: row.listed_name, queryName: row.query_name },
    });
    return toView(updated);
  });
}

export { DEFAULT_MIN_SCORE, DEFAULT_THRESHOLD };
