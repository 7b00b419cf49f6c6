import { AlertRepository } from '../detection/alert.repository.js';
import { DocumentRepository } from '../evidence/document.repository.js';
import { PartyRepository } from '../registry/party.repository.js';
import type { DestinationMeasure } from '../registry/measure.types.js';
import { permitLifecycle } from '../registry/permit.lifecycle.js';
import { PermitRepository } from '../registry/permit.repository.js';
import { AppError, notFound } from '../shared/errors.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import { actingUser } from '../users/user.service.js';
import { type CaseStatus, assertCaseOpen, assertCaseTransition } from './case.lifecycle.js';
import { CaseRepository } from './case.repository.js';
import type { Case, CaseLinkKind, CaseOrigin } from './case.types.js';

export interface OpenCaseInput {
  title?: string;
  alertIds?: readonly string[];
  permitIds?: readonly string[];
  documentIds?: readonly string[];
  /** The document holding a tip (ingested as a source of its own, graded as a tip). */
  tipDocumentId?: string;
  assignee?: string;
  note?: string;
  /** The business date (the CLI's --as-of): the year of the case id. */
  asOf: string;
}

const now = () => new Date().toISOString();

/** Loads a case or fails with `not_found`. */
export async function requireCase(uow: UnitOfWork, id: string): Promise<Case> {
  const c = await new CaseRepository(uow.db).get(id);
  if (!c) throw notFound('case', id);
  return c;
}

/** Moves a case along its lifecycle (no-op when it is already there), audited. */
export async function moveCase(uow: UnitOfWork, c: Pick<Case, 'id' | 'status'>, to: CaseStatus, reason: string): Promise<void> {
  if (c.status === to) return;
  assertCaseTransition(c.id, c.status, to);
  await new CaseRepository(uow.db).update(c.id, { status: to }, now());
  await uow.audit.record({ verb: 'case.transition', objectType: 'case', objectId: c.id, reason, payload: { from: c.status, to } });
}

/**
 * Records a new open case and its `case.open` entry; returns its id (C-<year of asOf>-<n>).
 * `detail` completes the audit payload with what the case was opened from.
 */
async function insertCase(
  uow: UnitOfWork,
  c: { title: string; origin: CaseOrigin; asOf: string; assignee?: string | null; endUserId?: string | null; reason: string | null; detail: object },
): Promise<string> {
  const repo = new CaseRepository(uow.db);
  const at = now();
  const id = await repo.nextId(c.asOf.slice(0, 4));
  await repo.insert({ id, title: c.title, origin: c.origin, status: 'open', assignee: c.assignee ?? null, openedBy: uow.actor, openedAt: at, updatedAt: at, endUserId: c.endUserId ?? null });
  await uow.audit.record({ verb: 'case.open', objectType: 'case', objectId: id, reason: c.reason, payload: { title: c.title, origin: c.origin, ...c.detail } });
  return id;
}

/**
 * Opens a case by hand, from alerts or from a tip. Every reference is checked first; the
 * permits and documents of the alerts are linked with them.
 */
export async function openCase(uow: UnitOfWork, input: OpenCaseInput): Promise<Case> {
  await actingUser(uow.db, uow.actor, 'cases.write');
  const links = await resolveLinks(uow, input);
  const origin: CaseOrigin = input.tipDocumentId ? 'tip' : input.alertIds?.length ? 'alert' : 'manual';
  const title = input.title?.trim() || defaultTitle(origin, links);
  if (!title) throw new AppError('invalid_input', 'a case opened by hand needs a title (--title)', [{ field: 'title', message: 'missing' }]);
  if (input.assignee) await actingUser(uow.db, input.assignee, 'cases.write').catch(rethrowAsAssignee(input.assignee));
  const assignee = input.assignee ?? null;
  const id = await insertCase(uow, { title, origin, asOf: input.asOf, assignee, reason: input.note ?? null, detail: { assignee, links } });
  const repo = new CaseRepository(uow.db);
  await repo.link(id, links, now());
  if (input.note?.trim()) await addNote(uow, id, input.note.trim());
  return (await repo.get(id))!;
}

function defaultTitle(origin: CaseOrigin, links: { kind: CaseLinkKind; refId: string }[]): string {
  const permits = links.filter((l) => l.kind === 'permit').map((l) => l.refId);
  if (origin === 'tip') return 'Tip received';
  if (permits.length) return `${origin === 'alert' ? 'Alerts on' : 'Concerning'} ${permits.join(', ')}`;
  return '';
}

