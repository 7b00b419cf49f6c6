import { invalidInput } from '../shared/errors.js';
import { statedPublishedOn } from './date.parse.js';
import { feedDocuments } from './feed.extract.js';
import { parseFeed, type Feed } from './feed.parse.js';
import { extractHtml } from './html.extract.js';
import { extractPdf } from './pdf.extract.js';
import { hostOf, isUrl } from './source.origin.js';
import { sniffFormat } from './source.sniff.js';
import { resolveLimits, type ExtractedDocument, type Limits, type RawSource } from './source.types.js';
import { decodeText, declaredCharset } from './text.decode.js';
import { joinParagraphs, plainParagraphs } from './text.clean.js';

/**
 * Clean documents from one raw source: a feed gives one per entry, any other format one.
 * Refuses (invalid_input, message naming the origin) inputs over `maxBytes`, binary junk,
 * false PDFs, corrupt PDFs, over-deep HTML and inputs with no readable text.
 */
export async function extract(raw: RawSource, limits: Partial<Limits> = {}): Promise<ExtractedDocument[]> {
  const lim = resolveLimits(limits);
  if (raw.bytes.length > lim.maxBytes) {
    throw invalidInput(`${raw.origin}: ${raw.bytes.length} bytes, over the limit of ${lim.maxBytes} (maxBytes)`);
  }
  const format = sniffFormat(raw);
  const url = isUrl(raw.origin) ? raw.origin : null;
  const host = hostOf(raw.origin);
  const one = (doc: Omit<ExtractedDocument, 'origin' | 'format' | 'url'>): ExtractedDocument[] => {
    if (!doc.text) throw invalidInput(`${raw.origin}: no readable text`);
    return [{ origin: raw.origin, format, url, ...doc }];
  };
  switch (format) {
    case 'feed':
      return feedDocuments(readFeed(raw), raw.origin, lim);
    case 'pdf': {
      const pdf = await extractPdf(raw.bytes, raw.origin);
      return one({ ...pdf, publisher: host });
    }
    case 'html': {
      const html = extractHtml(decodeRaw(raw), raw.origin, lim.maxHtmlDepth);
      return one({ title: html.title, text: html.text, publishedOn: html.publishedOn, publisher: html.siteName ?? host });
    }
    case 'text': {
      const text = decodeRaw(raw);
      const paragraphs = joinParagraphs(plainParagraphs(text));
      return one({ title: plainTitle(paragraphs), text: paragraphs, publishedOn: statedPublishedOn(text), publisher: host });
    }
  }
}

/** A feed's title, link and entries (with guid/id) for polling; the source must be a feed. */
export function readFeed(raw: RawSource): Feed {
  return parseFeed(decodeRaw(raw), raw.origin);
}

function decodeRaw(raw: RawSource): string {
  return decodeText(raw.bytes, raw.origin, declaredCharset(raw.contentType, raw.bytes));
}

/** A plain text's first paragraph when it reads as a heading: short, no closing full stop. */
function plainTitle(text: string): string | null {
  const cut = text.indexOf('\n\n');
  if (cut < 0) return null;
  const first = text.slice(0, cut);
  return first.length <= 120 && !/[.!?:;,]$/.test(first) ? first : null;
}
