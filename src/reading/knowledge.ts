import type { Kysely } from 'kysely';
import { AlertRepository } from '../detection/alert.repository.js';
import type { DetectionKnowledge, PartyFacts } from '../detection/detection.types.js';
import { contentWords } from '../detection/region.words.js';
import { ItemRepository } from '../registry/item.repository.js';
import type { Item } from '../registry/item.types.js';
import { PartyRepository } from '../registry/party.repository.js';
import type { Party } from '../registry/party.types.js';
import type { EntryFacts, ItemFacts, ReadingKnowledge } from './claims.js';
import type { DB } from '../store/schema.js';
import { COUNTRY_PREFIX, Gazetteer, ITEM_PREFIX, referenceEntries, registryEntries } from './gazetteer.js';

/**
 * What reading and detection know, built once from the registry (parties, items, the
 * platforms items are fitted to) and the reference data shipped in data/reference/.
 * Gazetteer entry ids: `party:ID`, `item:ID`, `platform:<name>`, `country:CC`, …
 */
export class Knowledge implements ReadingKnowledge, DetectionKnowledge {
  readonly gazetteer: Gazetteer;
  readonly #parties = new Map<string, Party>();
  readonly #children = new Map<string, string[]>();
  readonly #items = new Map<string, ItemFacts>();
  readonly #onPlatform = new Map<string, string[]>();
  readonly #ofMaker = new Map<string, string[]>();
  readonly #regions = new Map<string, { entryIds: Set<string>; country: string | null }>();
  readonly #regionParts = new Map<string, { entries: Set<string>; words: string[] }>();

  /**
   * @param excludedRegions regions named in assurances; those the reference data does not
   *   know become places of the permit's destination, so a report naming them is understood.
   */
  constructor(parties: readonly Party[], items: readonly Item[], excludedRegions: readonly { name: string; country: string }[] = []) {
    for (const p of parties) {
      this.#parties.set(p.id, p);
      if (p.parentId) this.#children.set(p.parentId, [...(this.#children.get(p.parentId) ?? []), p.id]);
    }
    const entries = [
      ...referenceEntries(),
      ...registryEntries({
        parties: parties.map((p) => ({ id: p.id, name: p.name, aliases: p.aliases, kind: p.kind, country: p.country, parentId: p.parentId })),
        items: items.map((i) => ({ id: i.id, name: i.name, aliases: i.aliases, manufacturerId: i.manufacturerId, platforms: i.platforms })),
      }),
    ];
    let gazetteer = Gazetteer.build(entries);
    const unknown = excludedRegions.filter((r) => !/^[A-Z]{2}$/.test(r.name) && !gazetteer.find(r.name).some((m) => m.kind === 'region' || m.kind === 'conflict_zone' || m.kind === 'country'));
    if (unknown.length) {
      gazetteer = Gazetteer.build([
        ...entries,
        ...unknown.map((r) => ({
          id: `region:assurance:${r.country}:${r.name.toLowerCase().replace(/\s+/g, '-')}`,
          kind: 'region' as const,
          names: [r.name],
          facts: { kind: 'region' as const, name: r.name, country: r.country, state: false, nonState: false },
        })),
      ]);
    }
    this.gazetteer = gazetteer;
    for (const i of items) {
      const entryId = `${ITEM_PREFIX}${i.id}`;
      this.#items.set(entryId, {
        id: entryId,
        name: i.name,
        aliases: i.aliases,
        category: i.category,
        manufacturerId: i.manufacturerId ? `party:${i.manufacturerId}` : null,
        platforms: i.platforms,
      });
      for (const platform of i.platforms) {
        for (const m of this.gazetteer.find(platform)) {
          if (m.kind !== 'platform') continue;
          this.#onPlatform.set(m.entryId, [...new Set([...(this.#onPlatform.get(m.entryId) ?? []), entryId])]);
        }
      }
      // A maker's items are also its parents' items: "L3Harris sensors" names a WESCAM product.
      for (let maker = i.manufacturerId, guard = 0; maker && guard < 10; guard++) {
        const key = `party:${maker}`;
        this.#ofMaker.set(key, [...(this.#ofMaker.get(key) ?? []), entryId]);
        maker = this.#parties.get(maker)?.parentId ?? null;
      }
    }
  }

  facts(entryId: string): EntryFacts | undefined {
    return this.gazetteer.facts(entryId);
  }

  item(itemEntryId: string): ItemFacts | undefined {
    return this.#items.get(itemEntryId);
  }

  itemsOnPlatform(platformEntryId: string): string[] {
    return this.#onPlatform.get(platformEntryId) ?? [];
  }

  itemsOfMaker(partyEntryId: string): string[] {
    return this.#ofMaker.get(partyEntryId) ?? [];
  }

  party(partyId: string): PartyFacts | undefined {
    return this.#parties.get(partyId);
  }

  childrenOf(partyId: string): string[] {
    return this.#children.get(partyId) ?? [];
  }

  itemName(itemId: string): string {
    return this.#items.get(`${ITEM_PREFIX}${itemId}`)?.name ?? itemId;
  }

  /** Cached: the detection rules ask once per claim and excluded region. */
  excludedRegionParts(text: string): { entries: Set<string>; words: string[] } {
    let parts = this.#regionParts.get(text);
    if (!parts) {
      const mentions = this.gazetteer.find(text).filter((m) => (m.kind === 'country' || m.kind === 'region' || m.kind === 'conflict_zone') && !m.entryId.startsWith('region:assurance:'));
      let rest = text;
      for (const m of [...mentions].sort((a, b) => b.start - a.start)) rest = rest.slice(0, m.start) + ' ' + rest.slice(m.end);
      parts = { entries: new Set(mentions.map((m) => m.entryId)), words: contentWords(rest) };
      this.#regionParts.set(text, parts);
    }
    return parts;
  }

  excludedRegion(text: string): { entryIds: Set<string>; country: string | null } {
    let r = this.#regions.get(text);
    if (!r) {
      const found = this.gazetteer.find(text);
      // An ISO code, or a territory the reference data keeps as a country ("Western Sahara"):
      // every place in it is excluded (Dakhla, Laayoune), not only its name.
      const whole = found.length === 1 && found[0].kind === 'country' && found[0].end - found[0].start >= text.trim().length - 1 ? found[0].entryId.slice(COUNTRY_PREFIX.length) : null;
      const code = /^[A-Z]{2}$/.test(text.trim()) ? text.trim() : whole;
      r = { entryIds: new Set(found.map((m) => m.entryId)), country: code };
      if (code) r.entryIds.add(`${COUNTRY_PREFIX}${code}`);
      this.#regions.set(text, r);
    }
    return r;
  }
}

/** Builds what reading and detection know from the registry as stored now. */
export async function loadKnowledge(db: Kysely<DB>): Promise<Knowledge> {
  const [parties, items, regions] = await Promise.all([new PartyRepository(db).list(), new ItemRepository(db).list(), new AlertRepository(db).excludedRegions()]);
  return new Knowledge(parties, items, regions);
}
