/**
 * Deterministic synthetic registry bundle for the benchmarks: seeded PRNG, no external data.
 *
 *   node --import tsx bench/generate-bundle.ts [out.json] [permits]
 *
 * The bundle is valid for importBundle: ISO alpha-2 countries (from i18n-iso-countries),
 * control codes accepted by control-code.ts, real dates with issuedOn <= expiresOn, every
 * reference resolving inside the bundle, parents defined before their children.
 */
import { createRequire } from 'node:module';
import { writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { AssuranceKind } from '../src/registry/assurance.types.js';
import type { BundleItem, BundleParty, BundlePermit } from '../src/registry/bundle.schema.js';
import type { PartyKind } from '../src/registry/party.types.js';
import type { PermitStatus } from '../src/registry/permit.lifecycle.js';

const require = createRequire(import.meta.url);
const isoCountries: { getAlpha2Codes(): Record<string, string> } = require('i18n-iso-countries');

export interface GenerateOptions {
  seed?: number;
  permits?: number;
  parties?: number;
  items?: number;
  destinations?: number;
  /** Number of the first permit (EP-000001 by default): a second bundle of new permits over the same parties and items. */
  firstPermit?: number;
}

export interface RegistryBundle {
  parties: BundleParty[];
  items: BundleItem[];
  permits: BundlePermit[];
}

export interface BundleStats {
  seed: number;
  parties: number;
  items: number;
  permits: number;
  lines: number;
  assurances: number;
  destinations: number;
  /** Permits per destination, largest first. */
  destinationCounts: [string, number][];
}

/** mulberry32: small, fast, good enough for synthetic data, identical on every platform. */
export function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1)); // inclusive
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const chance = (p: number) => next() < p;
  const shuffle = <T>(xs: T[]): T[] => {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [xs[i], xs[j]] = [xs[j], xs[i]];
    }
    return xs;
  };
  return { next, int, pick, chance, shuffle };
}
type Rng = ReturnType<typeof prng>;

/** Picks an index with probability proportional to weights (cumulative table + binary search). */
function weightedPicker(rng: Rng, weights: number[]) {
  const cum: number[] = [];
  let s = 0;
  for (const w of weights) cum.push((s += w));
  return () => {
    const x = rng.next() * s;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };
}

const pad = (n: number, w: number) => String(n).padStart(w, '0');

const DAY = 86_400_000;
const EPOCH = Date.UTC(2016, 0, 1);
const isoDay = (dayOffset: number) => new Date(EPOCH + dayOffset * DAY).toISOString().slice(0, 10);

/** Countries that export in this synthetic world (all valid alpha-2 codes). */
const ORIGINS = ['CA', 'US', 'GB', 'FR', 'DE', 'IT', 'SE', 'ES', 'NL', 'BE', 'NO', 'TR', 'IL', 'KR', 'AU', 'CH'];
const CURRENCIES: Record<string, string> = { CA: 'CAD', US: 'USD', GB: 'GBP', SE: 'SEK', NO: 'NOK', TR: 'TRY', IL: 'ILS', KR: 'KRW', AU: 'AUD', CH: 'CHF' };
const END_USER_KINDS: PartyKind[] = ['government', 'armed_force', 'armed_force', 'police', 'company', 'organisation'];
const ASSURANCE_KINDS: AssuranceKind[] = ['end_user_certificate', 'government_assurance', 'international_import_certificate', 'delivery_verification_certificate', 'exporter_undertaking'];
const STATUSES: PermitStatus[] = ['issued', 'issued', 'issued', 'issued', 'issued', 'issued', 'issued', 'suspended', 'reinstated', 'cancelled'];
const CATEGORIES = ['small arms', 'ammunition', 'armoured vehicles', 'optics', 'electronics', 'aircraft parts', 'software', 'sensors', 'communications', 'explosives'];
const PLATFORMS = ['LAV 6.0', 'Bayraktar TB2', 'CF-18', 'Leopard 2', 'M113', 'Piranha V', 'F-16', 'Sea King', 'Halifax class', 'C-130'];
const END_USES = ['national defence', 'law enforcement', 'peacekeeping', 'border security', 'maritime patrol', 'training', 'research and development', 'maintenance and repair'];
const TAGS = ['NATO', 'UN', 'ATT', 'G2G', 'offset', 'repair-return', 'demo'];
const REGIONS = ['Donbas', 'Crimea', 'Tigray', 'Darfur', 'Kashmir', 'Gaza', 'Idlib', 'Cabo Delgado'];

