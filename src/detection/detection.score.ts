import type { AlertDraft, AlertKind, DetectionKnowledge, Finding, Grade, PermitFacts } from './detection.types.js';

/**
 * Scores in [0,1]. A finding weighs its reading confidence by the source grade; findings of
 * one story (one document and its copies) count once, as their strongest claim plus a small
 * bonus for other claims of the same story; independent stories combine as a noisy-or, so
 * corroboration raises the score and repetition does not.
 */

const SOURCE_WEIGHT: Record<Grade['source'], number> = { A: 1, B: 0.9, C: 0.8, D: 0.65, E: 0.5, F: 0.7 };
const INFO_WEIGHT: Record<Grade['info'], number> = { 1: 1, 2: 0.95, 3: 0.85, 4: 0.7, 5: 0.5, 6: 0.75 };

export function gradeWeight(g: Grade): number {
  return SOURCE_WEIGHT[g.source] * INFO_WEIGHT[g.info];
}

/** Alerts below this score are not raised. */
export const ALERT_THRESHOLD = 0.25;

const round = (x: number) => Math.round(x * 1000) / 1000;

/** A document's strength: its strongest claim plus a little for each further supporting claim. */
function documentScore(findings: Finding[]): number {
  const sorted = findings.map((f) => f.weight).sort((a, b) => b - a);
  const best = sorted[0] ?? 0;
  const support = Math.min(1, (sorted.length - 1) / 3);
  return best + (1 - best) * 0.2 * support;
}

/** A story counts as its strongest telling: copies and rewrites add nothing. */
function storyScore(findings: Finding[]): number {
  const byDoc = new Map<string, Finding[]>();
  for (const f of findings) byDoc.set(f.documentId, [...(byDoc.get(f.documentId) ?? []), f]);
  return Math.max(...[...byDoc.values()].map(documentScore));
}

const KIND_LABEL: Record<AlertKind, string> = {
  retransfer: 'possible re-transfer to an unauthorised user',
  restricted_region: 'use in a region the assurance excludes',
  conflict_misuse: 'use in armed conflict with reported violations of humanitarian law',
  capture: 'capture by a non-state armed group',
};

function explain(kind: AlertKind, p: PermitFacts, findings: Finding[], k: DetectionKnowledge, stories: number): string {
  const items = [...new Set(findings.map((f) => k.itemName(f.itemId)))].join(', ');
  const endUser = k.party(p.endUserId)?.name ?? p.endUserId;
  const top = [...findings].sort((a, b) => b.weight - a.weight)[0];
  const assurance = p.assurances.find((a) => a.id === top.assuranceId) ?? null;
  const promised = assurance
    ? ` Assurance ${assurance.id} (${assurance.kind.replaceAll('_', ' ')}${assurance.noReexport ? ', no re-export without consent' : ''}${assurance.excludedRegions.length ? `, excluded regions: ${assurance.excludedRegions.join(', ')}` : ''}) is contradicted.`
    : '';
  const reasons = [...new Set(findings.map((f) => f.reason))].slice(0, 3);
  const quotes = findings
    .slice(0, 2)
    .map((f) => `"${f.quote.quote.trim().replace(/\s+/g, ' ').slice(0, 240)}" (${f.documentId}, chars ${f.quote.start}-${f.quote.end}, ${f.modality})`);
  return (
    `${KIND_LABEL[kind][0].toUpperCase()}${KIND_LABEL[kind].slice(1)}: permit ${p.id} (issued ${p.issuedOn}, ${p.origin} → ${p.destination}, end-user ${endUser}) covers ${items}. ` +
    `The report says ${reasons.join('; ')}.${promised} ` +
    `Evidence: ${quotes.join('; ')}. ` +
    `${stories === 1 ? 'One independent story' : `${stories} independent stories`}.`
  );
}

/** Groups findings by permit and kind into alert drafts, scored and explained. */
export function draftAlerts(findings: Finding[], permits: Map<string, PermitFacts>, k: DetectionKnowledge): AlertDraft[] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = `${f.permitId}\u0000${f.kind}`;
    const list = groups.get(key) ?? [];
    list.push(f);
    groups.set(key, list);
  }
  const out: AlertDraft[] = [];
  for (const list of groups.values()) {
    const byStory = new Map<string, Finding[]>();
    for (const f of list) byStory.set(f.storyKey, [...(byStory.get(f.storyKey) ?? []), f]);
    const score = 1 - [...byStory.values()].reduce((acc, fs) => acc * (1 - storyScore(fs)), 1);
    if (score < ALERT_THRESHOLD) continue;
    const p = permits.get(list[0].permitId);
    if (!p) continue;
    const sorted = [...list].sort((a, b) => b.weight - a.weight);
    const seen = new Set<string>();
    const evidence = sorted
      .filter((f) => {
        const key = `${f.documentId}:${f.quote.start}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .map((f) => f.quote);
    out.push({
      permitId: p.id,
      kind: list[0].kind,
      score: round(score),
      documentId: sorted[0].documentId,
      documentIds: [...new Set(sorted.map((f) => f.documentId))],
      itemIds: [...new Set(list.map((f) => f.itemId))],
      assuranceId: sorted[0].assuranceId,
      evidence,
      explanation: explain(list[0].kind, p, sorted, k, byStory.size),
      findings: sorted,
    });
  }
  return out.sort((a, b) => b.score - a.score || a.permitId.localeCompare(b.permitId));
}
