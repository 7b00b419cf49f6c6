import { CaseRepository } from '../cases/case.repository.js';
import { AlertRepository } from '../detection/alert.repository.js';
import { DocumentRepository } from '../evidence/document.repository.js';
import { permitCreated, toNewPermit } from '../registry/bundle.import.js';
import { ItemRepository } from '../registry/item.repository.js';
import { MeasureRepository } from '../registry/measure.repository.js';
import { PartyRepository } from '../registry/party.repository.js';
import { PermitRepository } from '../registry/permit.repository.js';
import { transitionPermit } from '../registry/permit.service.js';
import type { Permit } from '../registry/permit.types.js';
import { isCountryCode } from '../shared/countries.js';
import { AppError, notFound, type Problem } from '../shared/errors.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import { actingUser } from '../users/user.service.js';
import { type ApplicationRecord, ApplicationRepository } from './application.repository.js';
import { type RoutingResult, routeApplication } from './application.routing.js';
import type { Assessment, CriterionFinding, HistoryEntry } from './application.types.js';
import { type CriteriaSet, type FindingLevel, criteriaSet, findingLevels, recommendation } from './assessment.criteria.js';

export interface ApplicationLine {
  itemId: string;
  quantity: number;
  value?: number;
  currency?: string;
}

export interface SubmitApplicationInput {
  id?: string;
  exporterId: string;
  origin: string;
  destination: string;
  consigneeId?: string;
  endUserId: string;
  endUse?: string;
  lines: ApplicationLine[];
  programmeTags?: string[];
  asOf: string;
}

export interface SubmittedApplication {
  permit: Permit;
  application: ApplicationRecord;
}

/** Checks every field and reference of an application at once. */
async function applicationProblems(uow: UnitOfWork, input: SubmitApplicationInput): Promise<Problem[]> {
  const problems: Problem[] = [];
  if (!isCountryCode(input.origin)) problems.push({ field: 'origin', message: `'${input.origin}' is not an ISO 3166 alpha-2 code` });
  if (!isCountryCode(input.destination)) problems.push({ field: 'destination', message: `'${input.destination}' is not an ISO 3166 alpha-2 code` });
  const parties = await new PartyRepository(uow.db).getMany([input.exporterId, input.endUserId, ...(input.consigneeId ? [input.consigneeId] : [])]);
  for (const [field, id] of [['exporter', input.exporterId], ['end-user', input.endUserId], ['consignee', input.consigneeId]] as const) {
    if (id !== undefined && !parties.has(id)) problems.push({ field, message: `no party ${id}` });
  }
  if (input.lines.length === 0) problems.push({ field: 'line', message: 'an application needs at least one line (--line ITEM:QUANTITY[:VALUE:CURRENCY])' });
  const items = await new ItemRepository(uow.db).getMany(input.lines.map((l) => l.itemId));
  input.lines.forEach((l, k) => {
    if (!items.has(l.itemId)) problems.push({ field: `line ${k + 1}`, message: `no item ${l.itemId}` });
    if (!Number.isFinite(l.quantity) || l.quantity <= 0) problems.push({ field: `line ${k + 1}`, message: `quantity '${l.quantity}' must be a positive number` });
    if (l.value !== undefined && (!Number.isFinite(l.value) || l.value < 0)) problems.push({ field: `line ${k + 1}`, message: `value '${l.value}' must be a number ≥ 0` });
    if (l.value !== undefined && !/^[A-Z]{3}$/.test(l.currency ?? '')) problems.push({ field: `line ${k + 1}`, message: 'a value needs an ISO 4217 currency (e.g. CAD)' });
  });
  if (input.id !== undefined && (await new PermitRepository(uow.db).get(input.id, input.asOf))) problems.push({ field: 'id', message: `permit ${input.id} already exists` });
  return problems;
}

/**
 * Records an application as a permit in `submitted` status and routes it by the measures on
 * its destination: an embargo refuses it at once; otherwise it goes under assessment, to
 * refusal, case-by-case review or the standard path (application.routing.ts).
 */