async function resolveLinks(uow: UnitOfWork, input: OpenCaseInput): Promise<{ kind: CaseLinkKind; refId: string }[]> {
  const out: { kind: CaseLinkKind; refId: string }[] = [];
  const alerts = new AlertRepository(uow.db);
  for (const id of input.alertIds ?? []) {
    const a = await alerts.get(id);
    if (!a) throw notFound('alert', id);
    out.push({ kind: 'alert', refId: id }, { kind: 'permit', refId: a.permit_id });
    for (const d of JSON.parse(a.document_ids) as string[]) out.push({ kind: 'document', refId: d });
  }
  if (input.permitIds?.length) {
    const found = await new PermitRepository(uow.db).getMany(input.permitIds, input.asOf);
    const missing = input.permitIds.filter((id) => !found.has(id));
    if (missing.length) throw notFound(missing.length > 1 ? 'permits' : 'permit', missing.join(', '));
    for (const id of input.permitIds) out.push({ kind: 'permit', refId: id });
  }
  const docs = new DocumentRepository(uow.db);
  for (const id of [...(input.documentIds ?? []), ...(input.tipDocumentId ? [input.tipDocumentId] : [])]) {
    if (!(await docs.get(id))) throw notFound('document', id);
    out.push({ kind: 'document', refId: id });
  }
  return out;
}

function rethrowAsAssignee(name: string) {
  return (e: unknown): never => {
    throw new AppError('invalid_input', `cannot assign to ${name}: ${(e as Error).message}`, [{ field: 'assignee', message: 'not a user who may work on cases' }]);
  };
}

/** Assigns a case; an open case goes under review. */
export async function assignCase(uow: UnitOfWork, caseId: string, assignee: string): Promise<Case> {
  await actingUser(uow.db, uow.actor, 'cases.write');
  const c = await requireCase(uow, caseId);
  assertCaseOpen(c.id, c.status, 'assign it');
  await actingUser(uow.db, assignee, 'cases.write').catch(rethrowAsAssignee(assignee));
  await new CaseRepository(uow.db).update(c.id, { assignee }, now());
  await uow.audit.record({ verb: 'case.assign', objectType: 'case', objectId: c.id, payload: { from: c.assignee, to: assignee } });
  if (c.status === 'open') await moveCase(uow, c, 'under_review', `assigned to ${assignee}`);
  return requireCase(uow, caseId);
}

/** Adds a note; notes are never edited (a correction is a new note). */
export async function noteCase(uow: UnitOfWork, caseId: string, text: string): Promise<Case> {
  await actingUser(uow.db, uow.actor, 'cases.write');
  const c = await requireCase(uow, caseId);
  assertCaseOpen(c.id, c.status, 'add a note');
  if (!text?.trim()) throw new AppError('invalid_input', 'a note needs text', [{ field: 'text', message: 'empty' }]);
  await addNote(uow, caseId, text.trim());
  return requireCase(uow, caseId);
}

async function addNote(uow: UnitOfWork, caseId: string, text: string): Promise<void> {
  const note = await new CaseRepository(uow.db).addNote(caseId, uow.actor, now(), text);
  await uow.audit.record({ verb: 'case.note', objectType: 'case', objectId: caseId, payload: { seq: note.seq, text } });
}

/** Closes a decided case; a closed case takes no further step. */
export async function closeCase(uow: UnitOfWork, caseId: string, reason: string): Promise<Case> {
  await actingUser(uow.db, uow.actor, 'cases.close');
  if (!reason?.trim()) throw new AppError('invalid_input', 'closing a case needs a reason', [{ field: 'reason', message: 'missing' }]);
  const c = await requireCase(uow, caseId);
  if (c.status !== 'decided' && c.status !== 'closed') {
    throw new AppError('invalid_transition', `case ${c.id} is ${c.status}; record a decision first (no action is a decision too)`);
  }
  await moveCase(uow, c, 'closed', reason.trim());
  return requireCase(uow, caseId);
}

/** Links references to a case (used by the other services: verifications, decisions, applications). */
export async function linkToCase(uow: UnitOfWork, caseId: string, links: { kind: CaseLinkKind; refId: string }[]): Promise<void> {
  const added = await new CaseRepository(uow.db).link(caseId, links, now());
  if (added.length) await uow.audit.record({ verb: 'case.link', objectType: 'case', objectId: caseId, payload: { links: added.map(({ kind, refId }) => ({ kind, refId })) } });
}

