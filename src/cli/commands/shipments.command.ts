import { summaryOf } from '../command.table.js';
import type { Command } from 'commander';
import { type ShipmentDraw, recordShipment } from '../../registry/shipment.service.js';
import { AppError } from '../../shared/errors.js';
import { transact } from '../../store/unit-of-work.js';
import { printJson, withStore } from '../context.js';
import { fmtNumber, repeatable } from '../format.js';
import type { Run } from '../main.js';

/** `--line 1:5` or `--line 1:5:1200.50` (line number : quantity [: value]). */
function parseLine(spec: string): ShipmentDraw {
  const m = /^(\d+):(\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?$/.exec(spec);
  if (!m) throw new AppError('invalid_input', `--line '${spec}': expected LINE:QUANTITY or LINE:QUANTITY:VALUE, e.g. 1:5`);
  return { lineNo: Number(m[1]), quantity: Number(m[2]), ...(m[3] !== undefined ? { value: Number(m[3]) } : {}) };
}

export function registerShipments(program: Command, run: Run): void {
  const cmd = program.command('shipments').description(summaryOf('shipments'));
  cmd
    .command('add')
    .description('record a shipment; it draws down the permit lines (an overdraw is refused)')
    .requiredOption('--permit <id>', 'permit shipped under')
    .requiredOption('--date <yyyy-mm-dd>', 'shipment date')
    .option('--line <line:qty[:value]>', 'a line drawn (repeatable)', repeatable, [] as string[])
    .option('--item <id>', 'item shipped (instead of --line, when the permit has one line for it)')
    .option('--quantity <n>', 'quantity shipped (with --item)')
    .option('--value <v>', 'value shipped (with --item; default pro rata)')
    .option('--id <id>', 'shipment id (default <permit>/S<n>)')
    .option('--reference <text>', 'customs or carrier reference')
    .option('--json', 'print JSON')
    .action(
      (opts: { permit: string; date: string; line: string[]; item?: string; quantity?: string; value?: string; id?: string; reference?: string; json?: boolean }) =>
        run(async (config) => {
          const lines = opts.line.map(parseLine);
          if (opts.item) {
            const q = Number(opts.quantity);
            if (!opts.quantity || !(q > 0)) throw new AppError('invalid_input', '--quantity: a positive number is required with --item');
            const v = opts.value === undefined ? undefined : Number(opts.value);
            if (v !== undefined && !(v >= 0)) throw new AppError('invalid_input', `--value: '${opts.value}' is not a number`);
            lines.push({ itemId: opts.item, quantity: q, ...(v !== undefined ? { value: v } : {}) });
          }
          if (lines.length === 0) throw new AppError('invalid_input', 'give at least one --line LINE:QTY or --item ID --quantity N');
          const s = await withStore(config, (store) =>
            transact(store, config.actor, (uow) => recordShipment(uow, { id: opts.id, permitId: opts.permit, shippedOn: opts.date, reference: opts.reference, lines })),
          );
          if (opts.json) return printJson(s);
          process.stdout.write(`shipment ${s.id} recorded on ${s.permitId}: ${s.lines.map((l) => `line ${l.lineNo} ${fmtNumber(l.quantity)} (${fmtNumber(l.value)})`).join('; ')}\n`);
        }),
    );
}