function controlCode(rng: Rng): string {
  const r = rng.next();
  const sub = () => (rng.chance(0.6) ? `.${'abcdefgh'[rng.int(0, 7)]}${rng.chance(0.3) ? `.${rng.int(1, 9)}` : ''}` : '');
  if (r < 0.55) return `ML${rng.int(1, 22)}${sub()}`;
  if (r < 0.85) return `${rng.int(0, 9)}${'ABCDE'[rng.int(0, 4)]}${pad(rng.int(1, 999), 3)}${sub()}`;
  if (r < 0.93) return `CA-${rng.int(1, 9)}-${rng.int(1, 30)}`;
  if (r < 0.97) return `UK-PL${rng.int(5001, 5030)}`;
  return `ECL ${rng.int(1, 7)}-${rng.int(1, 40)}`;
}

/** Builds the bundle in memory. Same options, same bundle, byte for byte once serialised. */
export function generateBundle(opts: GenerateOptions = {}): { bundle: RegistryBundle; stats: BundleStats } {
  const seed = opts.seed ?? 20240611;
  const nPermits = opts.permits ?? 100_000;
  const nParties = opts.parties ?? 2_000;
  const nItems = opts.items ?? 5_000;
  const nDest = opts.destinations ?? 150;
  const rng = prng(seed);

  const allCodes = Object.keys(isoCountries.getAlpha2Codes()).sort();
  const destinations = rng.shuffle(allCodes.filter((c) => !ORIGINS.includes(c) && c !== 'AQ')).slice(0, nDest);

  // Parties: exporter companies in origin countries, then end users etc. in destinations.
  const parties: BundleParty[] = [];
  const exporters: string[] = [];
  const byCountry = new Map<string, string[]>();
  const nExporters = Math.max(ORIGINS.length, Math.round(nParties * 0.2));
  const rootByCountry = new Map<string, string>();
  for (let i = 0; i < nParties; i++) {
    const id = `P-${pad(i + 1, 5)}`;
    const isExporter = i < nExporters;
    const country = isExporter ? ORIGINS[i % ORIGINS.length] : i - nExporters < nDest ? destinations[i - nExporters] : rng.pick(destinations);
    const kind: PartyKind = isExporter ? 'company' : i - nExporters < nDest ? 'government' : rng.pick(END_USER_KINDS);
    const root = rootByCountry.get(country);
    // Some parties belong to an earlier party of the same country (a ministry's armed force, a subsidiary).
    const parentId = root && rng.chance(0.2) ? root : null;
    const party: BundleParty = {
      id,
      name: `${isExporter ? 'Exporter' : kind === 'company' ? 'Importer' : kind.replace('_', ' ')} ${country} ${i + 1}`,
      kind,
      country,
      ...(rng.chance(0.3) ? { aliases: [`${country}-${pad(i + 1, 5)}`] } : {}),
      ...(parentId ? { parentId } : {}),
    };
    parties.push(party);
    if (!root) rootByCountry.set(country, id);
    if (isExporter) exporters.push(id);
    else {
      const list = byCountry.get(country) ?? [];
      list.push(id);
      byCountry.set(country, list);
    }
  }

  const items: BundleItem[] = [];
  const itemIds: string[] = [];
  for (let i = 0; i < nItems; i++) {
    const id = `I-${pad(i + 1, 5)}`;
    const codes = [controlCode(rng)];
    if (rng.chance(0.3)) codes.push(controlCode(rng));
    items.push({
      id,
      name: `Item ${i + 1} (${rng.pick(CATEGORIES)})`,
      manufacturerId: rng.pick(exporters),
      category: rng.pick(CATEGORIES),
      controlCodes: [...new Set(codes)],
      ...(rng.chance(0.2) ? { platforms: [rng.pick(PLATFORMS)] } : {}),
      ...(rng.chance(0.1) ? { aliases: [`NSN ${pad(rng.int(0, 9999), 4)}-${pad(rng.int(0, 999999), 6)}`] } : {}),
    });
    itemIds.push(id);
  }

  // Destinations: a gentle power law over the shuffled list (rank 1 ≈ 5%, rank 150 ≈ 0.2%).
  const pickDest = weightedPicker(rng, destinations.map((_, k) => 1 / (k + 1) ** 0.7));
  const destCount = new Map<string, number>();
  const permits: BundlePermit[] = [];
  let nLines = 0;
  let nAssurances = 0;
  for (let i = 0; i < nPermits; i++) {
    const id = `EP-${pad(i + (opts.firstPermit ?? 1), 6)}`;
    const exporterIdx = rng.int(0, exporters.length - 1);
    const exporterId = exporters[exporterIdx];
    const origin = ORIGINS[exporterIdx % ORIGINS.length];
    const destination = destinations[pickDest()];
    destCount.set(destination, (destCount.get(destination) ?? 0) + 1);
    const local = byCountry.get(destination)!;
    const endUserId = rng.pick(local);
    const issuedDay = rng.int(0, 9 * 365);
    const issuedOn = isoDay(issuedDay);
    const expiresOn = isoDay(issuedDay + rng.int(180, 5 * 365));
    const currency = CURRENCIES[origin] ?? 'EUR';
    const nl = rng.int(1, 4);
    const lines = Array.from({ length: nl }, () => {
      const quantity = rng.int(1, 500);
      return { itemId: itemIds[rng.int(0, itemIds.length - 1)], quantity, value: quantity * rng.int(100, 250_000), currency };
    });
    nLines += nl;
    const na = rng.int(1, 2);
    nAssurances += na;
    const assurances = Array.from({ length: na }, (_, k) => ({
      kind: k === 0 ? 'end_user_certificate' : rng.pick(ASSURANCE_KINDS),
      signatory: `Signatory ${rng.int(1, 999)}`,
      signedOn: isoDay(Math.max(0, issuedDay - rng.int(0, 90))),
      noReexport: rng.chance(0.7),
      ...(rng.chance(0.15) ? { excludedRegions: [rng.pick(REGIONS)] } : {}),
      inspectionConsent: rng.chance(0.3),
      ...(rng.chance(0.1) ? { notes: 'post-shipment verification requested' } : {}),
    }));
    const permit: BundlePermit = {
      id,
      exporterId,
      origin,
      destination,
      ...(rng.chance(0.4) ? { consigneeId: rng.pick(local) } : {}),
      endUserId,
      ...(rng.chance(0.05) ? { ultimateEndUserId: rng.pick(local) } : {}),
      ...(rng.chance(0.1) ? { intermediaryIds: [rng.pick(byCountry.get(rng.pick(destinations))!)] } : {}),
      endUse: rng.pick(END_USES),
      lines,
      issuedOn,
      expiresOn,
      status: rng.pick(STATUSES),
      ...(rng.chance(0.25) ? { programmeTags: [rng.pick(TAGS)] } : {}),
      assurances,
    };
    permits.push(permit);
  }

  const destinationCounts = [...destCount.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
  return {
    bundle: { parties, items, permits },
    stats: { seed, parties: parties.length, items: items.length, permits: permits.length, lines: nLines, assurances: nAssurances, destinations: destCount.size, destinationCounts },
  };
}

/** Serialises the bundle as the import reads it (compact JSON, no BOM). */
export function writeBundle(path: string, bundle: RegistryBundle): number {
  const text = JSON.stringify(bundle);
  writeFileSync(path, text);
  return Buffer.byteLength(text);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = process.argv[2] ?? 'bundle.json';
  const n = process.argv[3] ? Number(process.argv[3]) : undefined;
  const { bundle, stats } = generateBundle({ permits: n });
  const bytes = writeBundle(out, bundle);
  const { destinationCounts, ...rest } = stats;
  console.log(JSON.stringify({ out, bytes, ...rest, largest: destinationCounts.slice(0, 3), smallest: destinationCounts.slice(-3) }));
}
