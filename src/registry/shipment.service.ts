import { AppError, notFound } from '../shared/errors.js';
import { isIsoDate } from '../shared/dates.js';
import type { UnitOfWork } from '../store/unit-of-work.js';
import { canTransition, permitLifecycle, statusOn } from './permit.lifecycle.js';
import { PermitRepository } from './permit.repository.js';
import { transitionBySystem } from './permit.service.js';
import { ShipmentRepository } from './shipment.repository.js';
import type { Permit } from './permit.types.js';
import type { Shipment, ShipmentLine } from './shipment.types.js';

/** Quantities and values are compared with this tolerance (they are stored as doubles). */
const EPSILON = 1e-9;

export interface ShipmentDraw {
  /** The permit line to draw on; may be omitted when `itemId` names exactly one line. */
  lineNo?: number;
  itemId?: string;
  quantity: number;
  /** Value drawn; defaults to the line's unit value times the quantity. */
  value?: number;
}

export interface RecordShipmentInput {
  id?: string;
  permitId: string;
  shippedOn: string;
  reference?: string | null;
  lines: ShipmentDraw[];
}

/**
 * Records a shipment against a live permit and draws down its lines. An overdraw of quantity
 * or value is refused (code `overdraw`) with the amounts left; when every line is used up
 * the permit becomes `exhausted`.
 */
export async function recordShipment(uow: UnitOfWork, input: RecordShipmentInput): Promise<Shipment> {
  if (!isIsoDate(input.shippedOn)) {
    throw new AppError('invalid_input', `shipment date '${input.shippedOn}' is not a date (YYYY-MM-DD)`, [{ field: 'date', message: 'not a date' }]);
  }
  if (input.lines.length === 0) throw new AppError('invalid_input', 'a shipment needs at least one line');
  const permits = new PermitRepository(uow.db);
  const permit = await permits.get(input.permitId, input.shippedOn);
  if (!permit) throw notFound('permit', input.permitId);
  if (permit.issuedOn && input.shippedOn < permit.issuedOn) {
    throw new AppError('conflict', `permit ${permit.id} was issued on ${permit.issuedOn}, after the shipment date ${input.shippedOn}`);
  }
  // What counts is the permit's status on the day the goods left, not today's.
  const then = statusOn(permit.timeline, permit.expiresOn, input.shippedOn);
  if (!then || !permitLifecycle[then].live) {
    throw new AppError('conflict', `permit ${permit.id} was ${then ?? 'not yet issued'} on ${input.shippedOn}: it did not authorise shipments then`);
  }

  const drawn = resolveDraws(permit, input.lines);

  const overdraws: string[] = [];
  for (const [lineNo, d] of drawn) {
    const line = permit.lines.find((l) => l.lineNo === lineNo)!;
    const qLeft = line.quantity - line.shippedQuantity;
    if (d.quantity > qLeft + EPSILON) overdraws.push(`line ${lineNo} (${line.itemId}): ${d.quantity} requested, ${qLeft} left of ${line.quantity}`);
    if (line.value !== null) {
      const vLeft = line.value - line.shippedValue;
      if (d.value > vLeft + 0.005) overdraws.push(`line ${lineNo} (${line.itemId}): value ${d.value} requested, ${round2(vLeft)} ${line.currency ?? ''} left`.trimEnd());
    }
  }
  if (overdraws.length) {
    throw new AppError('overdraw', `shipment refused, it would overdraw permit ${permit.id}: ${overdraws.join('; ')}`);
  }

  const shipments = new ShipmentRepository(uow.db);
  const id = input.id ?? `${permit.id}/S${(await shipments.countForPermit(permit.id)) + 1}`;
  if (await shipments.get(id)) throw new AppError('conflict', `shipment ${id} already exists`);
  const shipment: Shipment = {
    id,
    permitId: permit.id,
    shippedOn: input.shippedOn,
    reference: input.reference ?? null,
    lines: shipmentLines(drawn),
  };
  await shipments.insert(shipment);
  for (const l of shipment.lines) await permits.addDraw(permit.id, l.lineNo, l.quantity, l.value);
  await uow.audit.record({ verb: 'shipment.record', objectType: 'shipment', objectId: id, payload: shipment });

  const usedUp = permit.lines.every((line) => {
    const d = drawn.get(line.lineNo) ?? { quantity: 0, value: 0 };
    const qDone = line.shippedQuantity + d.quantity >= line.quantity - EPSILON;
    const vDone = line.value !== null && line.value > 0 && line.shippedValue + d.value >= line.value - 0.005;
    return qDone || vDone;
  });
  // A permit suspended or cancelled since the shipment keeps that status; its lines are used up all the same.
  if (usedUp && canTransition(permit.status, 'exhausted')) {
    const last = permit.timeline[permit.timeline.length - 1]?.since ?? input.shippedOn;
    await transitionBySystem(uow, permit, 'exhausted', `all lines drawn down by shipment ${id}`, last > input.shippedOn ? last : input.shippedOn);
  }
  return shipment;
}

/**
 * Works out which permit line each draw is on and what value it takes (the line's unit
 * value times the quantity when none is given); draws on the same line are added up.
 */
export function resolveDraws(permit: Permit, draws: ShipmentDraw[]): Map<number, { quantity: number; value: number }> {
  const drawn = new Map<number, { quantity: number; value: number }>();
  for (const d of draws) {
    const line =
      d.lineNo !== undefined
        ? permit.lines.find((l) => l.lineNo === d.lineNo)
        : permit.lines.filter((l) => l.itemId === d.itemId).length === 1
          ? permit.lines.find((l) => l.itemId === d.itemId)
          : undefined;
    if (!line) {
      const which = d.lineNo !== undefined ? `line ${d.lineNo}` : `a single line for item ${d.itemId}`;
      throw new AppError('invalid_input', `permit ${permit.id} has no ${which} (lines: ${permit.lines.map((l) => `${l.lineNo}=${l.itemId}`).join(', ')})`);
    }
    if (!(d.quantity > 0)) throw new AppError('invalid_input', `line ${line.lineNo}: quantity must be positive`);
    const unit = line.value !== null && line.quantity > 0 ? line.value / line.quantity : 0;
    const value = d.value ?? round2(unit * d.quantity);
    if (value < 0) throw new AppError('invalid_input', `line ${line.lineNo}: value cannot be negative`);
    const sum = drawn.get(line.lineNo) ?? { quantity: 0, value: 0 };
    sum.quantity += d.quantity;
    sum.value = round2(sum.value + value);
    drawn.set(line.lineNo, sum);
  }
  return drawn;
}

/** The lines a shipment would be stored with, in line order. */
export function shipmentLines(drawn: Map<number, { quantity: number; value: number }>): ShipmentLine[] {
  return [...drawn].sort((a, b) => a[0] - b[0]).map(([lineNo, d]) => ({ lineNo, quantity: d.quantity, value: round2(d.value) }));
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
