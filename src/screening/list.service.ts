import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError, conflict, invalidInput, notFound } from '../shared/errors.js';
import type { Store } from '../store/database.js';
import { transact } from '../store/unit-of-work.js';
import { type EntryChange, diffEntries } from './list.diff.js';
import { entryHash } from './list.entry.js';
import { type ReadList, dateInFileName, readListFile } from './list.read.js';
import { ListRepository, type ListVersionRow } from './list.repository.js';

/** What `importListFile` needs. */
export interface ListImportInput {
  /** The file to read; its format is recognised from its content. */
  path: string;
  /** The list's name when the file's own is not wanted (FtM files are named after their dataset). */
  list?: string;
  /**
   * The list's date when the file does not state one (the OFAC CSV does not). Default: a
   * yyyy-mm-dd in the file name, else none.
   */
  publishedOn?: string;
}

export interface ListImportResult {
  list: string;
  format: ReadList['format'];
  version: number;
  previousVersion: number | null;
  publishedOn: string | null;
  entries: number;
  added: number;
  removed: number;
  changed: number;
  /** True when this very file was the current version already: nothing was written. */
  alreadyImported: boolean;
  /** FtM entities of other schemata left out. */
  skipped: number;
}

/**
 * Imports a sanctions list file as a new version of its list, in one transaction with its
 * audit entry (`list.import`). The diff against the list's current version (added, removed,
 * changed entries by id and entry hash) is stored with the version.
 *
 * - The file the current version was made from (same bytes) changes nothing and writes no
 *   audit entry: the result says `alreadyImported`.
 * - A file identical to an older, replaced version, or dated before the current version,
 *   is refused (`conflict`): lists only move forward.
 * - A file that cannot be read whole is refused (`invalid_input`) before anything is
 *   written; the current version stays current.
 */
export async function importListFile(store: Store, actor: string, input: ListImportInput): Promise<ListImportResult> {
  const fileName = basename(input.path);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(input.path);
  } catch (e) {
    throw invalidInput(`${input.path}: cannot read the file: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const read = readListFile(bytes, fileName);
  if (input.list !== undefined && !/^[a-z0-9][a-z0-9_.-]{0,63}$/.test(input.list)) {
    throw invalidInput(`--list: '${input.list}' is not a list name (lower-case letters, digits, '-', '_', '.')`);
  }
  const list = input.list ?? read.list;
  const publishedOn = read.publishedOn ?? input.publishedOn ?? dateInFileName(fileName);
  const hashed = read.entries.map((entry) => ({ entry, hash: entryHash(entry) }));

  return transact(store, actor, async (uow) => {
    const repo = new ListRepository(uow.db, uow.dialect);
    await repo.lock();
    const current = await repo.current(list);
    const same = await repo.versionByHash(list, read.contentHash);
    const base = { list, format: read.format, publishedOn, entries: hashed.length, skipped: read.skipped };
    if (same && current && same.id === current.id) {
      return { ...base, version: same.id, previousVersion: same.previous_version_id, added: 0, removed: 0, changed: 0, alreadyImported: true };
    }
    if (same) throw conflict(`${fileName} was imported as version ${same.id} of ${list}, which version ${current?.id} has replaced; an older list is not imported again`);
    if (current?.published_on && publishedOn && publishedOn < current.published_on) {
      throw conflict(`${fileName} is dated ${publishedOn}, before version ${current.id} of ${list} (${current.published_on}); an older list is not imported over a newer one`);
    }

    const previous = current ? await repo.entryHashes(current.id) : new Map<string, string>();
    const diff = diffEntries(previous, new Map(hashed.map((h) => [h.entry.entryId, h.hash])));
    const id = await repo.nextVersionId();
    const at = new Date().toISOString();
    const row: ListVersionRow = {
      id,
      list,
      format: read.format,
      published_on: publishedOn,
      content_hash: read.contentHash,
      file_name: fileName,
      imported_at: at,
      imported_by: actor,
      entry_count: hashed.length,
      previous_version_id: current?.id ?? null,
      added: diff.added.length,
      removed: diff.removed.length,
      changed: diff.changed.length,
    };
    await repo.insertVersion(row);
    await repo.insertEntries(id, hashed);
    const changes: { entryId: string; change: EntryChange }[] = [
      ...diff.added.map((entryId) => ({ entryId, change: 'added' as const })),
      ...diff.removed.map((entryId) => ({ entryId, change: 'removed' as const })),
      ...diff.changed.map((entryId) => ({ entryId, change: 'changed' as const })),
    ];
    await repo.insertDiffs(id, changes);
    await repo.makeCurrent(list, id, at);
    await uow.audit.record({
      verb: 'list.import',
      objectType: 'list',
      objectId: list,
      payload: {
        version: id,
        previousVersion: row.previous_version_id,
        format: read.format,
        file: fileName,
        contentHash: read.contentHash,
        publishedOn,
        entries: row.entry_count,
        added: row.added,
        removed: row.removed,
        changed: row.changed,
      },
    });
    return { ...base, version: id, previousVersion: row.previous_version_id, added: row.added, removed: row.removed, changed: row.changed, alreadyImported: false };
  });
}

export interface ListVersionView {
  version: number;
  list: string;
  format: string;
  publishedOn: string | null;
  file: string;
  importedAt: string;
  importedBy: string;
  entries: number;
  previousVersion: number | null;
  added: number;
  removed: number;
  changed: number;
  current: boolean;
}

/** Every imported version, by list then version. */
export async function listVersions(store: Store, list?: string): Promise<ListVersionView[]> {
  const rows = await new ListRepository(store.db, store.dialect).versions(list);
  return rows.map((r) => ({
    version: r.id,
    list: r.list,
    format: r.format,
    publishedOn: r.published_on,
    file: r.file_name,
    importedAt: r.imported_at,
    importedBy: r.imported_by,
    entries: r.entry_count,
    previousVersion: r.previous_version_id,
    added: r.added,
    removed: r.removed,
    changed: r.changed,
    current: r.current,
  }));
}

export interface VersionDiff {
  version: ListVersionView;
  changes: { entryId: string; change: EntryChange; name: string | null }[];
}

/** What a version changed against the one before it, each entry with its primary name. */
export async function versionDiff(store: Store, versionId: number): Promise<VersionDiff> {
  if (!Number.isInteger(versionId) || versionId < 1) throw new AppError('invalid_input', `version '${versionId}' is not a version number`);
  const repo = new ListRepository(store.db, store.dialect);
  const row = await repo.version(versionId);
  if (!row) throw notFound('list version', String(versionId));
  const [view] = (await listVersions(store, row.list)).filter((v) => v.version === versionId);
  const changes = await repo.diff(versionId);
  const names = new Map<string, string>();
  const present = changes.filter((c) => c.change !== 'removed').map((c) => c.entryId);
  for (const e of await repo.entries(versionId, present)) names.set(e.entryId, e.names[0]?.name ?? '');
  const gone = changes.filter((c) => c.change === 'removed').map((c) => c.entryId);
  if (gone.length && row.previous_version_id) for (const e of await repo.entries(row.previous_version_id, gone)) names.set(e.entryId, e.names[0]?.name ?? '');
  return { version: view, changes: changes.map((c) => ({ ...c, name: names.get(c.entryId) ?? null })) };
}
