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
import { fastChecks, fastTopCheck } from './bundle.check.js';
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
  /** The records as given, for the reference checks that need the ledger. */
  records: RawRecords;
}

type Loose = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const isObj = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks shape, ids, codes, countries and dates of every record and collects every problem.
 * The semantic checks also run on records that fail their schema (on whatever fields have
 * the right type), so one run reports everything wrong with a file. Only records that pass
 * are put in `bundle`; the ids of the others are still known, so that references to them
 * are not reported as unknown.
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
  const records = { parties: [], items: [], permits: [], shipments: [], measures: [] } as RawRecords;
  const duplicates = { parties: new Set(), items: new Set(), permits: new Set(), shipments: new Set(), measures: new Set() } as Record<CollectionName, Set<number>>;
  if (!fastTopCheck(raw)) {
    const top = bundleSchema.safeParse(raw);
    if (!top.success) for (const issue of top.error.issues) add(null, null, issue.path as Path, issue.message);
    if (!isObj(raw)) return { bundle, problems, records };
  }
  const root = raw as Loose;
  for (const name of Object.keys(collections) as CollectionName[]) {
    const list = Array.isArray(root[name]) ? (root[name] as unknown[]) : [];
    records[name] = list;
    const schema = collections[name];
    const fast = fastChecks[name];
    const target = bundle[name] as unknown[];
    const indexOf = bundle.indexOf[name];
    for (let i = 0; i < list.length; i++) {
      const rec = list[i];
      // Most records pass the fast check and are taken as they are; the others get the schema.
      let ok = fast(rec);
      let data = rec;
      if (!ok) {
        const parsed = schema.safeParse(rec);
        if (parsed.success) {
          ok = true;
          data = parsed.data;
        } else for (const issue of parsed.error.issues) add(name, i, issue.path as Path, issue.message);
      }
      const recId = isObj(rec) ? str(rec.id)?.trim() : undefined;
      if (!recId) continue;
      const first = indexOf.get(recId);
      if (first !== undefined) {
        duplicates[name].add(i);
        add(name, i, ['id'], `duplicate id '${recId}' (first defined at ${name}[${first}])`);
        continue;
      }
      indexOf.set(recId, i);
      if (ok) target.push(data);
    }
  }

  // Paths are passed as parts and made into a list only for a problem: these run several
  // times per record, and nearly every call finds nothing.
  const country = (c: CollectionName, i: number, code: unknown, field: string) => {
    if (typeof code === 'string' && !isCountryCode(code)) add(c, i, [field], `'${code}' is not an ISO 3166-1 alpha-2 country code`);
  };
  const dates = new Map<string, boolean>(); // a bundle repeats the same few thousand dates
  const date = (c: CollectionName, i: number, d: unknown, field: string, k = -1, sub = ''): d is string => {
    if (typeof d !== 'string') return false;
    let ok = dates.get(d);
    if (ok === undefined) dates.set(d, (ok = isIsoDate(d)));
    if (!ok) add(c, i, k < 0 ? [field] : [field, k, sub], `'${d}' is not a real date in the form YYYY-MM-DD`);
    return ok;
  };
  const each = (c: CollectionName, fn: (r: Loose, i: number) => void) => {
    const list = records[c];
    const skip = duplicates[c];
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      if (isObj(r) && !skip.has(i)) fn(r, i);
    }
  };

  each('parties', (p, i) => country('parties', i, p.country, 'country'));
  each('items', (it, i) => {
    for (const [k, code] of arr(it.controlCodes).entries()) {
      const why = typeof code === 'string' ? controlCodeProblem(code) : null;
      if (why) add('items', i, ['controlCodes', k], why);
    }
  });
  const assuranceIds = new Map<string, number>(); // id → index of the permit that has it first
  each('permits', (p, i) => {
    country('permits', i, p.origin, 'origin');
    country('permits', i, p.destination, 'destination');
    const okIssued = date('permits', i, p.issuedOn, 'issuedOn');
    const okExpires = date('permits', i, p.expiresOn, 'expiresOn');
    if (okIssued && okExpires && (p.expiresOn as string) < (p.issuedOn as string)) {
      add('permits', i, ['expiresOn'], `expires ${p.expiresOn}, before it was issued ${p.issuedOn}`);
    }
    const status = str(p.status) ?? 'issued';
    if (!preIssueStatuses.includes(status) && !p.issuedOn) {
      add('permits', i, ['issuedOn'], `a permit with status ${status} needs the date it was issued`);
    }
    const assurances = arr(p.assurances);
    for (let k = 0; k < assurances.length; k++) {
      const a = assurances[k];
      if (!isObj(a)) continue;
      date('permits', i, a.signedOn, 'assurances', k, 'signedOn');
      const aid = str(a.id) ?? `${str(p.id)}/A${k + 1}`;
      const owner = assuranceIds.get(aid);
      if (owner !== undefined) add('permits', i, ['assurances', k, 'id'], `duplicate assurance id '${aid}' (also used at ${assurancePlace(records.permits, owner, aid)})`);
      else assuranceIds.set(aid, i);
    }
  });
  each('shipments', (s, i) => date('shipments', i, s.shippedOn, 'shippedOn'));
  each('measures', (m, i) => {
    country('measures', i, m.country, 'country');
    const okFrom = date('measures', i, m.startsOn, 'startsOn');
    const okTo = date('measures', i, m.endsOn, 'endsOn');
    if (okFrom && okTo && (m.endsOn as string) < (m.startsOn as string)) add('measures', i, ['endsOn'], `ends ${m.endsOn}, before it starts ${m.startsOn}`);
  });
  return { bundle, problems, records };
}

