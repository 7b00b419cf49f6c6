import type { Claim, ClaimActor, ClaimPlace } from '../reading/claims.js';
import { findIhlSignals } from '../reading/cues.js';
import { normalizeName } from '../reading/normalize.js';
import { COUNTRY_PREFIX, ITEM_PREFIX, PARTY_PREFIX } from '../reading/gazetteer.js';
import { gradeWeight } from './detection.score.js';
import { contentWords } from './region.words.js';
import type { AlertKind, DetectionKnowledge, DocumentEvidence, Finding, PermitFacts } from './detection.types.js';

/**
 * The rules that turn a document's claims into findings against permits. Pure: the caller
 * passes the permits that hold the items the document names (from the item index), never
 * the whole ledger.
 *
 * Domain rules enforced here:
 * - a permit is only implicated when the report ties the item to the permit's destination
 *   or its assured parties (a permit to another destination is not implicated);
 * - a permit issued after the events the report describes is not implicated;
 * - an item reached through a platform ("TB2 drones") implicates a permit only when that
 *   permit is for that platform or its parties are named;
 * - denied and merely speculative claims ("could be smuggled") implicate nothing;
 * - use by the exporting state's own forces is not a breach of the importer's assurances.
 */


const MODALITY_WEIGHT: Record<string, number> = { asserted: 1, attributed: 0.9, hedged: 0.7, denied: 0 };

/** A warning or fear about what might happen, not a report that it did. */
const SPECULATIVE = /\b(?:warn(?:ed|ing|s)?|fear(?:ed|s)?|risk|concerns?|worr(?:y|ied|ies)|could|might|would|may)\b[^.;]{0,80}\b(?:could|might|would|may|risk of|(?:be|is|are|being) (?:used|diverted|smuggled|transferred|captured|seized|lost|stolen))\b/i;
/** A condition or an open question ("if the rifles were sold", "asked whether …"). */
const CONDITIONAL = /\b(?:if|unless|whether|in case)\b/gi;

/**
 * A sentence that warns of what might happen, or puts the event itself under a condition or
 * a question. Only a condition before the event counts: "had been lent …; he did not know
 * whether any had been returned" reports the loan.
 */
function speculative(c: Claim, sentence: { start: number; text: string }): boolean {
  if (SPECULATIVE.test(sentence.text)) return true;
  const firstEvent = c.cues.filter((q) => q.kind !== 'supply').reduce((min, q) => Math.min(min, q.start), Number.POSITIVE_INFINITY);
  CONDITIONAL.lastIndex = 0;
  const m = CONDITIONAL.exec(sentence.text);
  return m !== null && (firstEvent === Number.POSITIVE_INFINITY || sentence.start + m.index < firstEvent);
}

/** Plans and intentions ("will be used for patrols", "to be deployed"), not events. */
const FUTURE = /\b(?:will|shall|is to|are to|to be)\s+(?:\w+\s+)?(?:be\s+)?(?:used|deployed|operated|fitted|flown|delivered|sent|transferred|based)\b/i;

/** The assurance itself ("undertook not to re-export"), not an event. */
const UNDERTAKING = /\bnot to (?:\w+ ){0,2}(?:re-?export|re-?transfer|transfer|deploy|use|sell|hand|pass|divert)|\b(?:undert(?:ook|aken|aking)|commit(?:ted|ment)s?|pledged?|promised?|assurances?|guarantee[ds]?) (?:\w+ ){0,3}not\b/i;
/** "The devices in the images cannot be the units exported under the licence." */
const NOT_THESE_GOODS = /\b(?:cannot|could not|can ?not) (?:possibly )?(?:be|have been|have come from) (?:the|those|these|any of the) (?:\w+ ){0,2}(?:exported|supplied|delivered|sold|licensed|shipped)\b/i;

/** The terms of a licence or assurance ("a clause on the zones where the vehicles can not be used"): a negation there denies no event. */
const TERMS = /\b(?:licen[cs]es?|clauses?|certificates?|assurances?|undertakings?|conditions?|terms|provisions?|stipulat\w*)\b/i;

