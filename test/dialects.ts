import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Store, openStore } from '../src/store/database.js';

/** PostgreSQL for tests comes from this one variable; CI sets it and ENDWATCH_TEST_PG_REQUIRED=1. */
export const pgUrl = process.env.ENDWATCH_TEST_PG_URL;
export const pgRequired = process.env.ENDWATCH_TEST_PG_REQUIRED === '1';

export interface TestDb {
  /** `--db` value a CLI child process can use (file path or URL with search_path). */
  target: string;
  open(): Promise<Store>;
  /** Runs SQL outside Endwatch, as an attacker or an operator would. */
  raw(sqlText: string, params?: unknown[]): Promise<unknown[]>;
  dispose(): Promise<void>;
}

export interface DialectCase {
  name: 'sqlite' | 'postgres';
  /** Why this dialect is skipped here, or undefined when it runs. */
  skip?: string;
  create(): Promise<TestDb>;
}

function sqliteCase(): DialectCase {
  return {
    name: 'sqlite',
    async create() {
      const dir = mkdtempSync(join(tmpdir(), 'endwatch-test-'));
      const file = join(dir, 'test.sqlite');
      const opened: Store[] = [];
      return {
        target: file,
        async open() {
          const s = await openStore(file);
          opened.push(s);
          return s;
        },
        async raw(sqlText, params = []) {
          const { default: Database } = await import('better-sqlite3');
          const db = new Database(file);
          try {
            const stmt = db.prepare(sqlText);
            return stmt.reader ? stmt.all(...params) : [stmt.run(...params)];
          } finally {
            db.close();
          }
        },
        async dispose() {
          for (const s of opened) await s.close().catch(() => {});
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  };
}

function postgresCase(): DialectCase {
  return {
    name: 'postgres',
    skip: pgUrl ? undefined : 'PostgreSQL half skipped: set ENDWATCH_TEST_PG_URL (e.g. postgres://postgres@127.0.0.1:5432/test)',
    async create() {
      const url = pgUrl!;
      const schema = `t_${randomBytes(6).toString('hex')}`;
      const opened: Store[] = [];
      const withClient = async <T>(fn: (c: pg.Client) => Promise<T>) => {
        const c = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
        await c.connect();
        try {
          return await fn(c);
        } finally {
          await c.end();
        }
      };
      const sep = url.includes('?') ? '&' : '?';
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`create schema ${schema}`).finally(() => admin.end());
      return {
        target: `${url}${sep}options=${encodeURIComponent(`-c search_path=${schema}`)}`,
        async open() {
          const s = await openStore(url, { schema });
          opened.push(s);
          return s;
        },
        async raw(sqlText, params = []) {
          return withClient(async (c) => {
            let i = 0;
            const text = sqlText.replace(/\?/g, () => `$${++i}`);
            return (await c.query(text, params)).rows;
          });
        },
        async dispose() {
          for (const s of opened) await s.close().catch(() => {});
          await withClient((c) => c.query(`drop schema if exists ${schema} cascade`));
        },
      };
    },
  };
}

export const dialectCases: DialectCase[] = [sqliteCase(), postgresCase()];

if (pgRequired && !pgUrl) throw new Error('ENDWATCH_TEST_PG_REQUIRED=1 but ENDWATCH_TEST_PG_URL is not set');

/**
 * Declares `body` once per dialect, each in its own describe block with a fresh database per
 * test (a new SQLite file, or a new PostgreSQL schema). A skipped dialect says why.
 */
export async function forEachDialect(title: string, body: (ctx: { dialect: DialectCase['name']; db: () => TestDb }) => void): Promise<void> {
  const { describe, beforeEach, afterEach } = await import('node:test');
  for (const dc of dialectCases) {
    describe(`${title} [${dc.name}]`, { skip: dc.skip }, () => {
      let current: TestDb | undefined;
      beforeEach(async () => {
        current = await dc.create();
      });
      afterEach(async () => {
        await current?.dispose();
        current = undefined;
      });
      body({
        dialect: dc.name,
        db: () => {
          if (!current) throw new Error('no test database');
          return current;
        },
      });
    });
  }
}
