import {
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type DatabaseMetadataOptions,
  type Kysely,
  PostgresDialect,
  type SchemaMetadata,
  type TableMetadata,
  sql,
} from 'kysely';

/**
 * PostgreSQL dialect whose introspection sees only the schema this connection works in.
 *
 * Kysely's own PostgreSQL introspector reads the columns of every table of every schema in
 * the database (and resolves each column's serial sequence). When other sessions create or
 * drop schemas at the same time — parallel test files, other teams on a shared server — that
 * query fails with errors about tables that are not ours ("column ... of relation ... does not
 * exist"). The migrator only asks whether its bookkeeping tables exist, so a catalogue query
 * limited to current_schema() answers it without touching anyone else's tables.
 */
export class OwnSchemaPostgresDialect extends PostgresDialect {
  override createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new OwnSchemaIntrospector(db);
  }
}

class OwnSchemaIntrospector implements DatabaseIntrospector {
  constructor(private readonly db: Kysely<any>) {}

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`select current_schema() as name`.execute(this.db);
    return rows.filter((r) => r.name !== null).map((r) => ({ name: r.name }));
  }

  /** Tables and views of our schema, by name; columns are not described (nothing here needs them). */
  async getTables(_options?: DatabaseMetadataOptions): Promise<TableMetadata[]> {
    const { rows } = await sql<{ schema: string; table: string; kind: string }>`
      select ns.nspname as schema, c.relname as table, c.relkind as kind
        from pg_catalog.pg_class c
        join pg_catalog.pg_namespace ns on ns.oid = c.relnamespace
       where ns.nspname = current_schema() and c.relkind in ('r', 'v', 'p')
       order by c.relname`.execute(this.db);
    return rows.map((r) => ({ name: r.table, schema: r.schema, isView: r.kind === 'v', columns: [] }));
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<DatabaseMetadata> {
    return { tables: await this.getTables(options) };
  }
}
