/**
 * A new embedded history database is a copy of the shipped PGlite cluster: it must open with the
 * installed PGlite and take the migrations (after a PGlite upgrade, `npm run db:cluster` rebuilds it),
 * replace what a crash left half unpacked, and never touch a cluster that is already there.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import { after, describe, it } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { openHistoryDatabase } from '../../../../src/store/history/database.ts';
import { packCluster, seedCluster, unpackCluster } from '../../../../src/store/history/pglite-cluster.ts';

const root = mkdtempSync(join(tmpdir(), 'openconnex-cluster-test-'));
after(() => rmSync(root, { recursive: true, force: true }));

describe('the shipped PGlite cluster', () => {
  it('opens with the installed PGlite, takes the migrations and answers queries', async () => {
    const dataDir = join(root, 'open');
    const database = await openHistoryDatabase({ dataDir, schemaName: 'public' });
    try {
      const tables = await database.rows<{ table_name: string }>(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY table_name",
        [],
      );
      assert.deepEqual(
        tables.map((row) => row.table_name).filter((name) => ['executions', 'orders', 'projection_checkpoint', 'statements'].includes(name)),
        ['executions', 'orders', 'projection_checkpoint', 'statements'],
      );
      const [settings] = await database.rows<{ shared_buffers: string }>('SHOW shared_buffers', []);
      assert.equal(settings.shared_buffers, '8MB');
    } finally {
      await database.close();
    }
    assert.ok(existsSync(join(dataDir, 'history', 'PG_VERSION')));
    assert.ok(!existsSync(join(dataDir, 'history.partial')));
  });

  it('holds every migration already, so a first start runs none (after adding one: npm run db:cluster)', async () => {
    const dir = join(root, 'migrated', 'history');
    seedCluster(dir);
    const client = await PGlite.create(dir);
    try {
      const { rows } = await client.query<{ hash: string }>('SELECT hash FROM public.__drizzle_migrations ORDER BY created_at');
      const journal = JSON.parse(readFileSync(new URL('../../../../src/store/history/migrations/meta/_journal.json', import.meta.url), 'utf8')) as { entries: unknown[] };
      assert.equal(rows.length, journal.entries.length);
    } finally {
      await client.close();
    }
  });

  it('replaces a copy that a crash left half unpacked, and an empty directory', () => {
    const dir = join(root, 'crashed', 'history');
    mkdirSync(dir, { recursive: true });
    mkdirSync(`${dir}.partial/base`, { recursive: true });
    writeFileSync(`${dir}.partial/base/junk`, 'x');
    seedCluster(dir);
    assert.ok(existsSync(join(dir, 'PG_VERSION')));
    assert.ok(existsSync(join(dir, 'global', 'pg_control')));
    assert.ok(!existsSync(`${dir}.partial`));
  });

  it('leaves a cluster that is already there as it is', () => {
    const dir = join(root, 'kept', 'history');
    seedCluster(dir);
    writeFileSync(join(dir, 'PG_VERSION'), 'mine');
    seedCluster(dir);
    assert.equal(readFileSync(join(dir, 'PG_VERSION'), 'utf8'), 'mine');
  });
});

describe('the cluster image', () => {
  it('unpacks what it packed: directories, files with their pages of zeros left out, sizes', () => {
    const from = join(root, 'pack');
    mkdirSync(join(from, 'base', '5'), { recursive: true });
    mkdirSync(join(from, 'pg_wal', 'summaries'), { recursive: true });
    const segment = Buffer.alloc(5 * 8192);
    segment.write('record', 8192 * 2);
    writeFileSync(join(from, 'pg_wal', '000000010000000000000002'), segment);
    writeFileSync(join(from, 'base', '5', '1249'), Buffer.concat([Buffer.alloc(8192, 7), Buffer.alloc(100, 9)]));
    writeFileSync(join(from, 'PG_VERSION'), '17\n');
    const image = brotliDecompressSync(packCluster(from));
    assert.ok(image.length < segment.length, 'the pages of zeros are not in the image');
    const into = join(root, 'unpacked');
    unpackCluster(image, into);
    for (const file of ['pg_wal/000000010000000000000002', 'base/5/1249', 'PG_VERSION']) assert.deepEqual(readFileSync(join(into, file)), readFileSync(join(from, file)));
    assert.ok(existsSync(join(into, 'pg_wal', 'summaries')));
  });

  it('refuses an entry outside the directory', () => {
    const manifest = { directories: [], files: [{ path: '../escaped', size: 1, runs: [[0, 1]] }] };
    assert.throws(() => unpackCluster(Buffer.from(`${JSON.stringify(manifest)}\nx`), join(root, 'escape')), /outside the cluster/);
    assert.ok(!existsSync(join(root, 'escaped')));
  });
});
