import type { Kysely, Selectable } from 'kysely';
import { lockIdSequence } from '../store/id-sequence.js';
import type { ApplicationsTable, AssessmentsTable, DB } from '../store/schema.js';
import type { Routing } from './application.routing.js';
import type { Assessment, CriterionFinding, HistoryEntry } from './application.types.js';

export interface ApplicationRecord {
  permitId: string;
  submittedBy: string;
  submittedOn: string;
  routing: Routing;
  measureId: string | null;
  routingReason: string;
  decidedBy: string | null;
  decidedOn: string | null;
}

export class ApplicationRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async insert(a: ApplicationRecord): Promise<void> {
    await this.db
      .insertInto('applications')
      .values({
        permit_id: a.permitId,
        submitted_by: a.submittedBy,
        submitted_on: a.submittedOn,
        routing: a.routing,
        measure_id: a.measureId,
        routing_reason: a.routingReason,
        decided_by: a.decidedBy,
        decided_on: a.decidedOn,
      })
      .execute();
  }

  /** The next free application id of the year (APP-2022-00001, …), among all permit ids. */
  async nextId(year: string): Promise<string> {
    await lockIdSequence(this.db, 'applications');
    const prefix = `APP-${year}-`;
    const row = await this.db.selectFrom('permits').select('id').where('id', 'like', `${prefix}%`).orderBy('id', 'desc').limit(1).executeTakeFirst();
    const n = row ? Number(row.id.slice(prefix.length)) + 1 : 1;
    return `${prefix}${String(Number.isFinite(n) ? n : 1).padStart(5, '0')}`;
  }

  async get(permitId: string): Promise<ApplicationRecord | undefined> {
    const r = await this.db.selectFrom('applications').selectAll().where('permit_id', '=', permitId).executeTakeFirst();
    return r && toApplication(r);
  }

  async list(): Promise<ApplicationRecord[]> {
    return (await this.db.selectFrom('applications').selectAll().orderBy('submitted_on').orderBy('permit_id').execute()).map(toApplication);
  }

  async setRouting(permitId: string, r: { routing: Routing; measureId: string | null; routingReason: string }): Promise<void> {
    await this.db.updateTable('applications').set({ routing: r.routing, measure_id: r.measureId, routing_reason: r.routingReason }).where('permit_id', '=', permitId).execute();
  }

  async setDecided(permitId: string, by: string, on: string): Promise<void> {
    await this.db.updateTable('applications').set({ decided_by: by, decided_on: on }).where('permit_id', '=', permitId).execute();
  }

  async insertAssessment(a: Assessment): Promise<void> {
    await this.db
      .insertInto('assessments')
      .values({
        id: a.id,
        permit_id: a.permitId,
        criteria_set: a.criteriaSet,
        assessor: a.assessor,
        at: a.at,
        findings: JSON.stringify(a.findings),
        history: JSON.stringify(a.history),
        recommendation: a.recommendation,
      })
      .execute();
  }

  async assessments(permitId: string): Promise<Assessment[]> {
    const rows = await this.db.selectFrom('assessments').selectAll().where('permit_id', '=', permitId).orderBy('at').orderBy('id').execute();
    return rows.map(toAssessment);
  }

  async countAssessments(permitId: string): Promise<number> {
    return (await this.db.selectFrom('assessments').select('id').where('permit_id', '=', permitId).execute()).length;
  }

  /**
   * Alerts on other permits sharing an item, the end-user or the destination of this one, and
   * the cases linked to those permits or alerts: what an assessor must have in front of them.
   */
  async history(permitId: string, p: { endUserId: string; destination: string; itemIds: readonly string[] }): Promise<HistoryEntry[]> {
    const db = this.db;
    const related = await db
      .selectFrom('permits')
      .select(['id', 'end_user_id', 'destination'])
      .where('id', '!=', permitId)
      .where((eb) =>
        eb.or([
          eb('end_user_id', '=', p.endUserId),
          eb('destination', '=', p.destination),
          ...(p.itemIds.length ? [eb('id', 'in', db.selectFrom('permit_lines').select('permit_id').where('item_id', 'in', [...p.itemIds]))] : []),
        ]),
      )
      .execute();
    if (related.length === 0) return [];
    const ids = related.map((r) => r.id);
    const sharedItems = new Map<string, string[]>();
    for (const part of chunk(ids, 1000)) {
      if (!p.itemIds.length) break;
      const rows = await db.selectFrom('permit_lines').select(['permit_id', 'item_id']).where('permit_id', 'in', part).where('item_id', 'in', [...p.itemIds]).execute();
      for (const r of rows) sharedItems.set(r.permit_id, [...new Set([...(sharedItems.get(r.permit_id) ?? []), r.item_id])]);
    }
    const why = new Map<string, string[]>();
    for (const r of related) {
      const w: string[] = [];
      for (const i of sharedItems.get(r.id) ?? []) w.push(`same item ${i}`);
      if (r.end_user_id === p.endUserId) w.push(`same end-user ${p.endUserId}`);
      if (r.destination === p.destination) w.push(`same destination ${p.destination}`);
      why.set(r.id, w);
    }
    const out: HistoryEntry[] = [];
    const alertPermit = new Map<string, string>();
    for (const part of chunk(ids, 1000)) {
      const alerts = await db.selectFrom('alerts').select(['id', 'permit_id', 'kind', 'status', 'score', 'explanation']).where('permit_id', 'in', part).execute();
      for (const a of alerts) {
        alertPermit.set(a.id, a.permit_id);
        out.push({ kind: 'alert', id: a.id, permitId: a.permit_id, status: a.status, summary: `${a.kind}, score ${Number(a.score).toFixed(2)}: ${firstSentence(a.explanation)}`, why: why.get(a.permit_id) ?? [] });
      }
    }
    const caseReasons = new Map<string, Set<string>>();
    const caseVia = new Map<string, Set<string>>();
    const note = (caseId: string, permit: string) => {
      for (const w of why.get(permit) ?? []) (caseReasons.get(caseId) ?? caseReasons.set(caseId, new Set()).get(caseId)!).add(w);
      (caseVia.get(caseId) ?? caseVia.set(caseId, new Set()).get(caseId)!).add(permit);
    };
    for (const part of chunk(ids, 1000)) {
      const links = await db.selectFrom('case_links').select(['case_id', 'ref_id']).where('kind', '=', 'permit').where('ref_id', 'in', part).execute();
      for (const l of links) note(l.case_id, l.ref_id);
    }
    for (const part of chunk([...alertPermit.keys()], 1000)) {
      const links = await db.selectFrom('case_links').select(['case_id', 'ref_id']).where('kind', '=', 'alert').where('ref_id', 'in', part).execute();
      for (const l of links) note(l.case_id, alertPermit.get(l.ref_id)!);
    }
    if (caseReasons.size) {
      const cases = await db.selectFrom('cases').select(['id', 'title', 'status']).where('id', 'in', [...caseReasons.keys()]).orderBy('id').execute();
      for (const c of cases) {
        out.push({ kind: 'case', id: c.id, permitId: [...caseVia.get(c.id)!].sort().join(', '), status: c.status, summary: c.title, why: [...caseReasons.get(c.id)!] });
      }
    }
    return out.sort((a, b) => (a.kind === b.kind ? a.id.localeCompare(b.id) : a.kind === 'case' ? -1 : 1));
  }
}

/** The first sentence of an alert's explanation: what it is about, without the quotes. */
function firstSentence(text: string): string {
  const end = text.search(/\.\s/);
  return end > 0 ? text.slice(0, end + 1) : text;
}

function chunk<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

function toApplication(r: Selectable<ApplicationsTable>): ApplicationRecord {
  return {
    permitId: r.permit_id,
    submittedBy: r.submitted_by,
    submittedOn: r.submitted_on,
    routing: r.routing as Routing,
    measureId: r.measure_id,
    routingReason: r.routing_reason,
    decidedBy: r.decided_by,
    decidedOn: r.decided_on,
  };
}

function toAssessment(r: Selectable<AssessmentsTable>): Assessment {
  return {
    id: r.id,
    permitId: r.permit_id,
    criteriaSet: r.criteria_set,
    assessor: r.assessor,
    at: r.at,
    findings: JSON.parse(r.findings) as CriterionFinding[],
    history: JSON.parse(r.history) as HistoryEntry[],
    recommendation: r.recommendation as 'issue' | 'refuse',
  };
}
