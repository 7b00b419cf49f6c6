import { invalidInput } from '../shared/errors.js';

/** Elements that never hold children. */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen']);
/** Elements whose end tag is optional: left unclosed they would count as ever deeper nesting. */
const OPTIONAL_END = new Set(['p', 'li', 'dt', 'dd', 'option', 'optgroup', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'colgroup', 'rp', 'rt', 'html', 'head', 'body']);
/** Elements whose content is raw text, skipped to their end tag. */
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noscript', 'template']);

const TAG = /<!--[\s\S]*?(?:-->|$)|<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)(?:"[^"]*"|'[^']*'|[^'">])*?(\/?)>/g;

/**
 * The deepest tag nesting in an HTML string, by a linear scan of tags (no DOM). It counts
 * only elements that must be closed, so that sloppy `<p>`/`<li>` markup does not look deep.
 */
export function htmlDepth(html: string, stopAt = Infinity): number {
  let depth = 0;
  let max = 0;
  let lower: string | undefined;
  TAG.lastIndex = 0;
  for (let m = TAG.exec(html); m; m = TAG.exec(html)) {
    const name = m[2]?.toLowerCase();
    if (!name || VOID.has(name) || OPTIONAL_END.has(name) || m[3]) continue;
    if (m[1]) {
      if (depth > 0) depth--;
      continue;
    }
    if (RAW_TEXT.has(name)) {
      lower ??= html.toLowerCase();
      const end = lower.indexOf(`</${name}`, TAG.lastIndex);
      TAG.lastIndex = end < 0 ? html.length : end;
      continue;
    }
    depth++;
    if (depth > max) max = depth;
    if (max > stopAt) break;
  }
  return max;
}

/**
 * Refuses HTML nested deeper than `maxDepth` before any parser sees it: DOM parsers and
 * Readability recurse over the tree and overflow the stack on pathological input.
 * Returns the depth found.
 */
export function assertHtmlDepth(html: string, maxDepth: number, origin: string): number {
  const depth = htmlDepth(html, maxDepth);
  if (depth > maxDepth) {
    throw invalidInput(`${origin}: HTML nested deeper than ${maxDepth} elements (limit maxHtmlDepth)`);
  }
  return depth;
}
