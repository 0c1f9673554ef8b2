/**
 * `npm run db:cluster`: rebuilds src/store/history/pglite-cluster.br, the PGlite cluster a new
 * embedded history database starts from (pglite-cluster.ts), with the installed PGlite's initdb and
 * every migration taken in the default schema. Run it after a PGlite upgrade or a new migration.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { loadConfig } from '../src/config.ts';
import { migrationsFor } from '../src/store/history/database.ts';
import { CLUSTER_IMAGE, packCluster } from '../src/store/history/pglite-cluster.ts';
import { migratePglite } from '../src/store/history/pglite-database.ts';

const dir = mkdtempSync(join(tmpdir(), 'openconnex-cluster-'));
try {
  const cluster = join(dir, 'history');
  const database = await PGlite.create(cluster);
  // The template databases serve only CREATE DATABASE, which the history store never runs: the copy
  // holds the one database PGlite opens (postgres), a third of initdb's bytes to unpack.
  for (const template of ['template0', 'template1']) {
    await database.query(`UPDATE pg_database SET datistemplate = false WHERE datname = '${template}'`);
    await database.query(`DROP DATABASE ${template}`);
  }
  await migratePglite(database, migrationsFor(loadConfig({}).databaseSchema)); // a first start has none left to run
  // The migrations' WAL is not needed by a copy that starts from a clean shutdown: a new segment holds
  // only the checkpoints, and the segments recycled for later use (garbage until written) are dropped.
  await database.query('SELECT pg_switch_wal()');
  await database.query('CHECKPOINT');
  const { rows } = await database.query<{ segment: string }>('SELECT pg_walfile_name(pg_current_wal_lsn()) AS segment');
  await database.close(); // a clean shutdown: a copy starts without recovery
  const wal = join(cluster, 'pg_wal');
  for (const segment of readdirSync(wal).filter((name) => /^[0-9A-F]{24}$/.test(name) && name > rows[0].segment)) rmSync(join(wal, segment));
  const image = packCluster(cluster);
  writeFileSync(CLUSTER_IMAGE, image);
  console.log(`${CLUSTER_IMAGE}: ${image.length} bytes`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