/** Refutations put as findings rather than denials: the modality of the sentence need not be `denied`. */
const FOUND_OTHERWISE = /\b(?:did|does) not (?:appear|seem)|accounted for|none (?:was|were|is|are) missing/i;
/** An investigation that found nothing: it refutes the allegations the report relays. */
const REFUTATION = /\b(?:no evidence|found no|find no|finds no|no sign|no indication|nothing to suggest|did not find|could not find|no trace|not been (?:transferred|diverted|re-?exported)|(?:did|does) not (?:appear|seem) to be|not (?:a|an|the same) (?:model|type|weapon|item)|(?:is|are|were|was) (?:all )?accounted for|none (?:was|were|is|are) missing)\b/i;
const INVESTIGATOR = /\bwe (?:have )?(?:found|could find|saw)\b|\b(?:panel|experts?|analysts?|investigat\w*|inquir(?:y|ies)|review|audit|inventor(?:y|ies)|inspect\w*|verif\w*|monitors?|researchers|united nations|U\.?N\.?)\b/i;

const isSupplyOnly = (c: Claim) => c.events.length === 1 && c.events[0] === 'supply';

/** Cues that say the item was built into something, not that anyone used it. */
const INTEGRATION = /^(?:fitted|mounted|installed|integrated|equipped)\b/i;

/** Internal repression: force against protesters and crowds. */
const REPRESSION = /\b(?:protest(?:ers|s)?|demonstrat(?:ors|ions)|crowds?|unrest|crackdown|riot(?:s|ers)?|rall(?:y|ies))\b/i;

/** Attacks from the air or on the ground, in the sentence itself. */
const ATTACK = /\b(?:air ?strikes?|strikes?|struck|bomb(?:s|ed|ing)?|raids?|attack(?:s|ed)?|fired on|firing on|shell(?:ed|ing)|killed|killing)\b/i;

const isStateKind = (kind: string | undefined) => kind === 'government' || kind === 'armed_force' || kind === 'police';

type Standing = 'assured' | 'origin' | 'other';

export interface PermitIndex {
  /** Permits holding a registry item, by registry item id. */
  permitsFor(itemId: string): PermitFacts[];
}

interface Context {
  /** Actors holding the item under a permit of their own (the assured side of any permit for it). */
  licensed: (a: ClaimActor, itemId: string) => boolean;
  /** A destination of some permit for the item. */
  licensedCountry: (country: string | null, itemId: string) => boolean;
  /** The claim's sentence names another buyer of the item and nothing of this permit's side. */
  otherBuyerNamed: (c: Claim, itemId: string, p: PermitFacts, family: Set<string>) => boolean;
  /** The assured-side actor the report names as operating the item, if no one else is. */
  operators: (itemId: string, p: PermitFacts, family: Set<string>) => ClaimActor | undefined;
  /** `item|country`: the report shows that country's forces losing the item in battle to another state's. */
  stateCaptors: Set<string>;
  doc: DocumentEvidence;
  k: DetectionKnowledge;
  ihl: boolean;
  situation: Map<string, string>;
  links: Map<string, { linked: boolean; quote: { start: number; end: number } | null }>;
}

export const registryItemId = (entryId: string) => (entryId.startsWith(ITEM_PREFIX) ? entryId.slice(ITEM_PREFIX.length) : entryId);

/** The parties whose assurances cover a permit: end-user, consignee, ultimate end-user, their parents and units. */
export function assuredParties(p: PermitFacts, k: DetectionKnowledge): Set<string> {
  const out = new Set<string>();
  const add = (id: string | null) => {
    for (let cur = id, guard = 0; cur && !out.has(cur) && guard < 10; guard++) {
      out.add(cur);
      for (const child of k.childrenOf(cur)) out.add(child);
      cur = k.party(cur)?.parentId ?? null;
    }
  };
  add(p.endUserId);
  add(p.consigneeId);
  add(p.ultimateEndUserId);
  return out;
}

