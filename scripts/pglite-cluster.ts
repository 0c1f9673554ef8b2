/**
 * `npm run db:cluster`: rebuilds src/store/history/pglite-cluster.tar.br, the PGlite cluster a new
 * embedded history database starts from (pglite-cluster.ts), with the installed PGlite's initdb.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { CLUSTER_ARCHIVE, packCluster } from '../src/store/history/pglite-cluster.ts';

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
  await database.close(); // a clean shutdown: a copy starts without recovery
  const archive = packCluster(cluster);
  writeFileSync(CLUSTER_ARCHIVE, archive);
  console.log(`${CLUSTER_ARCHIVE}: ${archive.length} bytes`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
