/**
 * Opens the history database and brings it to the current schema with the one migration set:
 * embedded PGlite in DATA_DIR/history by default (pglite-database.ts), PostgreSQL through `pg` when
 * DATABASE_URL is set (tables in DATABASE_SCHEMA, so several deployments or test runs can share one server).
 */
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import * as schema from './schema.ts';

export type HistoryDb = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface HistoryDatabase {
  db: HistoryDb;
  backend: 'pglite' | 'postgres';
  /** Runs one statement whose text never changes, prepared under `name` where the driver allows. */
  run(name: string, text: string, params: unknown[]): Promise<void>;
  rows<T>(text: string, params: unknown[], rowMode?: 'object' | 'array'): Promise<T[]>;
  close(): Promise<void>;
}

export interface HistoryDatabaseOptions {
  dataDir: string;
  databaseUrl?: string;
  /** PostgreSQL schema holding the tables and the migration log. */
  schemaName: string;
}

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * An explicit transaction rather than autocommit, so a statement still waiting on a lock when this
 * process dies is never committed: what a dead process wrote is exactly what it saw acknowledged.
 */
async function inTransaction(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<unknown>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await work(client);
    await client.query('COMMIT');
    client.release();
  } catch (error) {
    client.release(true); // a connection in an unknown transaction state is not reused
    throw error;
  }
}

export async function openHistoryDatabase(options: HistoryDatabaseOptions): Promise<HistoryDatabase> {
  if (!SCHEMA_NAME.test(options.schemaName)) throw new Error(`DATABASE_SCHEMA must match ${SCHEMA_NAME}`);
  const migrationConfig = { migrationsFolder: MIGRATIONS, migrationsSchema: options.schemaName };
  if (options.databaseUrl) {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, options: `-c search_path=${options.schemaName}`, max: 4 });
    // An idle connection that breaks (PostgreSQL restarted, the network dropped) is discarded by the pool; the next
    // query opens another or fails where it runs, and is reported there. Unheard, this 'error' would end the process.
    pool.on('error', () => {});
    try {
      const db = drizzlePg(pool, { schema });
      await db.execute(sql`CREATE SCHEMA IF NOT EXISTS ${sql.identifier(options.schemaName)}`);
      await migratePg(db, migrationConfig);
      return {
        db: db as unknown as HistoryDb,
        backend: 'postgres',
        run: (name, text, values) => inTransaction(pool, (client) => client.query({ name, text, values })),
        rows: async <T>(text: string, values: unknown[], rowMode: 'object' | 'array' = 'object') =>
          (rowMode === 'array' ? (await pool.query({ text, values, rowMode: 'array' })).rows : (await pool.query(text, values)).rows) as T[],
        close: () => pool.end(),
      };
    } catch (error) {
      await pool.end();
      throw error;
    }
  }
  // Loaded only by the thread that runs PGlite (the history worker): the main thread never needs it.
  const { openPgliteDatabase } = await import('./pglite-database.ts');
  return openPgliteDatabase(options, migrationConfig);
}