function standing(actor: ClaimActor, p: PermitFacts, family: Set<string>): Standing {
  if (actor.entryId.startsWith(PARTY_PREFIX) && family.has(actor.entryId.slice(PARTY_PREFIX.length))) return 'assured';
  const stateLike = actor.state || actor.kind === 'country';
  if (stateLike && actor.country === p.destination) return 'assured';
  if (actor.nonState) return 'other';
  if (actor.country === p.origin) return 'origin';
  return 'other';
}

/** The first date by which the document's misuse of an item had happened: the earliest claim time. */
function situationTimes(claims: Claim[], ownStock: (c: Claim, itemEntry: string) => boolean): Map<string, string> {
  const out = new Map<string, string>();
  const firm = new Set<string>();
  for (const c of claims) for (const it of c.items) if (it.confidence >= 0.7) firm.add(it.itemId);
  const loose = new Map<string, string>();
  for (const c of claims) {
    if (c.modality === 'denied' || !c.time.to || isSupplyOnly(c)) continue;
    for (const it of c.items) {
      // Another buyer using its own ("also in service with Senegal's forces since 2019") does not date these events.
      if (ownStock(c, it.itemId)) continue;
      // Where the report names the item firmly in an event, a passing generic mention ("arms") does not date it;
      // where it names it only in a sale, the generic mentions of the events are all there is.
      const into = it.confidence < 0.7 && firm.has(it.itemId) ? loose : out;
      const prev = into.get(it.itemId);
      if (!prev || c.time.to < prev) into.set(it.itemId, c.time.to);
    }
  }
  for (const [itemId, to] of loose) if (!out.has(itemId)) out.set(itemId, to);
  return out;
}

/** Entries that stand for a permit's destination side: the country and its assured parties. */
function destinationEntries(p: PermitFacts, family: Set<string>): Set<string> {
  const out = new Set<string>([COUNTRY_PREFIX + p.destination]);
  for (const id of family) out.add(PARTY_PREFIX + id);
  return out;
}

/** Whether the report ties the permit's item to its destination, and the sentence that does. */
function linkOf(ctx: Context, p: PermitFacts, family: Set<string>) {
  const cached = ctx.links.get(p.id);
  if (cached) return cached;
  const dest = destinationEntries(p, family);
  const items = new Set(p.itemIds.map((i) => ITEM_PREFIX + i));
  let found: { linked: boolean; quote: { start: number; end: number } | null } = { linked: false, quote: null };
  for (const l of ctx.doc.reading.links) {
    if (!l.items.some((i) => items.has(i))) continue;
    if (l.entries.some((e) => dest.has(e))) {
      found = { linked: true, quote: { start: l.start, end: l.end } };
      break;
    }
  }
  ctx.links.set(p.id, found);
  return found;
}

function platformFits(p: PermitFacts, platform: string | undefined, family: Set<string>, named: Map<string, unknown>): boolean {
  if (!platform) return true;
  if (p.endUse && normalizeName(p.endUse).includes(normalizeName(platform))) return true;
  for (const id of family) if (named.has(PARTY_PREFIX + id)) return true;
  return false;
}

function placeOutside(place: ClaimPlace, p: PermitFacts) {
  return place.country !== null && place.country !== p.destination && place.country !== p.origin;
}

interface Verdict {
  kind: AlertKind;
  confidence: number;
  reason: string;
  assuranceId: string | null;
}

const who = (a: ClaimActor) => `${a.surface}${a.country ? ` (${a.country})` : ''}`;

/** How the claim names the item: by name, platform, maker, class noun or anaphora. */
const mentionOf = (c: Claim, itemId: string) => c.items.find((i) => registryItemId(i.itemId) === itemId);

