import type { Kysely, Selectable } from 'kysely';
import { lockIdSequence } from '../store/id-sequence.js';
import type { DB, VerificationsTable } from '../store/schema.js';
import type { Verification, VerificationKind, VerificationOutcome } from './verification.types.js';

export class VerificationRepository {
  constructor(private readonly db: Kysely<DB>) {}

  async nextId(caseId: string): Promise<string> {
    await lockIdSequence(this.db, 'verifications');
    const rows = await this.db.selectFrom('verifications').select('id').where('case_id', '=', caseId).execute();
    return `${caseId}/V${rows.length + 1}`;
  }

  async insert(v: Verification): Promise<void> {
    await this.db
      .insertInto('verifications')
      .values({
        id: v.id,
        case_id: v.caseId,
        kind: v.kind,
        addressee: v.addressee,
        question: v.question,
        requested_by: v.requestedBy,
        requested_on: v.requestedOn,
        due_on: v.dueOn,
        outcome: v.outcome,
        findings: v.findings,
        document_ids: JSON.stringify(v.documentIds),
        recorded_by: v.recordedBy,
        recorded_on: v.recordedOn,
      })
      .execute();
  }

  async recordOutcome(id: string, o: { outcome: VerificationOutcome; findings: string; documentIds: string[]; recordedBy: string; recordedOn: string }): Promise<void> {
    await this.db
      .updateTable('verifications')
      .set({ outcome: o.outcome, findings: o.findings, document_ids: JSON.stringify(o.documentIds), recorded_by: o.recordedBy, recorded_on: o.recordedOn })
      .where('id', '=', id)
      .where('outcome', 'is', null)
      .execute();
  }

  async get(id: string): Promise<Verification | undefined> {
    const r = await this.db.selectFrom('verifications').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toVerification(r);
  }

  async list(f: { caseId?: string; open?: boolean; dueBefore?: string } = {}): Promise<Verification[]> {
    let q = this.db.selectFrom('verifications').selectAll();
    if (f.caseId) q = q.where('case_id', '=', f.caseId);
    if (f.open) q = q.where('outcome', 'is', null);
    if (f.dueBefore) q = q.where('due_on', '<', f.dueBefore);
    return (await q.orderBy('due_on').orderBy('id').execute()).map(toVerification);
  }
}

function toVerification(r: Selectable<VerificationsTable>): Verification {
  return {
    id: r.id,
    caseId: r.case_id,
    kind: r.kind as VerificationKind,
    addressee: r.addressee,
    question: r.question,
    requestedBy: r.requested_by,
    requestedOn: r.requested_on,
    dueOn: r.due_on,
    outcome: r.outcome as VerificationOutcome | null,
    findings: r.findings,
    documentIds: JSON.parse(r.document_ids) as string[],
    recordedBy: r.recorded_by,
    recordedOn: r.recorded_on,
  };
}
