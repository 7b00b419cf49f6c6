import type { Kysely, Selectable } from 'kysely';
import type { AddMeasureInput } from '../registry/measure.service.js';
import { lockIdSequence } from '../store/id-sequence.js';
import type { DB, DecisionsTable } from '../store/schema.js';
import type { Decision, DecisionKind, DecisionStatus } from './decision.types.js';

export class DecisionRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async nextId(caseId: string): Promise<string> {
    await lockIdSequence(this.db, 'decisions');
    const rows = await this.db.selectFrom('decisions').select('id').where('case_id', '=', caseId).execute();
    return `${caseId}/D${rows.length + 1}`;
  }

  async insert(d: Decision): Promise<void> {
    await this.db
      .insertInto('decisions')
      .values({
        id: d.id,
        case_id: d.caseId,
        kind: d.kind,
        status: d.status,
        permit_ids: JSON.stringify(d.permitIds),
        measure: d.measure ? JSON.stringify(d.measure) : null,
        reason: d.reason,
        effective_on: d.effectiveOn,
        proposed_by: d.proposedBy,
        proposed_at: d.proposedAt,
        decided_by: d.decidedBy,
        decided_at: d.decidedAt,
        decision_note: d.decisionNote,
      })
      .execute();
  }

  /** Settles a proposal; only a decision still proposed changes (a second settlement finds nothing). */
  async settle(id: string, s: { status: DecisionStatus; decidedBy: string; decidedAt: string; effectiveOn: string; note: string | null }): Promise<number> {
    const r = await this.db
      .updateTable('decisions')
      .set({ status: s.status, decided_by: s.decidedBy, decided_at: s.decidedAt, effective_on: s.effectiveOn, decision_note: s.note })
      .where('id', '=', id)
      .where('status', '=', 'proposed')
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async get(id: string): Promise<Decision | undefined> {
    const r = await this.db.selectFrom('decisions').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toDecision(r);
  }

  async list(f: { caseId?: string; status?: DecisionStatus } = {}): Promise<Decision[]> {
    let q = this.db.selectFrom('decisions').selectAll();
    if (f.caseId) q = q.where('case_id', '=', f.caseId);
    if (f.status) q = q.where('status', '=', f.status);
    return (await q.orderBy('proposed_at').orderBy('id').execute()).map(toDecision);
  }
}

function toDecision(r: Selectable<DecisionsTable>): Decision {
  return {
    id: r.id,
    caseId: r.case_id,
    kind: r.kind as DecisionKind,
    status: r.status as DecisionStatus,
    permitIds: JSON.parse(r.permit_ids) as string[],
    measure: r.measure ? (JSON.parse(r.measure) as AddMeasureInput) : null,
    reason: r.reason,
    effectiveOn: r.effective_on,
    proposedBy: r.proposed_by,
    proposedAt: r.proposed_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
  };
}
