import { isoDateOf } from './date.parse.js';
import { normaliseSpace } from './text.clean.js';

export interface HtmlMeta {
  title: string | null;
  publishedOn: string | null;
  siteName: string | null;
}

const PUBLISHED_KEYS = [
  'article:published_time',
  'og:published_time',
  'datepublished',
  'publishdate',
  'publish-date',
  'pubdate',
  'dc.date.issued',
  'dcterms.issued',
  'dc.date',
  'dcterms.date',
  'date',
  'sailthru.date',
  'parsely-pub-date',
];

/**
 * Title, publication day and site name from a page's metadata, read before the page is
 * cleaned: og:title, <title> or the first h1; article:published_time and similar meta
 * tags, JSON-LD datePublished, then the first <time datetime>; og:site_name or JSON-LD
 * publisher name.
 */
export function readHtmlMeta(document: Document): HtmlMeta {
  const meta = new Map<string, string>();
  for (const el of Array.from(document.querySelectorAll('meta'))) {
    const key = (el.getAttribute('property') ?? el.getAttribute('name') ?? el.getAttribute('itemprop') ?? '').trim().toLowerCase();
    const content = el.getAttribute('content');
    if (key && content && !meta.has(key)) meta.set(key, content);
  }
  const ld = jsonLd(document);
  const title =
    clean(meta.get('og:title')) ??
    clean(meta.get('twitter:title')) ??
    clean(document.querySelector('title')?.textContent) ??
    clean(document.querySelector('h1')?.textContent);
  let publishedOn: string | null = null;
  for (const key of PUBLISHED_KEYS) publishedOn ??= isoDateOf(meta.get(key));
  publishedOn ??= isoDateOf(ld.datePublished);
  publishedOn ??= isoDateOf(document.querySelector('time[datetime]')?.getAttribute('datetime'));
  const siteName = clean(meta.get('og:site_name')) ?? clean(meta.get('application-name')) ?? clean(ld.publisher);
  return { title, publishedOn, siteName };
}

function clean(s: string | null | undefined): string | null {
  const c = s ? normaliseSpace(s) : '';
  return c || null;
}

/** datePublished and publisher name from the page's JSON-LD blocks (first found; @graph searched). */
function jsonLd(document: Document): { datePublished?: string; publisher?: string } {
  const found: { datePublished?: string; publisher?: string } = {};
  const visit = (node: unknown, depth: number): void => {
    if (!node || typeof node !== 'object' || depth > 8) return;
    if (Array.isArray(node)) {
      for (const n of node) visit(n, depth + 1);
      return;
    }
    const o = node as Record<string, unknown>;
    if (typeof o.datePublished === 'string') found.datePublished ??= o.datePublished;
    const pub = o.publisher as Record<string, unknown> | undefined;
    if (pub && typeof pub === 'object' && typeof pub.name === 'string') found.publisher ??= pub.name;
    if (o['@graph']) visit(o['@graph'], depth + 1);
  };
  for (const script of Array.from(document.querySelectorAll('script[type="application/ld+json"]'))) {
    try {
      visit(JSON.parse(script.textContent ?? ''), 0);
    } catch {
      // malformed JSON-LD is common and says nothing about the page: ignore it
    }
  }
  return found;
}