export async function submitApplication(uow: UnitOfWork, input: SubmitApplicationInput): Promise<SubmittedApplication> {
  await actingUser(uow.db, uow.actor, 'applications.submit');
  const problems = await applicationProblems(uow, input);
  if (problems.length) throw new AppError('invalid_input', 'the application is not valid', problems);
  const id = input.id ?? (await new ApplicationRepository(uow.db).nextId(input.asOf.slice(0, 4)));
  const permit = toNewPermit(
    {
      id,
      exporterId: input.exporterId,
      origin: input.origin,
      destination: input.destination,
      consigneeId: input.consigneeId,
      endUserId: input.endUserId,
      endUse: input.endUse,
      lines: input.lines,
      status: 'submitted',
      programmeTags: input.programmeTags ?? [],
    },
    input.asOf,
  );
  const permits = new PermitRepository(uow.db);
  await permits.insertMany([permit]);
  await uow.audit.record({ verb: 'permit.create', objectType: 'permit', objectId: id, payload: permitCreated(permit) });
  const route = routeApplication(await new MeasureRepository(uow.db).list({ country: input.destination }), input.destination, permit.programmeTags, input.asOf);
  const record: ApplicationRecord = { permitId: id, submittedBy: uow.actor, submittedOn: input.asOf, routing: route.routing, measureId: route.measureId, routingReason: route.reason, decidedBy: null, decidedOn: null };
  const repo = new ApplicationRepository(uow.db);
  await repo.insert(record);
  await uow.audit.record({ verb: 'application.submit', objectType: 'application', objectId: id, payload: { routing: route.routing, measureId: route.measureId, tags: permit.programmeTags } });
  await uow.audit.record({ verb: 'application.route', objectType: 'application', objectId: id, reason: route.reason, payload: { routing: route.routing, measureId: route.measureId } });
  if (route.routing === 'refused') {
    await transitionPermit(uow, { permitId: id, to: 'refused', reason: route.reason, asOf: input.asOf });
    await repo.setDecided(id, uow.actor, input.asOf);
  } else {
    await transitionPermit(uow, { permitId: id, to: 'under_assessment', reason: route.reason, asOf: input.asOf });
  }
  return { permit: (await permits.get(id, input.asOf))!, application: (await repo.get(id))! };
}

async function requireApplication(uow: UnitOfWork, id: string, asOf: string): Promise<{ permit: Permit; application: ApplicationRecord }> {
  const application = await new ApplicationRepository(uow.db).get(id);
  if (!application) throw notFound('application', id);
  return { permit: (await new PermitRepository(uow.db).get(id, asOf))!, application };
}

/** The alerts and cases on permits sharing an item, the end-user or the destination. */
export async function applicationHistory(uow: UnitOfWork, permit: Permit): Promise<HistoryEntry[]> {
  return new ApplicationRepository(uow.db).history(permit.id, { endUserId: permit.endUserId, destination: permit.destination, itemIds: permit.lines.map((l) => l.itemId) });
}

export interface AssessmentDraft {
  permit: Permit;
  application: ApplicationRecord;
  set: CriteriaSet;
  history: HistoryEntry[];
  assessments: Assessment[];
}

/** What an assessor needs before writing findings: the criteria, the history, earlier assessments. */
export async function draftAssessment(uow: UnitOfWork, id: string, setId: string, asOf: string): Promise<AssessmentDraft> {
  const { permit, application } = await requireApplication(uow, id, asOf);
  return { permit, application, set: criteriaSet(setId), history: await applicationHistory(uow, permit), assessments: await new ApplicationRepository(uow.db).assessments(id) };
}

export interface RecordAssessmentInput {
  permitId: string;
  criteriaSet: string;
  findings: readonly { criterion: string; finding: string; reasoning: string; mitigations?: string | null; cites?: readonly string[] }[];
  asOf: string;
}

/**
 * Records an assessment: every criterion of the set answered with reasoning, citations that
 * exist, and the history of related alerts and cases attached as it stands now. A substantial
 * risk anywhere recommends refusal.
 */
export async function assessApplication(uow: UnitOfWork, input: RecordAssessmentInput): Promise<Assessment> {
  await actingUser(uow.db, uow.actor, 'applications.assess');
  const { permit } = await requireApplication(uow, input.permitId, input.asOf);
  if (permit.status !== 'under_assessment') throw new AppError('invalid_transition', `application ${permit.id} is ${permit.status}; only an application under assessment is assessed`);
  const set = criteriaSet(input.criteriaSet);
  const problems: Problem[] = [];
  const known = new Set(set.criteria.map((c) => c.id));
  const seen = new Set<string>();
  const findings: CriterionFinding[] = [];
  for (const [k, f] of input.findings.entries()) {
    const at = `findings[${k}]`;
    if (!known.has(f.criterion)) problems.push({ field: `${at}.criterion`, message: `'${f.criterion}' is not a criterion of ${set.id}` });
    else if (seen.has(f.criterion)) problems.push({ field: `${at}.criterion`, message: `${f.criterion} is answered twice` });
    seen.add(f.criterion);
    if (!(findingLevels as readonly string[]).includes(f.finding)) problems.push({ field: `${at}.finding`, message: `'${f.finding}' is not one of ${findingLevels.join(', ')}` });
    if (!f.reasoning?.trim()) problems.push({ field: `${at}.reasoning`, message: 'reasoning is required' });
    for (const ref of f.cites ?? []) if (!(await citationExists(uow, ref))) problems.push({ field: `${at}.cites`, message: `no alert, case or document ${ref}` });
    findings.push({ criterion: f.criterion, finding: f.finding as FindingLevel, reasoning: f.reasoning?.trim() ?? '', mitigations: f.mitigations?.trim() || null, cites: [...(f.cites ?? [])] });
  }
  for (const c of set.criteria) if (!seen.has(c.id)) problems.push({ field: 'findings', message: `criterion ${c.id} (${c.title}) is not answered` });
  if (problems.length) throw new AppError('invalid_input', `the assessment of ${permit.id} is not complete`, problems);
  const repo = new ApplicationRepository(uow.db);
  const assessment: Assessment = {
    id: `${permit.id}/AS${(await repo.countAssessments(permit.id)) + 1}`,
    permitId: permit.id,
    criteriaSet: set.id,
    assessor: uow.actor,
    at: new Date().toISOString(),
    findings,
    history: await applicationHistory(uow, permit),
    recommendation: recommendation(findings),
  };
  await repo.insertAssessment(assessment);
  await uow.audit.record({
    verb: 'assessment.record',
    objectType: 'assessment',
    objectId: assessment.id,
    payload: { permitId: permit.id, criteriaSet: set.id, recommendation: assessment.recommendation, findings, cited: assessment.history.map((h) => h.id) },
  });
  return assessment;
}

