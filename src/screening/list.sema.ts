import { parseBirthDates } from './list.dates.js';
import { refuse } from './list.decode.js';
import { clean } from './list.entry.js';
import { all, parseXml, textOf } from './list.xml.js';
import type { ListEntry, ListName, ParsedList } from './screening.types.js';

/** A comma-separated piece that is only a legal form belongs to the name before it ("Co., Ltd."). */
const LEGAL_TAIL = /^(ltd|limited|inc|llc|llp|plc|co|corp|s\.?a|s\.?a\.?r\.?l|gmbh|ag|jsc|ojsc|pjsc|cjsc|ooo|oao|zao|pao|ao|fze|fzco|bv|nv|srl|spa|pte|sdn bhd|pvt|lp)\.?( ltd\.?| limited)?$/i;

/**
 * Reads Canada's consolidated autonomous sanctions list (SEMA and JVCFOR) XML: a
 * `<data-set>` of `<record>`s. A record names an entity (`Entity`) or a person (`GivenName`,
 * `LastName`); ships have neither type nor identifier in this file and come in as entities.
 *
 * The list has no id of its own: an entry is known by its regime, schedule and item number
 * ("iran/1/85"), which is how the regulations cite it. The `Country` element is the
 * sanctions regime, not the entry's nationality (the Ukraine regime lists Russians), so it
 * goes to `programmes` and `countries` stays empty. Aliases are strong: the list grades none.
 */
export function parseCaSemaXml(text: string, fileName: string): ParsedList {
  const doc = parseXml(text, fileName, new Set(['record']));
  const set = doc['data-set'] as Record<string, unknown> | undefined;
  if (!set || typeof set !== 'object') throw refuse(fileName, 'no <data-set> element');
  const entries: ListEntry[] = [];
  const problems: { record: string; message: string }[] = [];
  const seen = new Map<string, number>();
  all(set.record).forEach((r, i) => {
    const where = `record ${i + 1}`;
    const regime = textOf(r.Country);
    const item = textOf(r.Item);
    const entity = textOf(r.Entity);
    const person = clean(`${textOf(r.GivenName)} ${textOf(r.LastName)}`);
    if (!regime || !item) return void problems.push({ record: where, message: 'no Country (regime) or Item number' });
    if (!entity && !person) return void problems.push({ record: where, message: 'neither Entity nor GivenName/LastName' });
    const entryId = `${regimeSlug(regime)}/${textOf(r.Schedule) || '-'}/${item}`;
    if (seen.has(entryId)) return void problems.push({ record: where, message: `${entryId} repeats record ${seen.get(entryId)}` });
    seen.set(entryId, i + 1);
    const names: ListName[] = [{ name: entity || person, quality: 'strong' }];
    for (const alias of splitAliases(textOf(r.Aliases))) names.push({ name: alias, quality: 'strong' });
    const title = textOf(r.Title);
    entries.push({
      entryId,
      type: entity ? 'organization' : 'person',
      names,
      countries: [],
      birthDates: parseBirthDates(textOf(r.DateOfBirth)),
      identifiers: [],
      programmes: [regime.split(' / ')[0].trim()],
      remarks: title ? `Title: ${title}` : null,
    });
  });
  if (problems.length) throw refuse(fileName, `${problems.length} bad record(s) in the SEMA list`, problems.slice(0, 20));
  if (entries.length === 0) throw refuse(fileName, 'the SEMA list has no record');
  return { list: 'ca-sema', format: 'ca-sema-xml', publishedOn: null, entries };
}

/** "Burma / Birmanie" → burma; "Justice for … (JVCFOR) / …" → jvcfor. */
function regimeSlug(regime: string): string {
  const english = regime.split(' / ')[0];
  const acronym = /\(([A-Z]{3,})\)/.exec(english)?.[1];
  return (acronym ?? english)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Aliases are comma-separated, but "Co., Ltd." is one name: legal-form pieces rejoin the name before. */
export function splitAliases(raw: string): string[] {
  const out: string[] = [];
  for (const piece of raw.split(',').map((p) => p.trim()).filter(Boolean)) {
    if (out.length && LEGAL_TAIL.test(piece)) out[out.length - 1] += `, ${piece}`;
    else out.push(piece);
  }
  return out;
}
