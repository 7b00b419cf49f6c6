import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../shared/paths.js';

/**
 * The name-part tables of data/screening/: spelling variants (Mohammed/Muhammad…), articles
 * dropped before comparison (al-, el-), particles that carry little identity (bin, abu, de,
 * van) and fused prefixes split off (abdulrahman → abd rahman). Tables hold folded tokens
 * (lower-case ASCII), the form name.normalize produces.
 */
export interface NameTables {
  /** spelling → canonical spelling (only spellings that differ from their canonical). */
  canonical: Map<string, string>;
  dropped: Set<string>;
  particles: Set<string>;
  /** [fused prefix, canonical prefix], longest first. */
  prefixSplits: [string, string][];
  /** first token of a legal form → its forms (token lists, longest first) with their class. */
  legalForms: Map<string, { tokens: string[]; cls: string }[]>;
  /** Words of legal forms of two letters or more (co, joint, stock, company, obshchestvo…). */
  legalWords: Set<string>;
}

interface VariantFile {
  groups: string[][];
  dropped: string[];
  particles: string[];
  prefixSplits: [string, string][];
}
interface LegalFormFile {
  forms: { class: string; forms: string[] }[];
}

let tables: NameTables | null = null;

function readJson<T>(file: string): T {
  return JSON.parse(readFileSync(join(projectRoot(), 'data', 'screening', file), 'utf8')) as T;
}

/** The tables, read once from data/screening/. */
export function nameTables(): NameTables {
  if (tables) return tables;
  const v = readJson<VariantFile>('name-variants.json');
  const canonical = new Map<string, string>();
  for (const group of v.groups) {
    for (const spelling of group.slice(1)) if (spelling !== group[0]) canonical.set(spelling, group[0]);
  }
  const legal = readJson<LegalFormFile>('legal-forms.json');
  const legalForms = new Map<string, { tokens: string[]; cls: string }[]>();
  const legalWords = new Set<string>();
  for (const { class: cls, forms } of legal.forms) {
    for (const form of forms) {
      const tokens = form.split(' ');
      for (const tok of tokens) if (tok.length >= 2) legalWords.add(tok);
      const list = legalForms.get(tokens[0]) ?? [];
      list.push({ tokens, cls });
      legalForms.set(tokens[0], list);
    }
  }
  for (const list of legalForms.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);
  tables = {
    canonical,
    dropped: new Set(v.dropped),
    particles: new Set(v.particles.map((p) => canonical.get(p) ?? p)),
    prefixSplits: [...v.prefixSplits].sort((a, b) => b[0].length - a[0].length),
    legalForms,
    legalWords,
  };
  return tables;
}

/**
 * Whether a part of an organisation's name is a legal-form word, or one typo away from a
 * legal-form word of five letters or more ("compani", "liabiliti"): such parts identify
 * nothing, wherever they stand, and weigh as little as particles.
 */
export function isLegalWord(token: string, typoDistance: (a: string, b: string, max: number) => number): boolean {
  const words = nameTables().legalWords;
  if (words.has(token)) return true;
  if (token.length < 5) return false;
  for (const w of words) if (w.length >= 5 && Math.abs(w.length - token.length) <= 1 && typoDistance(token, w, 1) <= 1) return true;
  return false;
}

/** The canonical spelling of one folded name part ("mohamed" → "muhammad"). */
export function canonicalPart(token: string): string {
  return nameTables().canonical.get(token) ?? token;
}
