import { assuranceKinds, assuranceStatuses } from './assurance.types.js';
import type { CollectionName } from './bundle.schema.js';
import { exceptionTreatments, measureKinds } from './measure.types.js';
import { partyKinds } from './party.types.js';
import { permitStatuses } from './permit.lifecycle.js';

/**
 * Fast acceptance checks for bundle records, used before the zod schemas of bundle.schema.ts.
 * A check answers true only for a record that its schema accepts and returns unchanged (no
 * value to trim, no unknown key), so the record itself can stand for the parsed one. Anything
 * else, including records that are valid but would be trimmed, answers false and goes to the
 * schema, which parses it and words the problems. bundle.check.test.ts holds the two in step.
 */
type Check = (v: unknown) => boolean;
type Loose = Record<string, unknown>;

const WHITESPACE = /\s/;
const isRecord = (v: unknown): v is Loose => typeof v === 'object' && v !== null && !Array.isArray(v);
const string: Check = (v) => typeof v === 'string';
/** `id` in the schema: trimmed, 1 to 200 characters, no white space. */
const id: Check = (v) => typeof v === 'string' && v.length > 0 && v.length <= 200 && !WHITESPACE.test(v);
/** `text` in the schema: not empty once trimmed; here also nothing to trim. */
const text: Check = (v) => typeof v === 'string' && v.length > 0 && !WHITESPACE.test(v[0]) && !WHITESPACE.test(v[v.length - 1]);
const boolean: Check = (v) => typeof v === 'boolean';
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const positive: Check = (v) => finite(v) && v > 0;
const nonNegative: Check = (v) => finite(v) && v >= 0;
const positiveInt: Check = (v) => Number.isSafeInteger(v) && (v as number) > 0;
const currency: Check = (v) => typeof v === 'string' && /^[A-Z]{3}$/.test(v);
const nullish = (c: Check): Check => (v) => v === null || c(v);
const oneOf = (values: readonly string[]): Check => {
  const set = new Set<unknown>(values);
  return (v) => set.has(v);
};
const list =
  (c: Check, min = 0): Check =>
  (v) => {
    if (!Array.isArray(v) || v.length < min) return false;
    for (let i = 0; i < v.length; i++) if (!c(v[i])) return false;
    return true;
  };

/** An object with these required and optional (absent or undefined) fields and no others. */
function object(required: Record<string, Check>, optional: Record<string, Check> = {}): Check {
  // Plain arrays and indexed loops: this runs for every record of a large bundle.
  const reqKeys = Object.keys(required);
  const reqChecks = reqKeys.map((k) => required[k]);
  const optKeys = Object.keys(optional);
  const optChecks = optKeys.map((k) => optional[k]);
  const known = new Set([...reqKeys, ...optKeys]);
  return (v) => {
    if (!isRecord(v)) return false;
    for (const k in v) if (!known.has(k)) return false;
    for (let i = 0; i < reqKeys.length; i++) if (!reqChecks[i](v[reqKeys[i]])) return false;
    for (let i = 0; i < optKeys.length; i++) {
      const x = v[optKeys[i]];
      if (x !== undefined && !optChecks[i](x)) return false;
    }
    return true;
  };
}

const names = list(text);
const optionalText = nullish(string);

const party = object(
  { id, name: text, kind: oneOf(partyKinds), country: string },
  { aliases: names, parentId: nullish(id) },
);

const item = object(
  { id, name: text },
  { aliases: names, manufacturerId: nullish(id), category: optionalText, controlCodes: list(string), platforms: names },
);

const permitLine = object({ itemId: id, quantity: positive }, { value: nullish(nonNegative), currency: nullish(currency) });

const assurance = object(
  { kind: oneOf(assuranceKinds) },
  {
    id,
    signatory: optionalText,
    signedOn: nullish(string),
    noReexport: boolean,
    excludedRegions: names,
    inspectionConsent: boolean,
    notes: optionalText,
    status: oneOf(assuranceStatuses),
  },
);

const permit = object(
  { id, exporterId: id, origin: string, destination: string, endUserId: id, lines: list(permitLine, 1) },
  {
    consigneeId: nullish(id),
    ultimateEndUserId: nullish(id),
    intermediaryIds: list(id),
    endUse: optionalText,
    issuedOn: nullish(string),
    expiresOn: nullish(string),
    status: oneOf(permitStatuses),
    programmeTags: names,
    assurances: list(assurance),
  },
);

const shipmentLine = object({ quantity: positive }, { lineNo: positiveInt, itemId: id, value: nonNegative });
const shipment = object({ id, permitId: id, shippedOn: string, lines: list(shipmentLine, 1) }, { reference: optionalText });

const exception = object({ tag: text, treatment: oneOf(exceptionTreatments) });
const measure = object(
  { id, country: string, kind: oneOf(measureKinds), startsOn: string, reason: text },
  { endsOn: nullish(string), exceptions: list(exception) },
);

export const fastChecks: Record<CollectionName, Check> = { parties: party, items: item, permits: permit, shipments: shipment, measures: measure };

/** The top level: an object of optional lists and an optional `$schema` string. */
export const fastTopCheck: Check = object(
  {},
  { $schema: string, parties: Array.isArray, items: Array.isArray, permits: Array.isArray, shipments: Array.isArray, measures: Array.isArray },
);
