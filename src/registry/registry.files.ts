import { isUtf8 } from 'node:buffer';
import { createHash, webcrypto } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { AppError, type Problem } from '../shared/errors.js';
import { type Locator, type Path, jsonLocator } from './bundle.validate.js';

export interface LoadedInput {
  raw: unknown;
  locator: Locator;
  /** SHA-256 of the file's bytes. */
  contentHash: string;
}

async function readBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    throw new AppError('invalid_input', `${path}: cannot read file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
}

function decodeUtf8(path: string, bytes: Buffer): string {
  // isUtf8 and toString are both SIMD-accelerated; a fatal TextDecoder is several times slower.
  if (!isUtf8(bytes)) throw new AppError('invalid_input', `${path}: the file is not UTF-8 text`);
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Reads a registry bundle (JSON); a syntax error is reported with its line and column. */
export async function readBundleFile(path: string): Promise<LoadedInput> {
  const bytes = await readBytes(path);
  // WebCrypto digests on libuv's thread pool: the file is hashed while it is parsed here.
  const digest = webcrypto.subtle.digest('SHA-256', bytes);
  digest.catch(() => {}); // awaited below; a parse error must not leave it unhandled
  const text = decodeUtf8(path, bytes);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const msg = (e as Error).message;
    const pos = /position (\d+)/.exec(msg);
    const where = pos ? lineCol(text, Number(pos[1])) : '';
    throw new AppError('invalid_input', `${path}${where}: not valid JSON (${msg})`);
  }
  return { raw, locator: jsonLocator(basename(path), raw), contentHash: Buffer.from(await digest).toString('hex') };
}

function lineCol(text: string, pos: number): string {
  const before = text.slice(0, pos);
  const line = before.split('\n').length;
  const col = pos - before.lastIndexOf('\n');
  return `: line ${line}, column ${col}`;
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Permit CSV: one row per permit line. Columns (header row required, any order):
 * permit_id, exporter_id, origin, destination, end_user_id, item_id, quantity (required);
 * consignee_id, ultimate_end_user_id, end_use, issued_on, expires_on, status,
 * programme_tags (separated by ";"), value, currency, assurance_kind, no_reexport
 * (true/false/yes/no/1/0), excluded_regions (";"), assurance_notes (optional).
 * Permit-level columns must agree on every row of the same permit.
 */
export const csvColumns = {
  required: ['permit_id', 'exporter_id', 'origin', 'destination', 'end_user_id', 'item_id', 'quantity'],
  optional: [
    'consignee_id',
    'ultimate_end_user_id',
    'end_use',
    'issued_on',
    'expires_on',
    'status',
    'programme_tags',
    'value',
    'currency',
    'assurance_kind',
    'no_reexport',
    'excluded_regions',
    'assurance_notes',
  ],
} as const;

const permitColumns: Record<string, string> = {
  id: 'permit_id',
  exporterId: 'exporter_id',
  origin: 'origin',
  destination: 'destination',
  consigneeId: 'consignee_id',
  endUserId: 'end_user_id',
  ultimateEndUserId: 'ultimate_end_user_id',
  endUse: 'end_use',
  issuedOn: 'issued_on',
  expiresOn: 'expires_on',
  status: 'status',
  programmeTags: 'programme_tags',
};
const lineColumns: Record<string, string> = { itemId: 'item_id', quantity: 'quantity', value: 'value', currency: 'currency' };
const assuranceColumns: Record<string, string> = {
  kind: 'assurance_kind',
  noReexport: 'no_reexport',
  excludedRegions: 'excluded_regions',
  notes: 'assurance_notes',
};

const yesNo: Record<string, boolean> = { true: true, yes: true, y: true, '1': true, false: false, no: false, n: false, '0': false, '': false };

const splitList = (s: string) => s.split(';').map((x) => x.trim()).filter(Boolean);

export async function readPermitsCsv(path: string): Promise<LoadedInput> {
  const bytes = await readBytes(path);
  const text = decodeUtf8(path, bytes);
  const source = basename(path);
  let rows: string[][];
  try {
    rows = parseCsv(text, { relax_column_count: false, skip_empty_lines: true, trim: true });
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new AppError('invalid_input', `${source}${err.lines ? `: line ${err.lines}` : ''}: not valid CSV (${err.message})`);
  }
  if (rows.length === 0) throw new AppError('invalid_input', `${source}: the file is empty (a header row is required)`);
  const header = rows[0].map((h) => h.toLowerCase());
  const known = new Set<string>([...csvColumns.required, ...csvColumns.optional]);
  const problems: Problem[] = [];
  for (const h of header) if (!known.has(h)) problems.push({ source, record: 'line 1', field: h, message: 'unknown column' });
  for (const r of csvColumns.required) if (!header.includes(r)) problems.push({ source, record: 'line 1', field: r, message: 'required column is missing' });
  if (problems.length) throw new AppError('invalid_input', `${source}: the header is not valid; nothing was imported`, problems);

  const col = (row: string[], name: string) => {
    const i = header.indexOf(name);
    return i < 0 ? '' : (row[i] ?? '');
  };
  const permits: Record<string, unknown>[] = [];
  const byId = new Map<string, { index: number; firstLine: number; lineRows: number[]; key: string }>();
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    const lineNo = r + 1;
    const num = (name: string, required: boolean): number | null | string => {
      const v = col(row, name);
      if (v === '') return required ? '' : null;
      const n = Number(v.replace(/,/g, ''));
      return Number.isFinite(n) ? n : v; // a non-number is passed on for the schema to report
    };
    const line = { itemId: col(row, 'item_id'), quantity: num('quantity', true), value: num('value', false), currency: col(row, 'currency') || null };
    const id = col(row, 'permit_id');
    const permitFields: Record<string, unknown> = {
      id,
      exporterId: col(row, 'exporter_id'),
      origin: col(row, 'origin').toUpperCase(),
      destination: col(row, 'destination').toUpperCase(),
      consigneeId: col(row, 'consignee_id') || null,
      endUserId: col(row, 'end_user_id'),
      ultimateEndUserId: col(row, 'ultimate_end_user_id') || null,
      endUse: col(row, 'end_use') || null,
      issuedOn: col(row, 'issued_on') || null,
      expiresOn: col(row, 'expires_on') || null,
      programmeTags: splitList(col(row, 'programme_tags')),
    };
    const status = col(row, 'status');
    if (status) permitFields.status = status;
    const assuranceKind = col(row, 'assurance_kind');
    if (assuranceKind) {
      const nr = col(row, 'no_reexport').toLowerCase();
      const noReexport = yesNo[nr];
      if (noReexport === undefined) {
        problems.push({ source, record: `line ${lineNo}`, field: 'no_reexport', message: `'${col(row, 'no_reexport')}' is not one of true, false, yes, no, 1, 0` });
      }
      permitFields.assurances = [
        {
          kind: assuranceKind,
          noReexport: noReexport ?? false,
          excludedRegions: splitList(col(row, 'excluded_regions')),
          notes: col(row, 'assurance_notes') || null,
        },
      ];
    }
    const key = JSON.stringify(permitFields);
    const seen = byId.get(id);
    if (!seen) {
      byId.set(id, { index: permits.length, firstLine: lineNo, lineRows: [lineNo], key });
      permits.push({ ...permitFields, lines: [line] });
    } else {
      if (seen.key !== key) {
        const first = JSON.parse(seen.key) as Record<string, unknown>;
        const differing = Object.keys(permitFields).filter((k) => JSON.stringify(first[k]) !== JSON.stringify(permitFields[k]));
        for (const k of differing) {
          problems.push({
            source,
            record: `line ${lineNo}`,
            field: permitColumns[k] ?? (k === 'assurances' ? 'assurance columns' : k),
            message: `permit ${id}: differs from line ${seen.firstLine} (every row of a permit must repeat the same permit columns)`,
          });
        }
      }
      seen.lineRows.push(lineNo);
      (permits[seen.index].lines as unknown[]).push(line);
    }
  }
  if (problems.length) throw new AppError('invalid_input', `${source}: ${problems.length} problem(s); nothing was imported`, problems);

  const rowsOf = [...byId.values()].sort((a, b) => a.index - b.index);
  const locator: Locator = {
    source,
    locate(_collection, index, path: Path) {
      if (index === null) return {};
      const p = rowsOf[index];
      const [head, j, sub] = path;
      if (head === 'lines' && typeof j === 'number') {
        return { record: `line ${p.lineRows[j] ?? p.firstLine}`, field: typeof sub === 'string' ? (lineColumns[sub] ?? sub) : undefined };
      }
      if (head === 'assurances') return { record: `line ${p.firstLine}`, field: assuranceColumns[String(sub ?? path[2])] ?? 'assurance_kind' };
      return { record: `line ${p.firstLine}`, field: typeof head === 'string' ? (permitColumns[head] ?? head) : undefined };
    },
  };
  return { raw: { permits }, locator, contentHash: sha256(bytes) };
}