/** Applies the alert rules to one claim and one permit. */
function judge(c: Claim, p: PermitFacts, itemId: string, family: Set<string>, ctx: Context): Verdict[] {
  const out: Verdict[] = [];
  const noReexport = p.assurances.find((a) => a.noReexport) ?? p.assurances[0] ?? null;
  const agents = c.actors.filter((a) => a.role === 'agent');
  const recipients = c.actors.filter((a) => a.role === 'recipient');
  const st = new Map(c.actors.map((a) => [a, standing(a, p, family)]));
  const assured = agents.filter((a) => st.get(a) === 'assured');
  // A sentence about several items and several holders ("A has the X, and B operates the Y"):
  // a holder counts for an item only when no one of the permit's side is named nearer to it.
  const mention = c.items.length > 1 ? mentionOf(c, itemId) : undefined;
  const distance = (a: ClaimActor) => (mention ? Math.min(Math.abs(a.start - mention.end), Math.abs(mention.start - a.end)) : 0);
  const nearestAssured = Math.min(...assured.map(distance));
  // A company that fits or installs the item ("fitted to the vessels at the X yard") is part of the supply chain, not a user.
  const integration = c.cues.filter((q) => q.kind !== 'supply').every((q) => INTEGRATION.test(q.text));
  const fitter = (a: ClaimActor) => integration && !a.state && !a.nonState && a.kind === 'party';
  // Another state holding the item under its own permit is no sign that this permit's goods moved.
  const others = agents.filter((a) => st.get(a) === 'other' && !ctx.licensed(a, itemId) && !(mention && distance(a) > nearestAssured) && !fitter(a));
  const origins = agents.filter((a) => st.get(a) === 'origin');
  // A claim that names another buyer of the item (as actor or place), and not this permit's side, is about that buyer's goods.
  if (assured.length === 0 && c.actors.some((a) => a.role !== 'speaker' && a.role !== 'opponent' && st.get(a) === 'other' && ctx.licensed(a, itemId))) return out;
  if (assured.length === 0 && ctx.otherBuyerNamed(c, itemId, p, family)) return out;
  const ev = new Set(c.events);
  const endUser = ctx.k.party(p.endUserId)?.name ?? p.endUserId;

  // The exporting state's own forces with the item: its own stock, nothing the importer promised is at stake.
  if (origins.some((a) => a.state || a.kind === 'country')) return out;
  if (isSupplyOnly(c)) {
    // The assured side supplying someone else: a re-export, whatever word the report uses.
    const to = recipients.find((a) => st.get(a) === 'other');
    if (assured.length && to) {
      out.push({ kind: 'retransfer', confidence: 0.75, reason: `${who(assured[0])}, on the assured side, is reported to have supplied it to ${who(to)}`, assuranceId: noReexport?.id ?? null });
    }
    return out;
  }

  if (ev.has('capture')) {
    const captor = others.find((a) => a.nonState);
    if (captor) {
      out.push({ kind: 'capture', confidence: 0.9, reason: `${who(captor)}, a non-state group, is reported to have seized it`, assuranceId: noReexport?.id ?? null });
    }
  }
  if (ev.has('diversion') || ev.has('handover')) {
    const to = [...others, ...recipients.filter((a) => st.get(a) === 'other')][0];
    if (to) {
      out.push({ kind: 'retransfer', confidence: 0.85, reason: `it is reported as passed on to ${who(to)}, not the assured end-user ${endUser}`, assuranceId: noReexport?.id ?? null });
    } else if (ev.has('diversion')) {
      // With no other holder named, only diversion words count: changing hands alone is how deliveries are told.
      if (assured.length) out.push({ kind: 'retransfer', confidence: 0.8, reason: `${who(assured[0])}, on the assured side, is reported to have sold or passed it on`, assuranceId: noReexport?.id ?? null });
      // With nobody named at all, a class noun alone ("a route for smuggled guns") is background, not these goods.
      else if (origins.length === 0 && mentionOf(c, itemId)?.via !== 'class') {
        out.push({ kind: 'retransfer', confidence: 0.7, reason: 'it is reported as sold, smuggled or diverted outside the assured end-user', assuranceId: noReexport?.id ?? null });
      }
    }
  }
  if (ev.has('use') || ev.has('found') || ev.has('capture')) {
    const user = others.find((a) => !(ev.has('capture') && a.nonState) && !(a.state && ev.has('capture') && !ev.has('use')));
    if (user) {
      out.push({ kind: 'retransfer', confidence: user.state || user.kind === 'country' ? 0.9 : 0.85, reason: `${who(user)} is reported as its user or holder, not the assured end-user ${endUser}`, assuranceId: noReexport?.id ?? null });
    } else if (assured.length === 0) {
      // A country that holds the model under permits of its own explains its presence there.
      // A place the permit's assurances exclude is judged as such below, not as a re-transfer.
      const abroad = c.places.find((pl) => placeOutside(pl, p) && !ctx.licensedCountry(pl.country, itemId) && !excludedBy(p, pl, ctx));
      // Items an enemy state took in battle and shows off are a loss in war, not a transfer.
      const warTrophy = !ev.has('use') && !ev.has('diversion') && ctx.stateCaptors.has(`${itemId}|${p.destination}`);
      // Built into a platform abroad ("fitted to the vessels at a French yard before delivery"): the supply chain, not a diversion.
      if (abroad && !warTrophy && !integration) {
        const confidence = ev.has('found') || ev.has('capture') ? 0.7 : 0.6;
        out.push({ kind: 'retransfer', confidence, reason: `it is reported in ${abroad.surface} (${abroad.country}), outside the destination ${p.destination}, with no sign of the assured end-user`, assuranceId: noReexport?.id ?? null });
      }
    }
  }
  // Excluded regions: any reported presence there contradicts the assurance.
  for (const a of p.assurances) {
    for (const region of a.excludedRegions) {
      const place = [...c.places, ...(c.places.length ? [] : c.scene ?? [])].find((pl) => inRegion(region, pl, ctx));
      if (place) out.push({ kind: 'restricted_region', confidence: 0.9, reason: `it is reported in ${place.surface}, which assurance ${a.id} excludes ("${region}")`, assuranceId: a.id });
      else if (paraphrased(region, c, ctx)) out.push({ kind: 'restricted_region', confidence: 0.75, reason: `it is reported in what the report describes as "${region}" in other words, which assurance ${a.id} excludes`, assuranceId: a.id });
    }
  }
  if (ev.has('use') && ctx.ihl && others.length === 0) {
    const zone = [...c.places, ...(c.places.length ? [] : c.scene ?? [])].find((pl) => pl.conflictZone);
    const sentence = ctx.doc.text.slice(c.start, c.end);
    const violent = zone || c.war || REPRESSION.test(sentence) || ATTACK.test(sentence);
    // With no user named here, the user is whoever the report says operates the item, when that is the assured side alone.
    const user = assured[0] ?? (agents.length === 0 ? ctx.operators(itemId, p, family) : undefined);
    if (user && violent) {
      out.push({
        kind: 'conflict_misuse',
        confidence: assured.length ? 0.85 : 0.7,
        reason: `${who(user)}, on the assured side, is reported using it in ${zone ? zone.surface : 'armed conflict or force against civilians'}, where the report raises humanitarian-law concerns`,
        assuranceId: p.assurances[0]?.id ?? null,
      });
    } else if (!agents.length && zone && zone.country === p.destination) {
      out.push({ kind: 'conflict_misuse', confidence: 0.6, reason: `it is reported in use in ${zone.surface}, a conflict zone, where the report raises humanitarian-law concerns`, assuranceId: p.assurances[0]?.id ?? null });
    }
  }
  return out;
}

