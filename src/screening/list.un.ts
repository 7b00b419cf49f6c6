import { toCountryCodes } from './list.countries.js';
import { parseBirthDates } from './list.dates.js';
import { refuse } from './list.decode.js';
import { clean } from './list.entry.js';
import { all, lineOf, parseXml, textOf } from './list.xml.js';
import type { ListEntry, ListName, ParsedList } from './screening.types.js';

const ARRAYS = new Set([
  'INDIVIDUAL', 'ENTITY', 'INDIVIDUAL_ALIAS', 'ENTITY_ALIAS', 'INDIVIDUAL_DATE_OF_BIRTH', 'INDIVIDUAL_DOCUMENT',
  'INDIVIDUAL_ADDRESS', 'ENTITY_ADDRESS', 'NATIONALITY', 'VALUE', 'TITLE', 'DESIGNATION',
]);

/**
 * Reads the UN Security Council consolidated list (schema sc-sanctions.xsd). The entry id
 * is REFERENCE_NUMBER ("KPi.033"). Names: FIRST..FOURTH_NAME joined in order and
 * NAME_ORIGINAL_SCRIPT are strong; an alias of QUALITY "Low" is weak, every other quality
 * ("Good", "a.k.a.", "f.k.a.", none) strong. Countries: nationality values, and the
 * countries of the listed addresses. publishedOn is the date part of `dateGenerated`.
 */
export function parseUnScXml(text: string, fileName: string): ParsedList {
  const doc = parseXml(text, fileName, ARRAYS);
  const root = doc.CONSOLIDATED_LIST as Record<string, unknown> | undefined;
  if (!root || typeof root !== 'object') throw refuse(fileName, 'no <CONSOLIDATED_LIST> element');
  const generated = textOf(root['@dateGenerated']);
  const entries: ListEntry[] = [];
  const problems: { record: string; message: string }[] = [];
  const seen = new Set<string>();
  const individuals = all((root.INDIVIDUALS as Record<string, unknown> | undefined)?.INDIVIDUAL);
  const entities = all((root.ENTITIES as Record<string, unknown> | undefined)?.ENTITY);
  for (const [kind, rows] of [['INDIVIDUAL', individuals], ['ENTITY', entities]] as const) {
    rows.forEach((r, i) => {
      const ref = textOf(r.REFERENCE_NUMBER);
      const dataId = textOf(r.DATAID);
      const where = () => {
        const line = dataId ? lineOf(text, `<DATAID>${dataId}</DATAID>`) : null;
        return `${kind} ${i + 1}${dataId ? ` (DATAID ${dataId})` : ''}${line ? `, line ${line}` : ''}`;
      };
      if (!ref) return void problems.push({ record: where(), message: 'no REFERENCE_NUMBER' });
      if (seen.has(ref)) return void problems.push({ record: where(), message: `REFERENCE_NUMBER ${ref} repeats` });
      seen.add(ref);
      const primary = clean(['FIRST_NAME', 'SECOND_NAME', 'THIRD_NAME', 'FOURTH_NAME'].map((k) => textOf(r[k])).join(' '));
      if (!primary) return void problems.push({ record: where(), message: 'no name (FIRST_NAME is empty)' });
      const names: ListName[] = [{ name: primary, quality: 'strong' }];
      const original = textOf(r.NAME_ORIGINAL_SCRIPT);
      if (original) names.push({ name: original, quality: 'strong' });
      for (const a of all(r[`${kind}_ALIAS`])) {
        const name = textOf(a.ALIAS_NAME);
        if (name) names.push({ name, quality: textOf(a.QUALITY).toLowerCase() === 'low' ? 'weak' : 'strong' });
      }
      const nationality = all(r.NATIONALITY).flatMap((n) => (Array.isArray(n.VALUE) ? n.VALUE : [n.VALUE]).map(textOf));
      const addressCountries = all(r[`${kind}_ADDRESS`]).map((a) => textOf(a.COUNTRY));
      const birthDates = all(r.INDIVIDUAL_DATE_OF_BIRTH).flatMap((d) => {
        const date = textOf(d.DATE);
        const year = textOf(d.YEAR);
        const from = textOf(d.FROM_YEAR);
        const to = textOf(d.TO_YEAR);
        if (date) return parseBirthDates(date);
        if (year) return parseBirthDates(year);
        if (from && to) return parseBirthDates(`${from} to ${to}`);
        return parseBirthDates(from || to);
      });
      const identifiers = all(r.INDIVIDUAL_DOCUMENT)
        .map((d) => ({ kind: textOf(d.TYPE_OF_DOCUMENT) || 'Document', value: textOf(d.NUMBER) }))
        .filter((d) => d.value);
      const designations = all(r.DESIGNATION).flatMap((n) => (Array.isArray(n.VALUE) ? n.VALUE : [n.VALUE]).map(textOf)).filter(Boolean);
      const remarks = [textOf(r.COMMENTS1), designations.length ? `Designation: ${designations.join('; ')}` : '', textOf(r.LISTED_ON) ? `Listed on: ${textOf(r.LISTED_ON)}` : '']
        .filter(Boolean)
        .join('; ');
      entries.push({
        entryId: ref,
        type: kind === 'INDIVIDUAL' ? 'person' : 'organization',
        names,
        countries: toCountryCodes([...nationality, ...addressCountries]),
        birthDates,
        identifiers,
        programmes: [textOf(r.UN_LIST_TYPE)].filter(Boolean),
        remarks: remarks || null,
      });
    });
  }
  if (problems.length) throw refuse(fileName, `${problems.length} bad record(s) in the UN SC list`, problems.slice(0, 20));
  if (entries.length === 0) throw refuse(fileName, 'the UN SC list has no INDIVIDUAL or ENTITY');
  return { list: 'un-sc', format: 'un-sc-xml', publishedOn: /^\d{4}-\d{2}-\d{2}/.exec(generated)?.[0] ?? null, entries };
}
