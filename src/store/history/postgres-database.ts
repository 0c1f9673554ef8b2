/** The history database on PostgreSQL (DATABASE_URL), tables in DATABASE_SCHEMA, through a small `pg` pool. */
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import type { HistoryDatabase, HistoryDatabaseOptions, HistoryDb, Migrations } from './database.ts';
import * as schema from './schema.ts';

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

export async function openPostgresDatabase(options: HistoryDatabaseOptions & { databaseUrl: string }, migrations: Migrations): Promise<HistoryDatabase> {
  const pool = new pg.Pool({ connectionString: options.databaseUrl, options: `-c search_path=${options.schemaName}`, max: 4 });
  // An idle connection that breaks (PostgreSQL restarted, the network dropped) is discarded by the pool; the next
  // query opens another or fails where it runs, and is reported there. Unheard, this 'error' would end the process.
  pool.on('error', () => {});
  try {
    const db = drizzle(pool, { schema });
    await db.execute(sql`CREATE SCHEMA IF NOT EXISTS ${sql.identifier(options.schemaName)}`);
    await migrate(db, migrations);
    return {
      db: db as unknown as HistoryDb,
      backend: 'postgres',
      run: ({ name, text }, values) => inTransaction(pool, (client) => client.query({ name, text, values })),
      rows: async <T>(text: string, values: unknown[], rowMode: 'object' | 'array' = 'object') =>
        (rowMode === 'array' ? (await pool.query({ text, values, rowMode: 'array' })).rows : (await pool.query(text, values)).rows) as T[],
      close: () => pool.end(),
    };
  } catch (error) {
    await pool.end();
    throw error;
  }
}
