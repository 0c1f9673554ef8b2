/**
 * A 5xx is always a bug: every endpoint, fed junk in every field it knows (and some it does not),
 * answers with a catalogue code in the envelope and never with a server error.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MESSAGES, SUCCESS_CODE } from '../../src/catalogue/index.ts';
import type { RequestParams } from '../../src/client/connex-client.ts';
import { RATE_GROUPS } from '../../src/limits/rate-table.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const UNLIMITED = Object.fromEntries(Object.keys(RATE_GROUPS).map((group) => [group, [1_000_000, 1000]]));

const ENDPOINTS: [method: string, path: string][] = [
  ['POST', '/api/v1/trading/order'],
  ['PUT', '/api/v1/trading/order'],
  ['DELETE', '/api/v1/trading/order'],
  ['GET', '/api/v1/trading/order'],
  ['GET', '/api/v1/trading/orders'],
  ['DELETE', '/api/v1/trading/cancelAll'],
  ['GET', '/api/v1/trading/history/orders'],
  ['GET', '/api/v1/trading/archive/history/orders'],
  ['GET', '/api/v1/trading/executions'],
  ['GET', '/api/v1/trading/executions/pageable'],
  ['GET', '/api/v1/trading/archive/executions/pageable'],
  ['GET', '/api/v1/trading/portfolio/assets'],
  ['GET', '/api/v1/user/asset'],
  ['GET', '/api/v1/trading/account'],
  ['GET', '/api/v1/trading/statement'],
  ['GET', '/api/v1/trading/sym/info'],
  ['POST', '/api/v1/trading/portfolio'],
  ['GET', '/api/v1/trading/portfolio'],
  ['POST', '/api/v1/apiKey/portfolio'],
  ['PUT', '/api/v1/apiKey/portfolio'],
  ['DELETE', '/api/v1/apiKey/portfolio'],
  ['GET', '/api/v1/apiKey/portfolio'],
  ['GET', '/api/v1/market/ticker'],
  ['GET', '/api/v1/market/depth'],
  ['GET', '/api/v1/market/klines'],
];

const FIELDS = [
  'sym', 'side', 'orderType', 'timeInForce', 'orderQty', 'limitPrice', 'quoteOrderQty', 'clientOrderId', 'orderId',
  'replaceQty', 'replacePrice', 'syncMode', 'reduceOnly', 'positionSide', 'portfolioId', 'name', 'apiName', 'ip',
  'permission', 'portfolioApiKey', 'page', 'pageNum', 'pageSize', 'begin', 'end', 'startTime', 'endTime', 'limit',
  'exchange', 'exchangeType', 'businessType', 'coin', 'statementType', 'interval', 'filterExecuted', 'belongingTo', 'junk',
];

const JUNK: RequestParams[string][] = ['', '-1', '0', '1e9', '99999999999999999999999999999', '0.0000000000000000001', 'abc', true, 12.5, ['a', 'b'], 'ÿ'.repeat(300), 'BINANCE_SPOT_BTC_USDT'];

/** A valid order, so that one junk field at a time reaches the rules behind the field checks. */
const ORDER = { sym: 'BINANCE_SPOT_BTC_USDT', side: 'BUY', orderType: 'LIMIT', timeInForce: 'GTC', orderQty: '0.001', limitPrice: '20000' };

describe('junk input never gets a 5xx', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { RATE_LIMITS: JSON.stringify({ '*': UNLIMITED }) } });
  });
  after(() => server.stop());

  it('every endpoint answers a catalogue code for junk in any one field', async () => {
    const failures: string[] = [];
    let requests = 0;
    for (const [method, path] of ENDPOINTS) {
      const base: RequestParams = method === 'POST' && path === '/api/v1/trading/order' ? ORDER : {};
      for (const field of FIELDS) {
        for (const value of JUNK) {
          const response = await server.client.send(method, path, { ...base, [field]: value });
          const body = (await response.json()) as { code: number };
          requests++;
          const known = body.code === SUCCESS_CODE || Object.hasOwn(MESSAGES, body.code);
          if (response.status >= 500 || body.code === 500 || !known) failures.push(`${method} ${path} ${field}=${JSON.stringify(value)} → ${response.status} ${JSON.stringify(body)}`);
        }
      }
    }
    assert.ok(requests > 10_000);
    assert.deepEqual(failures, []);
  });
});
