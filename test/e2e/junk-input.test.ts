/**
 * A 5xx is always a bug: every endpoint the API document declares (so a new one is covered the day it
 * is routed), fed junk in every field it declares (and some it does not), answers with a catalogue
 * code in the envelope and never with a server error.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MESSAGES, SUCCESS_CODE } from '../../src/catalogue/index.ts';
import type { RequestParams } from '../../src/client/connex-client.ts';
import { RATE_GROUPS } from '../../src/limits/rate-table.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const UNLIMITED = Object.fromEntries(Object.keys(RATE_GROUPS).map((group) => [group, [1_000_000, 1000]]));

/** Fields no endpoint declares, and some every endpoint might meet, beside each endpoint's own declared fields. */
const EXTRA_FIELDS = ['junk', 'portfolioId', 'sym', 'exchangeType', 'page', 'pageSize'];

interface Operation {
  parameters?: { name: string }[];
  requestBody?: { content: Record<string, { schema: { properties?: Record<string, unknown> } }> };
}

/** Every endpoint of the API the served document declares, with the fields it declares. */
async function documentedEndpoints(baseUrl: string): Promise<{ method: string; path: string; fields: string[] }[]> {
  const document = (await (await fetch(`${baseUrl}/openapi.json`)).json()) as { paths: Record<string, Record<string, Operation>> };
  return Object.entries(document.paths)
    .filter(([path]) => path.startsWith('/api/'))
    .flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => {
        const declared = [
          ...(operation.parameters ?? []).map((p) => p.name),
          ...Object.values(operation.requestBody?.content ?? {}).flatMap((c) => Object.keys(c.schema.properties ?? {})),
        ];
        return { method: method.toUpperCase(), path, fields: [...new Set([...declared, ...EXTRA_FIELDS])] };
      }),
    );
}

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
    const endpoints = await documentedEndpoints(server.baseUrl);
    assert.ok(endpoints.length >= 35, `${endpoints.length} endpoints documented`);
    for (const { method, path, fields } of endpoints) {
      const base: RequestParams = method === 'POST' && path === '/api/v1/trading/order' ? ORDER : {};
      for (const field of fields) {
        for (const value of JUNK) {
          const response = await server.client.send(method, path, { ...base, [field]: value });
          const body = (await response.json()) as { code: number };
          requests++;
          const known = body.code === SUCCESS_CODE || Object.hasOwn(MESSAGES, body.code);
          if (response.status >= 500 || body.code === 500 || !known) failures.push(`${method} ${path} ${field}=${JSON.stringify(value)} → ${response.status} ${JSON.stringify(body)}`);
        }
      }
    }
    assert.ok(requests > 3_000, `only ${requests} requests`);
    assert.deepEqual(failures, []);
  });
});