/** Whether a place lies in a region an assurance names (by name, or anywhere in an excluded country or territory). */
function inRegion(region: string, pl: ClaimPlace, ctx: Context): boolean {
  const { entryIds, country } = ctx.k.excludedRegion(region);
  return entryIds.has(pl.entryId) || (country !== null && pl.country === country && pl.kind !== 'country');
}

const excludedBy = (p: PermitFacts, pl: ClaimPlace, ctx: Context) => p.assurances.some((a) => a.excludedRegions.some((r) => inRegion(r, pl, ctx)));

/**
 * An excluded area named in other words ("the search-and-rescue region for which Malta is
 * responsible" for "Maltese search and rescue region"): the places the exclusion names must
 * be named in the sentence, and most of its other words must appear in it.
 */
function paraphrased(region: string, c: Claim, ctx: Context): boolean {
  const found = ctx.k.excludedRegionParts(region);
  if (found.words.length < 2) return false;
  const sentenceEntries = new Set<string>();
  for (const [entry, spans] of ctx.doc.reading.named) if (spans.some((sp) => sp.start >= c.start && sp.end <= c.end)) sentenceEntries.add(entry);
  if (![...found.entries].every((e) => sentenceEntries.has(e))) return false;
  const words = new Set(contentWords(ctx.doc.text.slice(c.start, c.end)));
  const hits = found.words.filter((w) => words.has(w)).length;
  return hits >= Math.ceil((found.words.length * 2) / 3);
}

