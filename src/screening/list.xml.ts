import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { refuse } from './list.decode.js';

/**
 * Checks that `text` is well-formed XML and parses it. A truncated or broken file is refused
 * with the parser's message and the line it stopped at. Values stay text (no number
 * guessing: "KPi.033" and "0012" must survive); elements named in `arrays` are always arrays.
 */
export function parseXml(text: string, fileName: string, arrays: ReadonlySet<string>): Record<string, unknown> {
  const valid = XMLValidator.validate(text);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    // Unclosed elements at the end of the text are reported at line 1 with the open tags as a
    // JSON array: say instead where the file ends and which elements it leaves open.
    const open = /^Invalid '(\[.*\])' found\.?$/s.exec(msg);
    if (open) {
      const tags = (JSON.parse(open[1]) as string[]).map((t) => `<${t}>`).join(' > ');
      const last = text.split('\n').length;
      throw refuse(fileName, 'the XML is truncated', [{ record: `line ${last} (end of file)`, message: `the file ends inside ${tags}` }]);
    }
    throw refuse(fileName, 'the XML is broken or truncated', [{ record: `line ${line}, column ${col}`, message: msg }]);
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    processEntities: true,
    isArray: (name) => arrays.has(name),
  });
  return parser.parse(text) as Record<string, unknown>;
}

/** An element's text, whether the parser gave a string, a number or an object with `#text`. */
export function textOf(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'string') return v.replace(/\s+/g, ' ').trim();
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object' && '#text' in (v as object)) return textOf((v as Record<string, unknown>)['#text']);
  return '';
}

/** The elements of a possibly missing, possibly single child as an array of objects. */
export function all(v: unknown): Record<string, unknown>[] {
  if (v === undefined || v === null || v === '') return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null);
}

/** 1-based line of the first occurrence of `needle`, for naming a record in an error. */
export function lineOf(text: string, needle: string): number | null {
  const at = text.indexOf(needle);
  if (at === -1) return null;
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