export interface FiledAlerts {
  opened: string[];
  updated: string[];
}

/**
 * Files alerts that detection raised or changed into cases: an alert already in a case that is
 * still being worked on adds a note there (and a decided case goes back under review: new
 * evidence); otherwise it joins the working case on its permit's end-user, or opens one.
 * One case per end-user gathers what the reports say that end-user did with licensed goods.
 */
export async function fileAlerts(uow: UnitOfWork, alertIds: readonly string[], asOf: string): Promise<FiledAlerts> {
  const result: FiledAlerts = { opened: [], updated: [] };
  if (alertIds.length === 0) return result;
  const repo = new CaseRepository(uow.db);
  const alerts = new AlertRepository(uow.db);
  const rows = (await Promise.all(alertIds.map((id) => alerts.get(id)))).filter((a) => a !== undefined);
  const permits = await new PermitRepository(uow.db).getMany(rows.map((a) => a.permit_id), asOf);
  const already = new Map<string, string[]>();
  for (const { caseId, refId } of await repo.linkedTo('alert', alertIds)) already.set(refId, [...(already.get(refId) ?? []), caseId]);
  const touched = new Set<string>();
  for (const alert of rows) {
    const permit = permits.get(alert.permit_id);
    if (!permit) continue;
    const summary = `alert ${alert.id} (${alert.kind}, score ${Number(alert.score).toFixed(2)}) on permit ${permit.id}`;
    const linkedCases = [];
    for (const caseId of already.get(alert.id) ?? []) {
      const c = await repo.get(caseId);
      if (c && c.status !== 'closed') linkedCases.push(c);
    }
    let caseId = linkedCases[0]?.id ?? (await repo.workingCaseForEndUser(permit.endUserId));
    if (!caseId) {
      const party = await new PartyRepository(uow.db).get(permit.endUserId);
      const title = `Alerts on permits for ${party?.name ?? permit.endUserId} (${permit.destination})`;
      caseId = await insertCase(uow, { title, origin: 'alert', asOf, endUserId: permit.endUserId, reason: 'detection raised alerts', detail: { endUserId: permit.endUserId } });
      result.opened.push(caseId);
    } else if (!result.opened.includes(caseId) && !result.updated.includes(caseId)) {
      result.updated.push(caseId);
    }
    await linkToCase(uow, caseId, [
      { kind: 'alert', refId: alert.id },
      { kind: 'permit', refId: permit.id },
      ...(JSON.parse(alert.document_ids) as string[]).map((d) => ({ kind: 'document' as const, refId: d })),
    ]);
    await addNote(uow, caseId, `Detection: ${summary}${linkedCases.length ? ' was updated' : ' was raised'}.`);
    touched.add(caseId);
  }
  for (const caseId of touched) {
    const c = await repo.get(caseId);
    if (c?.status === 'decided') await moveCase(uow, c, 'under_review', 'new evidence after a decision');
  }
  return result;
}

/**
 * A new destination measure re-reviews the live permits to that destination: they are linked
 * to the case that decided the measure, or to a case opened for the measure. Returns the
 * case, or null when no live permit goes there.
 */
export async function fileMeasure(uow: UnitOfWork, measure: DestinationMeasure, asOf: string, caseId?: string): Promise<string | null> {
  const permits = (await new PermitRepository(uow.db).list({ destination: measure.country }, asOf)).filter((p) => permitLifecycle[p.status].live);
  if (permits.length === 0) return null;
  const id =
    caseId ??
    (await insertCase(uow, {
      title: `Live permits to ${measure.country} under measure ${measure.id} (${measure.kind})`,
      origin: 'measure',
      asOf,
      reason: `measure ${measure.id}`,
      detail: { measureId: measure.id },
    }));
  await linkToCase(uow, id, [{ kind: 'measure', refId: measure.id }, ...permits.map((p) => ({ kind: 'permit' as const, refId: p.id }))]);
  await addNote(uow, id, `Measure ${measure.id} (${measure.kind}, ${measure.country}, from ${measure.startsOn}): ${permits.length} live permit(s) to review: ${permits.map((p) => p.id).join(', ')}.`);
  return id;
}
