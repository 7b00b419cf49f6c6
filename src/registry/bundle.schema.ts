import { z } from 'zod';
import { assuranceKinds, assuranceStatuses } from './assurance.types.js';
import { exceptionTreatments, measureKinds } from './measure.types.js';
import { partyKinds } from './party.types.js';
import { permitStatuses } from './permit.lifecycle.js';

/**
 * The registry bundle: the JSON format of shared/corpus/*\/registry.json, extended with
 * optional permit fields, shipments and destination measures. Structure is checked here;
 * references, codes and dates are checked by bundle.validate.ts so that every problem in a
 * file is reported at once. docs/registry-bundle.schema.json is generated from this schema.
 */
const id = z.string().trim().min(1).max(200).regex(/^[^\s]+$/, 'must not contain spaces');
const text = z.string().trim().min(1);
const optionalText = z.string().nullish();
const names = z.array(z.string().trim().min(1));

export const partySchema = z
  .object({
    id,
    name: text,
    aliases: names.optional(),
    kind: z.enum(partyKinds),
    country: z.string().describe('ISO 3166-1 alpha-2 code'),
    parentId: id.nullish().describe('id of the parent company or authority'),
  })
  .strict();

export const itemSchema = z
  .object({
    id,
    name: text,
    aliases: names.optional(),
    manufacturerId: id.nullish(),
    category: optionalText,
    controlCodes: z.array(z.string()).optional().describe('ML1–ML22 with sub-items, dual-use like 5A002.a, national like CA-2-15'),
    platforms: names.optional().describe('platforms the item is fitted to, e.g. "Bayraktar TB2"'),
  })
  .strict();

export const permitLineSchema = z
  .object({
    itemId: id,
    quantity: z.number().positive(),
    value: z.number().nonnegative().nullish(),
    currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as CAD').nullish(),
  })
  .strict();

export const assuranceSchema = z
  .object({
    id: id.optional().describe('defaults to "<permit id>/A<position>"'),
    kind: z.enum(assuranceKinds),
    signatory: optionalText,
    signedOn: z.string().nullish().describe('YYYY-MM-DD'),
    noReexport: z.boolean().optional(),
    excludedRegions: names.optional(),
    inspectionConsent: z.boolean().optional(),
    notes: optionalText,
    status: z.enum(assuranceStatuses).optional(),
  })
  .strict();

export const permitSchema = z
  .object({
    id,
    exporterId: id,
    origin: z.string(),
    destination: z.string(),
    consigneeId: id.nullish(),
    endUserId: id,
    ultimateEndUserId: id.nullish(),
    intermediaryIds: z.array(id).optional(),
    endUse: optionalText,
    lines: z.array(permitLineSchema).min(1),
    issuedOn: z.string().nullish().describe('YYYY-MM-DD'),
    expiresOn: z.string().nullish().describe('YYYY-MM-DD'),
    status: z.enum(permitStatuses).optional().describe('recorded status; defaults to issued'),
    programmeTags: z.array(z.string().trim().min(1)).optional(),
    assurances: z.array(assuranceSchema).optional(),
  })
  .strict();

export const shipmentSchema = z
  .object({
    id,
    permitId: id,
    shippedOn: z.string().describe('YYYY-MM-DD'),
    reference: optionalText,
    lines: z
      .array(
        z
          .object({
            lineNo: z.number().int().positive().optional(),
            itemId: id.optional(),
            quantity: z.number().positive(),
            value: z.number().nonnegative().optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export const measureSchema = z
  .object({
    id,
    country: z.string(),
    kind: z.enum(measureKinds),
    startsOn: z.string(),
    endsOn: z.string().nullish(),
    reason: text,
    exceptions: z.array(z.object({ tag: text, treatment: z.enum(exceptionTreatments) }).strict()).optional(),
  })
  .strict();

export const bundleSchema = z
  .object({
    $schema: z.string().optional(),
    parties: z.array(z.unknown()).optional(),
    items: z.array(z.unknown()).optional(),
    permits: z.array(z.unknown()).optional(),
    shipments: z.array(z.unknown()).optional(),
    measures: z.array(z.unknown()).optional(),
  })
  .strict();

export type BundleParty = z.infer<typeof partySchema>;
export type BundleItem = z.infer<typeof itemSchema>;
export type BundlePermit = z.infer<typeof permitSchema>;
export type BundleShipment = z.infer<typeof shipmentSchema>;
export type BundleMeasure = z.infer<typeof measureSchema>;

/** The bundle's collections in import order, each with its record schema. */
export const collections = {
  parties: partySchema,
  items: itemSchema,
  permits: permitSchema,
  shipments: shipmentSchema,
  measures: measureSchema,
} as const;
export type CollectionName = keyof typeof collections;

/** The whole format as one schema, for the JSON Schema in docs/. */
export const documentedBundleSchema = z
  .object({
    $schema: z.string().optional().describe('optional reference to this JSON Schema, for editors; ignored on import'),
    parties: z.array(partySchema).optional(),
    items: z.array(itemSchema).optional(),
    permits: z.array(permitSchema).optional(),
    shipments: z.array(shipmentSchema).optional(),
    measures: z.array(measureSchema).optional(),
  })
  .strict();
