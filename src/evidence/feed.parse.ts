import { XMLParser } from 'fast-xml-parser';
import { invalidInput } from '../shared/errors.js';
import { isoDateOf } from './date.parse.js';
import { normaliseSpace } from './text.clean.js';

/** One item of an RSS 2.0, RSS 1.0 (RDF) or Atom feed, as `feeds poll` needs it. */
export interface FeedEntry {
  /** guid / Atom id / rdf:about, else the link, else `origin#n` (1-based). */
  id: string;
  title: string | null;
  link: string | null;
  publishedOn: string | null;
  /** The richest body given (content:encoded, content, description, summary); may be HTML. */
  content: string;
}

export interface Feed {
  title: string | null;
  link: string | null;
  entries: FeedEntry[];
}

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // DOCTYPE entities are refused before parsing, so what is left to expand is the five XML
  // entities and character references, which only shrink the text: no expansion cap needed.
  processEntities: { enabled: true, maxEntityCount: 0, maxTotalExpansions: Number.MAX_SAFE_INTEGER, maxExpandedLength: Number.MAX_SAFE_INTEGER },
  htmlEntities: false,
  maxNestedTags: 200,
  isArray: (name) => name === 'item' || name === 'entry' || name === 'link',
});

/**
 * Parses a feed. Documents that declare their own entities are refused outright (billion
 * laughs / external entities); nesting beyond 200 elements is refused by the parser.
 */
export function parseFeed(xml: string, origin: string): Feed {
  if (/<!ENTITY/i.test(xml)) throw invalidInput(`${origin}: feed declares XML entities (refused)`);
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (e) {
    throw invalidInput(`${origin}: not a readable feed (${(e as Error).message})`);
  }
  const rss = doc.rss as Node | undefined;
  const rdf = doc['rdf:RDF'] as Node | undefined;
  const atom = doc.feed as Node | undefined;
  if (rss || rdf) {
    const channel = (((rss ?? rdf) as Node).channel ?? {}) as Node;
    const items = ((rss ? channel.item : (rdf as Node).item) ?? []) as Node[];
    return {
      title: textOf(channel.title),
      link: linkOf(channel.link),
      entries: items.map((item, i) => rssEntry(item, origin, i)),
    };
  }
  if (atom) {
    return {
      title: textOf(atom.title),
      link: linkOf(atom.link),
      entries: ((atom.entry ?? []) as Node[]).map((entry, i) => atomEntry(entry, origin, i)),
    };
  }
  throw invalidInput(`${origin}: not a feed (no rss, rdf:RDF or Atom feed element)`);
}

function rssEntry(item: Node, origin: string, i: number): FeedEntry {
  const link = linkOf(item.link);
  return {
    id: rawText(item.guid) || rawText(item['@_rdf:about']) || link || `${origin}#${i + 1}`,
    title: textOf(item.title),
    link,
    publishedOn: isoDateOf(rawText(item.pubDate) || rawText(item['dc:date']) || rawText(item['atom:updated'])),
    content: rawText(item['content:encoded']) || rawText(item.description) || rawText(item.summary),
  };
}

function atomEntry(entry: Node, origin: string, i: number): FeedEntry {
  const link = linkOf(entry.link);
  return {
    id: rawText(entry.id) || link || `${origin}#${i + 1}`,
    title: textOf(entry.title),
    link,
    publishedOn: isoDateOf(rawText(entry.published) || rawText(entry.updated) || rawText(entry['dc:date'])),
    content: rawText(entry.content) || rawText(entry.summary),
  };
}

/** Element text as written (a string, or the text of an element that has attributes). */
function rawText(v: unknown): string {
  if (Array.isArray(v)) return rawText(v[0]);
  if (typeof v === 'string') return v.trim();
  if (v && typeof v === 'object' && typeof (v as Node)['#text'] === 'string') return ((v as Node)['#text'] as string).trim();
  return '';
}

/** Text of a title-like element; markup (Atom type="html") is dropped. */
function textOf(v: unknown): string | null {
  let s = rawText(v);
  if (/<[a-z/!]/i.test(s)) s = decodeBasicEntities(s.replace(/<[^>]*>/g, ' '));
  return normaliseSpace(s) || null;
}

const BASIC_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

function decodeBasicEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] !== '#') return BASIC_ENTITIES[name.toLowerCase()] ?? whole;
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : Number(name.slice(1));
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** RSS `<link>url</link>`, or Atom's `<link rel="alternate" href>` (the first without rel otherwise). */
function linkOf(v: unknown): string | null {
  const links = (Array.isArray(v) ? v : v === undefined ? [] : [v]) as unknown[];
  let fallback: string | null = null;
  for (const l of links) {
    if (typeof l === 'string' && l.trim()) return l.trim();
    if (l && typeof l === 'object') {
      const o = l as Node;
      const href = typeof o['@_href'] === 'string' ? o['@_href'].trim() : rawText(o);
      const rel = o['@_rel'];
      if (href && (rel === undefined || rel === 'alternate')) return href;
      fallback ??= href || null;
    }
  }
  return fallback;
}
