import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Grade, InformationCredibility, SourceReliability } from '../detection/detection.types.js';
import { invalidInput } from '../shared/errors.js';
import { projectRoot } from '../shared/paths.js';

/**
 * Admiralty grades for sources. Publishers are graded in a table (data/publishers.json by
 * default, or ENDWATCH_PUBLISHERS); a publisher not in the table gets the default grade; a
 * tip from a person is graded by whoever records it (default F6: reliability and
 * credibility cannot yet be judged).
 */

export interface PublisherTable {
  default: Grade;
  tip: Grade;
  publishers: { match: string; grade: Grade; name?: string }[];
}

const RELIABILITY = ['A', 'B', 'C', 'D', 'E', 'F'];

/** Parses "B2" into a grade; names the field when it is wrong. */
export function parseGrade(text: string, where = 'grade'): Grade {
  const m = /^([A-Fa-f])\s*([1-6])$/.exec(text.trim());
  if (!m) throw invalidInput(`${where}: "${text}" is not an Admiralty grade (a letter A-F and a digit 1-6, e.g. B2)`);
  return { source: m[1].toUpperCase() as SourceReliability, info: Number(m[2]) as InformationCredibility };
}

export const formatGrade = (g: Grade) => `${g.source}${g.info}`;

let cached: { file: string; table: PublisherTable } | null = null;

export function loadPublisherTable(file = process.env.ENDWATCH_PUBLISHERS ?? path.join(projectRoot(), 'data', 'publishers.json')): PublisherTable {
  if (cached?.file === file) return cached.table;
  let raw: any;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw invalidInput(`${file}: cannot read the publisher table (${(e as Error).message})`);
  }
  const table: PublisherTable = {
    default: parseGrade(String(raw.default ?? 'C3'), `${file}: default`),
    tip: parseGrade(String(raw.tip ?? 'F6'), `${file}: tip`),
    publishers: (Array.isArray(raw.publishers) ? raw.publishers : []).map((p: any, i: number) => {
      if (typeof p?.match !== 'string' || !p.match) throw invalidInput(`${file}: publishers[${i}].match: a host or name is required`);
      return { match: p.match.toLowerCase(), name: p.name, grade: parseGrade(String(p.grade), `${file}: publishers[${i}].grade`) };
    }),
  };
  if (!RELIABILITY.includes(table.default.source)) throw invalidInput(`${file}: default grade is invalid`);
  cached = { file, table };
  return table;
}

/** The grade of a publisher (a host such as "reuters.com" or a name such as "Reuters"). */
export function gradeOf(publisher: string | null, table: PublisherTable = loadPublisherTable()): Grade {
  if (!publisher) return table.default;
  const p = publisher.toLowerCase().replace(/^www\./, '');
  for (const entry of table.publishers) {
    if (p === entry.match || p.endsWith(`.${entry.match}`) || (entry.name && entry.name.toLowerCase() === p)) return entry.grade;
  }
  return table.default;
}
