// The drivers are loaded when a store of their kind is opened: `--help` and commands that
// never open a store do not pay for them.
import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  Kysely,
  Migrator,
  SqliteDialect,
  SqliteDriver,
  sql,
} from 'kysely';
import type pg from 'pg';
import { AppError } from '../shared/errors.js';
import { registerSqliteHandle } from './bulk.js';
import { migrationProvider } from './migrations.js';
import { OwnSchemaPostgresDialect } from './postgres.dialect.js';
import type { DB } from './schema.js';

export type Dialect = 'sqlite' | 'postgres';

export interface Store {
  readonly db: Kysely<DB>;
  readonly dialect: Dialect;
  /** Where the data lives, for messages (a file path, or the URL without its password). */
  readonly location: string;
  close(): Promise<void>;
}

/**
 * SQLite transactions begin IMMEDIATE so that a second writer process waits on the busy
 * timeout instead of failing when it upgrades a read lock.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: ConstructorParameters<typeof SqliteDialect>[0];
  constructor(config: ConstructorParameters<typeof SqliteDialect>[0]) {
    super(config);
    this.#config = config;
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.#config);
  }
}

/**
 * Kysely prepares every query anew; bulk inserts repeat the same multi-row statement
 * thousands of times, so prepared statements are kept by SQL text (a bounded cache).
 */
function withStatementCache(database: BetterSqlite3.Database): BetterSqlite3.Database {
  const cache = new Map<string, BetterSqlite3.Statement>();
  const prepare = database.prepare.bind(database);
  return new Proxy(database, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') return Reflect.get(target, prop, receiver);
      return (sqlText: string) => {
        let stmt = cache.get(sqlText);
        if (!stmt) {
          stmt = prepare(sqlText);
          if (cache.size >= 200) cache.delete(cache.keys().next().value as string);
          cache.set(sqlText, stmt);
        }
        return stmt;
      };
    },
  });
}

export function isPostgresUrl(target: string): boolean {
  return /^postgres(ql)?:\/\//i.test(target);
}

export interface OpenOptions {
  /** PostgreSQL schema to use (created if missing); tests use one per file. */
  schema?: string;
  /** Apply pending migrations (default true). */
  migrate?: boolean;
}

/** Opens (and by default migrates) a SQLite file or a PostgreSQL database named by URL. */
export async function openStore(target: string, options: OpenOptions = {}): Promise<Store> {
  const store = isPostgresUrl(target) ? await openPostgres(target, options.schema) : await openSqlite(target);
  if (options.migrate !== false) await migrate(store);
  return store;
}

async function openSqlite(file: string): Promise<Store> {
  const { default: Database } = await import('better-sqlite3');
  let database: BetterSqlite3.Database;
  try {
    database = new Database(file);
  } catch (e) {
    throw new AppError('invalid_input', `cannot open SQLite database ${file}: ${(e as Error).message}`);
  }
  // WAL with synchronous=NORMAL: a commit is atomic and survives the process being killed;
  // after a power cut the last commits before the next checkpoint may be lost, never half-kept.
  // 8 KiB pages for a new file (the default is 4 KiB; an existing file keeps its own): fewer,
  // fuller B-tree pages per row written, measured about 10% faster on a large import.
  database.pragma('page_size = 8192');
  database.pragma('busy_timeout = 10000');
  useWal(database);
  database.pragma('foreign_keys = ON');
  database.pragma('synchronous = NORMAL');
  // Page cache of up to 256 MiB (the default is 2 MiB): a large import touches every index
  // of permits, lines, assurances and the audit log, and a small cache spills them to the
  // WAL in the middle of the transaction. Memory is only taken as pages are used.
  database.pragma('cache_size = -262144');
  database.pragma('temp_store = MEMORY');
  // Checkpoint when the WAL reaches 8,192 pages (64 MiB) instead of SQLite's 1,000 (8 MiB):
  // a batched ingest otherwise checkpoints after nearly every commit, each time syncing the WAL
  // and the database file and copying pages that the next batch dirties again. The WAL file is
  // cut back to 64 MiB after a checkpoint. Under synchronous=NORMAL the commits since the last
  // checkpoint are the ones a power cut (not a killed process) may take back, whole.
  database.pragma('wal_autocheckpoint = 8192');
  database.pragma('journal_size_limit = 67108864');
  const cached = withStatementCache(database);
  const db = new Kysely<DB>({ dialect: new ImmediateSqliteDialect({ database: cached }) });
  registerSqliteHandle(db, cached);
  return { db, dialect: 'sqlite', location: file, close: () => db.destroy() };
}

/**
 * Puts the file in WAL mode (it stays so). A large first load switches it to a rollback journal
 * for its transaction and back (bulk.ts, withRollbackJournal); a process that opens the file
 * meanwhile cannot switch it and runs in rollback mode, which is as safe, until the next open.
 */
function useWal(database: BetterSqlite3.Database) {
  try {
    database.pragma('journal_mode = WAL');
  } catch (e) {
    if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
  }
}

async function openPostgres(url: string, schema?: string): Promise<Store> {
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new AppError('invalid_input', `bad schema name ${schema}`);
  const { default: pg } = await import('pg');
  if (schema) {
    const client = new pg.Client({ connectionString: url });
    await connectOrExplain(client, url);
    try {
      await client.query(`create schema if not exists ${schema}`);
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 4,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<DB>({ dialect: new OwnSchemaPostgresDialect({ pool }) });
  try {
    await sql`select 1`.execute(db);
  } catch (e) {
    await db.destroy();
    throw new AppError('invalid_input', `cannot connect to PostgreSQL at ${redact(url)}: ${(e as Error).message}`);
  }
  return { db, dialect: 'postgres', location: redact(url), close: () => db.destroy() };
}

async function connectOrExplain(client: pg.Client, url: string) {
  try {
    await client.connect();
  } catch (e) {
    throw new AppError('invalid_input', `cannot connect to PostgreSQL at ${redact(url)}: ${(e as Error).message}`);
  }
}

function redact(url: string): string {
  return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
}

async function migrate(store: Store): Promise<void> {
  // On PostgreSQL the migration bookkeeping lives in the schema we work in; Kysely would
  // otherwise find another schema's bookkeeping tables and skip creating its own.
  const migrationTableSchema =
    store.dialect === 'postgres'
      ? (await sql<{ s: string }>`select current_schema() as s`.execute(store.db)).rows[0]?.s
      : undefined;
  if (store.dialect === 'postgres' && !migrationTableSchema) {
    throw new AppError('invalid_input', `${store.location}: no current schema (does the schema in search_path exist?)`);
  }
  const migrator = new Migrator({ db: store.db, provider: migrationProvider, migrationTableSchema });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new AppError(
      'integrity',
      `migration ${failed?.migrationName ?? ''} failed on ${store.location}: ${(error as Error).message ?? error}`,
    );
  }
}
