import type { AuditRecord } from '../audit/audit.repository.js';
import { AppError, type Problem } from '../shared/errors.js';
import { withIndexesDeferred, withRollbackJournal } from '../store/bulk.js';
import type { Store } from '../store/database.js';
import { type UnitOfWork, transact } from '../store/unit-of-work.js';
import type { Assurance } from './assurance.types.js';
import type { BundleItem, BundleMeasure, BundleParty, BundlePermit, BundleShipment } from './bundle.schema.js';
import { type ExternalRefs, type IndexedBundle, type Locator, checkReferences, checkStructure, externalRefs } from './bundle.validate.js';
import { ItemRepository } from './item.repository.js';
import type { Item } from './item.types.js';
import { MeasureRepository } from './measure.repository.js';
import type { DestinationMeasure } from './measure.types.js';
import { PartyRepository } from './party.repository.js';
import type { Party } from './party.types.js';
import { initialStatusSince } from './permit.lifecycle.js';
import { type NewPermit, PermitRepository } from './permit.repository.js';
import type { Permit } from './permit.types.js';
import { ShipmentRepository } from './shipment.repository.js';
import { recordShipment, resolveDraws, shipmentLines } from './shipment.service.js';

export interface Tally {
  created: number;
  updated: number;
  unchanged: number;
}

export interface ImportSummary {
  source: string;
  parties: Tally;
  items: Tally;
  permits: Tally;
  shipments: Tally;
  measures: Tally;
  lines: number;
  /** Things imported as the ledger has them rather than as the file says (e.g. a permit's status). */
  notes: string[];
  auditEntries: number;
}

export type ProgressFn = (phase: 'validate' | 'write', done: number, total: number) => void;

export interface ImportOptions {
  actor: string;
  asOf: string;
  /** SHA-256 of the file, recorded in the import's audit entry. */
  contentHash: string;
  onProgress?: ProgressFn;
}

const tally = (): Tally => ({ created: 0, updated: 0, unchanged: 0 });

export function toParty(p: BundleParty): Party {
  return { id: p.id, name: p.name, aliases: p.aliases ?? [], kind: p.kind, country: p.country, parentId: p.parentId ?? null };
}

export function toItem(i: BundleItem): Item {
  return {
    id: i.id,
    name: i.name,
    aliases: i.aliases ?? [],
    manufacturerId: i.manufacturerId ?? null,
    category: i.category ?? null,
    controlCodes: i.controlCodes ?? [],
    platforms: i.platforms ?? [],
  };
}

export function toNewPermit(p: BundlePermit, recordedOn: string): NewPermit {
  const status = p.status ?? 'issued';
  return {
    id: p.id,
    exporterId: p.exporterId,
    origin: p.origin,
    destination: p.destination,
    consigneeId: p.consigneeId ?? null,
    endUserId: p.endUserId,
    ultimateEndUserId: p.ultimateEndUserId ?? null,
    intermediaryIds: p.intermediaryIds ?? [],
    endUse: p.endUse ?? null,
    issuedOn: p.issuedOn ?? null,
    expiresOn: p.expiresOn ?? null,
    recordedStatus: status,
    statusSince: initialStatusSince(status, p.issuedOn ?? null, p.expiresOn ?? null, recordedOn),
    programmeTags: p.programmeTags ?? [],
    lines: p.lines.map((l, k) => ({ lineNo: k + 1, itemId: l.itemId, quantity: l.quantity, value: l.value ?? null, currency: l.currency ?? null })),
    assurances: (p.assurances ?? []).map(
      (a, k): Omit<Assurance, 'history'> => ({
        id: a.id ?? `${p.id}/A${k + 1}`,
        permitId: p.id,
        kind: a.kind,
        signatory: a.signatory ?? null,
        signedOn: a.signedOn ?? null,
        noReexport: a.noReexport ?? false,
        excludedRegions: a.excludedRegions ?? [],
        inspectionConsent: a.inspectionConsent ?? false,
        notes: a.notes ?? null,
        status: a.status ?? 'in_force',
      }),
    ),
  };
}

function toMeasure(m: BundleMeasure): DestinationMeasure {
  return {
    id: m.id,
    country: m.country,
    kind: m.kind,
    startsOn: m.startsOn,
    endsOn: m.endsOn ?? null,
    reason: m.reason,
    exceptions: m.exceptions ?? [],
  };
}

