/**
 * The embedded history database: PGlite in DATA_DIR/history, started from a copy of the shipped
 * cluster (pglite-cluster.ts), sized for a history store inside our process rather than for a server.
 */
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle, type PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import type { HistoryDatabase, HistoryDatabaseOptions, HistoryDb, Migrations, PreparedStatement } from './database.ts';
import { seedCluster } from './pglite-cluster.ts';
import * as schema from './schema.ts';

/**
 * PGlite's defaults size it like a PostgreSQL server of its own (128 MB of shared buffers, 100
 * connections). The history is written in large batches and read through its indexes, which small
 * buffers serve as fast (README "History store"), and the process then stays the same size as the
 * tables grow: the pages beyond the buffers are in the operating system's file cache.
 */
const SETTINGS = ['shared_buffers=8MB', 'temp_buffers=1MB', 'wal_buffers=256kB', 'work_mem=1MB', 'maintenance_work_mem=4MB', 'max_connections=4'];

/**
 * V8 compiles WebAssembly in two tiers: baseline code at once, optimized code for the functions that
 * turn hot. For PGlite the optimized tier held about 70 MB more and wrote and queried the history no
 * faster here (README "History store"), so its functions stay baseline. The flag is the process's;
 * PGlite is the only WebAssembly of weight the server runs. Set before PGlite compiles its module.
 */
const BASELINE_WASM_ONLY = '--liftoff-only';

export async function openPgliteDatabase(options: HistoryDatabaseOptions, migrations: Migrations): Promise<HistoryDatabase> {
  const dir = join(options.dataDir, 'history');
  seedCluster(dir);
  setFlagsFromString(BASELINE_WASM_ONLY);
  const client = await PGlite.create(dir, { postgresqlconf: SETTINGS });
  const db = await migratePglite(client, migrations);
  return {
    db: db as unknown as HistoryDb,
    backend: 'pglite',
    run: preparedRunner(client),
    rows: async <T>(text: string, params: unknown[], rowMode: 'object' | 'array' = 'object') => (await client.query<T>(text, params, { rowMode })).rows,
    close: () => client.close(),
  };
}

/** Brings the database to the current schema: its tables and migration log in `migrations.migrationsSchema`. */
export async function migratePglite(client: PGlite, migrations: Migrations): Promise<PgliteDatabase<typeof schema>> {
  const db = drizzle(client, { schema });
  await db.execute(sql`CREATE SCHEMA IF NOT EXISTS ${sql.identifier(migrations.migrationsSchema)}`);
  await db.execute(sql`SET search_path TO ${sql.identifier(migrations.migrationsSchema)}`);
  await migrate(db, migrations);
  return db;
}

/**
 * PGlite has no named statements: every query is parsed, analysed and planned anew, which for the
 * projection's write (nine table statements in one) cost several milliseconds a write, more than its
 * rows. So a prepared statement becomes a PL/pgSQL function of the session (pg_temp: nothing is kept
 * in the cluster), whose plan PostgreSQL caches, created on its first run (once, however many runs wait for
 * it; again after a creation that failed).
 */
function preparedRunner(client: PGlite): HistoryDatabase['run'] {
  const created = new Map<string, Promise<unknown>>();
  const create = (statement: PreparedStatement) => {
    const creating = client.exec(sessionFunction(statement)).catch((error: unknown) => {
      created.delete(statement.name);
      throw error;
    });
    created.set(statement.name, creating);
    return creating;
  };
  return async (statement, params) => {
    await (created.get(statement.name) ?? create(statement));
    const args = statement.parameterTypes.map((type, i) => `$${i + 1}::${type}`).join(', ');
    await client.query(`SELECT pg_temp.${statement.name}(${args})`, params);
  };
}

function sessionFunction({ name, text, parameterTypes }: PreparedStatement): string {
  const parameters = parameterTypes.map((type, i) => `param_${i + 1} ${type}`).join(', ');
  const body = text.replace(/\$(\d+)\b/g, (_, n: string) => `param_${n}`);
  return `CREATE FUNCTION pg_temp.${name}(${parameters}) RETURNS void LANGUAGE plpgsql AS $statement$ BEGIN ${body}; END $statement$`;
}
