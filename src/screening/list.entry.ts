import { createHash } from 'node:crypto';
import type { ListEntry, ListName } from './screening.types.js';

/** Trims and collapses white space; empty becomes ''. */
export function clean(s: string | null | undefined): string {
  return (s ?? '').replace(/\s+/g, ' ').trim();
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The canonical form of an entry: text cleaned, duplicates dropped (a name listed as both
 * strong and weak stays strong), lists sorted. Two files that list the same facts in another
 * order give equal entries and equal hashes, so the diff reports only real changes.
 */
export function normaliseEntry(e: ListEntry): ListEntry {
  const names = new Map<string, ListName>();
  for (const n of e.names) {
    const name = clean(n.name);
    if (!name) continue;
    const seen = names.get(name);
    if (!seen || (seen.quality === 'weak' && n.quality === 'strong')) names.set(name, { name, quality: n.quality });
  }
  // The first name stays first (it is the list's primary name); the rest are sorted.
  const [primary, ...rest] = [...names.values()];
  const ids = new Map<string, { kind: string; value: string }>();
  for (const i of e.identifiers) {
    const kind = clean(i.kind);
    const value = clean(i.value);
    if (value) ids.set(`${kind}\u0000${value}`, { kind, value });
  }
  const uniq = (xs: readonly string[]) => [...new Set(xs.map(clean).filter(Boolean))].sort(byText);
  return {
    entryId: clean(e.entryId),
    type: e.type,
    names: primary ? [primary, ...rest.sort((a, b) => byText(a.name, b.name) || byText(a.quality, b.quality))] : [],
    countries: uniq(e.countries.map((c) => c.toUpperCase())),
    birthDates: uniq(e.birthDates),
    identifiers: [...ids.values()].sort((a, b) => byText(a.kind, b.kind) || byText(a.value, b.value)),
    programmes: uniq(e.programmes),
    remarks: clean(e.remarks) || null,
  };
}

/** sha256 of a normalised entry's canonical JSON: equal hashes, equal entries. */
export function entryHash(e: ListEntry): string {
  const canonical = JSON.stringify([e.entryId, e.type, e.names.map((n) => [n.name, n.quality]), e.countries, e.birthDates, e.identifiers.map((i) => [i.kind, i.value]), e.programmes, e.remarks]);
  return createHash('sha256').update(canonical).digest('hex');
}
