/**
 * A new embedded history database is a copy of the shipped PGlite cluster: it must open with the
 * installed PGlite and take the migrations (after a PGlite upgrade, `npm run db:cluster` rebuilds it),
 * replace what a crash left half unpacked, and never touch a cluster that is already there.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openHistoryDatabase } from '../../../../src/store/history/database.ts';
import { seedCluster, untar } from '../../../../src/store/history/pglite-cluster.ts';

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

describe('untar', () => {
  function entry(name: string, type: string, data = ''): Buffer {
    const header = Buffer.alloc(512);
    header.write(name, 0);
    header.write(data.length.toString(8).padStart(11, '0'), 124);
    header.write(type, 156);
    const body = Buffer.alloc(Math.ceil(data.length / 512) * 512);
    body.write(data);
    return Buffer.concat([header, body]);
  }

  it('writes directories and files, and stops at the end blocks', () => {
    const into = join(root, 'untar');
    untar(Buffer.concat([entry('/base', '5'), entry('/base/1', '0', 'a'.repeat(700)), entry('/PG_VERSION', '0', '17\n'), Buffer.alloc(1024)]), into);
    assert.equal(readFileSync(join(into, 'base', '1'), 'utf8'), 'a'.repeat(700));
    assert.equal(readFileSync(join(into, 'PG_VERSION'), 'utf8'), '17\n');
  });

  it('refuses an entry outside the directory and an entry type a cluster does not have', () => {
    assert.throws(() => untar(entry('../escaped', '0', 'x'), join(root, 'escape')), /outside the cluster/);
    assert.ok(!existsSync(join(root, 'escaped')));
    assert.throws(() => untar(entry('/link', '2'), join(root, 'link')), /unexpected entry type '2'/);
  });
});
