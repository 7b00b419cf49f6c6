import { toCountryCodes } from './list.countries.js';
import { parseBirthDates } from './list.dates.js';
import { refuse } from './list.decode.js';
import type { EntryType, ListEntry, ListName, ParsedList } from './screening.types.js';

/** FtM schemata that are screening targets; others (Address, Sanction, Ownership…) are skipped. */
const SCHEMATA: Record<string, EntryType> = {
  Person: 'person',
  Organization: 'organization',
  Company: 'organization',
  LegalEntity: 'organization',
  PublicBody: 'organization',
  Vessel: 'vessel',
  Airplane: 'aircraft',
};

/** Identifier properties of FtM things, with the label used for them here. */
const ID_PROPS: Record<string, string> = {
  idNumber: 'ID number',
  passportNumber: 'Passport',
  taxNumber: 'Tax ID',
  registrationNumber: 'Registration Number',
  innCode: 'INN',
  ogrnCode: 'OGRN',
  leiCode: 'LEI',
  swiftBic: 'SWIFT/BIC',
  imoNumber: 'IMO',
  mmsi: 'MMSI',
  callSign: 'Call Sign',
  registrationNumberAircraft: 'Registration Number',
  serialNumber: 'Serial Number',
  vatCode: 'VAT',
};

const MAX_PROBLEMS = 20;

/**
 * Reads FollowTheMoney entities, one JSON object a line (the OpenSanctions export shape:
 * `{id, schema, properties: {name: [], …}, datasets: []}`). Names: `name`, `alias` and
 * `previousName` strong, `weakAlias` weak. Countries: `country`, `nationality`,
 * `citizenship`, `jurisdiction`, `flag` (FtM writes ISO codes in lower case; codes that are
 * not ISO, such as `suhh`, are dropped). The list is named after the dataset most entities
 * carry first, unless the caller names it.
 */
export function parseFtmJsonl(text: string, fileName: string): ParsedList & { skipped: number } {
  const entries: ListEntry[] = [];
  const problems: { record: string; message: string }[] = [];
  const datasets = new Map<string, number>();
  const seen = new Map<string, number>();
  let skipped = 0;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length && problems.length < MAX_PROBLEMS; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const where = `line ${i + 1}`;
    let obj: { id?: unknown; schema?: unknown; properties?: Record<string, unknown>; datasets?: unknown };
    try {
      obj = JSON.parse(line);
    } catch (e) {
      problems.push({ record: where, message: `not JSON: ${(e as Error).message}` });
      continue;
    }
    if (typeof obj !== 'object' || obj === null || typeof obj.id !== 'string' || typeof obj.schema !== 'string' || typeof obj.properties !== 'object' || obj.properties === null) {
      problems.push({ record: where, message: 'not an FtM entity (needs string id, string schema, object properties)' });
      continue;
    }
    const type = SCHEMATA[obj.schema];
    if (!type) {
      skipped++;
      continue;
    }
    if (seen.has(obj.id)) {
      problems.push({ record: where, message: `id ${obj.id} repeats line ${seen.get(obj.id)}` });
      continue;
    }
    seen.set(obj.id, i + 1);
    const p = obj.properties;
    const values = (k: string): string[] => (Array.isArray(p[k]) ? (p[k] as unknown[]).filter((v): v is string => typeof v === 'string') : []);
    const names: ListName[] = [
      ...values('name').map((name) => ({ name, quality: 'strong' as const })),
      ...values('alias').map((name) => ({ name, quality: 'strong' as const })),
      ...values('previousName').map((name) => ({ name, quality: 'strong' as const })),
      ...values('weakAlias').map((name) => ({ name, quality: 'weak' as const })),
    ];
    if (names.length === 0) {
      problems.push({ record: where, message: `entity ${obj.id} has no name` });
      continue;
    }
    const ds = Array.isArray(obj.datasets) ? obj.datasets.filter((d): d is string => typeof d === 'string') : [];
    if (ds[0]) datasets.set(ds[0], (datasets.get(ds[0]) ?? 0) + 1);
    entries.push({
      entryId: obj.id,
      type,
      names,
      countries: toCountryCodes(['country', 'nationality', 'citizenship', 'jurisdiction', 'flag'].flatMap(values)),
      birthDates: values('birthDate').flatMap(parseBirthDates),
      identifiers: Object.entries(ID_PROPS).flatMap(([prop, kind]) => values(prop).map((value) => ({ kind, value }))),
      programmes: values('program'),
      remarks: [...values('notes'), ...values('summary'), ...values('position').map((v) => `Position: ${v}`)].join('; ') || null,
    });
  }
  if (problems.length) throw refuse(fileName, `${problems.length >= MAX_PROBLEMS ? `at least ${MAX_PROBLEMS}` : problems.length} bad line(s) in the FtM file`, problems);
  if (entries.length === 0) throw refuse(fileName, `no screenable FtM entity (Person, Organization, Company, LegalEntity, Vessel, Airplane); ${skipped} other entities`);
  const list = [...datasets.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 'ftm';
  return { list, format: 'ftm-jsonl', publishedOn: null, entries, skipped };
}
