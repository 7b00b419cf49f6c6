import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { invalidInput } from '../shared/errors.js';
import { isoDateOf, statedPublishedOn } from './date.parse.js';
import { normaliseSpace } from './text.clean.js';

export interface PdfText {
  title: string | null;
  text: string;
  publishedOn: string | null;
}

interface Line {
  text: string;
  y: number;
  size: number;
}

interface Item {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL: boolean;
}

/** A line that is only a page number: "3", "- 3 -", "Page 3", "Page 3 of 10", "3/10". */
const PAGE_NUMBER = /^(?:page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|\/)\s*\d{1,4})?$/i;

/**
 * The text of a PDF: lines rebuilt from text items by their vertical position, paragraphs
 * split where the line gap is clearly wider than the page's usual one, end-of-line
 * hyphenation undone, page numbers and headers/footers repeated on most pages dropped.
 * Title and CreationDate come from the document information dictionary.
 */
export async function extractPdf(bytes: Uint8Array, origin: string): Promise<PdfText> {
  const task = getDocument({
    data: new Uint8Array(bytes), // pdf.js detaches the buffer it is given: hand it a copy
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    stopAtErrors: false,
    verbosity: 0,
  });
  try {
    const doc = await task.promise;
    const pages: Line[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      pages.push(toLines(content.items.filter((i) => 'str' in i) as Item[]));
      page.cleanup();
    }
    const { info } = await doc.getMetadata();
    const fields = (info ?? {}) as Record<string, unknown>;
    const text = joinPages(dropRepeatedEdges(pages).map(toParagraphs));
    const title = typeof fields.Title === 'string' ? normaliseSpace(fields.Title) || null : null;
    const created = typeof fields.CreationDate === 'string' ? isoDateOf(fields.CreationDate) : null;
    return { title, text, publishedOn: created ?? statedPublishedOn(text) };
  } catch (e) {
    const name = (e as Error).name;
    if (name === 'PasswordException') throw invalidInput(`${origin}: PDF is password-protected`);
    throw invalidInput(`${origin}: corrupt or unreadable PDF (${(e as Error).message})`);
  } finally {
    await task.destroy();
  }
}

/** Text items to lines: a new line where an item ends a line or its baseline moves. */
function toLines(items: Item[]): Line[] {
  const lines: Line[] = [];
  let current: Line | null = null;
  let endX = 0;
  let breakNext = false;
  for (const item of items) {
    const x = item.transform[4];
    const y = item.transform[5];
    const size = Math.abs(item.transform[3]) || item.height || 10;
    if (!current || breakNext || Math.abs(y - current.y) > size * 0.5) {
      if (item.str.trim() || item.hasEOL) {
        current = { text: item.str, y, size };
        lines.push(current);
      }
    } else {
      // Items on one line: a visible gap between them is a word space.
      const gap = x - endX > size * 0.15 && !/\s$/.test(current.text) && !/^\s/.test(item.str);
      current.text += (gap ? ' ' : '') + item.str;
    }
    endX = x + item.width;
    breakNext = item.hasEOL;
  }
  return lines.map((l) => ({ ...l, text: normaliseSpace(l.text) })).filter((l) => l.text !== '');
}

/**
 * Drops page numbers anywhere and the first/last two lines of a page when the same line
 * (digits ignored) opens or closes at least half of the pages (and two or more).
 */
function dropRepeatedEdges(pages: Line[][]): Line[][] {
  const key = (l: Line) => l.text.toLowerCase().replace(/\d+/g, '#');
  const counts = new Map<string, number>();
  for (const lines of pages) {
    const edges = new Set([...lines.slice(0, 2), ...lines.slice(-2)].map(key));
    for (const k of edges) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const needed = Math.max(2, Math.ceil(pages.length / 2));
  return pages.map((lines) =>
    lines.filter((l, i) => {
      if (PAGE_NUMBER.test(l.text)) return false;
      const atEdge = i < 2 || i >= lines.length - 2;
      return !(atEdge && (counts.get(key(l)) ?? 0) >= needed);
    }),
  );
}

/** Lines of a page to paragraphs: a gap clearly wider than the usual line spacing breaks. */
function toParagraphs(lines: Line[]): string[] {
  const gaps: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const g = lines[i - 1].y - lines[i].y;
    if (g > 0) gaps.push(g);
  }
  gaps.sort((a, b) => a - b);
  // The lower median: with few lines, one paragraph gap must not become the norm.
  // A page with a single gap has no norm to compare with: 1.5 × the font size stands in.
  const size = lines.length ? lines[0].size : 0;
  const usual = Math.min(gaps.length ? gaps[Math.floor((gaps.length - 1) / 2)] : Infinity, size * 1.5);
  const paragraphs: string[] = [];
  let current = '';
  for (let i = 0; i < lines.length; i++) {
    const gap = i > 0 ? lines[i - 1].y - lines[i].y : 0;
    const newParagraph = i > 0 && (gap > usual * 1.4 + 0.5 || gap < -lines[i].size);
    if (newParagraph && current) {
      paragraphs.push(current);
      current = '';
    }
    current = joinLine(current, lines[i].text);
  }
  if (current) paragraphs.push(current);
  return paragraphs;
}

/** Appends a line to a paragraph, undoing end-of-line hyphenation ("in-" + "creased"). */
function joinLine(paragraph: string, line: string): string {
  if (!paragraph) return line;
  if (/\p{L}-$/u.test(paragraph) && /^\p{Ll}/u.test(line)) return paragraph.slice(0, -1) + line;
  return `${paragraph} ${line}`;
}

/** Page paragraphs to text; a paragraph cut by a page break (no full stop, next starts lower-case) is rejoined. */
function joinPages(pages: string[][]): string {
  const out: string[] = [];
  for (const paragraphs of pages) {
    paragraphs.forEach((p, i) => {
      const last = out[out.length - 1];
      if (i === 0 && last && !/[.!?:;…"”)]$/.test(last) && /^\p{Ll}/u.test(p)) out[out.length - 1] = joinLine(last, p);
      else out.push(p);
    });
  }
  return out.join('\n\n');
}
