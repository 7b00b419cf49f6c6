import type { Kysely, Selectable } from 'kysely';
import { lockIdSequence } from '../store/id-sequence.js';
import type { CasesTable, DB } from '../store/schema.js';
import type { CaseStatus } from './case.lifecycle.js';
import type { Case, CaseLink, CaseLinkKind, CaseNote, CaseOrigin } from './case.types.js';

export interface CaseFilter {
  status?: CaseStatus;
  assignee?: string;
  /** Cases linked to this permit, alert, document, … */
  linkedTo?: { kind: CaseLinkKind; refId: string };
}

export type NewCase = Omit<Case, 'links' | 'notes'>;

export class CaseRepository {
  constructor(private readonly db: Kysely<DB>) {}

  /** The next id of the year: C-2020-0001, C-2020-0002, … */
  async nextId(year: string): Promise<string> {
    await lockIdSequence(this.db, 'cases');
    const prefix = `C-${year}-`;
    const row = await this.db.selectFrom('cases').select('id').where('id', 'like', `${prefix}%`).orderBy('id', 'desc').limit(1).executeTakeFirst();
    const n = row ? Number(row.id.slice(prefix.length)) + 1 : 1;
    return `${prefix}${String(n).padStart(4, '0')}`;
  }

  async insert(c: NewCase): Promise<void> {
    await this.db
      .insertInto('cases')
      .values({
        id: c.id,
        title: c.title,
        origin: c.origin,
        status: c.status,
        assignee: c.assignee,
        opened_by: c.openedBy,
        opened_at: c.openedAt,
        updated_at: c.updatedAt,
        end_user_id: c.endUserId,
      })
      .execute();
  }

  async update(id: string, change: { status?: CaseStatus; assignee?: string | null }, at: string): Promise<void> {
    await this.db.updateTable('cases').set({ ...change, updated_at: at }).where('id', '=', id).execute();
  }

  async get(id: string): Promise<Case | undefined> {
    const row = await this.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const [links, notes] = await Promise.all([
      this.db.selectFrom('case_links').selectAll().where('case_id', '=', id).orderBy('linked_at').orderBy('kind').orderBy('ref_id').execute(),
      this.db.selectFrom('case_notes').selectAll().where('case_id', '=', id).orderBy('seq').execute(),
    ]);
    return {
      ...toCase(row),
      links: links.map((l) => ({ kind: l.kind as CaseLinkKind, refId: l.ref_id, linkedAt: l.linked_at })),
      notes: notes.map((n) => ({ seq: Number(n.seq), author: n.author, at: n.at, text: n.text })),
    };
  }

  async list(f: CaseFilter = {}): Promise<NewCase[]> {
    let q = this.db.selectFrom('cases').selectAll('cases');
    if (f.status) q = q.where('cases.status', '=', f.status);
    if (f.assignee) q = q.where('cases.assignee', '=', f.assignee);
    if (f.linkedTo) {
      const { kind, refId } = f.linkedTo;
      q = q.where('cases.id', 'in', this.db.selectFrom('case_links').select('case_id').where('kind', '=', kind).where('ref_id', '=', refId));
    }
    return (await q.orderBy('cases.id').execute()).map(toCase);
  }

  /** Cases linked to any of these references (of one kind), with the reference that links them. */
  async linkedTo(kind: CaseLinkKind, refIds: readonly string[]): Promise<{ caseId: string; refId: string }[]> {
    if (refIds.length === 0) return [];
    const rows = await this.db.selectFrom('case_links').select(['case_id', 'ref_id']).where('kind', '=', kind).where('ref_id', 'in', [...refIds]).execute();
    return rows.map((r) => ({ caseId: r.case_id, refId: r.ref_id }));
  }

  /** The case still being worked on (not closed) that gathers alerts on this end-user's permits. */
  async workingCaseForEndUser(endUserId: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('cases')
      .select('id')
      .where('end_user_id', '=', endUserId)
      .where('origin', '=', 'alert')
      .where('status', '!=', 'closed')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.id;
  }

  /** Adds the links not there yet; returns those added. */
  async link(caseId: string, links: readonly { kind: CaseLinkKind; refId: string }[], at: string): Promise<CaseLink[]> {
    if (links.length === 0) return [];
    const existing = await this.db.selectFrom('case_links').select(['kind', 'ref_id']).where('case_id', '=', caseId).execute();
    const have = new Set(existing.map((l) => `${l.kind}\u0000${l.ref_id}`));
    const added: CaseLink[] = [];
    for (const l of links) {
      const key = `${l.kind}\u0000${l.refId}`;
      if (have.has(key)) continue;
      have.add(key);
      added.push({ kind: l.kind, refId: l.refId, linkedAt: at });
    }
    if (added.length) {
      await this.db
        .insertInto('case_links')
        .values(added.map((l) => ({ case_id: caseId, kind: l.kind, ref_id: l.refId, linked_at: at })))
        .execute();
    }
    return added;
  }

  async addNote(caseId: string, author: string, at: string, text: string): Promise<CaseNote> {
    const last = await this.db.selectFrom('case_notes').select('seq').where('case_id', '=', caseId).orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const note = { seq: (last ? Number(last.seq) : 0) + 1, author, at, text };
    await this.db.insertInto('case_notes').values({ case_id: caseId, ...note }).execute();
    return note;
  }
}

function toCase(r: Selectable<CasesTable>): NewCase {
  return {
    id: r.id,
    title: r.title,
    origin: r.origin as CaseOrigin,
    status: r.status as CaseStatus,
    assignee: r.assignee,
    openedBy: r.opened_by,
    openedAt: r.opened_at,
    updatedAt: r.updated_at,
    endUserId: r.end_user_id,
  };
}
