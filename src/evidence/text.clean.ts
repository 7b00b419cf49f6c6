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

/**
 * Plain text to paragraphs: a blank line ends a paragraph; the lines inside one are joined
 * with a space (hard-wrapped text reads as one paragraph).
 */
export function plainParagraphs(text: string): string[] {
  return text.replace(/\r\n?/g, '\n').replace(/\f/g, '\n\n').split(/\n[ \t]*\n/);
}
