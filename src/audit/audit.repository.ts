import { type Kysely, sql } from 'kysely';
import { insertValues } from '../store/bulk.js';
import type { Dialect } from '../store/database.js';
import type { DB } from '../store/schema.js';
import { type AuditEntry, ChainVerifier, type ChainBreak, hashFields } from './audit.chain.js';
import type { AuditObjectType, AuditVerb } from './audit.verbs.js';

export interface AuditRecord {
  verb: AuditVerb;
  objectType: AuditObjectType;
  objectId: string;
  reason?: string | null;
  payload: unknown;
}

/** Any advisory-lock key will do as long as every writer uses the same one. */
const AUDIT_LOCK_KEY = 7_104_2019;
/** Entries buffered before they are hashed and written (a large import writes in batches this size). */
const FLUSH_AT = 500;

/** An entry waiting for its place in the chain: [at, verb, objectType, objectId, reason, payload]. */
type Pending = [string, string, string, string, string | null, string];

const AUDIT_COLUMNS = ['seq', 'at', 'actor', 'verb', 'object_type', 'object_id', 'reason', 'payload', 'prev_hash', 'hash'] as const;

/**
 * Appends audit entries inside the caller's transaction. Entries are buffered and written
 * in batches; `flush` must run before the transaction commits (the unit of work does it).
 * The chain tail is read once under a lock, so concurrent writers cannot fork the chain.
 */
export class AuditTrail {
  #buffer: Pending[] = [];
  #tail: { seq: number; hash: string } | null = null;
  #written = 0;

  constructor(
    private readonly db: Kysely<DB>,
    private readonly dialect: Dialect,
    private readonly actor: string,
  ) {}

  get written(): number {
    return this.#written + this.#buffer.length;
  }

  async record(r: AuditRecord): Promise<void> {
    this.#push(r);
    if (this.#buffer.length >= FLUSH_AT) await this.flush();
  }

  /** Records entries in order, as `record` one by one would, without a promise per entry. */
  async recordAll(records: readonly AuditRecord[]): Promise<void> {
    for (const r of records) {
      this.#push(r);
      if (this.#buffer.length >= FLUSH_AT) await this.flush();
    }
  }

  #push(r: AuditRecord) {
    this.#buffer.push([nowIso(), r.verb, r.objectType, r.objectId, r.reason ?? null, JSON.stringify(r.payload ?? null)]);
  }

  async flush(): Promise<void> {
    if (this.#buffer.length === 0) return;
    if (!this.#tail) {
      if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`.execute(this.db);
      this.#tail = await this.db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirstOrThrow();
    }
    let { seq, hash } = this.#tail;
    seq = Number(seq);
    const actor = this.actor;
    const rows = new Array<unknown[]>(this.#buffer.length);
    for (let i = 0; i < rows.length; i++) {
      const [at, verb, objectType, objectId, reason, payload] = this.#buffer[i];
      const prevHash = hash;
      seq++;
      hash = hashFields(seq, at, actor, verb, objectType, objectId, reason, payload, prevHash);
      rows[i] = [seq, at, actor, verb, objectType, objectId, reason, payload, prevHash, hash];
    }
    await insertValues(this.db, 'audit_log', AUDIT_COLUMNS, rows);
    await this.db.updateTable('audit_head').set({ seq, hash }).where('id', '=', 1).execute();
    this.#tail = { seq, hash };
    this.#written += rows.length;
    this.#buffer = [];
  }
}

let lastMs = -1;
let lastIso = '';
/** The time as ISO 8601 UTC; a batch of entries written in the same millisecond shares one string. */
function nowIso(): string {
  const ms = Date.now();
  if (ms !== lastMs) {
    lastMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}

function rowToEntry(r: DB['audit_log']): AuditEntry {
  return {
    seq: Number(r.seq),
    at: r.at,
    actor: r.actor,
    verb: r.verb,
    objectType: r.object_type,
    objectId: r.object_id,
    reason: r.reason,
    payload: r.payload,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

export interface AuditQuery {
  objectId?: string;
  /** Entries about any of these objects (e.g. a permit, its assurances and shipments). */
  objectIds?: string[];
  limit?: number;
}

export async function listAuditEntries(db: Kysely<DB>, q: AuditQuery = {}): Promise<AuditEntry[]> {
  let query = db.selectFrom('audit_log').selectAll().orderBy('seq', 'asc');
  if (q.objectId) query = query.where('object_id', '=', q.objectId);
  if (q.objectIds) query = query.where('object_id', 'in', q.objectIds.length ? q.objectIds : ['']);
  if (q.limit) query = query.limit(q.limit);
  return (await query.execute()).map(rowToEntry);
}

export async function countAuditEntries(db: Kysely<DB>): Promise<number> {
  const r = await db.selectFrom('audit_log').select((eb) => eb.fn.countAll<string | number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface ChainReport {
  ok: boolean;
  entries: number;
  broken: ChainBreak | null;
}

/** Re-computes the whole chain, a page at a time, and names the first broken entry. */
export async function verifyAuditChain(db: Kysely<DB>): Promise<ChainReport> {
  const verifier = new ChainVerifier();
  let after = 0;
  for (;;) {
    const page = await db.selectFrom('audit_log').selectAll().where('seq', '>', after).orderBy('seq', 'asc').limit(5000).execute();
    if (page.length === 0) break;
    for (const row of page) if (!verifier.push(rowToEntry(row))) break;
    if (verifier.broken) break;
    after = Number(page[page.length - 1].seq);
  }
  const head = await db.selectFrom('audit_head').select(['seq', 'hash']).where('id', '=', 1).executeTakeFirst();
  const broken = verifier.finish(head ? { seq: Number(head.seq), hash: head.hash } : { seq: -1, hash: '' });
  return { ok: broken === null, entries: verifier.count, broken };
}
