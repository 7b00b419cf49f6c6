import { isCountryCode } from '../shared/countries.js';
import { isIsoDate } from '../shared/dates.js';
import type { Problem } from '../shared/errors.js';
import {
  type BundleItem,
  type BundleMeasure,
  type BundleParty,
  type BundlePermit,
  type BundleShipment,
  type CollectionName,
  bundleSchema,
  collections,
} from './bundle.schema.js';
import { controlCodeProblem } from './control-code.js';

export type Path = (string | number)[];

/** Turns a position in the parsed input into words a user can find in their file. */
export interface Locator {
  source: string;
  locate(collection: CollectionName | null, index: number | null, path: Path): { record?: string; field?: string };
}

export function formatPath(path: Path): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '');
}

/** Locator for a JSON bundle: records are JSON paths (`permits[3] (CA-EP-…)`), fields are paths inside them. */
export function jsonLocator(source: string, raw: unknown): Locator {
  return {
    source,
    locate(collection, index, path) {
      if (collection === null || index === null) return { field: formatPath(path) || undefined };
      const rec = (raw as Record<string, unknown[]>)[collection]?.[index] as { id?: unknown } | undefined;
      const label = typeof rec?.id === 'string' ? ` (${rec.id})` : '';
      return { record: `${collection}[${index}]${label}`, field: formatPath(path) || undefined };
    },
  };
}

export interface ParsedBundle {
  parties: BundleParty[];
  items: BundleItem[];
  permits: BundlePermit[];
  shipments: BundleShipment[];
  measures: BundleMeasure[];
}

/** Where each parsed record came from, for messages raised later (at write time). */
export interface IndexedBundle extends ParsedBundle {
  indexOf: Record<CollectionName, Map<string, number>>;
}

/** Ids the bundle refers to without defining them: the importer looks them up in the ledger. */
export interface ExternalRefs {
  parties: Set<string>;
  items: Set<string>;
  permits: Set<string>;
}

export interface StructureResult {
  bundle: IndexedBundle;
  problems: Problem[];
}

/**
 * Checks shape, ids, codes, countries and dates of every record, collecting every problem.
 * Records that fail their schema are dropped from `bundle` (their problems are reported).
 */
export function checkStructure(raw: unknown, loc: Locator): StructureResult {
  const problems: Problem[] = [];
  const add = (c: CollectionName | null, i: number | null, path: Path, message: string) =>
    problems.push({ source: loc.source, ...loc.locate(c, i, path), message });

  const bundle: IndexedBundle = {
    parties: [],
    items: [],
    permits: [],
    shipments: [],
    measures: [],
    indexOf: { parties: new Map(), items: new Map(), permits: new Map(), shipments: new Map(), measures: new Map() },
  };
  const top = bundleSchema.safeParse(raw);
  if (!top.success) {
    for (const issue of top.error.issues) add(null, null, issue.path as Path, issue.message);
    return { bundle, problems };
  }
  for (const name of Object.keys(collections) as CollectionName[]) {
    const records = (top.data[name] ?? []) as unknown[];
    const schema = collections[name];
    const target = bundle[name] as unknown[];
    for (const [i, rec] of records.entries()) {
      const parsed = schema.safeParse(rec);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) add(name, i, issue.path as Path, issue.message);
        continue;
      }
      const recId = (parsed.data as { id: string }).id;
      const first = bundle.indexOf[name].get(recId);
      if (first !== undefined) {
        add(name, i, ['id'], `duplicate id '${recId}' (first defined at ${name}[${first}])`);
        continue;
      }
      bundle.indexOf[name].set(recId, i);
      target.push(parsed.data);
    }
  }

  const country = (c: CollectionName, i: number, path: Path, code: string) => {
    if (!isCountryCode(code)) add(c, i, path, `'${code}' is not an ISO 3166-1 alpha-2 country code`);
  };
  const date = (c: CollectionName, i: number, path: Path, d: string | null | undefined) => {
    if (d != null && !isIsoDate(d)) add(c, i, path, `'${d}' is not a real date in the form YYYY-MM-DD`);
    return d != null && isIsoDate(d);
  };

  for (const p of bundle.parties) country('parties', bundle.indexOf.parties.get(p.id)!, ['country'], p.country);
  for (const it of bundle.items) {
    const i = bundle.indexOf.items.get(it.id)!;
    for (const [k, code] of (it.controlCodes ?? []).entries()) {
      const why = controlCodeProblem(code);
      if (why) add('items', i, ['controlCodes', k], why);
    }
  }
  for (const p of bundle.permits) {
    const i = bundle.indexOf.permits.get(p.id)!;
    country('permits', i, ['origin'], p.origin);
    country('permits', i, ['destination'], p.destination);
    const okIssued = date('permits', i, ['issuedOn'], p.issuedOn);
    const okExpires = date('permits', i, ['expiresOn'], p.expiresOn);
    if (okIssued && okExpires && p.expiresOn! < p.issuedOn!) {
      add('permits', i, ['expiresOn'], `expires ${p.expiresOn}, before it was issued ${p.issuedOn}`);
    }
    const status = p.status ?? 'issued';
    if (!['draft', 'submitted', 'under_assessment', 'refused'].includes(status) && !p.issuedOn) {
      add('permits', i, ['issuedOn'], `a permit with status ${status} needs the date it was issued`);
    }
    for (const [k, a] of (p.assurances ?? []).entries()) date('permits', i, ['assurances', k, 'signedOn'], a.signedOn);
  }
  for (const s of bundle.shipments) date('shipments', bundle.indexOf.shipments.get(s.id)!, ['shippedOn'], s.shippedOn);
  for (const m of bundle.measures) {
    const i = bundle.indexOf.measures.get(m.id)!;
    country('measures', i, ['country'], m.country);
    const okFrom = date('measures', i, ['startsOn'], m.startsOn);
    const okTo = date('measures', i, ['endsOn'], m.endsOn);
    if (okFrom && okTo && m.endsOn! < m.startsOn) add('measures', i, ['endsOn'], `ends ${m.endsOn}, before it starts ${m.startsOn}`);
  }
  return { bundle, problems };
}

