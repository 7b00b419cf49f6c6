import { type Problem, invalidInput } from '../shared/errors.js';
import type { ParsedList } from './screening.types.js';

export type ListFormat = ParsedList['format'];

/** Refuses a list file: one message naming the file, and where in it each problem is. */
export function refuse(fileName: string, message: string, problems: Omit<Problem, 'source'>[] = []) {
  return invalidInput(`${fileName}: ${message}; nothing was imported`, problems.map((p) => ({ source: fileName, ...p })));
}

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/**
 * The file's text. Lists are published as UTF-8 (with or without a byte-order mark); UTF-16
 * with a byte-order mark is accepted too. Anything else — another encoding, a compressed
 * or binary file — is refused rather than guessed at, because a mis-decoded name would
 * silently never match. OFAC's legacy files end with a DOS end-of-file byte (0x1A), which
 * is dropped; any other control character is refused with its line.
 */
export function decodeListFile(bytes: Uint8Array, fileName: string): string {
  if (bytes.length === 0) throw refuse(fileName, 'the file is empty');
  if ((bytes[0] === 0x1f && bytes[1] === 0x8b) || (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03)) {
    throw refuse(fileName, 'this is a compressed file (gzip or zip); unpack it first');
  }
  let text: string;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    text = new TextDecoder(bytes[0] === 0xff ? 'utf-16le' : 'utf-16be').decode(bytes);
  } else {
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      const at = firstInvalidUtf8(bytes);
      const line = 1 + bytes.subarray(0, at).reduce((n, b) => n + (b === 0x0a ? 1 : 0), 0);
      const binary = bytes.subarray(0, Math.min(bytes.length, 4096)).includes(0);
      throw refuse(fileName, binary ? 'this is a binary file, not a list' : 'the file is not UTF-8 text', [
        { record: `line ${line}`, message: `byte 0x${bytes[at].toString(16).padStart(2, '0')} at offset ${at} is not valid UTF-8` },
      ]);
    }
  }
  text = text.replace(/\x1a\s*$/, '').trimEnd();
  const nul = text.indexOf('\x00');
  const control = nul === -1 ? /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.exec(text) : { 0: '\x00', index: nul };
  if (control) {
    const binary = nul !== -1;
    throw refuse(fileName, binary ? 'this is a binary file, not a list' : 'the file contains control characters', [
      { record: `line ${lineAt(text, control.index)}`, message: `control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0')}` },
    ]);
  }
  return text;
}

function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    const len = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (len === 0 || i + len > bytes.length) return i;
    for (let k = 1; k < len; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += len;
  }
  return Math.max(0, bytes.length - 1);
}

/**
 * Which format a list file is in, from its content alone (the file name is not consulted):
 * the XML root element, a JSON object with `schema` and `properties` on the first line, or
 * a CSV whose first record has OFAC's 12 columns and a numeric ent_num.
 */
export function detectListFormat(text: string, fileName: string): ListFormat {
  const head = text.replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('<')) {
    const root = /<([A-Za-z_][\w.-]*)[\s>/]/.exec(head.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g, '').trimStart());
    const name = root?.[1] ?? '';
    if (name === 'CONSOLIDATED_LIST') return 'un-sc-xml';
    if (name === 'data-set' && /<record[\s>]/.test(head.slice(0, 4096))) return 'ca-sema-xml';
    throw refuse(fileName, `unrecognised XML list (root element <${name || '?'}>); expected the UN SC consolidated list (<CONSOLIDATED_LIST>) or Canada's SEMA list (<data-set> of <record>)`);
  }
  if (head.startsWith('{')) {
    const first = head.slice(0, head.indexOf('\n') === -1 ? head.length : head.indexOf('\n'));
    try {
      const obj = JSON.parse(first) as Record<string, unknown>;
      if (typeof obj.schema === 'string' && obj.properties && typeof obj.properties === 'object') return 'ftm-jsonl';
    } catch {
      // falls through to the refusal below
    }
    throw refuse(fileName, 'unrecognised JSON: expected FollowTheMoney JSON lines (one {id, schema, properties} object a line)', [{ record: 'line 1', message: 'not an FtM entity' }]);
  }
  const firstLine = head.slice(0, head.search(/\r?\n|$/));
  if (/^\d+,"/.test(firstLine) && countCsvFields(firstLine) === 12) return 'ofac-sdn-csv';
  throw refuse(fileName, 'unrecognised list format: not XML, not FtM JSON lines, and not the OFAC SDN CSV (12 columns, the first a numeric ent_num, no header)', [
    { record: 'line 1', message: `starts ${JSON.stringify(firstLine.slice(0, 60))}` },
  ]);
}

/** Fields in one CSV line (quotes honoured), for format detection only. */
function countCsvFields(line: string): number {
  let n = 1;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) n++;
  }
  return n;
}