/**
 * Every finding a document gives against the permits the index returns for its items.
 */
export function findingsOf(doc: DocumentEvidence, index: PermitIndex, k: DetectionKnowledge): Finding[] {
  const reading = doc.reading;
  const sentencesDenied = new Set(reading.claims.filter((c) => c.modality === 'denied').map((c) => c.sentenceIndex));
  const ihl = findIhlSignals(doc.text).some((s) => {
    const sentence = reading.sentences.find((x) => s.start >= x.start && s.end <= x.end);
    return !sentence || (!sentencesDenied.has(sentence.index) && !/\bnot\b|\bno\b/i.test(sentence.text));
  });
  // Who holds the item under a permit of their own: every destination and assured party of its permits.
  const licensedSets = new Map<string, { countries: Set<string>; parties: Set<string> }>();
  const buyersOf = (itemId: string) => {
    let sets = licensedSets.get(itemId);
    if (!sets) {
      sets = { countries: new Set(), parties: new Set() };
      for (const p of index.permitsFor(itemId)) {
        sets.countries.add(p.destination);
        for (const id of assuredParties(p, k)) sets.parties.add(id);
      }
      licensedSets.set(itemId, sets);
    }
    return sets;
  };
  const licensed = (a: ClaimActor, itemId: string) => {
    const sets = buyersOf(itemId);
    if (a.entryId.startsWith(PARTY_PREFIX) && sets.parties.has(a.entryId.slice(PARTY_PREFIX.length))) return true;
    return (a.state || a.kind === 'country') && a.country !== null && sets.countries.has(a.country);
  };
  const stateCaptors = new Set<string>();
  for (const c of reading.claims) {
    if (c.modality === 'denied' || !c.events.includes('capture')) continue;
    // A state's forces fighting those of another country over the item: key "item|loser's country".
    const states = c.actors.filter((a) => (a.role === 'agent' || a.role === 'opponent') && (a.state || a.kind === 'country') && !a.nonState && a.country);
    const countries = new Set(states.map((a) => a.country));
    if (countries.size < 2) continue;
    for (const it of c.items) for (const country of countries) stateCaptors.add(`${registryItemId(it.itemId)}|${country}`);
  }
  const operators = (itemId: string, p: PermitFacts, family: Set<string>) => {
    let found: ClaimActor | undefined;
    for (const c of reading.claims) {
      if (c.modality === 'denied' || !c.items.some((i) => registryItemId(i.itemId) === itemId)) continue;
      for (const a of c.actors) {
        if (a.role !== 'agent' && a.role !== 'recipient') continue;
        const standingOf = standing(a, p, family);
        if (standingOf === 'assured') found ??= a;
        else if (standingOf === 'other' && !licensed(a, itemId)) return undefined;
      }
    }
    return found;
  };
  const otherBuyerNamed = (c: Claim, itemId: string, p: PermitFacts, family: Set<string>) => {
    const mine = destinationEntries(p, family);
    let other = false;
    for (const [entry, spans] of reading.named) {
      if (!spans.some((sp) => sp.start >= c.start && sp.end <= c.end)) continue;
      if (mine.has(entry)) return false;
      const facts = k.party(entry.startsWith(PARTY_PREFIX) ? entry.slice(PARTY_PREFIX.length) : '');
      const country = entry.startsWith(COUNTRY_PREFIX) ? entry.slice(COUNTRY_PREFIX.length) : facts && isStateKind(facts.kind) ? facts.country : null;
      if (country && country !== p.destination && buyersOf(itemId).countries.has(country)) other = true;
    }
    return other;
  };
  const licensedCountry = (country: string | null, itemId: string) => country !== null && buyersOf(itemId).countries.has(country);
  /** A claim of holders of the item under their own permits using it, and nothing else happening. */
  const ownStock = (c: Claim, itemEntry: string) => {
    const agents = c.actors.filter((a) => a.role === 'agent');
    return c.events.every((e) => e === 'use') && agents.length > 0 && agents.every((a) => licensed(a, registryItemId(itemEntry)));
  };
  const ctx: Context = { licensed, licensedCountry, operators, otherBuyerNamed, stateCaptors, doc, k, ihl, situation: situationTimes(reading.claims, ownStock), links: new Map() };
  const grade = gradeWeight(doc.grade);
  const out: Finding[] = [];
  const families = new Map<string, Set<string>>();
  const familyOf = (p: PermitFacts) => {
    let family = families.get(p.id);
    if (!family) families.set(p.id, (family = assuredParties(p, k)));
    return family;
  };
  const refuted = new Set<string>();
  // Every sentence that speaks of the item, whether or not something happens in it.
  for (const l of reading.links) {
    const text = reading.sentences[l.sentenceIndex]?.text ?? '';
    // Denied, or put as what those who checked found ("analysts said it did not appear to be …"),
    // or the report's own conclusion that what was seen cannot be these goods.
    const checked = REFUTATION.test(text) && INVESTIGATOR.test(text) && (sentencesDenied.has(l.sentenceIndex) || FOUND_OTHERWISE.test(text));
    if (checked || NOT_THESE_GOODS.test(text)) for (const it of l.items) refuted.add(it);
  }
  // When the report names the end-user concerned, permits for the same item to other
  // end-users in that destination are not the ones it is about.
  const namedFamily = (p: PermitFacts) => [...familyOf(p)].some((id) => reading.named.has(PARTY_PREFIX + id));
  // Provenance: a permit whose destination side takes part in the report's claims about the
  // item (as holder, user, victim, supplier or recipient, or as the place) is where the
  // items come from; permits to destinations only mentioned in passing are then not.
  const involved = (p: PermitFacts, entryIds: string[]) => {
    const family = familyOf(p);
    return entryIds.some((e) => e === COUNTRY_PREFIX + p.destination || (e.startsWith(PARTY_PREFIX) && (family.has(e.slice(PARTY_PREFIX.length)) || (k.party(e.slice(PARTY_PREFIX.length))?.country === p.destination && isStateKind(k.party(e.slice(PARTY_PREFIX.length))?.kind)))));
  };
  // Claims where the item moves or turns up (not only in service): what they involve says best where the goods came from.
  const moves = (c: Claim) => c.events.some((e) => e !== 'use' && e !== 'supply');
  const claimEntries = (itemEntry: string, only: (c: Claim) => boolean = () => true, withPlaces = true) =>
    reading.claims
      .filter((c) => c.modality !== 'denied' && !isSupplyOnly(c) && only(c) && c.items.some((i) => i.itemId === itemEntry))
      .flatMap((c) => [
        ...c.actors.filter((a) => a.role !== 'speaker' && a.role !== 'opponent').map((a) => a.entryId),
        ...(withPlaces ? c.places.filter((pl) => pl.country).map((pl) => COUNTRY_PREFIX + pl.country) : []),
      ]);
  const deniedEntries = (itemEntry: string) =>
    reading.claims
      .filter((c) => c.modality === 'denied' && c.items.some((i) => i.itemId === itemEntry) && !TERMS.test(reading.sentences[c.sentenceIndex]?.text ?? ''))
      .flatMap((c) => c.actors.filter((a) => a.role !== 'speaker' && a.role !== 'opponent').map((a) => a.entryId));
  // Recipients of the export itself: supply by the exporting side (or by no one named), not an onward sale.
  const supplyRecipients = (itemEntry: string, origins: Set<string>) =>
    reading.claims
      .filter((c) => c.modality !== 'denied' && c.cues.some((q) => q.kind === 'supply') && c.items.some((i) => i.itemId === itemEntry))
      .filter((c) => c.actors.every((a) => a.role !== 'agent' || (a.country !== null && origins.has(a.country))))
      .flatMap((c) => c.actors.filter((a) => a.role === 'recipient' && (a.state || a.kind === 'country')).map((a) => (a.kind === 'country' ? a.entryId : COUNTRY_PREFIX + a.country)));
  const pointed = new Map<string, PermitFacts[]>();
  const candidates = (itemId: string) => {
    let list = pointed.get(itemId);
    if (!list) {
      const all = index.permitsFor(itemId);
      const specific = new Set(all.filter(namedFamily).map((p) => p.destination));
      list = all.filter((p) => !specific.has(p.destination) || namedFamily(p));
      // A destination the report itself clears ("nothing points to those consignments") is not implicated.
      // Against that, only a part in what happened counts, not the country named as a place.
      const cleared = deniedEntries(ITEM_PREFIX + itemId);
      // Allegations the report shows refuted do not count against its clearing either.
      const affirmed = claimEntries(ITEM_PREFIX + itemId, (c) => c.modality === 'asserted' || !refuted.has(ITEM_PREFIX + itemId), false);
      list = list.filter((p) => !involved(p, cleared) || involved(p, affirmed));
      // Whose side takes part in what happened decides first; else where the exporter supplied the items.
      const suppliedTo = supplyRecipients(ITEM_PREFIX + itemId, new Set(list.map((p) => p.origin)));
      const entries = claimEntries(ITEM_PREFIX + itemId);
      const takingPart = list.filter((p) => involved(p, entries));
      // Among those, a side that takes part where the goods move or turn up comes before one only seen using its own.
      const moving = claimEntries(ITEM_PREFIX + itemId, moves);
      const inMovement = takingPart.filter((p) => involved(p, moving));
      // Strongest of all: the side a report says the goods were passed on from ("an engine delivered to the Philippines has ended up on a Myanmar helicopter").
      const passing = claimEntries(ITEM_PREFIX + itemId, (c) => c.events.includes('diversion') || c.events.includes('handover'));
      const passedOn = inMovement.filter((p) => involved(p, passing));
      if (passedOn.length) list = passedOn;
      else if (inMovement.length) list = inMovement;
      else if (takingPart.length) list = takingPart;
      else if (suppliedTo.length) list = list.filter((p) => involved(p, suppliedTo));
      pointed.set(itemId, list);
    }
    return list;
  };
  for (const c of reading.claims) {
    const modality = MODALITY_WEIGHT[c.modality] ?? 0;
    if (modality === 0) continue;
    const sentence = reading.sentences[c.sentenceIndex];
    if (sentence && (speculative(c, sentence) || UNDERTAKING.test(sentence.text) || FUTURE.test(sentence.text))) continue;
    // Allegations the report itself shows refuted by an investigation count for nothing.
    if (c.modality !== 'asserted' && c.items.every((it) => refuted.has(it.itemId))) continue;
    for (const it of c.items) {
      const itemId = registryItemId(it.itemId);
      const situation = ctx.situation.get(it.itemId) ?? null;
      for (const p of candidates(itemId)) {
        if (!p.issuedOn) continue;
        if (situation && p.issuedOn > situation) continue;
        const family = familyOf(p);
        if (!linkOf(ctx, p, family).linked) continue;
        if (it.via === 'platform' && !platformFits(p, it.platform, family, reading.named)) continue;
        for (const v of judge(c, p, itemId, family, ctx)) {
          const confidence = it.confidence * v.confidence * modality;
          out.push({
            permitId: p.id,
            kind: v.kind,
            itemId,
            documentId: doc.documentId,
            storyKey: doc.storyKey,
            confidence,
            weight: confidence * grade,
            modality: c.modality,
            quote: { documentId: doc.documentId, quote: doc.text.slice(c.start, c.end), start: c.start, end: c.end },
            reason: v.reason,
            assuranceId: v.assuranceId,
            time: c.time.to,
          });
        }
      }
    }
  }
  return out;
}
