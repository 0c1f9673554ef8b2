/**
 * `npm start` as a user runs it: the build, then the server from dist/ with the embedded history store
 * (its worker from the built JavaScript, the database a copy of the shipped cluster). A finished order
 * is served from the history right after it is acknowledged, and again after a restart on the same dir.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ConnexClient } from '../../src/client/connex-client.ts';
import { finishingOrder } from '../support/finished-order.ts';
import { npmStart } from '../support/npm-start.ts';
import { readDemoCredentials } from '../support/process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'openconnex-npm-start-'));
after(() => rmSync(dataDir, { recursive: true, force: true }));

async function finishedOrders(client: ConnexClient): Promise<string[]> {
  const { code, data } = await client.get('/api/v1/trading/history/orders');
  assert.equal(code, 200000);
  return (data.list as { clientOrderId: string; orderState: string }[]).map((order) => `${order.clientOrderId} ${order.orderState}`);
}

describe('npm start', () => {
  it('serves history from the embedded store on a first start and after a restart', async () => {
    const first = await npmStart({ DATA_DIR: dataDir });
    try {
      const client = new ConnexClient(first.baseUrl, readDemoCredentials(dataDir));
      const placed = await client.post('/api/v1/trading/order', finishingOrder('npmstart1'));
      assert.equal(placed.code, 200000);
      assert.deepEqual(await finishedOrders(client), ['npmstart1 CANCELLED']);
    } finally {
      await first.stop();
    }
    const restarted = await npmStart({ DATA_DIR: dataDir });
    try {
      const client = new ConnexClient(restarted.baseUrl, readDemoCredentials(dataDir));
      assert.deepEqual(await finishedOrders(client), ['npmstart1 CANCELLED']);
    } finally {
      await restarted.stop();
    }
  });
});