/** The ids the bundle uses but does not define. */
export function externalRefs(b: IndexedBundle): ExternalRefs {
  const refs: ExternalRefs = { parties: new Set(), items: new Set(), permits: new Set() };
  const party = (id: string | null | undefined) => {
    if (id && !b.indexOf.parties.has(id)) refs.parties.add(id);
  };
  for (const p of b.parties) party(p.parentId);
  for (const it of b.items) party(it.manufacturerId);
  for (const p of b.permits) {
    for (const id of [p.exporterId, p.consigneeId, p.endUserId, p.ultimateEndUserId, ...(p.intermediaryIds ?? [])]) party(id);
    for (const l of p.lines) if (!b.indexOf.items.has(l.itemId)) refs.items.add(l.itemId);
  }
  for (const s of b.shipments) if (!b.indexOf.permits.has(s.permitId)) refs.permits.add(s.permitId);
  return refs;
}

/**
 * Checks that every reference resolves, in the bundle or in the ledger (`known`), and that
 * parent chains have no cycle.
 */
export function checkReferences(b: IndexedBundle, known: ExternalRefs, loc: Locator): Problem[] {
  const problems: Problem[] = [];
  const add = (c: CollectionName, i: number, path: Path, message: string) =>
    problems.push({ source: loc.source, ...loc.locate(c, i, path), message });
  const hasParty = (id: string) => b.indexOf.parties.has(id) || known.parties.has(id);
  const hasItem = (id: string) => b.indexOf.items.has(id) || known.items.has(id);

  const parents = new Map(b.parties.map((p) => [p.id, p.parentId ?? null]));
  for (const p of b.parties) {
    const i = b.indexOf.parties.get(p.id)!;
    if (p.parentId && !hasParty(p.parentId)) add('parties', i, ['parentId'], `unknown party '${p.parentId}'`);
    if (p.parentId === p.id) add('parties', i, ['parentId'], 'a party cannot be its own parent');
    else {
      const seen = new Set([p.id]);
      for (let cur = parents.get(p.id); cur; cur = parents.get(cur)) {
        if (seen.has(cur)) {
          add('parties', i, ['parentId'], `parent chain loops back (${[...seen, cur].join(' → ')})`);
          break;
        }
        seen.add(cur);
      }
    }
  }
  for (const it of b.items) {
    if (it.manufacturerId && !hasParty(it.manufacturerId)) {
      add('items', b.indexOf.items.get(it.id)!, ['manufacturerId'], `unknown party '${it.manufacturerId}'`);
    }
  }
  for (const p of b.permits) {
    const i = b.indexOf.permits.get(p.id)!;
    const roles: [string, string | null | undefined][] = [
      ['exporterId', p.exporterId],
      ['consigneeId', p.consigneeId],
      ['endUserId', p.endUserId],
      ['ultimateEndUserId', p.ultimateEndUserId],
    ];
    for (const [field, ref] of roles) if (ref && !hasParty(ref)) add('permits', i, [field], `unknown party '${ref}'`);
    for (const [k, ref] of (p.intermediaryIds ?? []).entries()) if (!hasParty(ref)) add('permits', i, ['intermediaryIds', k], `unknown party '${ref}'`);
    for (const [k, l] of p.lines.entries()) if (!hasItem(l.itemId)) add('permits', i, ['lines', k, 'itemId'], `unknown item '${l.itemId}'`);
  }
  for (const s of b.shipments) {
    if (!b.indexOf.permits.has(s.permitId) && !known.permits.has(s.permitId)) {
      add('shipments', b.indexOf.shipments.get(s.id)!, ['permitId'], `unknown permit '${s.permitId}'`);
    }
  }
  return problems;
}
