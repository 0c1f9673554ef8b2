/**
 * Crash safety of the history projection: a server process is killed (SIGKILL, no graceful stop)
 * right after acknowledging deposits; on restart the statement history is complete. Against
 * PostgreSQL the projection is held back by a table lock first, so the killed process has surely
 * not projected those deposits, and with SNAPSHOT_EVERY=3 snapshots were taken past the checkpoint.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { DemoCredentials } from '../../src/ops/bootstrap.ts';
import { AdminClient, ConnexClient } from '../../src/client/connex-client.ts';
import { startTestServer } from '../support/server.ts';
import { testSchema, withClient } from '../support/postgres.ts';
import { readDemoCredentials, startServerProcess } from '../support/process.ts';

const DEPOSITS = ['1.5', '2.25', '3', '4.125', '5'];

async function depositAll(baseUrl: string, credentials: DemoCredentials): Promise<void> {
  const admin = new AdminClient(baseUrl, credentials.adminToken);
  for (const amount of DEPOSITS) {
    const response = await admin.call('POST', '/deposits', { portfolioId: credentials.portfolioId, exchangeType: 'OKX', coin: 'ETH', amount });
    assert.equal(response.code, 200000);
  }
}

async function assertCompleteHistory(dataDir: string, env: Record<string, string>, credentials: DemoCredentials): Promise<void> {
  const server = await startTestServer({ dataDir, env, embedded: !env.DATABASE_URL });
  try {
    const client = new ConnexClient(server.baseUrl, credentials);
    const { code, data } = await client.get('/api/v1/trading/statement', { coin: 'ETH', exchange: 'OKX' });
    assert.equal(code, 200000);
    const afterAvailable = (data.list as { afterAvailable: string }[]).map((row) => row.afterAvailable).reverse();
    assert.deepEqual(afterAvailable, ['100', '101.5', '103.75', '106.75', '110.875', '115.875']);
    const all = await client.get('/api/v1/trading/statement');
    assert.equal(all.data.totalSize, 6 + DEPOSITS.length);
  } finally {
    await server.stop();
  }
}

describe('history after a crash', () => {
  it('is complete on PostgreSQL though the killed process never projected its last deposits', async () => {
    const schema = testSchema();
    const dataDir = mkdtempSync(join(tmpdir(), 'openconnex-crash-'));
    const env = { ...schema.env, SNAPSHOT_EVERY: '3', SNAPSHOT_JOURNAL_PERCENT: '0' };
    try {
      const server = await startServerProcess({ ...env, DATA_DIR: dataDir, LOG_LEVEL: 'error' });
      const credentials = readDemoCredentials(dataDir);
      await withClient(async (locker) => {
        await locker.query('BEGIN');
        await locker.query(`LOCK TABLE "${schema.name}".projection_checkpoint IN ACCESS EXCLUSIVE MODE`);
        await depositAll(server.baseUrl, credentials);
        await server.kill();
        await locker.query('ROLLBACK');
      });
      const projected = await withClient((client) =>
        client.query(`SELECT count(*)::int AS n FROM "${schema.name}".statements WHERE coin = 'ETH' AND venue = 'OKX' AND portfolio_id = $1`, [credentials.portfolioId]),
      );
      assert.ok(projected.rows[0].n <= 1, 'the killed process must not have projected the deposits');
      await assertCompleteHistory(dataDir, env, credentials);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await schema.drop();
    }
  });

  it('is complete on PGlite after the process is killed', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'openconnex-crash-'));
    try {
      const server = await startServerProcess({ DATA_DIR: dataDir, SNAPSHOT_EVERY: '3', SNAPSHOT_JOURNAL_PERCENT: '0', LOG_LEVEL: 'error' });
      const credentials = readDemoCredentials(dataDir);
      await depositAll(server.baseUrl, credentials);
      await server.kill();
      await assertCompleteHistory(dataDir, { SNAPSHOT_EVERY: '3', SNAPSHOT_JOURNAL_PERCENT: '0' }, credentials);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
