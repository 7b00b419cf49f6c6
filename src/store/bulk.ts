import { CompiledQuery, type Insertable, type Kysely, SqliteAdapter } from 'kysely';
import type { DB } from './schema.js';

/**
 * Rows per statement. PostgreSQL pays a round trip per statement, so it gets as many rows as
 * the 65,535 bind-parameter limit allows, up to 1,000. SQLite runs in process: inside a
 * transaction it runs small cached multi-row statements on the driver's handle
 * (SQLITE_TX_ROWS), elsewhere multi-row statements through Kysely.
 */
const SQLITE_ROWS = 200;
const SQLITE_TX_ROWS = 20;
const SQLITE_MAX_PARAMS = 32_766;
const PG_ROWS = 1_000;
const PG_MAX_PARAMS = 65_535;

/** What bulk inserts need of a better-sqlite3 database (its statement cache included). */
export interface SqliteHandle {
  prepare(sqlText: string): { run(params: unknown[]): unknown };
}

interface Shapes {
  sqlite: boolean;
  /** The driver's handle, for row-by-row inserts inside a transaction (SQLite only). */
  handle?: SqliteHandle;
  /** INSERT texts by table, column list and row count. */
  texts: Map<string, string>;
  /** PostgreSQL: each table's column types (udt names) in the current schema, read once. */
  columnTypes: Map<string, Map<string, string>>;
}

const byAdapter = new WeakMap<object, Shapes>();

function shapesOf(db: Kysely<DB>): Shapes {
  const adapter = db.getExecutor().adapter;
  let shapes = byAdapter.get(adapter);
  if (!shapes) {
    shapes = { sqlite: adapter instanceof SqliteAdapter, texts: new Map(), columnTypes: new Map() };
    byAdapter.set(adapter, shapes);
  }
  return shapes;
}

/**
 * Lets insertRows write through the better-sqlite3 handle behind `db`. Only done inside a
 * Kysely transaction: the transaction holds SQLite's single connection, so the statements
 * run in it and nothing else can interleave.
 */
export function registerSqliteHandle(db: Kysely<DB>, handle: SqliteHandle): void {
  shapesOf(db).handle = handle;
}

/** Rows per multi-row INSERT for a table of `columns` columns on this database. */
export function rowsPerStatement(db: Kysely<DB>, columns: number): number {
  const sqlite = shapesOf(db).sqlite;
  const perStatement = sqlite ? SQLITE_ROWS : PG_ROWS;
  return Math.max(1, Math.min(perStatement, Math.floor((sqlite ? SQLITE_MAX_PARAMS : PG_MAX_PARAMS) / columns)));
}

function statementFor(db: Kysely<DB>, table: string, columns: readonly string[], rows: number): string {
  const { texts } = shapesOf(db);
  const key = `${table}|${columns.join(',')}|${rows}`;
  let text = texts.get(key);
  if (!text) {
    // Let Kysely write the statement (quoting and placeholders per dialect) for placeholder rows.
    const template = Array.from({ length: rows }, () => Object.fromEntries(columns.map((c) => [c, null])));
    text = (db as Kysely<any>).insertInto(table).values(template).compile().sql;
    texts.set(key, text);
  }
  return text;
}

/** Writes row i's values into params from index k on; returns the index after them. */
type Fill = (i: number, params: unknown[], k: number) => number;

/**
 * Inserts many rows with multi-row INSERT statements. The statement text is built once per
 * shape and the values are bound as a flat list, so a large import does not build a query
 * tree per row. All rows must have the same columns, in the same order.
 */
export async function insertRows<T extends keyof DB & string>(
  db: Kysely<DB>,
  table: T,
  rows: readonly Insertable<DB[T]>[],
): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0] as object);
  await insertFilled(db, table, columns, rows.length, (i, params, k) => {
    const r = rows[i] as Record<string, unknown>;
    for (let c = 0; c < columns.length; c++) {
      const v = r[columns[c]];
      params[k++] = v === undefined ? null : v;
    }
    return k;
  });
}

/**
 * Like insertRows, for rows already laid out as lists of values in `columns` order: a large
 * import builds one array per row and no object. Undefined is bound as null.
 */
export async function insertValues<T extends keyof DB & string>(
  db: Kysely<DB>,
  table: T,
  columns: readonly (keyof DB[T] & string)[],
  rows: readonly (readonly unknown[])[],
): Promise<void> {
  if (rows.length === 0) return;
  const width = columns.length;
  await insertFilled(db, table, columns, rows.length, (i, params, k) => {
    const r = rows[i];
    for (let c = 0; c < width; c++) params[k++] = r[c];
    return k;
  });
}

