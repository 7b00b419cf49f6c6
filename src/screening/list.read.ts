import { createHash } from 'node:crypto';
import { decodeListFile, detectListFormat } from './list.decode.js';
import { normaliseEntry } from './list.entry.js';
import { parseFtmJsonl } from './list.ftm.js';
import { parseOfacSdnCsv } from './list.ofac.js';
import { parseCaSemaXml } from './list.sema.js';
import { parseUnScXml } from './list.un.js';
import type { ParsedList } from './screening.types.js';

export interface ReadList extends ParsedList {
  /** sha256 of the file's bytes: the same file imported twice is recognised by it. */
  contentHash: string;
  /** FtM entities of other schemata (addresses, sanctions, ownerships) left out. */
  skipped: number;
}

/**
 * Reads a list file of any supported format, recognised by its content. Pure: bytes in,
 * normalised entries out; a file that cannot be read whole is refused with an
 * `invalid_input` error naming the file and the line or record.
 */
export function readListFile(bytes: Uint8Array, fileName: string): ReadList {
  const contentHash = createHash('sha256').update(bytes).digest('hex');
  const text = decodeListFile(bytes, fileName);
  const format = detectListFormat(text, fileName);
  let parsed: ParsedList & { skipped?: number };
  switch (format) {
    case 'ofac-sdn-csv':
      parsed = parseOfacSdnCsv(text, fileName);
      break;
    case 'un-sc-xml':
      parsed = parseUnScXml(text, fileName);
      break;
    case 'ca-sema-xml':
      parsed = parseCaSemaXml(text, fileName);
      break;
    case 'ftm-jsonl':
      parsed = parseFtmJsonl(text, fileName);
      break;
  }
  return {
    list: parsed.list,
    format: parsed.format,
    publishedOn: parsed.publishedOn,
    entries: parsed.entries.map(normaliseEntry),
    contentHash,
    skipped: parsed.skipped ?? 0,
  };
}

/** A yyyy-mm-dd date in a file name ("ofac_sdn_2024-02-20.csv"), for lists whose files carry no date. */
export function dateInFileName(fileName: string): string | null {
  const m = /(?:^|[^\d])(\d{4}-\d{2}-\d{2})(?:[^\d]|$)/.exec(fileName.split(/[\\/]/).pop() ?? '');
  return m && !Number.isNaN(Date.parse(m[1])) ? m[1] : null;
}
