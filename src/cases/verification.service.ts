import { DocumentRepository } from '../evidence/document.repository.js';
import { isIsoDate } from '../shared/dates.js';
import { AppError, notFound, type Problem } from '../shared/errors.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import { actingUser } from '../users/user.service.js';
import { assertCaseOpen } from './case.lifecycle.js';
import { linkToCase, moveCase, requireCase } from './case.service.js';
import { VerificationRepository } from './verification.repository.js';
import { type Verification, type VerificationKind, type VerificationOutcome, verificationKinds, verificationOutcomes } from './verification.types.js';

export interface RequestVerificationInput {
  caseId: string;
  kind: string;
  addressee: string;
  dueOn: string;
  question?: string;
  /** The business date the request is sent (the CLI's --as-of). */
  asOf: string;
}

/** Asks the recipient government, the exporter or an inspection team to verify end use. */
export async function requestVerification(uow: UnitOfWork, input: RequestVerificationInput): Promise<Verification> {
  await actingUser(uow.db, uow.actor, 'verifications.write');
  const c = await requireCase(uow, input.caseId);
  assertCaseOpen(c.id, c.status, 'request a verification');
  const problems: Problem[] = [];
  if (!(verificationKinds as readonly string[]).includes(input.kind)) problems.push({ field: 'kind', message: `'${input.kind}' is not one of ${verificationKinds.join(', ')}` });
  if (!input.addressee?.trim()) problems.push({ field: 'addressee', message: 'missing' });
  if (!isIsoDate(input.dueOn)) problems.push({ field: 'due', message: `'${input.dueOn}' is not a date (YYYY-MM-DD)` });
  else if (input.dueOn < input.asOf) problems.push({ field: 'due', message: `due ${input.dueOn}, before it is requested (${input.asOf})` });
  if (problems.length) throw new AppError('invalid_input', 'the verification request is not valid', problems);
  const repo = new VerificationRepository(uow.db);
  const v: Verification = {
    id: await repo.nextId(c.id),
    caseId: c.id,
    kind: input.kind as VerificationKind,
    addressee: input.addressee.trim(),
    question: input.question?.trim() || null,
    requestedBy: uow.actor,
    requestedOn: input.asOf,
    dueOn: input.dueOn,
    outcome: null,
    findings: null,
    documentIds: [],
    recordedBy: null,
    recordedOn: null,
  };
  await repo.insert(v);
  await uow.audit.record({ verb: 'verification.request', objectType: 'verification', objectId: v.id, payload: { caseId: c.id, kind: v.kind, addressee: v.addressee, dueOn: v.dueOn, question: v.question } });
  await moveCase(uow, c, 'verification_requested', `verification ${v.id} requested from ${v.addressee}`);
  return v;
}

export interface RecordOutcomeInput {
  verificationId: string;
  outcome: string;
  findings: string;
  documentIds?: readonly string[];
  asOf: string;
}

/**
 * Records the answer to a request, once: a recorded request is closed, and its outcome is
 * part of the case's record (a correction is a new request or a note, not an overwrite).
 */
export async function recordOutcome(uow: UnitOfWork, input: RecordOutcomeInput): Promise<Verification> {
  await actingUser(uow.db, uow.actor, 'verifications.write');
  const repo = new VerificationRepository(uow.db);
  const v = await repo.get(input.verificationId);
  if (!v) throw notFound('verification request', input.verificationId);
  if (v.outcome !== null) {
    throw new AppError('conflict', `verification ${v.id} is closed: ${v.recordedBy} recorded '${v.outcome}' on ${v.recordedOn}; it cannot be recorded again`);
  }
  const c = await requireCase(uow, v.caseId);
  assertCaseOpen(c.id, c.status, 'record a verification outcome');
  const problems: Problem[] = [];
  if (!(verificationOutcomes as readonly string[]).includes(input.outcome)) problems.push({ field: 'outcome', message: `'${input.outcome}' is not one of ${verificationOutcomes.join(', ')}` });
  if (!input.findings?.trim()) problems.push({ field: 'findings', message: 'what was found is required' });
  if (input.asOf < v.requestedOn) problems.push({ field: 'as-of', message: `the answer (${input.asOf}) cannot precede the request (${v.requestedOn})` });
  const docs = new DocumentRepository(uow.db);
  for (const d of input.documentIds ?? []) if (!(await docs.get(d))) problems.push({ field: 'document', message: `no document ${d}` });
  if (problems.length) throw new AppError('invalid_input', `the outcome of ${v.id} is not valid`, problems);
  const documentIds = [...new Set(input.documentIds ?? [])];
  await repo.recordOutcome(v.id, { outcome: input.outcome as VerificationOutcome, findings: input.findings.trim(), documentIds, recordedBy: uow.actor, recordedOn: input.asOf });
  await uow.audit.record({ verb: 'verification.record', objectType: 'verification', objectId: v.id, payload: { caseId: c.id, outcome: input.outcome, findings: input.findings.trim(), documentIds } });
  if (documentIds.length) await linkToCase(uow, c.id, documentIds.map((refId) => ({ kind: 'document' as const, refId })));
  await moveCase(uow, c, 'findings_recorded', `verification ${v.id}: ${input.outcome}`);
  return (await repo.get(v.id))!;
}
