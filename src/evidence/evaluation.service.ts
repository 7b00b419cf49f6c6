import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AlertRepository } from '../detection/alert.repository.js';
import { loadKnowledge } from '../reading/knowledge.js';
import { importBundle } from '../registry/bundle.import.js';
import { readBundleFile } from '../registry/registry.files.js';
import { invalidInput } from '../shared/errors.js';
import { openStore } from '../store/database.js';
import { ingestBatch } from './ingest.batch.js';

/**
 * Evaluation on a labelled folder (registry.json, labels.json, report files): each run uses
 * a fresh temporary SQLite database, imports the registry, ingests the reports and compares
 * the permits flagged for each report with its labels. Permit-level precision counts every
 * flagged permit not in the report's `alert` list as a false positive.
 */

export interface Label {
  file: string;
  alert: string[];
  noAlert: string[];
  kind?: string;
}

export interface ReportResult {
  file: string;
  documentIds: string[];
  flagged: string[];
  expected: string[];
  missed: string[];
  falsePositives: string[];
  violatedNoAlert: string[];
  alerts: { permitId: string; kind: string; score: number }[];
  error?: string;
}

export interface Evaluation {
  dir: string;
  mode: 'shared' | 'isolated';
  reports: ReportResult[];
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
  labelsSatisfied: boolean;
}

function readLabels(dir: string): Label[] {
  const file = path.join(dir, 'labels.json');
  if (!existsSync(file)) throw invalidInput(`${file}: not found (an eval folder holds registry.json, labels.json and the reports)`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw invalidInput(`${file}: not valid JSON (${(e as Error).message})`);
  }
  if (!Array.isArray(raw)) throw invalidInput(`${file}: expected an array of {file, alert, noAlert}`);
  return raw.map((l: any, i: number) => {
    if (typeof l?.file !== 'string') throw invalidInput(`${file}: [${i}].file: a report file name is required`);
    const ids = (v: unknown, f: string) => {
      if (v === undefined) return [];
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw invalidInput(`${file}: [${i}].${f}: expected a list of permit ids`);
      return v as string[];
    };
    return { file: l.file, alert: ids(l.alert, 'alert'), noAlert: ids(l.noAlert, 'noAlert'), kind: l.kind };
  });
}

async function runOnce(dir: string, labels: Label[], asOf: string): Promise<Map<string, Omit<ReportResult, 'expected' | 'missed' | 'falsePositives' | 'violatedNoAlert'>>> {
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'endwatch-eval-'));
  const store = await openStore(path.join(tmp, 'eval.sqlite'));
  const out = new Map<string, Omit<ReportResult, 'expected' | 'missed' | 'falsePositives' | 'violatedNoAlert'>>();
  try {
    const bundle = await readBundleFile(path.join(dir, 'registry.json'));
    await importBundle(store, bundle.raw, bundle.locator, { actor: 'eval', asOf, contentHash: bundle.contentHash });
    const knowledge = await loadKnowledge(store.db);
    for (const l of labels) {
      const [o] = await ingestBatch(store, knowledge, [path.join(dir, l.file)], { actor: 'eval', asOf });
      const documentIds = o?.ok ? o.result.documents.map((d) => d.documentId) : [];
      out.set(l.file, { file: l.file, documentIds, flagged: [], alerts: [], error: o && !o.ok ? o.error.message : undefined });
    }
    const alerts = await new AlertRepository(store.db).list({ status: 'open' });
    for (const r of out.values()) {
      for (const a of alerts) {
        const docs: string[] = JSON.parse(a.document_ids);
        if (!docs.some((d) => r.documentIds.includes(d))) continue;
        r.alerts.push({ permitId: a.permit_id, kind: a.kind, score: Number(a.score) });
      }
      r.flagged = [...new Set(r.alerts.map((a) => a.permitId))].sort();
    }
    return out;
  } finally {
    await store.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

export async function evaluateFolder(dir: string, opts: { isolated?: boolean; asOf: string }): Promise<Evaluation> {
  if (!existsSync(path.join(dir, 'registry.json'))) throw invalidInput(`${path.join(dir, 'registry.json')}: not found`);
  const labels = readLabels(dir);
  const raw = new Map<string, Omit<ReportResult, 'expected' | 'missed' | 'falsePositives' | 'violatedNoAlert'>>();
  if (opts.isolated) {
    for (const l of labels) for (const [k, v] of await runOnce(dir, [l], opts.asOf)) raw.set(k, v);
  } else {
    for (const [k, v] of await runOnce(dir, labels, opts.asOf)) raw.set(k, v);
  }
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let satisfied = true;
  const reports = labels.map((l) => {
    const r = raw.get(l.file)!;
    const missed = l.alert.filter((p) => !r.flagged.includes(p));
    const falsePositives = r.flagged.filter((p) => !l.alert.includes(p));
    const violatedNoAlert = r.flagged.filter((p) => l.noAlert.includes(p));
    tp += l.alert.length - missed.length;
    fp += falsePositives.length;
    fn += missed.length;
    if (missed.length || violatedNoAlert.length || r.error) satisfied = false;
    return { ...r, expected: l.alert, missed, falsePositives, violatedNoAlert };
  });
  const ratio = (a: number, b: number) => (b === 0 ? 1 : Math.round((a / b) * 1000) / 1000);
  return {
    dir,
    mode: opts.isolated ? 'isolated' : 'shared',
    reports,
    truePositives: tp,
    falsePositives: fp,
    falseNegatives: fn,
    precision: ratio(tp, tp + fp),
    recall: ratio(tp, tp + fn),
    labelsSatisfied: satisfied,
  };
}
