export type EntryChange = 'added' | 'removed' | 'changed';

export interface ListDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

/**
 * What changed between two versions of a list, by entry id and entry hash: an id only in
 * the new version was added, only in the old one removed, in both with another hash changed.
 * Ids come back sorted so stored diffs and printed ones are in a stable order.
 */
export function diffEntries(previous: ReadonlyMap<string, string>, current: ReadonlyMap<string, string>): ListDiff {
  const added: string[] = [];
  const changed: string[] = [];
  const removed: string[] = [];
  for (const [id, hash] of current) {
    const before = previous.get(id);
    if (before === undefined) added.push(id);
    else if (before !== hash) changed.push(id);
  }
  for (const id of previous.keys()) if (!current.has(id)) removed.push(id);
  const order = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
  return { added: added.sort(order), removed: removed.sort(order), changed: changed.sort(order) };
}
