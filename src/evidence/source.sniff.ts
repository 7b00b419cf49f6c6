import { extname } from 'node:path';
import { invalidInput } from '../shared/errors.js';
import { isUrl } from './source.origin.js';
import type { RawSource, SourceFormat } from './source.types.js';

const HEAD_BYTES = 2048;
const FEED_ROOT = /^<(rss|feed|rdf:rdf)[\s>]/;
const HTML_START = /^<(!doctype html|html|head|body|meta|title|article|main|div|section|p|h[1-6]|table|ul|ol|span|a|br|img)[\s>/]/;

/**
 * The format of a source: first from its content (`%PDF-` magic, a feed root element,
 * HTML tags at the start), then its content type, then its file extension; text otherwise.
 * A source that claims to be a PDF (extension or content type) but lacks the `%PDF-` header
 * is refused rather than read as text.
 */
export function sniffFormat(raw: RawSource): SourceFormat {
  const head = headText(raw.bytes);
  // The PDF specification puts the header within the first 1024 bytes.
  if (head.slice(0, 1024).includes('%pdf-')) return 'pdf';
  const type = (raw.contentType ?? '').split(';')[0].trim().toLowerCase();
  const ext = extensionOf(raw.origin);
  if (type === 'application/pdf' || ext === '.pdf') {
    throw invalidInput(`${raw.origin}: not a PDF (no %PDF- header)`);
  }
  const start = skipProlog(head);
  if (FEED_ROOT.test(start)) return 'feed';
  if (HTML_START.test(start) || /<!doctype html|<html[\s>]/.test(head.slice(0, 1024))) return 'html';
  if (/(rss|atom|rdf)\+xml$/.test(type)) return 'feed';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type.startsWith('text/')) return 'text';
  if (['.html', '.htm', '.xhtml'].includes(ext)) return 'html';
  if (['.rss', '.atom', '.xml'].includes(ext) && /<(rss|feed|rdf:rdf)[\s>]/.test(head)) return 'feed';
  return 'text';
}

/** The first bytes as lower-case text; NULs dropped so that UTF-16 ASCII reads too. */
function headText(bytes: Buffer): string {
  return bytes.subarray(0, HEAD_BYTES).toString('latin1').replace(/\0/g, '').toLowerCase();
}

/** Skips a BOM, white space, the XML declaration, comments and processing instructions. */
function skipProlog(head: string): string {
  let s = head.replace(/^(\u00ef\u00bb\u00bf|\u00fe\u00ff|\u00ff\u00fe)/, '').trimStart();
  for (;;) {
    const m = /^(<\?[\s\S]*?\?>|<!--[\s\S]*?-->)\s*/.exec(s);
    if (!m) return s;
    s = s.slice(m[0].length);
  }
}

/** Lower-case extension of a path or of a URL's path ('' when none). */
export function extensionOf(origin: string): string {
  let path = origin;
  if (isUrl(origin)) {
    try {
      path = new URL(origin).pathname;
    } catch {
      // not a URL after all: use it as a path
    }
  }
  return extname(path).toLowerCase();
}