/** Where an assurance id is first used, for a message (found again rather than kept for every assurance). */
function assurancePlace(permits: unknown[], i: number, aid: string): string {
  const p = permits[i] as Loose;
  const list = arr(p.assurances);
  const k = list.findIndex((a, k) => isObj(a) && (str(a.id) ?? `${str(p.id)}/A${k + 1}`) === aid);
  return `permits[${i}].assurances[${k}]`;
}

/** Statuses a permit can have before it is issued (no issue date needed). */
const preIssueStatuses = ['draft', 'submitted', 'under_assessment', 'refused'];

/** The raw records of a bundle by collection (arrays, possibly of malformed records). */
export type RawRecords = Record<CollectionName, unknown[]>;

/** Where a reference is made: a field, or an entry of a list field (`k`). */
type RefVisitor = (collection: keyof ExternalRefs, id: string, from: CollectionName, index: number, field: string, k: number) => void;

/** Calls `visit` for every reference the records make (a non-empty string id). */
function forEachReference(records: RawRecords, visit: RefVisitor): void {
  const ref = (collection: keyof ExternalRefs, id: unknown, from: CollectionName, index: number, field: string, k = -1) => {
    if (typeof id === 'string' && id) visit(collection, id, from, index, field, k);
  };
  const each = (c: CollectionName, fn: (r: Loose, i: number) => void) => {
    const list = records[c];
    for (let i = 0; i < list.length; i++) {
      const r = list[i];
      if (isObj(r)) fn(r, i);
    }
  };
  each('parties', (p, i) => ref('parties', p.parentId, 'parties', i, 'parentId'));
  each('items', (it, i) => ref('parties', it.manufacturerId, 'items', i, 'manufacturerId'));
  each('permits', (p, i) => {
    ref('parties', p.exporterId, 'permits', i, 'exporterId');
    ref('parties', p.consigneeId, 'permits', i, 'consigneeId');
    ref('parties', p.endUserId, 'permits', i, 'endUserId');
    ref('parties', p.ultimateEndUserId, 'permits', i, 'ultimateEndUserId');
    const intermediaries = arr(p.intermediaryIds);
    for (let k = 0; k < intermediaries.length; k++) ref('parties', intermediaries[k], 'permits', i, 'intermediaryIds', k);
    const lines = arr(p.lines);
    for (let k = 0; k < lines.length; k++) {
      const l = lines[k];
      if (isObj(l)) ref('items', l.itemId, 'permits', i, 'lines', k);
    }
  });
  each('shipments', (s, i) => ref('permits', s.permitId, 'shipments', i, 'permitId'));
}

/** The path of a reference for messages: `endUserId`, `intermediaryIds[2]`, `lines[0].itemId`. */
function referencePath(field: string, k: number): Path {
  if (k < 0) return [field];
  return field === 'lines' ? ['lines', k, 'itemId'] : [field, k];
}

/** The ids the records use but the file does not define: the importer looks them up in the ledger. */
export function externalRefs(records: RawRecords, indexOf: IndexedBundle['indexOf']): ExternalRefs {
  const refs: ExternalRefs = { parties: new Set(), items: new Set(), permits: new Set() };
  forEachReference(records, (collection, id) => {
    if (!indexOf[collection].has(id)) refs[collection].add(id);
  });
  return refs;
}

const singular = { parties: 'party', items: 'item', permits: 'permit' } as const;

/**
 * Checks that every reference resolves, in the file or in the ledger (`known`), and that
 * chains of parent parties do not loop. `external` is what externalRefs found: when the
 * ledger has all of it, no reference can fail and the records are not walked again.
 */
export function checkReferences(records: RawRecords, indexOf: IndexedBundle['indexOf'], external: ExternalRefs, known: ExternalRefs, loc: Locator): Problem[] {
  const problems: Problem[] = [];
  const add = (c: CollectionName, i: number, path: Path, message: string) =>
    problems.push({ source: loc.source, ...loc.locate(c, i, path), message });
  const missing = (c: keyof ExternalRefs) => [...external[c]].some((id) => !known[c].has(id));
  if (missing('parties') || missing('items') || missing('permits')) {
    forEachReference(records, (collection, id, from, index, field, k) => {
      if (!indexOf[collection].has(id) && !known[collection].has(id)) add(from, index, referencePath(field, k), `unknown ${singular[collection]} '${id}'`);
    });
  }
  const parents = new Map<string, string | null>();
  for (const p of records.parties) if (isObj(p) && str(p.id)) parents.set(str(p.id)!.trim(), str(p.parentId) ?? null);
  for (const [id, parent] of parents) {
    const i = indexOf.parties.get(id);
    if (i === undefined || !parent) continue;
    if (parent === id) {
      add('parties', i, ['parentId'], 'a party cannot be its own parent');
      continue;
    }
    const seen = [id];
    for (let cur: string | null | undefined = parent; cur; cur = parents.get(cur)) {
      if (seen.includes(cur)) {
        add('parties', i, ['parentId'], `parent chain loops back (${[...seen, cur].join(' → ')})`);
        break;
      }
      seen.push(cur);
    }
  }
  return problems;
}
