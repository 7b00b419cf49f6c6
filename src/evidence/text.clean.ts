/** Invisible characters that carry no text: soft hyphen, zero-width space/joiners, word joiner, BOM. */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
/** Control characters other than white space. */
const CONTROL = /[\u0000-\u0008\u000b\u000e-\u001f\u007f-\u009f]/g;

/** One line of text: NFC, invisible characters dropped, every run of white space one space, trimmed. */
export function normaliseSpace(s: string): string {
  return s.normalize('NFC').replace(INVISIBLE, '').replace(CONTROL, ' ').replace(/\s+/g, ' ').trim();
}

/** Paragraphs to the document text form: each normalised, empty ones dropped, joined by a blank line. */
export function joinParagraphs(paragraphs: Iterable<string>): string {
  const out: string[] = [];
  for (const p of paragraphs) {
    const clean = normaliseSpace(p);
    if (clean) out.push(clean);
  }
  return out.join('\n\n');
}

/** Hard-wrapped text keeps lines under this; a block with a longer line is one paragraph a line. */
const WRAP_WIDTH = 120;

/**
 * Plain text to paragraphs: a blank line ends a paragraph. Inside a block, hard-wrapped
 * lines (all short) are joined with a space; when any line is longer than a wrap width the
 * text is not hard-wrapped and each line is a paragraph of its own.
 */
export function plainParagraphs(text: string): string[] {
  const blocks = text.replace(/\r\n?/g, '\n').replace(/\f/g, '\n\n').split(/\n[ \t]*\n/);
  return blocks.flatMap((block) => {
    const lines = block.split('\n');
    return lines.some((l) => l.length > WRAP_WIDTH) ? lines : [block];
  });
}
