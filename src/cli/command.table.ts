import type { Command } from 'commander';
import type { Run } from './main.js';

/**
 * The top-level commands, their one-line summaries and the module that defines each. Only
 * the module of the command being run is loaded, so `endwatch --help` and every command
 * start without loading what other commands need (database drivers, PDF and HTML readers).
 */
type Register = (program: Command, run: Run) => void;

interface Entry {
  summary: string;
  load: () => Promise<Register>;
}

export const commandTable: Record<string, Entry> = {
  demo: {
    summary: 'create the database (./endwatch.sqlite by default), import the bundled demo registry, read the bundled demo reports and print the alerts',
    load: async () => (await import('./commands/demo.command.js')).registerDemo,
  },
  import: { summary: 'import registry data (validated first; all or nothing)', load: async () => (await import('./commands/import.command.js')).registerImport },
  permits: { summary: 'export permits: list, show, lifecycle actions', load: async () => (await import('./commands/permits.command.js')).registerPermits },
  parties: { summary: 'parties: companies, governments, armed forces, …', load: async () => (await import('./commands/catalogue.command.js')).registerCatalogue },
  items: { summary: 'controlled items and the platforms they are fitted to', load: async () => (await import('./commands/catalogue.command.js')).registerCatalogue },
  shipments: { summary: 'shipments drawn against permits', load: async () => (await import('./commands/shipments.command.js')).registerShipments },
  measures: { summary: 'destination measures: suspensions of new permits, embargoes', load: async () => (await import('./commands/measures.command.js')).registerMeasures },
  ingest: {
    summary: 'ingest reports: text, HTML, PDF, RSS/Atom files, directories, or http(s) URLs; each is read and checked against the permits',
    load: async () => (await import('./commands/evidence.command.js')).registerEvidence,
  },
  documents: { summary: 'stored documents (reports read from ingested sources)', load: async () => (await import('./commands/evidence.command.js')).registerEvidence },
  feeds: { summary: 'RSS/Atom feeds polled for new reports (each entry becomes a source)', load: async () => (await import('./commands/feeds.command.js')).registerFeeds },
  alerts: { summary: 'alerts raised by detection: a report contradicts a permit or its assurances', load: async () => (await import('./commands/alerts.command.js')).registerAlerts },
  eval: {
    summary: 'evaluate detection on a labelled folder (registry.json, labels.json, reports) in a fresh temporary database',
    load: async () => (await import('./commands/eval.command.js')).registerEval,
  },
  lists: { summary: 'sanctions lists: import OFAC SDN CSV, UN SC XML, Canada SEMA XML or FollowTheMoney JSON lines; versions and their diffs', load: async () => (await import('./commands/lists.command.js')).registerLists },
  screen: {
    summary: 'screen a name (or --batch FILE of names) against the current version of every sanctions list, with explained scores',
    load: async () => (await import('./commands/screen.command.js')).registerScreen,
  },
  hits: { summary: 'screening hits of registry parties: list, mark false positives, re-screen', load: async () => (await import('./commands/screen.command.js')).registerHits },
  users: { summary: 'users and their roles (officer, reviewer, analyst, auditor, admin); the first must be an admin', load: async () => (await import('./commands/users.command.js')).registerUsers },
  cases: { summary: 'cases opened from alerts, tips or by hand: assign, note, close', load: async () => (await import('./commands/cases.command.js')).registerCases },
  verifications: { summary: 'verification requests of a case (post-shipment checks, enquiries) and their outcomes; overdue requests', load: async () => (await import('./commands/verifications.command.js')).registerVerifications },
  decisions: { summary: 'decisions on cases: propose, approve or reject (four eyes for permit changes and measures)', load: async () => (await import('./commands/decisions.command.js')).registerDecisions },
  applications: { summary: 'permit applications: submit (routed by destination measures), assess against criteria, decide', load: async () => (await import('./commands/applications.command.js')).registerApplications },
  audit: { summary: 'the hash-chained audit trail', load: async () => (await import('./commands/audit.command.js')).registerAudit },
};

/** The summary of a top-level command, for its own definition. */
export const summaryOf = (name: string): string => commandTable[name]?.summary ?? '';

const OPTIONS_WITH_VALUE = new Set(['--db', '--user', '--as-of']);

/** The top-level command named on the command line, if any (global options may come first). */
export function commandNamed(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (OPTIONS_WITH_VALUE.has(a)) {
      i++;
      continue;
    }
    if (a.startsWith('-')) continue;
    // "endwatch help permits" needs the permits command loaded to describe it.
    if (a === 'help' && argv[i + 1] && !argv[i + 1].startsWith('-')) return argv[i + 1];
    return a;
  }
  return null;
}
