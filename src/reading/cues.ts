/**
 * The words that say what happened to equipment, how sure the writer is, and whether the
 * report raises humanitarian-law concerns. Matched on lower-case text at word boundaries;
 * each returns its offsets so that claims can relate actors to the verb they go with.
 */
/**
 * `diversion` words say the goods left the end user wrongly (smuggled, resold, diverted);
 * `handover` words only say they changed hands (handed over, lent), which is also how a
 * lawful delivery to the end user is told: a re-transfer only when the report names a
 * recipient other than the end user.
 */
export type EventKind = 'use' | 'capture' | 'diversion' | 'handover' | 'found' | 'supply';

export interface Cue {
  kind: EventKind;
  start: number;
  end: number;
  text: string;
}

const w = (words: string[]) => new RegExp(String.raw`\b(?:${words.join('|')})\b`, 'gi');

const EVENT_PATTERNS: Record<EventKind, RegExp> = {
  use: w([
    'used', 'using', 'use of', 'uses', 'employ(?:ed|ing|s)?', 'deploy(?:ed|ing|s|ment)?', 'field(?:ed|ing)', 'operat(?:ed|ing|es)',
    'flown', 'flew', 'flying', 'fir(?:ed|ing) (?:on|at|into)', 'shell(?:ed|ing)', 'launch(?:ed|ing)', 'strikes? (?:on|against)', 'struck',
    'bombard(?:ed|ing|ment)', 'position(?:ed|ing)', 'station(?:ed|ing)', 'in action', 'in combat', 'in service with', 'in the hands of',
    'equipped with', 'fitted (?:with|to)', 'mounted on', 'patrol(?:led|ling)?', 'crackdown', 'against protesters', 'against civilians',
    'drove (?:into|through)', 'mov(?:ed|ing) (?:\\w+ ){0,3}(?:to|into)', 'relocat(?:ed|ing)', 'redeploy(?:ed|ing|ment)', '(?:carried|dropped|fired|launched) by', 'opened fire', 'advanc(?:ed|ing) (?:on|towards|into)', 'riding (?:in|on|them)', 'rode (?:in|on)',
  ]),
  capture: w([
    'captur(?:ed|e|es|ing)', 'seiz(?:ed|e|es|ing|ure)', 'taken (?:by|from|rather than|there|during)', 'took (?:\\w+ )?from', 'were taken', 'was taken', 'fell into', 'overr(?:an|un)',
    'loot(?:ed|ing)', 'trophy', 'trophies', 'commandeered',
  ]),
  diversion: w([
    're-?export(?:ed|ing|s)?', 're-?transfer(?:red|ring|s)?', 'handed on', 'passed on', 'divert(?:ed|ing)',
    'diversion', 'smuggl(?:ed|ing|e)', 'resold', 're-sold', 'resale', 'sold on', 'for sale', 'on sale', 'sold their', 'selling their',
    'ended up', 'end up', 'found their way', 'made their way', 'traffick(?:ed|ing)', 'black market', 'arms markets?', 'gun markets?',
    'without (?:the )?(?:prior )?(?:consent|authori[sz]ation)', 'unlawfully diverted',
  ]),
  handover: w(['transferred to', 'handed over', 'handed to', 'passed to', 'lent', 'loaned', 'on loan']),
  found: w([
    'found', 'recover(?:ed|ing|y)', 'discover(?:ed|ing)', 'spotted', 'sighted', 'photographed', 'filmed', 'footage', 'video(?:s)?',
    'images?', 'turn(?:s|ed|ing)? up', 'came across', 'identified', 'pos(?:e|ed|ing) (?:beside|with|next to)', 'display(?:ed|ing)', 'parad(?:ed|ing)',
    'appears? to show', 'show(?:s|ed|ing)?', 'seen', 'evidence', 'presence of', 'caches?', 'depots?', 'stockpiles?', 'arsenals?',
    'markings?', 'lot numbers?', 'serial numbers?', 'traced', 'photographs?', 'fragments?', 'remnants?', 'debris', 'wreckage',
  ]),
  supply: w([
    'sold to', 'sale to', 'sales to', 'sold', 'sells?', 'selling', 'suppl(?:y|ied|ying|ies)', 'deliver(?:ed|ing|y|ies)', 'export(?:ed|ing|s)? to', 'shipped', 'licen[cs]ed',
    'approved', 'cleared', 'purchas(?:ed|e)', 'bought', 'order(?:ed)?', 'contract', 'deal', 'gave', 'given', 'provid(?:ed|ing)', 'donat(?:ed|ion)',
    'transfer to', 'permits? (?:for|to)',
  ]),
};

