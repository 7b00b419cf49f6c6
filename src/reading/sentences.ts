/**
 * Splits a document into sentences with their offsets, and numbers the paragraphs they
 * belong to. Line breaks end a sentence too: scraped pages put headlines, captions and menu
 * words on lines of their own without a full stop.
 */
export interface Sentence {
  index: number;
  start: number;
  end: number;
  paragraph: number;
  text: string;
}

/** Words whose trailing full stop does not end a sentence. */
const ABBREVIATIONS = new Set(
  [
    'mr', 'mrs', 'ms', 'dr', 'prof', 'gen', 'lt', 'col', 'maj', 'capt', 'cpt', 'sgt', 'brig', 'adm', 'gov', 'sen', 'rep', 'rev', 'st',
    'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
    'inc', 'ltd', 'co', 'corp', 'no', 'nos', 'vs', 'etc', 'e.g', 'i.e', 'approx', 'est', 'fig', 'ont', 'que', 'calif', 'mass', 'wash',
    'u.s', 'u.k', 'u.n', 'e.u', 'a.m', 'p.m',
  ].map((a) => a),
);

function endsWithAbbreviation(text: string, dot: number): boolean {
  let i = dot - 1;
  while (i >= 0 && /[A-Za-z.\-]/.test(text[i])) i--;
  const word = text.slice(i + 1, dot).toLowerCase().replace(/^-+/, '');
  if (!word) return false;
  if (ABBREVIATIONS.has(word) || ABBREVIATIONS.has(word.split('-').pop() ?? '')) return true;
  // A single capital letter is an initial ("J. Smith"); "U.S." style dotted acronyms too.
  return /^[a-z]$/.test(word) || /^([a-z]\.)+[a-z]$/.test(word);
}

export function splitSentences(text: string): Sentence[] {
  const out: Sentence[] = [];
  let paragraph = 0;
  let start = 0;
  const push = (end: number) => {
    let s = start;
    let e = end;
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (e > s) out.push({ index: out.length, start: s, end: e, paragraph, text: text.slice(s, e) });
    start = end;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') {
      push(i);
      // A blank line (or a line break after a line that ends a sentence) starts a new paragraph.
      let j = i + 1;
      while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\r')) j++;
      if (text[j] === '\n' || out.length === 0 || /[.!?"”’)]$/.test(out[out.length - 1]?.text ?? '')) paragraph++;
      start = i + 1;
      continue;
    }
    if (c === '.' || c === '!' || c === '?') {
      let j = i + 1;
      while (j < text.length && /["”’)\]]/.test(text[j])) j++;
      // Footnote markers after the full stop ("antennas.[39] Open-source …", "lost.[42][43]").
      while (/^\[(?:\d{1,4}|[a-z][a-z ]{0,20})\]/.test(text.slice(j, j + 24))) j = text.indexOf(']', j) + 1;
      if (j < text.length && text[j] !== ' ' && text[j] !== '\t') continue;
      let k = j;
      while (k < text.length && (text[k] === ' ' || text[k] === '\t')) k++;
      const next = text[k] ?? '';
      if (next && next !== '\n' && !/[A-Z0-9"“‘(\[]/.test(next)) continue;
      if (c === '.' && endsWithAbbreviation(text, i)) continue;
      push(j);
    }
  }
  push(text.length);
  return out;
}