async function insertFilled(db: Kysely<DB>, table: string, columns: readonly string[], count: number, fill: Fill): Promise<void> {
  const { handle, sqlite } = shapesOf(db);
  if (handle && db.isTransaction) {
    insertThroughHandle(handle, db, table, columns, count, fill);
    return;
  }
  if (!sqlite && count >= PG_UNNEST_FROM) {
    const types = await arrayTypes(db, table, columns);
    if (types) return insertUnnest(db, table, columns, types, count, fill);
  }
  const perStatement = rowsPerStatement(db, columns.length);
  for (let start = 0; start < count; start += perStatement) {
    const end = Math.min(count, start + perStatement);
    const params: unknown[] = new Array((end - start) * columns.length);
    let k = 0;
    for (let i = start; i < end; i++) k = fill(i, params, k);
    await db.executeQuery(CompiledQuery.raw(statementFor(db, table, columns, end - start), params));
  }
}

/** PostgreSQL: from this many rows on, one array per column (unnest) instead of multi-row VALUES. */
const PG_UNNEST_FROM = 50;
/** Rows per unnest statement: parameters are whole arrays, so only memory bounds it. */
const PG_UNNEST_ROWS = 5_000;
/** Column types that pg writes as array literals exactly as it writes single values. */
const UNNEST_TYPES = new Set(['text', 'varchar', 'bpchar', 'int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'bool']);

/**
 * The array type of each column (`text[]`, `int4[]`, …), from the catalogue of the current
 * schema, cached per database; null when a column's type is not one unnest is used for.
 */
async function arrayTypes(db: Kysely<DB>, table: string, columns: readonly string[]): Promise<string[] | null> {
  const tables = shapesOf(db).columnTypes;
  let types = tables.get(table);
  if (!types) {
    const found = await db.executeQuery<{ column_name: string; udt_name: string }>(
      CompiledQuery.raw('select column_name, udt_name from information_schema.columns where table_schema = current_schema() and table_name = $1', [table]),
    );
    types = new Map(found.rows.map((r) => [r.column_name, r.udt_name]));
    tables.set(table, types);
  }
  const out: string[] = [];
  for (const c of columns) {
    const t = types.get(c);
    if (!t || !UNNEST_TYPES.has(t)) return null;
    out.push(`${t}[]`);
  }
  return out;
}

/**
 * PostgreSQL: `insert … select * from unnest($1::text[], $2::int4[], …)`, one array per
 * column. The statement has as many parameters as columns whatever the row count, so the
 * server parses and plans a few bytes instead of thousands of placeholders: about twice as
 * fast as 1,000-row VALUES lists for the permit tables.
 */
async function insertUnnest(db: Kysely<DB>, table: string, columns: readonly string[], types: readonly string[], count: number, fill: Fill): Promise<void> {
  const text = `insert into ${quoteName(table)} (${columns.map(quoteName).join(', ')}) select * from unnest(${types.map((t, k) => `$${k + 1}::${t}`).join(', ')})`;
  const width = columns.length;
  const row: unknown[] = new Array(width);
  for (let start = 0; start < count; start += PG_UNNEST_ROWS) {
    const end = Math.min(count, start + PG_UNNEST_ROWS);
    const arrays = Array.from({ length: width }, () => new Array<unknown>(end - start));
    for (let i = start; i < end; i++) {
      fill(i, row, 0);
      for (let c = 0; c < width; c++) arrays[c][i - start] = row[c] === undefined ? null : row[c];
    }
    await db.executeQuery(CompiledQuery.raw(text, arrays));
  }
}

/**
 * Inside a SQLite transaction: prepared statements of SQLITE_TX_ROWS rows, the rest one row
 * at a time. better-sqlite3 pays a fixed cost per run (binding, step, reset, a result object);
 * 20 rows per run measured about 30% faster than one for the permit tables, and larger
 * statements no faster.
 */
function insertThroughHandle(handle: SqliteHandle, db: Kysely<DB>, table: string, columns: readonly string[], count: number, fill: Fill) {
  const per = Math.min(SQLITE_TX_ROWS, rowsPerStatement(db, columns.length));
  let i = 0;
  if (per > 1 && count >= per) {
    const stmt = handle.prepare(statementFor(db, table, columns, per));
    const params: unknown[] = new Array(per * columns.length);
    for (; i + per <= count; i += per) {
      let k = 0;
      for (let j = i; j < i + per; j++) k = fill(j, params, k);
      stmt.run(params);
    }
  }
  if (i < count) {
    const stmt = handle.prepare(statementFor(db, table, columns, 1));
    const params: unknown[] = new Array(columns.length);
    for (; i < count; i++) {
      fill(i, params, 0);
      stmt.run(params);
    }
  }
}

/**
 * Runs `work` — a large load into `tables` while they are empty, inside one transaction —
 * with the tables' secondary indexes dropped, then creates them again from their own
 * definitions: CREATE INDEX sorts the keys once and builds each B-tree bottom-up, several
 * times cheaper than inserting every key into a growing tree row by row. On PostgreSQL the
 * foreign keys among those tables (lines and assurances to their permit) are dropped too and
 * added back at the end: adding a foreign key checks every row in one join, where an enforced
 * one runs a trigger and a lookup per row. Keys to other tables (parties, items) stay
 * enforced, so that dropping them does not lock those tables against readers for the length
 * of the load. Nothing is given up: a row that breaks a key fails the final check and the
 * whole transaction with it. The DDL is part of the caller's transaction:
 * if it fails or the process dies, indexes and keys are as they were. Primary keys and UNIQUE
 * constraints stay (SQLite's foreign keys cannot be dropped and stay enforced), so
 * duplicates are refused as rows go in. Outside a transaction `work` simply runs.
 */
export async function withIndexesDeferred<R>(db: Kysely<DB>, tables: readonly string[], work: () => Promise<R>): Promise<R> {
  if (!db.isTransaction) return work();
  const deferred = shapesOf(db).sqlite ? await sqliteIndexes(db, tables) : await postgresIndexesAndKeys(db, tables);
  for (const d of deferred) await db.executeQuery(CompiledQuery.raw(d.drop));
  const result = await work();
  for (const d of deferred) await db.executeQuery(CompiledQuery.raw(d.create));
  return result;
}

interface Deferred {
  drop: string;
  create: string;
}

const quoteName = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteText = (text: string) => `'${text.replace(/'/g, "''")}'`;

async function sqliteIndexes(db: Kysely<DB>, tables: readonly string[]): Promise<Deferred[]> {
  const found = await db.executeQuery<{ name: string; sql: string }>(
    CompiledQuery.raw(`select name, sql from sqlite_schema where type = 'index' and sql is not null and tbl_name in (${tables.map(quoteText).join(', ')}) order by name`),
  );
  return found.rows.map((ix) => ({ drop: `drop index ${quoteName(ix.name)}`, create: ix.sql }));
}

/** PostgreSQL: the tables' secondary indexes, then the foreign keys among them (so the indexes exist when the keys are checked). */
async function postgresIndexesAndKeys(db: Kysely<DB>, tables: readonly string[]): Promise<Deferred[]> {
  const keys = await db.executeQuery<{ table_name: string; name: string; def: string }>(
    CompiledQuery.raw(
      `select c.conrelid::regclass::text as table_name, c.conname as name, pg_get_constraintdef(c.oid) as def
         from pg_constraint c join pg_class t on t.oid = c.conrelid
        join pg_class r on r.oid = c.confrelid
        where c.contype = 'f' and t.relnamespace = current_schema()::regnamespace and t.relname = any($1) and r.relname = any($1)
        order by t.relname, c.conname`,
      [[...tables]],
    ),
  );
  const indexes = await db.executeQuery<{ name: string; def: string }>(
    CompiledQuery.raw(
      `select i.indexname as name, i.indexdef as def from pg_indexes i
        where i.schemaname = current_schema() and i.tablename = any($1)
          and not exists (select 1 from pg_constraint c where c.conname = i.indexname and c.connamespace = current_schema()::regnamespace)
        order by i.indexname`,
      [[...tables]],
    ),
  );
  const keyDeferrals = keys.rows.map((k) => ({
    drop: `alter table ${k.table_name} drop constraint ${quoteName(k.name)}`,
    create: `alter table ${k.table_name} add constraint ${quoteName(k.name)} ${k.def}`,
  }));
  const indexDeferrals = indexes.rows.map((ix) => ({ drop: `drop index ${quoteName(ix.name)}`, create: ix.def }));
  return [...indexDeferrals, ...keyDeferrals];
}

/**
 * Runs `work`, which opens one large write transaction into tables that hold nothing yet (a
 * first load), with SQLite's rollback journal instead of the write-ahead log (elsewhere, and
 * inside a transaction, `work` simply runs). In WAL mode every page of the load is written
 * twice, to the log at commit and again into the database file by the checkpoint that follows;
 * with a rollback journal the new pages go straight into the file and the journal keeps only
 * the few pages that existed before, so a killed load is still rolled back whole by the next
 * process that opens the file. synchronous=FULL for the load: in rollback mode NORMAL skips
 * a sync that protects against a power cut. Both settings are put back afterwards, also when
 * `work` fails. If another connection has the file open the mode cannot change; the load
 * then runs in WAL mode as any other write.
 */
export async function withRollbackJournal<R>(db: Kysely<DB>, work: () => Promise<R>): Promise<R> {
  if (!shapesOf(db).sqlite || db.isTransaction) return work();
  const switched = (await journalMode(db, 'delete')) === 'delete';
  if (!switched) return work();
  try {
    await db.executeQuery(CompiledQuery.raw('pragma synchronous = full'));
    return await work();
  } finally {
    await db.executeQuery(CompiledQuery.raw('pragma synchronous = normal'));
    // Back to WAL; should another process hold the file this instant, the next open switches it.
    await journalMode(db, 'wal');
  }
}

async function journalMode(db: Kysely<DB>, mode: 'delete' | 'wal'): Promise<string | null> {
  try {
    const r = await db.executeQuery<{ journal_mode: string }>(CompiledQuery.raw(`pragma journal_mode = ${mode}`));
    return r.rows[0]?.journal_mode ?? null;
  } catch {
    return null; // SQLITE_BUSY: another connection holds a lock
  }
}
