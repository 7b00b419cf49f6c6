import { summaryOf } from '../command.table.js';
import type { Command } from 'commander';
import { listAuditEntries } from '../../audit/audit.repository.js';
import { setAssuranceStatus } from '../../registry/assurance.service.js';
import { assuranceStatuses } from '../../registry/assurance.types.js';
import { type PermitStatus, isPermitStatus, permitStatuses } from '../../registry/permit.lifecycle.js';
import { PermitRepository } from '../../registry/permit.repository.js';
import { transitionPermit, transitionPermits } from '../../registry/permit.service.js';
import type { Permit } from '../../registry/permit.types.js';
import { ShipmentRepository } from '../../registry/shipment.repository.js';
import { AppError, notFound } from '../../shared/errors.js';
import { transact } from '../../store/unit-of-work.js';
import { printJson, withStore } from '../context.js';
import { authorize } from '../../users/user.service.js';
import { fmtNumber, list, table } from '../format.js';
import type { Run } from '../main.js';

interface ListOpts {
  destination?: string;
  status?: string;
  item?: string;
  exporter?: string;
  endUser?: string;
  limit?: string;
  json?: boolean;
}

function parseStatus(s: string | undefined): PermitStatus | undefined {
  if (s === undefined) return undefined;
  if (!isPermitStatus(s)) throw new AppError('invalid_input', `--status: '${s}' is not one of ${permitStatuses.join(', ')}`);
  return s;
}

function parseLimit(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1) throw new AppError('invalid_input', `--limit: '${s}' is not a positive whole number`);
  return n;
}

function remaining(p: Permit): string {
  return p.lines.map((l) => `${fmtNumber(l.quantity - l.shippedQuantity)}/${fmtNumber(l.quantity)}`).join(' ');
}

const bulkVerbs: Record<string, { to: PermitStatus; describe: string }> = {
  suspend: { to: 'suspended', describe: 'suspend permits (by id, or all matching --destination/--item/--exporter)' },
  reinstate: { to: 'reinstated', describe: 'reinstate suspended permits' },
  cancel: { to: 'cancelled', describe: 'cancel permits' },
};

/** Statuses reached by a decision; with registered users, not by a direct transition. */
const decidedStatuses: readonly PermitStatus[] = ['issued', 'refused', 'suspended', 'reinstated', 'cancelled'];

