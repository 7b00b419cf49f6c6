import { type ActorRole, COMPANY_AFTER, type EventKind, FORCE_AFTER, type Modality, NOT_A_USER_BEFORE, SPEAKER_AFTER, WAR_WORDS, findCues, modalityOf } from './cues.js';
import { type DateMention, findDates } from './dates.js';
import { type Sentence, splitSentences } from './sentences.js';

/**
 * From a document's sentences and the names found in them to claims: who was seen using,
 * holding, seizing or selling which item, where and when, and how firmly it is said. Pure:
 * the caller passes the mentions and what the registry and reference data know about them.
 */

export type MentionKind = 'party' | 'item' | 'platform' | 'country' | 'region' | 'conflict_zone' | 'armed_group';

export interface TextMention {
  entryId: string;
  kind: MentionKind;
  start: number;
  end: number;
  surface: string;
  fuzzy: boolean;
  score: number;
}

/** What the registry and reference data say about a gazetteer entry. */
export interface EntryFacts {
  kind: MentionKind;
  name: string;
  country: string | null;
  /** A state organ (government, armed force, police) or a country itself. */
  state: boolean;
  /** A non-state armed group, militia, traders… */
  nonState: boolean;
  /** For a place: a conflict zone (with armed conflict in the period named). */
  conflicts?: { from: string; to: string | null }[];
  /** For a country entry: whether the name was a demonym or a capital. */
  nameKind?: 'name' | 'demonym' | 'capital';
}

export interface ItemFacts {
  id: string;
  name: string;
  aliases: string[];
  category: string | null;
  manufacturerId: string | null;
  platforms: string[];
}

export interface ReadingKnowledge {
  facts(entryId: string): EntryFacts | undefined;
  item(itemId: string): ItemFacts | undefined;
  /** Items fitted to the platform named by this entry. */
  itemsOnPlatform(platformEntryId: string): string[];
  /** Items made by this party. */
  itemsOfMaker(partyId: string): string[];
}

export type ItemVia = 'name' | 'platform' | 'maker' | 'class' | 'anaphora';

export interface ClaimItem {
  itemId: string;
  via: ItemVia;
  confidence: number;
  start: number;
  end: number;
  /** The platform named, when the item is implicated through it. */
  platform?: string;
}

export interface ClaimActor {
  /** Named in an earlier sentence, not this one (the group an account of a capture is about). */
  fromContext?: boolean;
  entryId: string;
  kind: MentionKind;
  name: string;
  country: string | null;
  state: boolean;
  nonState: boolean;
  role: ActorRole;
  start: number;
  end: number;
  surface: string;
}

export interface ClaimPlace {
  entryId: string;
  kind: MentionKind;
  name: string;
  country: string | null;
  conflictZone: boolean;
  start: number;
  end: number;
  surface: string;
}

export interface Claim {
  sentenceIndex: number;
  start: number;
  end: number;
  items: ClaimItem[];
  actors: ClaimActor[];
  places: ClaimPlace[];
  /** Where the paragraph (or the one before) sets the scene, when the sentence names no place. */
  scene: ClaimPlace[];
  events: EventKind[];
  cues: { kind: EventKind; start: number; end: number; text: string }[];
  modality: Modality;
  /** When the events happened, as a range; `source` says where the dates came from. */
  time: { from: string | null; to: string | null; source: 'sentence' | 'narrative' | 'publication' | 'document' | 'unknown' };
  /** The sentence speaks of war or fighting. */
  war: boolean;
}

export interface DocumentReading {
  sentences: Sentence[];
  dates: DateMention[];
  claims: Claim[];
  /** Countries and parties named anywhere, with every offset (for linking permits to the report). */
  named: Map<string, { start: number; end: number }[]>;
  /** Items the document names (directly or through a platform). */
  namedItems: Set<string>;
  /** Every sentence that speaks of equipment, with the items and the other entries it names (links a report to permits). */
  links: SentenceLink[];
  publishedOn: string | null;
}

export interface SentenceLink {
  sentenceIndex: number;
  start: number;
  end: number;
  items: string[];
  entries: string[];
}

