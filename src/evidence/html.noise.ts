/**
 * Page furniture that is not the document: removed from the DOM before Readability runs
 * (menus, share bars, related-post lists, cookie banners, footers, sign-up forms) and
 * filtered from the paragraphs after it (the same furniture when it survives as text).
 */

const NOISE_TAGS = ['script', 'style', 'noscript', 'template', 'iframe', 'svg', 'nav', 'footer', 'aside', 'button', 'select', 'dialog'];
const NOISE_ROLES = ['navigation', 'contentinfo', 'complementary', 'search', 'banner', 'dialog', 'alertdialog', 'menu', 'menubar'];
/** class/id words of furniture; matched as whole words between - _ or spaces. */
const NOISE_NAME =
  /(?:^|[-_\s])(share|sharing|sharebar|social|socials|related|cookie|cookies|consent|gdpr|newsletter|subscribe|subscription|signup|promo|advert|advertisement|ads?|sponsored|breadcrumbs?|menu|navbar|nav|sidebar|popup|modal|recommended|trending|footer|comments?|read-?more|more-stories|tags)(?:$|[-_\s])/i;
/** A furniture-named element holding more than this share of the page text is kept (it is likely the page). */
const MAX_NOISE_SHARE = 0.4;

/** Removes page furniture in place. `document` is a parsed page. */
export function stripNoise(document: Document): void {
  const body = document.body;
  if (!body) return;
  removeAll(document.querySelectorAll(NOISE_TAGS.join(',')));
  removeAll(document.querySelectorAll(NOISE_ROLES.map((r) => `[role="${r}"]`).join(',')));
  removeAll(document.querySelectorAll('[hidden],[aria-hidden="true"]'));
  for (const header of Array.from(document.querySelectorAll('header'))) {
    if (!header.closest('article') && !header.querySelector('h1')) header.remove();
  }
  for (const form of Array.from(document.querySelectorAll('form'))) {
    if (textLength(form) < 500) form.remove();
  }
  const total = Math.max(1, textLength(body));
  for (const el of Array.from(body.querySelectorAll('[class],[id]'))) {
    const names = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
    if (!NOISE_NAME.test(names) || !el.isConnected || isContentRoot(el)) continue;
    if (textLength(el) / total <= MAX_NOISE_SHARE) el.remove();
  }
  for (const el of Array.from(body.querySelectorAll('ul,ol,div,section,p,table'))) {
    if (el.isConnected && isLinkList(el)) el.remove();
  }
}

function removeAll(list: NodeListOf<Element>): void {
  for (const el of Array.from(list)) el.remove();
}

function textLength(el: Element): number {
  return (el.textContent ?? '').replace(/\s+/g, '').length;
}

function isContentRoot(el: Element): boolean {
  const tag = el.localName.toLowerCase();
  return tag === 'article' || tag === 'main' || el.querySelector('article,main,h1') !== null;
}

/** A block that is mostly links (three or more): a menu, a list of other stories. */
function isLinkList(el: Element): boolean {
  const links = el.querySelectorAll('a');
  if (links.length < 3) return false;
  let linked = 0;
  for (const a of Array.from(links)) linked += textLength(a);
  return linked / Math.max(1, textLength(el)) >= 0.6;
}

const SHARE_WORDS =
  /\b(share( this( article| story| post| page)?)?( on| via)?|tweet( this)?|facebook|twitter|linkedin|whatsapp|telegram|pinterest|reddit|email|e-mail|print|copy link|x|follow us)\b/gi;
const COOKIES = /\b(we use cookies|(this|our) (web)?site uses cookies|accept (all )?cookies|cookie (policy|settings|preferences))\b/i;
const NEWSLETTER = /\b((sign up|subscribe) (for|to) (our|the|my) [\w ]*newsletter|newsletter sign-?\s?up|enter your e-?mail( address)?)\b/i;
const COPYRIGHT = /^(©|copyright\b|\(c\)\s*\d{4})|\ball rights reserved\b/i;
const SECTION_HEAD =
  /^(related( posts| articles| stories| news| content| coverage)?|read (more|next|also)|more (stories|news|from [\w ]+)|you (may|might) also (like|be interested in)|recommended( for you| reading)?|most (read|popular|viewed)|trending( now)?|see also|further reading|latest news)\b/i;
const SENTENCE_END = /[.!?…]["”’)\]]*$/;

/** True for a line that reads as a headline or link, not as a sentence of the document. */
function isHeadlineLike(p: string): boolean {
  return p.length < 160 && !SENTENCE_END.test(p);
}

/**
 * True for a paragraph that runs several headlines together ("Minister resigns over scandal
 * Floods hit north Election results announced"): long, no sentence punctuation, and either
 * mostly capitalised words or capitals starting new phrases mid-line more than once.
 */
function isHeadlineRun(p: string): boolean {
  if (p.length < 60 || /[.!?;…]["”’)]?(\s|$)/.test(p)) return false;
  const words = p.split(' ');
  if (words.length < 8) return false;
  let capitalised = 0;
  let restarts = 0;
  for (let i = 0; i < words.length; i++) {
    if (!/^\p{Lu}/u.test(words[i])) continue;
    capitalised++;
    if (i > 0 && /^\p{Ll}[\p{Ll}\d'’-]*$/u.test(words[i - 1])) restarts++;
  }
  return restarts >= 2 || capitalised / words.length >= 0.5;
}

/**
 * Drops furniture paragraphs: share bars, cookie and newsletter notices, copyright lines,
 * headline runs, and "Related Posts" / "Read more" / "You may also like" sections (the
 * heading and the headline-like lines after it). Input paragraphs are normalised.
 */
export function dropNoiseParagraphs(paragraphs: string[]): string[] {
  const out: string[] = [];
  let inSection = false;
  for (const p of paragraphs) {
    if (inSection && isHeadlineLike(p)) continue;
    inSection = false;
    if (p.length < 60 && isHeadlineLike(p) && SECTION_HEAD.test(p)) {
      inSection = true;
      continue;
    }
    if (p.length < 200 && p.replace(SHARE_WORDS, '').replace(/[\s|•·:,/\-–—]+/g, '') === '') continue;
    if (p.length < 400 && (COOKIES.test(p) || NEWSLETTER.test(p) || COPYRIGHT.test(p))) continue;
    if (isHeadlineRun(p)) continue;
    out.push(p);
  }
  return out;
}
