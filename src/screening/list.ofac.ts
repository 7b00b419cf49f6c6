import { toCountryCodes } from './list.countries.js';
import { parseBirthDates } from './list.dates.js';
import { refuse } from './list.decode.js';
import { clean } from './list.entry.js';
import type { EntryType, ListEntry, ListName, ParsedList } from './screening.types.js';

/** OFAC SDN legacy CSV: no header, these 12 columns, `-0-` for an empty value. */
export const OFAC_COLUMNS = ['ent_num', 'name', 'type', 'program', 'title', 'call_sign', 'vess_type', 'tonnage', 'grt', 'vess_flag', 'vess_owner', 'remarks'] as const;

const TYPES: Record<string, EntryType> = { '': 'organization', individual: 'person', vessel: 'vessel', aircraft: 'aircraft' };

/** Problems listed in a refusal before the rest are only counted. */
const MAX_PROBLEMS = 20;

/**
 * Identifier labels OFAC writes in remarks ("Passport A123 (Iran)", "Tax ID No. 77"),
 * longest first so "Diplomatic Passport" wins over "Passport". The value is what follows,
 * up to a parenthesis (the issuing country) or "issued"/"expires".
 */
const ID_KINDS = [
  "Aircraft Manufacturer's Serial Number (MSN)", 'Aircraft Tail Number', 'Birth Certificate Number', 'Business Number', 'Business Registration Number',
  'C.R. No.', 'C.U.I.', 'C.U.I.T.', 'C.U.R.P.', 'Cedula No.', 'Central Registration System Number', 'Chamber of Commerce Number', 'Commercial Registry Number',
  'Company Number', 'Credencial electoral', 'D-U-N-S Number', 'D.N.I.', 'Digital Currency Address - [A-Z0-9]+', 'Diplomatic Passport', "Driver's License No.",
  'Economic Register Number \\(CBLS\\)', 'Electoral Registry No.', 'Enterprise Number', 'Folio Mercantil No.', 'Identification Number', 'Italian Fiscal Code',
  'Legal Entity Number', 'MMSI', 'Matricula Mercantil No', 'NIT #', 'National Foreign ID Number', 'National ID No.', 'Passport', 'Personal ID Card',
  'Public Registration Number', 'R.F.C.', 'RFC', 'RUC #', 'Registration ID', 'Registration Number', 'Residency Number', 'SSN', 'SWIFT/BIC', 'Tax ID No.',
  'Trade License No.', 'UK Company Number', 'US FEIN', 'Unified Social Credit Code \\(USCC\\)', 'V.A.T. Number',
]
  .map((k) => (k.includes('\\') ? k : k.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')))
  .sort((a, b) => b.length - a.length);
const ID_RE = new RegExp(`^(?:alt\\.\\s+)?(${ID_KINDS.join('|')})\\s+(.+)$`);

/**
 * Reads the OFAC SDN list in its legacy CSV form (SDN.CSV). Every record must have the 12
 * columns; a file with any bad record is refused as a whole, listing each bad line.
 *
 * Names: the primary name is strong. Aliases in this file come only from the remarks
 * ("a.k.a. 'X'", "f.k.a. 'Y'", "n.k.a. 'Z'"), and OFAC puts exactly its *weak* (low-quality)
 * aliases there — the strong ones live in ALT.CSV, which is a separate file — so every
 * remarks alias is weak, whatever its prefix.
 *
 * Countries: nationality, citizenship, nationality of registration, and a vessel's flag.
 * Places of birth and addresses are not countries of the entry and are left in remarks.
 */
export function parseOfacSdnCsv(text: string, fileName: string): ParsedList {
  const records = readCsv(text, fileName);
  const problems: { record: string; message: string }[] = [];
  const entries: ListEntry[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const where = `line ${info.lines}`;
    if (record.length !== OFAC_COLUMNS.length) {
      problems.push({ record: where, message: `${record.length} columns, expected ${OFAC_COLUMNS.length} (${OFAC_COLUMNS.join(', ')})` });
      continue;
    }
    const f = record.map((v) => {
      const t = clean(v);
      return t === '-0-' ? '' : t;
    });
    const [entNum, name, type, program, title, callSign, vessType, tonnage, grt, vessFlag, vessOwner, remarks] = f;
    if (!/^\d+$/.test(entNum)) problems.push({ record: where, message: `ent_num ${JSON.stringify(entNum)} is not a number` });
    else if (seen.has(entNum)) problems.push({ record: where, message: `ent_num ${entNum} repeats line ${seen.get(entNum)}` });
    if (!name) problems.push({ record: where, message: 'the name is empty' });
    const entryType = TYPES[type.toLowerCase()];
    if (!entryType) problems.push({ record: where, message: `unknown type ${JSON.stringify(type)} (expected -0-, individual, vessel or aircraft)` });
    if (problems.length >= MAX_PROBLEMS) break;
    if (problems.length) continue;
    seen.set(entNum, info.lines);

    const fromRemarks = readRemarks(remarks);
    const names: ListName[] = [{ name, quality: 'strong' }, ...fromRemarks.aliases.map((a) => ({ name: a, quality: 'weak' as const }))];
    const identifiers = [...fromRemarks.identifiers];
    if (callSign) identifiers.push({ kind: 'Call Sign', value: callSign });
    const extra = [
      title && `Title: ${title}`,
      vessType && `Vessel type: ${vessType}`,
      vessFlag && `Flag: ${vessFlag}`,
      vessOwner && `Owner: ${vessOwner}`,
      tonnage && `Tonnage: ${tonnage}`,
      grt && `GRT: ${grt}`,
    ].filter(Boolean);
    entries.push({
      entryId: entNum,
      type: entryType,
      names,
      countries: toCountryCodes([...fromRemarks.countries, ...(vessFlag ? [vessFlag] : [])]),
      birthDates: fromRemarks.birthDates,
      identifiers,
      programmes: program ? program.split(/\]\s*\[/).map((p) => p.replace(/[[\]]/g, '').trim()).filter(Boolean) : [],
      remarks: [remarks, ...extra].filter(Boolean).join('; ') || null,
    });
  }
  if (problems.length) {
    throw refuse(fileName, `${problems.length >= MAX_PROBLEMS ? `at least ${MAX_PROBLEMS}` : problems.length} bad record(s) in the OFAC SDN CSV`, problems);
  }
  return { list: 'ofac-sdn', format: 'ofac-sdn-csv', publishedOn: null, entries };
}

interface Remarks {
  aliases: string[];
  birthDates: string[];
  countries: string[];
  identifiers: { kind: string; value: string }[];
}

/** The facts OFAC writes into remarks, one per `;`-separated segment. */
export function readRemarks(remarks: string): Remarks {
  const out: Remarks = { aliases: [], birthDates: [], countries: [], identifiers: [] };
  if (!remarks) return out;
  for (const raw of splitSegments(remarks)) {
    const seg = raw.replace(/\.$/, '').trim();
    let m = /^[afn]\.k\.a\.,?\s+'(.*)'$/i.exec(seg) ?? /^[afn]\.k\.a\.,?\s+"(.*)"$/i.exec(seg);
    if (m) {
      if (clean(m[1])) out.aliases.push(clean(m[1]));
      continue;
    }
    m = /^(?:alt\.\s+)?DOB\s+(.+)$/i.exec(seg);
    if (m) {
      out.birthDates.push(...parseBirthDates(m[1]));
      continue;
    }
    m = /^(?:alt\.\s+)?(?:Nationality of Registration|nationality|citizen)\s+(.+)$/i.exec(seg);
    if (m) {
      out.countries.push(m[1]);
      continue;
    }
    m = /^(?:Vessel Registration Identification|Identification Number)\s+IMO\s+(\d{7})/.exec(seg);
    if (m) {
      out.identifiers.push({ kind: 'IMO', value: m[1] });
      continue;
    }
    m = ID_RE.exec(seg);
    if (m) {
      const value = m[2].replace(/\s*\(.*$/, '').replace(/\s+(issued|expires)\b.*$/i, '').trim();
      if (value) out.identifiers.push({ kind: m[1], value });
    }
  }
  return out;
}

/** Splits remarks on `;` outside the quotes of an a.k.a. */
function splitSegments(remarks: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < remarks.length; i++) {
    const c = remarks[i];
    if (c === "'" && (quoted ? /[;.\s]|$/.test(remarks[i + 1] ?? '') : /\.k\.a\.,?\s+$/.test(remarks.slice(Math.max(0, i - 10), i)))) quoted = !quoted;
    else if (c === ';' && !quoted) {
      out.push(remarks.slice(start, i));
      start = i + 1;
    }
  }
  out.push(remarks.slice(start));
  return out.map((s) => s.trim()).filter(Boolean);
}

/**
 * Splits CSV text into records (RFC 4180: quoted fields may hold commas, doubled quotes and
 * line breaks), each with the line it starts on. Written here rather than taken from
 * csv-parse because that took over a second on the 3.5 MB SDN file; this takes tens of ms.
 * A quote that opens inside an unquoted field, or never closes, refuses the file.
 */
export function readCsv(text: string, fileName: string): { record: string[]; info: { lines: number } }[] {
  const out: { record: string[]; info: { lines: number } }[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    const start = line;
    const record: string[] = [];
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === 34) {
        let j = i + 1;
        let buf = '';
        for (;;) {
          const q = text.indexOf('"', j);
          if (q === -1) throw refuse(fileName, 'the CSV cannot be read', [{ record: `line ${start}`, message: 'a quoted field is never closed' }]);
          buf += text.slice(j, q);
          if (text.charCodeAt(q + 1) === 34) {
            buf += '"';
            j = q + 2;
          } else {
            i = q + 1;
            break;
          }
        }
        for (let k = buf.indexOf('\n'); k !== -1; k = buf.indexOf('\n', k + 1)) line++;
        // OFAC pads some values with spaces after the closing quote.
        while (text[i] === ' ') i++;
        value = buf;
        const c = text[i];
        if (i < n && c !== ',' && c !== '\n' && c !== '\r') {
          throw refuse(fileName, 'the CSV cannot be read', [{ record: `line ${line}`, message: `unexpected ${JSON.stringify(c)} after a closing quote` }]);
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === 44 || c === 10 || c === 13) break;
          if (c === 34) throw refuse(fileName, 'the CSV cannot be read', [{ record: `line ${line}`, message: 'a quote inside an unquoted field' }]);
          j++;
        }
        value = text.slice(i, j);
        i = j;
      }
      record.push(value);
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      line++;
      break;
    }
    if (!(record.length === 1 && record[0].trim() === '')) out.push({ record, info: { lines: start } });
  }
  return out;
}