/** What an import may change on an existing permit: everything but status and draw-down. */
function permitDetails(p: NewPermit | Permit) {
  return {
    exporterId: p.exporterId,
    origin: p.origin,
    destination: p.destination,
    consigneeId: p.consigneeId,
    endUserId: p.endUserId,
    ultimateEndUserId: p.ultimateEndUserId,
    intermediaryIds: p.intermediaryIds,
    endUse: p.endUse,
    issuedOn: p.issuedOn,
    expiresOn: p.expiresOn,
    programmeTags: p.programmeTags,
    lines: p.lines.map((l) => [l.lineNo, l.itemId, l.quantity, l.value, l.currency]),
    assurances: p.assurances.map((a) => [a.id, a.kind, a.signatory, a.signedOn, a.noReexport, a.excludedRegions, a.inspectionConsent, a.notes]),
  };
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** Orders parties so that each parent comes before its children (the foreign key needs it). */
function parentsFirst(parties: Party[]): Party[] {
  const byId = new Map(parties.map((p) => [p.id, p]));
  const out: Party[] = [];
  const done = new Set<string>();
  const visit = (p: Party) => {
    if (done.has(p.id)) return;
    done.add(p.id);
    const parent = p.parentId ? byId.get(p.parentId) : undefined;
    if (parent) visit(parent);
    out.push(p);
  };
  for (const p of parties) visit(p);
  return out;
}

async function lookUpRefs(uow: UnitOfWork, refs: ExternalRefs, asOf: string): Promise<ExternalRefs> {
  const parties = await new PartyRepository(uow.db).getMany([...refs.parties]);
  const items = await new ItemRepository(uow.db).getMany([...refs.items]);
  const permits = await new PermitRepository(uow.db).getMany([...refs.permits], asOf);
  return { parties: new Set(parties.keys()), items: new Set(items.keys()), permits: new Set(permits.keys()) };
}

/**
 * Imports a registry bundle in one transaction. Everything is validated first and every
 * problem is reported together; on any problem nothing is written. Records identical to the
 * ledger are left alone, so re-importing the same file changes nothing and adds no audit entry.
 * A permit's status is changed only by transitions: a different status in the file is noted,
 * not applied.
 */
export async function importBundle(store: Store, raw: unknown, loc: Locator, opts: ImportOptions): Promise<ImportSummary> {
  const progress = opts.onProgress ?? (() => {});
  const { bundle, problems, records } = checkStructure(raw, loc);
  const total = bundle.parties.length + bundle.items.length + bundle.permits.length + bundle.shipments.length + bundle.measures.length;
  progress('validate', total, total);
  // A large first load writes around the write-ahead log (see withRollbackJournal); whether the
  // ledger is still empty is decided again inside the transaction.
  const firstLoad = bundle.permits.length >= DEFER_INDEXES_FROM && !(await new PermitRepository(store.db).hasAny());
  const run = () => transact(store, opts.actor, (uow) => writeBundle(uow, bundle, problems, records, loc, opts, total));
  return firstLoad ? withRollbackJournal(store.db, run) : run();
}

async function writeBundle(
  uow: UnitOfWork,
  bundle: IndexedBundle,
  problems: Problem[],
  records: ReturnType<typeof checkStructure>['records'],
  loc: Locator,
  opts: ImportOptions,
  total: number,
): Promise<ImportSummary> {
  const progress = opts.onProgress ?? (() => {});
  const external = externalRefs(records, bundle.indexOf);
  const known = await lookUpRefs(uow, external, opts.asOf);
  problems.push(...checkReferences(records, bundle.indexOf, external, known, loc));
  if (problems.length) {
    throw new AppError('invalid_input', `${loc.source}: ${problems.length} problem(s); nothing was imported`, problems);
  }
  const summary: ImportSummary = {
    source: loc.source,
    parties: tally(),
    items: tally(),
    permits: tally(),
    shipments: tally(),
    measures: tally(),
    lines: 0,
    notes: [],
    auditEntries: 0,
  };
  let done = 0;
  const step = (n: number) => {
    done += n;
    progress('write', done, total);
  };
  await writeParties(uow, bundle, summary.parties);
  step(bundle.parties.length);
  await writeItems(uow, bundle, summary.items);
  step(bundle.items.length);
  await writePermits(uow, bundle, loc, opts.asOf, summary, step);
  await writeShipments(uow, bundle, loc, summary.shipments);
  await writeMeasures(uow, bundle, loc, summary.measures);
  step(bundle.shipments.length + bundle.measures.length);

  const changed = [summary.parties, summary.items, summary.permits, summary.shipments, summary.measures].some(
    (t) => t.created + t.updated > 0,
  );
  if (changed) {
    await uow.audit.record({
      verb: 'registry.import',
      objectType: 'import',
      objectId: `sha256:${opts.contentHash}`,
      reason: `import of ${loc.source}`,
      payload: { source: loc.source, sha256: opts.contentHash, parties: summary.parties, items: summary.items, permits: summary.permits, shipments: summary.shipments, measures: summary.measures },
    });
  }
  await uow.audit.flush();
  summary.auditEntries = uow.audit.written;
  return summary;
}

async function writeParties(uow: UnitOfWork, b: IndexedBundle, t: Tally) {
  const repo = new PartyRepository(uow.db);
  const incoming = b.parties.map(toParty);
  const existing = await repo.getMany(incoming.map((p) => p.id));
  const created: Party[] = [];
  let pending = 0; // created[pending..] are not inserted yet
  for (const p of parentsFirst(incoming)) {
    const old = existing.get(p.id);
    if (!old) created.push(p);
    else if (same(old, p)) t.unchanged++;
    else {
      // A changed party may now point at a parent created in this import: insert those first.
      await repo.insertMany(created.slice(pending));
      pending = created.length;
      await repo.update(p);
      await uow.audit.record({ verb: 'party.update', objectType: 'party', objectId: p.id, payload: { before: old, after: p } });
      t.updated++;
    }
  }
  await repo.insertMany(created.slice(pending));
  for (const p of created) await uow.audit.record({ verb: 'party.create', objectType: 'party', objectId: p.id, payload: p });
  t.created += created.length;
}

async function writeItems(uow: UnitOfWork, b: IndexedBundle, t: Tally) {
  const repo = new ItemRepository(uow.db);
  const incoming = b.items.map(toItem);
  const existing = await repo.getMany(incoming.map((i) => i.id));
  const created: Item[] = [];
  for (const i of incoming) {
    const old = existing.get(i.id);
    if (!old) created.push(i);
    else if (same({ ...old, platforms: [...old.platforms].sort() }, { ...i, platforms: [...new Set(i.platforms)].sort() })) t.unchanged++;
    else {
      await repo.update(i);
      await uow.audit.record({ verb: 'item.update', objectType: 'item', objectId: i.id, payload: { before: old, after: i } });
      t.updated++;
    }
  }
  await repo.insertMany(created);
  for (const i of created) await uow.audit.record({ verb: 'item.create', objectType: 'item', objectId: i.id, payload: i });
  t.created += created.length;
}

async function writePermits(
  uow: UnitOfWork,
  b: IndexedBundle,
  loc: Locator,
  asOf: string,
  summary: ImportSummary,
  step: (n: number) => void,
) {
  const repo = new PermitRepository(uow.db);
  // With no permit in the ledger yet (a first load) there is nothing to compare with and no
  // assurance id to clash with: the file's own ids were checked for duplicates already.
  const ledgerEmpty = !(await repo.hasAny());
  // A large first load builds the secondary indexes of the permit tables once at the end
  // (sorted, bottom-up) instead of inserting into them row by row; in the same transaction.
  if (ledgerEmpty && b.permits.length >= DEFER_INDEXES_FROM) {
    await withIndexesDeferred(uow.db, PERMIT_TABLES, () => writePermitChunks(uow, repo, b, loc, asOf, summary, step, true));
  } else {
    await writePermitChunks(uow, repo, b, loc, asOf, summary, step, ledgerEmpty);
  }
}

/** Permits in a first load from which their tables' secondary indexes are built after the rows. */
const DEFER_INDEXES_FROM = 5000;
const PERMIT_TABLES = ['permits', 'permit_lines', 'assurances'];

async function writePermitChunks(
  uow: UnitOfWork,
  repo: PermitRepository,
  b: IndexedBundle,
  loc: Locator,
  asOf: string,
  summary: ImportSummary,
  step: (n: number) => void,
  ledgerEmpty: boolean,
) {
  const t = summary.permits;
  // Chunks are small enough that their rows die young (less for the garbage collector to copy).
  const CHUNK = 1000;
  for (let start = 0; start < b.permits.length; start += CHUNK) {
    const incoming = b.permits.slice(start, start + CHUNK).map((p) => toNewPermit(p, asOf));
    if (ledgerEmpty) {
      await repo.insertMany(incoming);
      await uow.audit.recordAll(incoming.map(createdEntry));
      t.created += incoming.length;
      summary.lines += countLines(incoming);
      step(incoming.length);
      continue;
    }
    const existing = await repo.getMany(incoming.map((p) => p.id), asOf);
    const owners = await repo.assuranceOwners(incoming.flatMap((p) => p.assurances.map((a) => a.id)));
    const created: NewPermit[] = [];
    const updated: NewPermit[] = [];
    const problems: Problem[] = [];
    for (const p of incoming) {
      const i = b.indexOf.permits.get(p.id)!;
      for (const [k, a] of p.assurances.entries()) {
        const owner = owners.get(a.id);
        if (owner && owner !== p.id) {
          problems.push({ source: loc.source, ...loc.locate('permits', i, ['assurances', k, 'id']), message: `assurance id '${a.id}' already belongs to permit ${owner}` });
        }
      }
      const old = existing.get(p.id);
      if (!old) {
        created.push(p);
        continue;
      }
      noteLedgerKept(summary.notes, old, p);
      // Assurances are records of what was promised: an import adds and corrects them, never deletes them.
      const kept = { ...old, assurances: old.assurances.filter((a) => p.assurances.some((x) => x.id === a.id)) };
      if (same(permitDetails(kept), permitDetails(p))) {
        t.unchanged++;
        continue;
      }
      problems.push(...drawDownConflicts(old, p, loc.source, loc.locate('permits', i, [])));
      updated.push(p);
    }
    if (problems.length) throw new AppError('conflict', `${loc.source}: ${problems.length} problem(s) with records already in the ledger; nothing was imported`, problems);
    for (const p of updated) {
      const old = existing.get(p.id)!;
      await repo.updateDetails(p);
      await uow.audit.record({ verb: 'permit.update', objectType: 'permit', objectId: p.id, payload: { before: permitDetails(old), after: permitDetails(p) } });
      t.updated++;
    }
    await repo.insertMany(created);
    await uow.audit.recordAll(created.map(createdEntry));
    t.created += created.length;
    summary.lines += countLines(incoming);
    step(incoming.length);
  }
}

const createdEntry = (p: NewPermit): AuditRecord => ({ verb: 'permit.create', objectType: 'permit', objectId: p.id, payload: permitCreated(p) });

const countLines = (permits: readonly NewPermit[]) => permits.reduce((n, p) => n + p.lines.length, 0);

/**
 * The audit payload of a created permit, written compactly as positional lists (the permit
 * tables hold the same facts; the entry is the tamper-evident record of what was written):
 *
 *   [exporterId, origin, destination, consigneeId, endUserId, ultimateEndUserId,
 *    intermediaryIds, endUse, issuedOn, expiresOn, status, statusSince, programmeTags,
 *    lines: [[itemId, quantity, value, currency], ...]   (line k is line number k),
 *    assurances: [[id, kind, signatory, signedOn, noReexport, excludedRegions,
 *                  inspectionConsent, notes, status], ...]]
 *
 * The permit's id is the entry's object id; absent values are null, flags 0 or 1.
 * docs/audit.md describes the format.
 */
export function permitCreated(p: NewPermit): unknown[] {
  const lines = new Array<unknown[]>(p.lines.length);
  for (let k = 0; k < p.lines.length; k++) {
    const l = p.lines[k];
    lines[k] = [l.itemId, l.quantity, l.value, l.currency];
  }
  const assurances = new Array<unknown[]>(p.assurances.length);
  for (let k = 0; k < p.assurances.length; k++) {
    const a = p.assurances[k];
    assurances[k] = [a.id, a.kind, a.signatory, a.signedOn, a.noReexport ? 1 : 0, a.excludedRegions, a.inspectionConsent ? 1 : 0, a.notes, a.status];
  }
  return [
    p.exporterId,
    p.origin,
    p.destination,
    p.consigneeId,
    p.endUserId,
    p.ultimateEndUserId,
    p.intermediaryIds,
    p.endUse,
    p.issuedOn,
    p.expiresOn,
    p.recordedStatus,
    p.statusSince,
    p.programmeTags,
    lines,
    assurances,
  ];
}

/** Notes where the file says something the ledger keeps its own version of. */
function noteLedgerKept(notes: string[], old: Permit, p: NewPermit) {
  if (old.recordedStatus !== p.recordedStatus) {
    notes.push(`permit ${p.id}: the file says ${p.recordedStatus}, the ledger says ${old.recordedStatus}; statuses change only by transitions, the ledger's was kept`);
  }
  for (const a of old.assurances) {
    const fileA = p.assurances.find((x) => x.id === a.id);
    if (!fileA) notes.push(`permit ${p.id}: assurance ${a.id} is in the ledger but not in the file; assurances are never deleted by an import, it was kept`);
    else if (fileA.status !== a.status) {
      notes.push(`assurance ${a.id}: the file says ${fileA.status}, the ledger says ${a.status}; its standing changes only with 'permits assurance', the ledger's was kept`);
    }
  }
}

/** A line that has been shipped against cannot be removed, moved to another item, or cut below what left. */
function drawDownConflicts(old: Permit, p: NewPermit, source: string, where: { record?: string }): Problem[] {
  const problems: Problem[] = [];
  for (const l of old.lines) {
    if (l.shippedQuantity <= 0 && l.shippedValue <= 0) continue;
    const nl = p.lines.find((x) => x.lineNo === l.lineNo);
    const field = `lines[${l.lineNo - 1}]`;
    if (!nl || nl.itemId !== l.itemId) {
      problems.push({ source, ...where, field, message: `line ${l.lineNo} (${l.itemId}) has shipments; it cannot be removed or changed to another item` });
    } else if (nl.quantity < l.shippedQuantity) {
      problems.push({ source, ...where, field: `${field}.quantity`, message: `${nl.quantity} is less than the ${l.shippedQuantity} already shipped on line ${l.lineNo}` });
    } else if (nl.value !== null && nl.value < l.shippedValue) {
      problems.push({ source, ...where, field: `${field}.value`, message: `${nl.value} is less than the value ${l.shippedValue} already shipped on line ${l.lineNo}` });
    }
  }
  return problems;
}

async function writeShipments(uow: UnitOfWork, b: IndexedBundle, loc: Locator, t: Tally) {
  const repo = new ShipmentRepository(uow.db);
  const permits = new PermitRepository(uow.db);
  for (const s of b.shipments) {
    const old = await repo.get(s.id);
    if (!old) {
      await recordBundleShipment(uow, s, loc, b);
      t.created++;
      continue;
    }
    const permit = await permits.get(s.permitId, s.shippedOn);
    const fileLines = permit && old.permitId === s.permitId ? shipmentLines(resolveDraws(permit, s.lines)) : null;
    const differences = [
      old.permitId !== s.permitId && `permit ${old.permitId} in the ledger`,
      old.shippedOn !== s.shippedOn && `shipped on ${old.shippedOn} in the ledger`,
      (old.reference ?? null) !== (s.reference ?? null) && `reference '${old.reference ?? ''}' in the ledger`,
      fileLines && !same(fileLines, old.lines) && `lines ${describeLines(old.lines)} in the ledger, ${describeLines(fileLines)} in the file`,
    ].filter(Boolean);
    if (differences.length) {
      throw new AppError('conflict', `${loc.source}: shipment ${s.id} is already recorded with other details; shipments cannot be rewritten`, [
        { source: loc.source, ...loc.locate('shipments', b.indexOf.shipments.get(s.id)!, []), message: `differs from the recorded shipment: ${differences.join('; ')}` },
      ]);
    }
    t.unchanged++;
  }
}

function describeLines(lines: { lineNo: number; quantity: number; value: number }[]): string {
  return lines.map((l) => `${l.lineNo}:${l.quantity}/${l.value}`).join(' ');
}

async function recordBundleShipment(uow: UnitOfWork, s: BundleShipment, loc: Locator, b: IndexedBundle) {
  try {
    await recordShipment(uow, { id: s.id, permitId: s.permitId, shippedOn: s.shippedOn, reference: s.reference ?? null, lines: s.lines });
  } catch (e) {
    if (e instanceof AppError) {
      throw new AppError(e.code, `${loc.source}: ${e.message}; nothing was imported`, [
        { source: loc.source, ...loc.locate('shipments', b.indexOf.shipments.get(s.id)!, []), message: e.message },
      ]);
    }
    throw e;
  }
}

async function writeMeasures(uow: UnitOfWork, b: IndexedBundle, loc: Locator, t: Tally) {
  const repo = new MeasureRepository(uow.db);
  for (const bm of b.measures) {
    const m = toMeasure(bm);
    const old = await repo.get(m.id);
    if (old) {
      if (!same(old, m)) {
        throw new AppError('conflict', `${loc.source}: measure ${m.id} is already recorded with other terms; record a new measure instead`, [
          { source: loc.source, ...loc.locate('measures', b.indexOf.measures.get(m.id)!, []), message: 'differs from the recorded measure' },
        ]);
      }
      t.unchanged++;
      continue;
    }
    await repo.insert(m);
    await uow.audit.record({ verb: 'measure.create', objectType: 'measure', objectId: m.id, reason: m.reason, payload: m });
    t.created++;
  }
}