export function registerPermits(program: Command, run: Run): void {
  const cmd = program.command('permits').description(summaryOf('permits'));

  cmd
    .command('list')
    .description('list permits with their effective status (expiry derived from dates)')
    .option('--destination <cc>', 'destination country (ISO alpha-2)')
    .option('--status <status>', `effective status (${permitStatuses.join(', ')})`)
    .option('--item <id>', 'permits with a line for this item')
    .option('--exporter <id>', 'exporter party id')
    .option('--end-user <id>', 'end-user party id')
    .option('--limit <n>', 'at most n permits')
    .option('--json', 'print a JSON array of permit objects')
    .action((opts: ListOpts) =>
      run(async (config) => {
        const filter = {
          destination: opts.destination?.toUpperCase(),
          status: parseStatus(opts.status),
          itemId: opts.item,
          exporterId: opts.exporter,
          endUserId: opts.endUser,
          limit: parseLimit(opts.limit),
        };
        const permits = await withStore(config, (store) => new PermitRepository(store.db).list(filter, config.asOf));
        if (opts.json) return printJson(permits);
        if (permits.length === 0) return void process.stdout.write('no permits match\n');
        process.stdout.write(
          `${table(
            ['id', 'status', 'dest', 'exporter', 'end user', 'items', 'left/qty', 'issued', 'expires'],
            permits.map((p) => [p.id, p.status, p.destination, p.exporterId, p.endUserId, p.lines.map((l) => l.itemId).join(' '), remaining(p), p.issuedOn, p.expiresOn]),
          )}\n${permits.length} permit(s) as of ${config.asOf}\n`,
        );
      }),
    );

  cmd
    .command('show <id>')
    .description('one permit: parties, lines and draw-down, assurances, shipments, history')
    .option('--json', 'print JSON')
    .action((id: string, opts: { json?: boolean }) =>
      run(async (config) => {
        const data = await withStore(config, async (store) => {
          const permit = await new PermitRepository(store.db).get(id, config.asOf);
          if (!permit) throw notFound('permit', id);
          const shipments = await new ShipmentRepository(store.db).listForPermit(id);
          const history = await listAuditEntries(store.db, { objectIds: [id, ...permit.assurances.map((a) => a.id), ...shipments.map((s) => s.id)] });
          return { permit, shipments, history };
        });
        if (opts.json) return printJson({ ...data.permit, shipments: data.shipments, history: data.history.map(({ payload, ...h }) => ({ ...h, payload: JSON.parse(payload) })) });
        const p = data.permit;
        const out = [
          `${p.id}  ${p.status}${p.status !== p.recordedStatus ? ` (recorded ${p.recordedStatus})` : ''}`,
          `  ${p.origin} → ${p.destination}   issued ${p.issuedOn ?? '—'}   expires ${p.expiresOn ?? '—'}`,
          `  exporter ${p.exporterId}   consignee ${p.consigneeId ?? '—'}   end user ${p.endUserId}${p.ultimateEndUserId ? `   ultimate end user ${p.ultimateEndUserId}` : ''}`,
          `  end use: ${p.endUse ?? '—'}`,
          `  programme tags: ${list(p.programmeTags)}`,
          '',
          table(
            ['line', 'item', 'quantity', 'shipped', 'value', 'shipped value', 'currency'],
            p.lines.map((l) => [l.lineNo, l.itemId, fmtNumber(l.quantity), fmtNumber(l.shippedQuantity), fmtNumber(l.value), fmtNumber(l.shippedValue), l.currency]),
          ),
          '',
          'assurances:',
          ...p.assurances.map(
            (a) =>
              `  ${a.id} ${a.kind} [${a.status}]${a.noReexport ? ' no re-export' : ''}${a.excludedRegions.length ? `; excluded: ${a.excludedRegions.join(', ')}` : ''}${a.inspectionConsent ? '; inspection consent' : ''}${a.signatory ? `; signed by ${a.signatory}` : ''}${a.signedOn ? ` on ${a.signedOn}` : ''}${a.notes ? `\n    ${a.notes}` : ''}`,
          ),
          '',
          `shipments: ${data.shipments.length ? '' : 'none'}`,
          ...data.shipments.map((s) => `  ${s.id} ${s.shippedOn} ${s.lines.map((l) => `line ${l.lineNo}: ${fmtNumber(l.quantity)} (${fmtNumber(l.value)})`).join('; ')}`),
          '',
          'history:',
          ...data.history.map((h) => `  #${h.seq} ${h.at} ${h.actor} ${h.verb}${h.objectId !== p.id ? ` ${h.objectId}` : ''}${h.reason ? ` — ${h.reason}` : ''}`),
        ];
        process.stdout.write(`${out.join('\n')}\n`);
      }),
    );

  for (const [verb, spec] of Object.entries(bulkVerbs)) {
    cmd
      .command(`${verb} [ids...]`)
      .description(spec.describe)
      .option('--destination <cc>', 'every permit to this country')
      .option('--item <id>', 'only permits with a line for this item')
      .option('--exporter <id>', 'only permits of this exporter')
      .requiredOption('--reason <text>', 'why (recorded in the audit trail)')
      .option('--json', 'print the result as JSON')
      .action((ids: string[], opts: { destination?: string; item?: string; exporter?: string; reason: string; json?: boolean }) =>
        run(async (config) => {
          const result = await withStore(config, (store) =>
            transact(store, config.actor, (uow) =>
              transitionPermits(uow, {
                filter: {
                  ids: ids.length ? ids : undefined,
                  destination: opts.destination?.toUpperCase(),
                  itemId: opts.item,
                  exporterId: opts.exporter,
                },
                to: spec.to,
                reason: opts.reason,
                asOf: config.asOf,
              }),
            ),
          );
          if (opts.json) return printJson(result);
          const lines = [`${result.changed.length} permit(s) now ${spec.to}:`, ...result.changed.map((c) => `  ${c.id} (was ${c.from})`)];
          if (result.skipped.length) lines.push(`${result.skipped.length} skipped:`, ...result.skipped.map((s) => `  ${s.id} ${s.why}`));
          process.stdout.write(`${lines.join('\n')}\n`);
        }),
      );
  }

  cmd
    .command('assurance <assuranceId> <status>')
    .description(`record a change in an assurance's standing (${assuranceStatuses.join(', ')})`)
    .requiredOption('--reason <text>', 'why (recorded in the audit trail)')
    .option('--on <yyyy-mm-dd>', 'date the status takes effect (default: the as-of date)')
    .action((assuranceId: string, status: string, opts: { reason: string; on?: string }) =>
      run(async (config) => {
        await withStore(config, (store) =>
          transact(store, config.actor, (uow) => setAssuranceStatus(uow, { assuranceId, status, reason: opts.reason, effectiveOn: opts.on ?? config.asOf })),
        );
        process.stdout.write(`assurance ${assuranceId} is now ${status}\n`);
      }),
    );

  cmd
    .command('transition <id> <status>')
    .description('move one permit to another status (submitted, under_assessment, issued, refused, …)')
    .requiredOption('--reason <text>', 'why (recorded in the audit trail)')
    .option('--issued-on <yyyy-mm-dd>', 'when issuing: first day of validity (default: the as-of date)')
    .option('--expires-on <yyyy-mm-dd>', 'when issuing: last day of validity (required unless already set)')
    .option('--json', 'print the permit as JSON')
    .action((id: string, status: string, opts: { reason: string; issuedOn?: string; expiresOn?: string; json?: boolean }) =>
      run(async (config) => {
        const to = parseStatus(status)!;
        const p = await withStore(config, async (store) => {
          if (decidedStatuses.includes(to)) await authorize(store.db, config.actor, 'permits.decide');
          return transact(store, config.actor, (uow) =>
            transitionPermit(uow, { permitId: id, to, reason: opts.reason, asOf: config.asOf, issuedOn: opts.issuedOn, expiresOn: opts.expiresOn }),
          );
        });
        if (opts.json) return printJson(p);
        process.stdout.write(`${p.id} is now ${p.status}\n`);
      }),
    );
}
