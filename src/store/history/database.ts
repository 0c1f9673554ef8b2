/**
 * Opens the history database and brings it to the current schema with the one migration set:
 * embedded PGlite in DATA_DIR/history by default (pglite-database.ts), PostgreSQL through `pg` when
 * DATABASE_URL is set (postgres-database.ts; tables in DATABASE_SCHEMA, so several deployments or test
 * runs can share one server). A thread loads only the driver it runs: the embedded store's main thread
 * neither, its history worker only PGlite's.
 */
import { fileURLToPath } from 'node:url';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import type * as schema from './schema.ts';

export type HistoryDb = PgDatabase<PgQueryResultHKT, typeof schema>;

/** A statement whose text never changes, run often: each driver prepares it once per connection. */
export interface PreparedStatement {
  /** An SQL identifier. */
  name: string;
  /** $1, $2 … are its parameters, of these SQL types. */
  text: string;
  parameterTypes: readonly string[];
}

export interface HistoryDatabase {
  db: HistoryDb;
  backend: 'pglite' | 'postgres';
  run(statement: PreparedStatement, params: unknown[]): Promise<void>;
  rows<T>(text: string, params: unknown[], rowMode?: 'object' | 'array'): Promise<T[]>;
  close(): Promise<void>;
}

/** Where the one migration set is, and the schema whose tables and migration log it keeps. */
export interface Migrations {
  migrationsFolder: string;
  migrationsSchema: string;
}

export interface HistoryDatabaseOptions {
  dataDir: string;
  databaseUrl?: string;
  /** PostgreSQL schema holding the tables and the migration log. */
  schemaName: string;
}

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** The one migration set, its log and tables in `schemaName`. */
export function migrationsFor(schemaName: string): Migrations {
  if (!SCHEMA_NAME.test(schemaName)) throw new Error(`DATABASE_SCHEMA must match ${SCHEMA_NAME}`);
  return { migrationsFolder: MIGRATIONS, migrationsSchema: schemaName };
}

export async function openHistoryDatabase(options: HistoryDatabaseOptions): Promise<HistoryDatabase> {
  const migrations = migrationsFor(options.schemaName);
  if (options.databaseUrl) {
    const { openPostgresDatabase } = await import('./postgres-database.ts');
    return openPostgresDatabase({ ...options, databaseUrl: options.databaseUrl }, migrations);
  }
  const { openPgliteDatabase } = await import('./pglite-database.ts');
  return openPgliteDatabase(options, migrations);
}