/** All event cues in a sentence, in order. */
export function findCues(sentence: string, offset = 0): Cue[] {
  const out: Cue[] = [];
  for (const [kind, re] of Object.entries(EVENT_PATTERNS) as [EventKind, RegExp][]) {
    re.lastIndex = 0;
    for (let m = re.exec(sentence); m; m = re.exec(sentence)) {
      out.push({ kind, start: offset + m.index, end: offset + m.index + m[0].length, text: m[0] });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

export type Modality = 'asserted' | 'hedged' | 'denied' | 'attributed';

const DENIAL = /\b(?:not|never|no evidence|denied|denies|deny|den(?:y|ies) that|rejected|rejects|refuted|refutes|false|dismissed|dismisses|baseless|unfounded|fabricated|debunked)\b/i;
const NOTHING_FOUND = /\bnothing\b(?:\s+\w+){0,4}?\s+(?:found|points?|pointed|suggests?|suggested|indicates?|indicated|ties|tied|links?|linked|connects?|connected)\b|\b(?:had|has|have) no (?:information|knowledge|record|indication) (?:about|of|that)\b/i;
const NEGATED_EVENT = /\b(?:not|never|n't)\b(?:\s+\w+){0,3}\s+(?:used|being used|deployed|transferred|diverted|captured|seized|sold|found|been|carry|carried|bear|bore|match|matched|show|showed|come from|came from|originate|originated)\b/i;
const HEDGE =
  /\b(?:appears? to|appeared to|apparently|presumably|supposedly|allegedly|alleged|reportedly|reported(?:ly)? to|may have|might|could|possibly|likely|suspected|believed to|said to|claims?|claimed|purported(?:ly)?|unverified|could not be (?:independently )?verified|cannot (?:yet )?confirm|suggest(?:s|ing|ed)?|seem(?:s|ed)? to|unconfirmed|if confirmed)\b/i;
const ATTRIBUTION =
  /\b(?:according to|quoting|citing|said|says|say|stated|told|reported|reports|reporting|indicates?|indicated|found that|concluded|assesses|counts|estimates|wrote|documented|identified|published|accuse[sd]?|accusing)\b/i;

/**
 * How the sentence puts its claim: denied ("not being used"), hedged ("appears to show",
 * "allegedly"), attributed to a source ("according to", "X said"), or asserted.
 */
export function modalityOf(sentence: string): Modality {
  if (NOTHING_FOUND.test(sentence) || NEGATED_EVENT.test(sentence) || (DENIAL.test(sentence) && /\b(?:denied|denies|no evidence|dismissed|dismisses|rejected|rejects|refuted|refutes|baseless|unfounded|fabricated|debunked)\b/i.test(sentence))) return 'denied';
  if (HEDGE.test(sentence)) return 'hedged';
  if (ATTRIBUTION.test(sentence)) return 'attributed';
  return 'asserted';
}

/** Words that report violations of humanitarian law or harm to civilians. */
const IHL =
  /\b(?:civilians?|non-?combatants?|war crimes?|humanitarian law|laws? of war|atrocit(?:y|ies)|indiscriminate|residential areas?|hospitals?|schools?|beheading|beheaded|tortur(?:e|ed)|massacres?|unlawful(?:ly)? (?:killing|killed|attacks?)|human rights (?:violations|abuses)|cluster (?:bombs?|munitions)|ethnic cleansing|forced (?:displacement|relocation)|famine|blockade|protesters|demonstrators|shoot to kill|opened fire on (?:crowds?|protesters|demonstrators)|people (?:died|were killed)|killed \d+ people|extrajudicial|internal repression|(?:men|women|people|persons|children|villagers|residents) (?:were |had been )?(?:killed|shot dead)|killed (?:during|at|in) (?:the )?(?:protests?|demonstrations?|rall(?:y|ies)|marche?s?)|deaths of (?:\w+ ){0,2}(?:people|protesters|demonstrators|civilians|villagers))\b/gi;

/** Offsets of the humanitarian-law concerns a document raises. */
export function findIhlSignals(text: string): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = [];
  IHL.lastIndex = 0;
  for (let m = IHL.exec(text); m; m = IHL.exec(text)) out.push({ start: m.index, end: m.index + m[0].length, text: m[0] });
  return out;
}

/** Words that place a sentence in war. */
export const WAR_WORDS =
  /\b(?:war|wars|conflict|conflicts|fighting|offensive|front(?:line)?|battles?|battlefield|combat|hostilities|invasion|incursion|insurgency|airstrikes?|strikes|shelling|frontier|advanc(?:e|ing) into)\b/i;

/** Phrases just before an actor that make it something other than the user of the goods. */
export const NOT_A_USER_BEFORE: { role: ActorRole; re: RegExp }[] = [
  { role: 'backer', re: /\b(?:backed by|supported by|support of|support from|allied (?:with|to)|allies?(?: of)?|sponsored by|ally)\s*$/i },
  { role: 'opponent', re: /\b(?:fight|fighting|fought|against|combat(?:ing)?|battle|battling|war with|war against|defeat|attacks? (?:on|by)|targeting)\s+(?:the\s+)?$/i },
  { role: 'speaker', re: /\b(?:according to|quoting|citing|told|asked|by)\s+(?:the\s+)?$/i },
  { role: 'place', re: /\b(?:in|into|inside|within|near|along|across|at|on|outside|around|throughout|over|from|border(?:s)? (?:with|between)|province of|region of|territory of|and)\s+(?:the\s+)?(?:northern |southern |eastern |western |north-?eastern |north-?western |south-?eastern |south-?western |central |occupied |disputed |breakaway )?$/i },
  { role: 'recipient', re: /\b(?:to|for)\s+(?:the\s+)?$/i },
];

/** Words just after an actor that make it a speaker, not a user ("Ankara said", "X told"). */
/** Words after a country that make it the nationality of a company, not a party to events. */
export const COMPANY_AFTER = /^\s*(?:-based\s+)?(?:defen[cs]e |arms |aerospace |engineering |technology |)(?:company|companies|firm|firms|manufacturer|maker|group|contractor|corporation|subsidiary|industry|industries|conglomerate)\b/i;

export const SPEAKER_AFTER =
  /^['’]?s?\s*(?:\w+\s+){0,3}?(?:said|says|stated|told|confirmed|announced|added|argued|insisted|noted|declined|welcomed|accused|urged|asked|protested|warned|denied|called|reported|responded|claimed|conveyed|requested)\b/i;

/** Nouns that make a demonym or country name an armed actor ("Azerbaijani forces"). */
export const FORCE_AFTER =
  /^['’]?s?\s*(?:-?led\b|(?:\w+\s+){0,2}?(?:forces?|military|army|armies|troops|soldiers|fighters|rebels|militias?|militants|insurgents|police|gendarmerie|guards?|navy|air force|units?|brigades?|battalions?|personnel|security forces|special forces|paramilitar(?:y|ies)))\b/i;

export type ActorRole = 'agent' | 'recipient' | 'speaker' | 'backer' | 'opponent' | 'place';
