/**
 * Baselines: the permit and permit-line rows the import wrote, inserted again with the database
 * drivers directly (no validation, no Kysely, no audit trail) into a fresh copy of the schema.
 *
 * The rows are read back from the SQLite file the import produced, so the baseline writes
 * exactly the same rows and columns, whatever the migrations currently say.
 */
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { openStore } from '../src/store/database.js';
import { now } from './stats.js';

type Value = string | number | bigint | null | Buffer;

export interface TableRows {
  table: string;
  columns: string[];
  rows: Value[][];
}

export interface BaselineRows {
  /** Inserted untimed, so that the foreign keys of permits and lines hold. */
  parents: TableRows[];
  permits: TableRows;
  lines: TableRows;
}

export interface BaselineResult {
  /** Wall time of the timed part: permits + lines in one transaction, commit included. */
  ms: number;
  /** CPU time of this process over the timed part (on PostgreSQL the server's is not in it). */
  cpuMs: number;
  permits: number;
  lines: number;
}

/**
 * Reads parties, items, permits and permit_lines from an imported SQLite file, in table order:
 * rowid order for parties and items, primary-key order for the WITHOUT ROWID permit tables,
 * which for the generated bundle (sorted ids) is also insertion order.
 */
export function readBaselineRows(file: string): BaselineRows {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const read = (table: string): TableRows => {
      const stmt = db.prepare(`select * from ${table}`);
      return { table, columns: stmt.columns().map((c) => c.name), rows: stmt.raw(true).all() as Value[][] };
    };
    return { parents: [read('parties'), read('items')], permits: read('permits'), lines: read('permit_lines') };
  } finally {
    db.close();
  }
}

/**
 * SQLite: creates the schema with openStore (migrations), then writes with better-sqlite3
 * prepared statements, with the pragmas openStore uses (WAL, synchronous=NORMAL, foreign keys on,
 * a 256 MiB page cache, temporary tables in memory).
 */
export async function rawSqliteBaseline(file: string, data: BaselineRows): Promise<BaselineResult> {
  const store = await openStore(file);
  await store.close();
  const db = new BetterSqlite3(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 10000');
    db.pragma('synchronous = NORMAL');
    db.pragma('cache_size = -262144');
    db.pragma('temp_store = MEMORY');
    const insertAll = (t: TableRows) => {
      const stmt = db.prepare(`insert into ${t.table} (${t.columns.join(', ')}) values (${t.columns.map(() => '?').join(', ')})`);
      for (const r of t.rows) stmt.run(r);
    };
    db.transaction(() => data.parents.forEach(insertAll))();

    const cpu0 = process.cpuUsage();
    const t0 = now();
    db.transaction(() => {
      insertAll(data.permits);
      insertAll(data.lines);
    })();
    return { ms: now() - t0, cpuMs: cpuSince(cpu0), permits: data.permits.rows.length, lines: data.lines.rows.length };
  } finally {
    db.close();
  }
}

function cpuSince(start: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(start);
  return (d.user + d.system) / 1000;
}

/** Multi-row INSERT ... VALUES ($1, ...), (...) in batches under PostgreSQL's 65,535-parameter limit. */
async function insertBatches(client: pg.Client, t: TableRows, perStatement = 1000) {
  for (let i = 0; i < t.rows.length; i += perStatement) {
    const batch = t.rows.slice(i, i + perStatement);
    const params: Value[] = [];
    const tuples = batch.map((r) => `(${r.map((v) => (params.push(v), `$${params.length}`)).join(', ')})`);
    await client.query(`insert into ${t.table} (${t.columns.join(', ')}) values ${tuples.join(', ')}`, params);
  }
}

/** PostgreSQL: schema by openStore in `schema`, then multi-row INSERTs via pg in one transaction. */
export async function rawPostgresBaseline(url: string, schema: string, data: BaselineRows): Promise<BaselineResult> {
  const store = await openStore(url, { schema });
  await store.close();
  const client = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    await client.query('begin');
    for (const t of data.parents) await insertBatches(client, t);
    await client.query('commit');

    const cpu0 = process.cpuUsage();
    const t0 = now();
    await client.query('begin');
    await insertBatches(client, data.permits);
    await insertBatches(client, data.lines);
    await client.query('commit');
    return { ms: now() - t0, cpuMs: cpuSince(cpu0), permits: data.permits.rows.length, lines: data.lines.rows.length };
  } finally {
    await client.end();
  }
}
