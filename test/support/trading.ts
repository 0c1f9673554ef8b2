/** Helpers for trading tests: more traders, funding, balances and ticks, all through the APIs. */
import assert from 'node:assert/strict';
import type { ConnexClient } from '../../src/client/connex-client.ts';
import { DocumentedClient } from './documented.ts';
import type { TestServer } from './server.ts';

export const BTC = 'BINANCE_SPOT_BTC_USDT';

/** Settings for trading tests: rate limits out of the way (the test server runs no market timer). */
export const TRADING_ENV = {
  RATE_LIMITS: JSON.stringify({
    '*': { orderWrite: [100000, 1000], orderRead: [100000, 1000], openOrders: [100000, 1000], cancelAll: [100000, 1000], portfolioAssets: [100000, 1000], accountRead: [100000, 1000], portfolioManage: [100000, 1000], orderHistory: [100000, 1000], executions: [100000, 1000] },
  }),
};

export async function fund(server: TestServer, portfolioId: string, coin: string, amount: string, venue = 'BINANCE'): Promise<void> {
  const answer = await server.admin.call('POST', '/deposits', { portfolioId, exchangeType: venue, coin, amount });
  assert.equal(answer.code, 200000, JSON.stringify(answer));
}

/** A new trading portfolio of the demo user with its own TRADE key. */
export async function newTrader(server: TestServer, name: string): Promise<{ portfolioId: string; client: ConnexClient }> {
  const created = await server.client.post('/api/v1/trading/portfolio', { name });
  assert.equal(created.code, 200000, JSON.stringify(created));
  const portfolioId: string = created.data.portfolioId;
  const key = await server.client.post('/api/v1/apiKey/portfolio', { portfolioId, apiName: name, permission: 'READ,TRADE' });
  assert.equal(key.code, 200000, JSON.stringify(key));
  return { portfolioId, client: new DocumentedClient(server.baseUrl, { apiKey: key.data.accessKey, secretKey: key.data.secretKey }) };
}

export async function tick(server: TestServer, count = 1): Promise<void> {
  const answer = await server.admin.call('POST', '/sim/tick', { count: String(count), elapsedMs: '0' });
  assert.equal(answer.code, 200000, JSON.stringify(answer));
}

/** { 'BINANCE:USDT': {available, frozen} } of a portfolio, as GET portfolio/assets shows it. */
export async function balances(client: ConnexClient, portfolioId?: string): Promise<Record<string, { available: string; frozen: string }>> {
  const answer = await client.get('/api/v1/trading/portfolio/assets', portfolioId ? { portfolioId } : {});
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  return Object.fromEntries(answer.data.list.map((row: any) => [`${row.exchangeType}:${row.coin}`, { available: row.available, frozen: row.frozen }]));
}

export async function order(client: ConnexClient, orderId: string, portfolioId?: string): Promise<any> {
  const answer = await client.get('/api/v1/trading/order', { orderId, ...(portfolioId ? { portfolioId } : {}) });
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  return answer.data;
}

export async function place(client: ConnexClient, params: Record<string, string>): Promise<string> {
  const answer = await client.post('/api/v1/trading/order', params);
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  return answer.data.orderId;
}