/** A model designation right after a maker's name: letters and digits ("NX-20", "G36", "T-72B"). */
const MODEL_AFTER = /^['’]?s?\s+(?=[A-Z0-9-]*\d)[A-Z][A-Za-z]{0,4}[- ]?\d{1,4}[A-Za-z]{0,3}\b/;

/** Generic nouns that refer back to equipment the report names elsewhere. */
const CLASS_NOUNS: { re: RegExp; words: string[] }[] = [
  { re: /\b(?:rifles?|guns?|firearms?)\b/i, words: ['rifle', 'gun', 'firearm', 'carbine'] },
  { re: /\bpistols?|handguns?\b/i, words: ['pistol', 'handgun'] },
  { re: /\b(?:howitzers?|artillery|cannons?)\b/i, words: ['howitzer', 'artillery', 'gun', 'cannon'] },
  { re: /\b(?:vehicles?|armou?red cars?|apcs?|ifvs?|tanks?)\b/i, words: ['vehicle', 'armoured', 'armored', 'tank', 'apc'] },
  { re: /\b(?:drones?|uavs?|unmanned aerial vehicles?)\b/i, words: ['drone', 'uav', 'unmanned'] },
  { re: /\b(?:sensors?|cameras?|turrets?|targeting systems?|imaging|optics|optronics)\b/i, words: ['sensor', 'camera', 'turret', 'imaging', 'targeting', 'optic', 'eo/ir'] },
  { re: /\b(?:missiles?|launchers?|rockets?)\b/i, words: ['missile', 'launcher', 'rocket'] },
  { re: /\b(?:helicopters?|aircraft|jets?|planes?)\b/i, words: ['helicopter', 'aircraft', 'jet', 'plane'] },
  { re: /\b(?:ships?|boats?|vessels?|patrol boats?|craft|gunboats?|cutters?|corvettes?|frigates?)\b/i, words: ['ship', 'boat', 'vessel', 'craft', 'patrol', 'cutter', 'corvette', 'frigate'] },
  { re: /\b(?:radars?)\b/i, words: ['radar'] },
  { re: /\b(?:ammunition|munitions?|rounds|shells|bombs?)\b/i, words: ['ammunition', 'munition', 'round', 'shell', 'bomb'] },
];
/** Nouns so generic that they refer to any equipment the report names. */
const ANY_EQUIPMENT =
  /\b(?:weapons?|arms|equipment|materiel|technology|technologies|systems?|hardware|goods|devices)\b(?!\s+(?:export|exports|exporters?|exporting|permits?|licen[cs]es?|licensing|sales?|deals?|embargo(?:es)?|industry|industries|trade|trading|control|controls|regime|policy|policies|restrictions?|compan(?:y|ies)|makers?|manufacturers?|dealers?|race|treaty|transfers? (?:treaty|policy)|shelters?|rooms?|bays?|halls?|sheds?)\b)/i;
const SOURCES_LINE = /^\s*(?:sources?|references?|credits?|photo(?:graph)?s?|images?|captions?|further reading|notes?)\s*:/i;
/** Words that point back to equipment named in an earlier sentence. */
const ANAPHORA = /\b(?:they|them|it|these|those|the (?:drones?|guns?|weapons?|rifles?|vehicles?|systems?|technology|sensors?|items?|equipment|arms|howitzers?|pistols?|missiles?|aircraft|helicopters?|boats?|units))\b/i;
const SINCE_BEFORE = /\b(?:since|from)\s+(?:early |late |mid-?)?$/i;
/** Dates tied to the act of publishing, not to the events reported. */
const PUBLICATION_BEFORE = /\b(?:published|released|broadcast|aired|posted|reported|announced|said|statement|dated|updated?|interview|press conference)\b[^.]{0,40}$/i;

function inside(m: { start: number; end: number }, s: { start: number; end: number }) {
  return m.start >= s.start && m.end <= s.end;
}

/** Last words of names and categories that say nothing about what the thing is. */
const NOT_A_HEAD = new Set(['system', 'kit', 'set', 'unit', 'equipment', 'package', 'part', 'spare', 'version', 'variant', 'model', 'type', 'series', 'family', 'assembly', 'suite', 'module', 'component', 'item', 'product', 'upgrade', 'armoured', 'armored', 'tactical', 'military']);

/** A word as its singular: radios → radio, batteries → battery, boxes → box. */
function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 4 && /(?:s|x|ch|sh)es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

const headCache = new WeakMap<ItemFacts, string[]>();

/**
 * The head nouns of an item: the last meaningful word of its name and of its category
 * ("Hanbit HR-950 manpack tactical radio" → radio). A report that has named the item calls
 * it that afterwards ("the radios"), whatever kind of equipment it is.
 */
function headNounsOf(item: ItemFacts): string[] {
  let heads = headCache.get(item);
  if (!heads) {
    const found = new Set<string>();
    for (const phrase of [item.name, item.category ?? '']) {
      const words = phrase.toLowerCase().match(/[a-z]+/g) ?? [];
      for (let i = words.length - 1; i >= 0; i--) {
        const w = singular(words[i]);
        if (w.length < 3 || NOT_A_HEAD.has(w)) continue;
        found.add(w);
        break;
      }
    }
    heads = [...found];
    headCache.set(item, heads);
  }
  return heads;
}

/** The words of a sentence in the singular, each with its first offset. */
function sentenceWords(text: string): Map<string, { start: number; end: number }> {
  const out = new Map<string, { start: number; end: number }>();
  for (const m of text.matchAll(/[A-Za-z]+/g)) {
    const w = singular(m[0].toLowerCase());
    if (!out.has(w)) out.set(w, { start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/**
 * The items a generic noun can mean: those of the salient items that fit; else, since "the
 * radar" is the radar the report names even if only in a sale, any named item that fits.
 */
function meant(k: ReadingKnowledge, salient: Set<string>, named: Set<string>, fits: (item: ItemFacts) => boolean): string[] {
  const fitting = (ids: Set<string>) =>
    [...ids].filter((id) => {
      const item = k.item(id);
      return item !== undefined && fits(item);
    });
  const found = fitting(salient);
  return found.length ? found : fitting(named);
}

function itemMatchesClass(item: ItemFacts, words: string[]): boolean {
  const hay = [item.name, item.category ?? '', ...item.aliases].join(' ').toLowerCase();
  return words.some((w) => hay.includes(w));
}

/**
 * Reads a document: sentences, dates, and one claim per sentence that names (or points back
 * to) equipment together with something happening to it. A sentence that only speaks of
 * supply ("sold to", "delivered to") gives a claim with the single event `supply`: lawful
 * in itself, it matters when the assured recipient supplies someone else.
 */
export function readClaims(text: string, mentions: TextMention[], k: ReadingKnowledge, publishedOn: string | null): DocumentReading {
  const sentences = splitSentences(text);
  const dates = findDates(text);
  const named = new Map<string, { start: number; end: number }[]>();
  const namedItems = new Set<string>();
  for (const m of mentions) {
    const list = named.get(m.entryId) ?? [];
    list.push({ start: m.start, end: m.end });
    named.set(m.entryId, list);
    if (m.kind === 'item') namedItems.add(m.entryId);
    if (m.kind === 'platform') for (const id of k.itemsOnPlatform(m.entryId)) namedItems.add(id);
  }
  const latestYear = dates.reduce<string | null>((acc, d) => (!acc || d.to > acc ? d.to : acc), null);
  const documentTo = publishedOn ?? latestYear;

  // Items the report names firmly in sentences where something happens to them: what a
  // generic "the weapons" later refers to (an item only listed in a delivery is not).
  const salient = new Set<string>();
  for (const s of sentences) {
    const inS = mentions.filter((m) => inside(m, s));
    if (!inS.some((m) => m.kind === 'item' || m.kind === 'platform' || m.kind === 'party')) continue;
    if (!findCues(s.text, s.start).some((c) => c.kind !== 'supply')) continue;
    for (const it of itemsOf(s, text, inS, k, namedItems, null, (ids) => ids)) salient.add(it.itemId);
  }
  const referable = salient.size ? salient : namedItems;
  // Where each item is named, to resolve "the rifles" to the nearest antecedent.
  const positions = new Map<string, number[]>();
  for (const m of mentions) {
    const ids = m.kind === 'item' ? [m.entryId] : m.kind === 'platform' ? k.itemsOnPlatform(m.entryId) : [];
    for (const id of ids) positions.set(id, [...(positions.get(id) ?? []), m.start]);
  }
  const sentenceAt = (pos: number) => sentences.findIndex((x) => pos >= x.start && pos < x.end);
  const nearest: Resolver = (ids, at) => {
    if (ids.length <= 1) return ids;
    const before = ids.map((id) => ({ id, pos: Math.max(-1, ...(positions.get(id) ?? []).filter((p) => p < at)) }));
    const best = Math.max(...before.map((b) => b.pos));
    if (best >= 0) return before.filter((b) => b.pos >= 0 && sentenceAt(b.pos) === sentenceAt(best)).map((b) => b.id);
    const after = ids.map((id) => ({ id, pos: Math.min(Number.MAX_SAFE_INTEGER, ...(positions.get(id) ?? [])) }));
    const first = Math.min(...after.map((a) => a.pos));
    return after.filter((a) => a.pos < Number.MAX_SAFE_INTEGER && sentenceAt(a.pos) === sentenceAt(first)).map((a) => a.id);
  };
  const claims: Claim[] = [];
  const links: SentenceLink[] = [];
  let lastItems: { index: number; paragraph: number; items: ClaimItem[] } | null = null;
  // The armed group the narrative last named: who "took" or "seized" the goods when the sentence does not say.
  let lastGroup: { actor: ClaimActor; paragraph: number } | null = null;
  for (const s of sentences) {
    const inS = mentions.filter((m) => inside(m, s));
    // A list of sources or credits tells where the report got its facts, not what happened.
    if (SOURCES_LINE.test(s.text)) continue;
    const groupBefore = lastGroup;
    for (const m of inS) {
      if (m.kind !== 'armed_group' && m.kind !== 'party') continue;
      const facts = k.facts(m.entryId);
      if (!facts?.nonState) continue;
      lastGroup = { paragraph: s.paragraph, actor: actorOf(m, facts, 'agent') };
    }
    const items = itemsOf(s, text, inS, k, namedItems, referable, nearest);
    if (items.length === 0 && lastItems && s.index - lastItems.index <= 2 && s.paragraph - lastItems.paragraph <= 1 && ANAPHORA.test(s.text)) {
      for (const it of lastItems.items) items.push({ ...it, via: 'anaphora', confidence: it.confidence * 0.8, start: s.start, end: s.start });
    } else if (items.length) {
      lastItems = { index: s.index, paragraph: s.paragraph, items };
    }
    if (items.length === 0) continue;
    links.push({
      sentenceIndex: s.index,
      start: s.start,
      end: s.end,
      items: [...new Set(items.map((i) => i.itemId))],
      entries: [...new Set(inS.filter((m) => m.kind !== 'item' && m.kind !== 'platform' && !companyNationality(m, text)).map((m) => m.entryId))],
    });
    const cues = findCues(s.text, s.start);
    let events: EventKind[] = [...new Set(cues.map((c) => c.kind))].filter((e) => e !== 'supply');
    if (events.length === 0) {
      // A sentence of supply only: kept as a claim so that a recipient passing goods on is seen.
      if (!cues.some((c) => c.kind === 'supply')) continue;
      events = ['supply'];
    }
    const actors = actorsOf(s, text, inS, k, cues);
    // "Everything points to army equipment taken from its positions": the captor is the group the
    // account is about, named a few paragraphs before.
    if (events.includes('capture') && !actors.some((a) => a.nonState) && groupBefore && s.paragraph - groupBefore.paragraph <= 4) {
      actors.push({ ...groupBefore.actor, fromContext: true });
    }
    claims.push({
      sentenceIndex: s.index,
      start: s.start,
      end: s.end,
      items: dedupeItems(items),
      actors,
      places: placesOf(s, text, inS, k),
      scene: sceneOf(s, sentences, text, mentions, k),
      events,
      cues,
      modality: modalityOf(s.text),
      time: timeOf(s, text, dates, publishedOn, documentTo),
      war: WAR_WORDS.test(s.text),
    });
  }
  return { sentences, dates, claims, named, namedItems, links, publishedOn };
}

function dedupeItems(items: ClaimItem[]): ClaimItem[] {
  const best = new Map<string, ClaimItem>();
  for (const it of items) {
    const prev = best.get(it.itemId);
    if (!prev || it.confidence > prev.confidence) best.set(it.itemId, it);
  }
  return [...best.values()];
}

/** The equipment a sentence speaks of: by name, through a platform, a maker, or a class noun. */
/** "US defense company L3Harris", "Canadian firm": a nationality of a company, not a party to events. */
function companyNationality(m: TextMention, text: string): boolean {
  if (m.kind !== 'country') return false;
  const after = text.slice(m.end, m.end + 40);
  // "Canadian-made", "Spanish-built": where the goods come from, not who acts.
  return COMPANY_AFTER.test(after) || /^-?\s?(?:built|made|manufactured|designed|produced|developed|origin|sourced)\b/i.test(after);
}

/**
 * The equipment a sentence speaks of. `referable` is what generic nouns may point to; null
 * asks for direct references only (names, platforms, makers).
 */
/** Picks, among items a generic noun could mean, the ones named nearest before position `at`. */
type Resolver = (ids: string[], at: number) => string[];

function itemsOf(s: Sentence, text: string, inS: TextMention[], k: ReadingKnowledge, namedItems: Set<string>, referable: Set<string> | null, resolve: Resolver): ClaimItem[] {
  const out: ClaimItem[] = [];
  for (const m of inS) {
    if (m.kind === 'item') out.push({ itemId: m.entryId, via: 'name', confidence: m.fuzzy ? 0.85 : 1, start: m.start, end: m.end });
    if (m.kind === 'platform') {
      for (const id of k.itemsOnPlatform(m.entryId)) {
        out.push({ itemId: id, via: 'platform', confidence: 0.85, start: m.start, end: m.end, platform: text.slice(m.start, m.end) });
      }
    }
    if (m.kind === 'party' && !inS.some((o) => o.kind === 'item' || o.kind === 'platform') && !MODEL_AFTER.test(text.slice(m.end, m.end + 16))) {
      // A sentence that names its models needs no maker's name to say which; a maker followed
      // by a model designation the registry does not know ("Norvik NX-20") names another model.
      const made = k.itemsOfMaker(m.entryId);
      // A maker's name points to the models of that maker the report names; another model is not implicated.
      const named = made.filter((id) => namedItems.has(id));
      for (const id of named.length ? named : made.length === 1 ? made : []) {
        out.push({ itemId: id, via: 'maker', confidence: named.length ? 0.75 : 0.55, start: m.start, end: m.end });
      }
    }
  }
  if (referable === null) return out;
  if (out.length === 0) {
    for (const c of CLASS_NOUNS) {
      const hit = c.re.exec(s.text);
      if (!hit) continue;
      const fits = meant(k, referable, namedItems, (item) => itemMatchesClass(item, c.words));
      for (const id of resolve(fits, s.start)) {
        out.push({ itemId: id, via: 'class', confidence: 0.7, start: s.start + hit.index, end: s.start + hit.index + hit[0].length });
      }
    }
  }
  if (out.length === 0 && namedItems.size > 0) {
    // The item's own head noun ("the radios" for a "manpack tactical radio").
    const words = sentenceWords(s.text);
    const fits = meant(k, referable, namedItems, (item) => headNounsOf(item).some((h) => words.has(h)));
    for (const id of resolve(fits, s.start)) {
      const head = headNounsOf(k.item(id)!).find((h) => words.has(h))!;
      const at = words.get(head)!;
      out.push({ itemId: id, via: 'class', confidence: 0.7, start: s.start + at.start, end: s.start + at.end });
    }
  }
  if (out.length === 0) {
    const hit = ANY_EQUIPMENT.exec(s.text);
    if (hit && referable.size > 0 && referable.size <= 3) {
      for (const id of resolve([...referable], s.start)) out.push({ itemId: id, via: 'class', confidence: 0.55, start: s.start + hit.index, end: s.start + hit.index + hit[0].length });
    }
  }
  return out;
}

function roleOf(m: TextMention, facts: EntryFacts, text: string, s: Sentence, cues: { kind: EventKind; start: number; end: number }[], all: TextMention[]): ActorRole | null {
  const before = text.slice(Math.max(s.start, m.start - 60), m.start);
  const after = text.slice(m.end, Math.min(s.end, m.end + 60));
  if (SPEAKER_AFTER.test(after)) return 'speaker';
  for (const r of NOT_A_USER_BEFORE) {
    if (!r.re.test(before)) continue;
    if (r.role === 'recipient') {
      // "to X" is a recipient only right after a verb of supply or transfer.
      const cue = cues.find((c) => c.end <= m.start && m.start - c.end <= 50 && !/[;]/.test(text.slice(c.end, m.start)));
      if (!cue) continue;
    }
    if (r.role === 'place' && facts.kind !== 'country' && facts.kind !== 'region' && facts.kind !== 'conflict_zone') continue;
    // "took them from Myanmar government soldiers": a country followed by its forces is an actor, not a place.
    if (r.role === 'place' && facts.kind === 'country' && FORCE_AFTER.test(after)) return 'agent';
    if (r.role === 'speaker' && !/according to|quoting|citing/i.test(before) && !/\bby\s+(?:the\s+)?$/i.test(before)) return 'speaker';
    if (r.role === 'speaker' && /\bby\s+(?:the\s+)?$/i.test(before)) {
      // "used by X" makes X the user; "released by X", "reported by X" make X a source.
      const verb = /(\w+)\s+by\s+(?:the\s+)?$/i.exec(before)?.[1]?.toLowerCase() ?? '';
      if (/^(?:released|published|reported|broadcast|aired|issued|posted|obtained|quoted|cited|commissioned|prepared|written|shared|provided|sent|circulated|leaked)$/.test(verb)) return 'speaker';
      // "photographs shared with reporters by X", "images released to the press by X": X is the source.
      if (/\b(?:released|published|shared|posted|provided|sent|circulated|leaked|issued|broadcast)\s+(?:\w+\s+){1,3}by\s+(?:the\s+)?$/i.test(before)) return 'speaker';
      // "built by Pakistan's GIDS": the maker, not someone in the field.
      if (/^(?:built|made|manufactured|designed|developed|produced|assembled|engineered)$/.test(verb)) return null;
      return 'agent';
    }
    return r.role;
  }
  if (facts.kind === 'country') {
    // "Yemen's Houthi rebels": the country only qualifies the group that follows it.
    const next = all.find((o) => o.start > m.end && o.start - m.end <= 4 && (o.kind === 'armed_group' || o.kind === 'party'));
    if (next && /^['’]s\s*$/.test(text.slice(m.end, next.start))) return null;
    if (FORCE_AFTER.test(after)) return 'agent';
    // "Turkey had used", "Azerbaijan deployed": a country directly before the verb acts through its forces.
    const verbAfter = cues.find((c) => c.start >= m.end && c.start - m.end <= 22 && c.kind !== 'supply');
    if (verbAfter && !/[,;:]/.test(text.slice(m.end, verbAfter.start))) return 'agent';
    return null;
  }
  return 'agent';
}

function actorsOf(s: Sentence, text: string, inS: TextMention[], k: ReadingKnowledge, cues: { kind: EventKind; start: number; end: number }[]): ClaimActor[] {
  const out: ClaimActor[] = [];
  for (const m of inS) {
    if (m.kind !== 'party' && m.kind !== 'country' && m.kind !== 'armed_group') continue;
    const facts = k.facts(m.entryId);
    if (!facts) continue;
    // A maker named as such is not an actor in the field.
    if (m.kind === 'party' && k.itemsOfMaker(m.entryId).length > 0) continue;
    if (companyNationality(m, text)) continue;
    // "Karen National Liberation Army (KNLA)": the bracketed short name is the same actor again.
    const named = out.find((a) => a.entryId === m.entryId && /^\s*\(\s*$/.test(text.slice(a.end, m.start)));
    if (named) continue;
    const role = roleOf(m, facts, text, s, cues, inS);
    if (!role || role === 'place') continue;
    out.push(actorOf(m, facts, role));
  }
  return out;
}

function actorOf(m: TextMention, facts: EntryFacts, role: ActorRole): ClaimActor {
  return { entryId: m.entryId, kind: m.kind, name: facts.name, country: facts.country, state: facts.state, nonState: facts.nonState, role, start: m.start, end: m.end, surface: m.surface };
}

/** Places named earlier in the same paragraph or in the paragraph before, nearest first. */
function sceneOf(s: Sentence, sentences: Sentence[], text: string, mentions: TextMention[], k: ReadingKnowledge): ClaimPlace[] {
  const out: ClaimPlace[] = [];
  for (let i = s.index - 1; i >= 0; i--) {
    const prev = sentences[i];
    if (s.paragraph - prev.paragraph > 1) break;
    const inP = mentions.filter((m) => inside(m, prev) && (m.kind === 'region' || m.kind === 'conflict_zone'));
    out.push(...placesOf(prev, text, inP, k));
    if (out.length) break;
  }
  return out;
}

function placesOf(s: Sentence, text: string, inS: TextMention[], k: ReadingKnowledge): ClaimPlace[] {
  const out: ClaimPlace[] = [];
  for (const m of inS) {
    if (m.kind !== 'region' && m.kind !== 'conflict_zone' && m.kind !== 'country') continue;
    const facts = k.facts(m.entryId);
    if (!facts) continue;
    if (m.kind === 'country') {
      const before = text.slice(Math.max(s.start, m.start - 60), m.start);
      const placeRule = NOT_A_USER_BEFORE.find((r) => r.role === 'place');
      const after = text.slice(m.end, Math.min(s.end, m.end + 20));
      if (!placeRule?.re.test(before)) continue;
      if (/^\s*(?:-?led|forces|military|army|troops)/i.test(after)) continue;
    }
    out.push({
      entryId: m.entryId,
      kind: m.kind,
      name: facts.name,
      country: facts.country,
      conflictZone: (facts.conflicts?.length ?? 0) > 0 || m.kind === 'conflict_zone',
      start: m.start,
      end: m.end,
      surface: m.surface,
    });
  }
  return out;
}

/**
 * When the claim's events happened: a date in the sentence (not the date something was
 * published), else the last precise date the narrative gave before it, else the
 * publication date, else the latest year the document mentions.
 */
function timeOf(s: Sentence, text: string, dates: DateMention[], publishedOn: string | null, documentTo: string | null): Claim['time'] {
  // "since September 2014": a period running up to the report, not an event on that date.
  const open = (d: DateMention): DateMention => (SINCE_BEFORE.test(text.slice(Math.max(0, d.start - 12), d.start)) && documentTo ? { ...d, to: documentTo > d.to ? documentTo : d.to } : d);
  const inSentence = dates
    .filter((d) => d.start >= s.start && d.end <= s.end && !PUBLICATION_BEFORE.test(text.slice(Math.max(s.start, d.start - 50), d.start)))
    .map(open);
  const notFuture = (d: DateMention) => !publishedOn || d.from <= publishedOn;
  const own = inSentence.filter(notFuture);
  if (own.length) {
    return { from: own.reduce((a, d) => (d.from < a ? d.from : a), own[0].from), to: own.reduce((a, d) => (d.to > a ? d.to : a), own[0].to), source: 'sentence' };
  }
  const earlier = dates.filter((d) => d.end <= s.start && d.precision !== 'year' && notFuture(d)).map(open);
  const narrative = earlier[earlier.length - 1];
  if (narrative) return { from: narrative.from, to: narrative.to, source: 'narrative' };
  if (publishedOn) return { from: null, to: publishedOn, source: 'publication' };
  if (documentTo) return { from: null, to: documentTo, source: 'document' };
  return { from: null, to: null, source: 'unknown' };
}