async function citationExists(uow: UnitOfWork, ref: string): Promise<boolean> {
  return (
    (await new AlertRepository(uow.db).get(ref)) !== undefined ||
    (await new CaseRepository(uow.db).get(ref)) !== undefined ||
    (await new DocumentRepository(uow.db).get(ref)) !== undefined
  );
}

export interface DecideApplicationInput {
  permitId: string;
  decision: 'issue' | 'refuse';
  reason: string;
  expiresOn?: string;
  asOf: string;
}

/**
 * Issues or refuses an application. The routing is computed again for the decision date (a
 * measure may have come into force since submission). Issuing needs an assessment that
 * recommends it; an application routed to refusal can only be refused; a case-by-case
 * application is decided by a reviewer.
 */
export async function decideApplication(uow: UnitOfWork, input: DecideApplicationInput): Promise<{ permit: Permit; routing: RoutingResult }> {
  const user = await actingUser(uow.db, uow.actor, 'applications.decide');
  const { permit, application } = await requireApplication(uow, input.permitId, input.asOf);
  if (permit.status !== 'under_assessment') throw new AppError('invalid_transition', `application ${permit.id} is ${permit.status}; it has been decided`);
  if (input.decision !== 'issue' && input.decision !== 'refuse') throw new AppError('invalid_input', `decision '${input.decision}' is not issue or refuse`);
  if (!input.reason?.trim()) throw new AppError('invalid_input', 'a decision on an application needs a reason', [{ field: 'reason', message: 'missing' }]);
  const repo = new ApplicationRepository(uow.db);
  const route = routeApplication(await new MeasureRepository(uow.db).list({ country: permit.destination }), permit.destination, permit.programmeTags, input.asOf);
  if (route.routing !== application.routing || route.measureId !== application.measureId) {
    await repo.setRouting(permit.id, { routing: route.routing, measureId: route.measureId, routingReason: route.reason });
    await uow.audit.record({ verb: 'application.route', objectType: 'application', objectId: permit.id, reason: route.reason, payload: { routing: route.routing, measureId: route.measureId, from: application.routing } });
  }
  if (route.routing === 'case_by_case') await actingUser(uow.db, user.name, 'applications.decide_case_by_case');
  if (input.decision === 'issue') {
    if (route.routing === 'refusal' || route.routing === 'refused') throw new AppError('forbidden', `application ${permit.id} cannot be issued: ${route.reason}`);
    const latest = (await repo.assessments(permit.id)).at(-1);
    if (!latest) throw new AppError('invalid_transition', `application ${permit.id} has no assessment; record one first (applications assess)`);
    if (latest.recommendation === 'refuse') {
      const risks = latest.findings.filter((f) => f.finding === 'substantial_risk').map((f) => f.criterion);
      throw new AppError('forbidden', `assessment ${latest.id} found a substantial risk (${risks.join(', ')}); the permit is not issued`);
    }
    if (!input.expiresOn) throw new AppError('invalid_input', 'issuing needs an expiry date (--expires)', [{ field: 'expires', message: 'missing' }]);
  }
  const reason = `${input.reason.trim()} [routing: ${route.routing}${route.measureId ? `, ${route.measureId}` : ''}]`;
  await transitionPermit(uow, { permitId: permit.id, to: input.decision === 'issue' ? 'issued' : 'refused', reason, asOf: input.asOf, ...(input.decision === 'issue' ? { issuedOn: input.asOf, expiresOn: input.expiresOn } : {}) });
  await repo.setDecided(permit.id, user.name, input.asOf);
  await uow.audit.record({ verb: 'application.decide', objectType: 'application', objectId: permit.id, reason: input.reason.trim(), payload: { decision: input.decision, routing: route.routing } });
  return { permit: (await new PermitRepository(uow.db).get(permit.id, input.asOf))!, routing: route };
}
