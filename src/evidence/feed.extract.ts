import { htmlFragmentText } from './html.extract.js';
import { hostOf } from './source.origin.js';
import type { ExtractedDocument, Limits } from './source.types.js';
import { joinParagraphs, plainParagraphs } from './text.clean.js';
import type { Feed } from './feed.parse.js';

const MARKUP = /<(p|br|div|a|span|img|ul|ol|li|h[1-6]|em|strong|b|i|blockquote|table|figure)[\s>/]/i;

/**
 * One document per feed entry: the entry's body (through the HTML cleaner when it holds
 * markup), its link as origin and url (or `origin#n`), its date, and the feed's title (or
 * host) as publisher. An entry without a body keeps its title as text; one with neither is
 * skipped.
 */
export function feedDocuments(feed: Feed, origin: string, limits: Limits): ExtractedDocument[] {
  const publisher = feed.title ?? hostOf(feed.link ?? origin);
  const docs: ExtractedDocument[] = [];
  feed.entries.forEach((entry, i) => {
    const body = MARKUP.test(entry.content)
      ? htmlFragmentText(entry.content, `${origin}#${i + 1}`, limits.maxHtmlDepth)
      : joinParagraphs(plainParagraphs(entry.content));
    const text = body || entry.title || '';
    if (!text) return;
    docs.push({
      origin: entry.link ?? `${origin}#${i + 1}`,
      format: 'feed',
      title: entry.title,
      text,
      publishedOn: entry.publishedOn,
      publisher,
      url: entry.link,
    });
  });
  return docs;
}
