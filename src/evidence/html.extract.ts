import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { statedPublishedOn } from './date.parse.js';
import { assertHtmlDepth } from './html.depth.js';
import { readHtmlMeta } from './html.meta.js';
import { dropNoiseParagraphs, stripNoise } from './html.noise.js';
import { paragraphsOf } from './html.text.js';
import { normaliseSpace } from './text.clean.js';

export interface HtmlText {
  title: string | null;
  text: string;
  publishedOn: string | null;
  siteName: string | null;
}

/**
 * Readability's time grows steeply with nesting (about 0.6 s at depth 200, 3.4 s at 450);
 * real pages stay far below this, so deeper pages get the cleaned body text instead.
 */
const READABILITY_MAX_DEPTH = 200;

/** Parses HTML (a whole page or a fragment) after refusing pathological nesting. */
function parsePage(html: string, origin: string, maxDepth: number): { document: Document; depth: number } {
  const depth = assertHtmlDepth(html, maxDepth, origin);
  // linkedom only builds a body for a whole document: wrap fragments.
  const page = /<html[\s>]/i.test(html) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`;
  return { document: parseHTML(page).document as unknown as Document, depth };
}

function cleanText(paragraphs: string[]): string {
  return dropNoiseParagraphs(paragraphs.map(normaliseSpace).filter(Boolean)).join('\n\n');
}

/**
 * The main text of a web page and its metadata. Furniture is stripped first, Readability
 * then picks the article; when it finds none, the whole cleaned body is used.
 */
export function extractHtml(html: string, origin: string, maxDepth: number): HtmlText {
  const { document, depth } = parsePage(html, origin, maxDepth);
  const meta = readHtmlMeta(document);
  stripNoise(document);
  const bodyText = document.body ? cleanText(paragraphsOf(document.body)) : '';
  let article: ReturnType<Readability<Node>['parse']> = null;
  try {
    if (depth <= READABILITY_MAX_DEPTH) article = new Readability<Node>(document, { serializer: (node) => node, charThreshold: 200 }).parse();
  } catch {
    // Readability gives up on some odd markup; the body text below is the fallback.
  }
  const articleText = article?.content ? cleanText(paragraphsOf(article.content)) : '';
  const text = articleText || bodyText;
  const siteName = meta.siteName ?? (article?.siteName ? normaliseSpace(article.siteName) || null : null);
  const title = meta.title ?? (article?.title ? normaliseSpace(article.title) || null : null);
  return {
    title: title && siteName ? withoutSiteSuffix(title, siteName) : title,
    text,
    publishedOn: meta.publishedOn ?? statedPublishedOn(text),
    siteName,
  };
}

/** "Headline | Site" → "Headline" when the suffix is the site's name. */
function withoutSiteSuffix(title: string, siteName: string): string {
  for (const sep of [' | ', ' - ', ' – ', ' — ', ' :: ']) {
    if (title.endsWith(sep + siteName) && title.length > sep.length + siteName.length) {
      return title.slice(0, -(sep.length + siteName.length));
    }
  }
  return title;
}

/** Text of an HTML fragment (a feed entry's content): cleaned, without Readability's article pick. */
export function htmlFragmentText(html: string, origin: string, maxDepth: number): string {
  const { document } = parsePage(html, origin, maxDepth);
  stripNoise(document);
  return document.body ? cleanText(paragraphsOf(document.body)) : '';
}
