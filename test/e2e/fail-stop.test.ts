/**
 * Fail-stop through the real server: an order whose command throws a bug after it has written half its
 * changes answers 500, leaves no trace, and the server keeps taking orders from the rebuilt state.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { handlers } from '../../src/engine/core/commands.ts';
import { EngineRuntime } from '../../src/engine/core/runtime.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { BTC, TRADING_ENV, balances, order, place } from '../support/trading.ts';

describe('fail-stop: a bug in an order command', () => {
  let server: TestServer;
  const copies: string[] = [];
  before(async () => {
    server = await startTestServer({ env: TRADING_ENV });
  });
  after(async () => {
    await server.stop();
    for (const dir of copies) rmSync(dir, { recursive: true, force: true });
  });

  it('answers 500, leaves no trace of the half-placed order, and serves the next order', async () => {
    const runtime = server.app.runtime;
    const hashBefore = runtime.stateHash();
    const balancesBefore = await balances(server.client);

    const real = handlers.placeOrder;
    handlers.placeOrder = (ctx, cmd) => {
      const outcome = real(ctx, cmd); // the order is booked and its funds frozen…
      if (cmd.clientOrderId === 'bug1') throw new Error('injected bug'); // …then the bug
      return outcome;
    };
    try {
      const response = await server.client.send('POST', '/api/v1/trading/order', { sym: BTC, side: 'BUY', orderType: 'LIMIT', orderQty: '0.5', limitPrice: '40000', clientOrderId: 'bug1' });
      assert.equal(response.status, 500);
    } finally {
      handlers.placeOrder = real;
    }

    assert.equal(runtime.stateHash(), hashBefore, 'the engine state is as the journal has it');
    assert.deepEqual(await balances(server.client), balancesBefore);
    const open = await server.client.get('/api/v1/trading/orders', { sym: BTC });
    assert.deepEqual(open.data.list, []);

    const orderId = await place(server.client, { sym: BTC, side: 'BUY', orderType: 'LIMIT', orderQty: '0.5', limitPrice: '40000', clientOrderId: 'bid1' });
    assert.equal((await order(server.client, orderId)).orderState, 'OPEN');
    assert.equal((await balances(server.client))['BINANCE:USDT'].frozen, '20020');

    const copy = mkdtempSync(join(tmpdir(), 'openconnex-fail-stop-copy-'));
    copies.push(copy);
    cpSync(join(server.dataDir, 'engine'), join(copy, 'engine'), { recursive: true });
    const replayed = await EngineRuntime.open({ dataDir: copy });
    assert.equal(replayed.stateHash(), runtime.stateHash(), 'a fresh replay of the journal gives the served state');
    await replayed.close();
  });
});
