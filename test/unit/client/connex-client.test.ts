import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { ConnexClient, JsonNumber, type RequestParams } from '../../../src/client/connex-client.ts';
import { parseJsonText } from '../../../src/wire/json-text.ts';
import { secretKey, skipWithoutVectors as skip, vectors, type Vector } from '../../support/signature-vectors.ts';

interface Received {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** The vector's params as a caller of the client gives them: text, and the JSON numbers as JsonNumber. */
function paramsOf(vector: Vector): RequestParams {
  if (vector.method === 'GET') return Object.fromEntries(new URLSearchParams(vector.wire));
  const texts = parseJsonText(vector.wire) as Record<string, string>;
  const types = JSON.parse(vector.wire) as Record<string, unknown>;
  return Object.fromEntries(Object.keys(texts).map((key) => [key, typeof types[key] === 'number' ? new JsonNumber(texts[key]) : texts[key]]));
}

describe('ConnexClient on the wire', () => {
  let server: Server;
  let baseUrl: string;
  let received: Received[] = [];

  before(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => (body += chunk));
      request.on('end', () => {
        received.push({ method: request.method!, url: request.url!, headers: request.headers, body });
        response.setHeader('content-type', 'application/json');
        response.end('{"code":200000,"message":"Success","data":{}}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('sends what the independent client of signature-vectors.json sent: nonce, signature, values, JSON numbers as written (C1)', { skip }, async () => {
    for (const vector of vectors) {
      received = [];
      const client = new ConnexClient(baseUrl, { apiKey: 'key', secretKey }, () => Number(vector.nonce));
      await client.send(vector.method, '/api/v1/x', paramsOf(vector));
      const [request] = received;
      assert.equal(request.method, vector.method);
      assert.equal(request.headers.nonce, vector.nonce);
      assert.equal(request.headers.signature, vector.signature, vector.stringToSign);
      if (vector.method === 'GET') {
        const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?') + 1) : '';
        assert.deepEqual(Object.fromEntries(new URLSearchParams(query)), Object.fromEntries(new URLSearchParams(vector.wire)));
      } else {
        assert.deepEqual(parseJsonText(request.body), parseJsonText(vector.wire), 'the same value texts');
        assert.deepEqual(JSON.parse(request.body), JSON.parse(vector.wire), 'the same JSON types');
      }
    }
  });

  it('gives an identical request an earlier nonce within its second, and remembers only the last minute of POSTs', async () => {
    received = [];
    let now = 1_800_000_000;
    const client = new ConnexClient(baseUrl, { apiKey: 'key', secretKey }, () => now);
    const order = { sym: 'BINANCE_SPOT_BTC_USDT', side: 'BUY' };
    await client.post('/api/v1/x', order);
    await client.post('/api/v1/x', order);
    await client.post('/api/v1/x', { ...order, side: 'SELL' });
    now += 30;
    await client.post('/api/v1/x', order);
    now += 31;
    await client.post('/api/v1/x', order);
    await client.post('/api/v1/x', order);
    await client.get('/api/v1/x', order);
    await client.get('/api/v1/x', order);
    const nonces = received.map((request) => Number(request.headers.nonce) - 1_800_000_000);
    assert.deepEqual(nonces, [0, -1, 0, 30, 61, 60, 59, 59]);
    // What it keeps is not seen on the wire: the three of the first second are forgotten, the three since kept.
    assert.equal((client as unknown as { recentlySigned: Map<string, number> }).recentlySigned.size, 3);
  });

  it('keeps the text of a JsonNumber that a JS number would change', async () => {
    received = [];
    const client = new ConnexClient(baseUrl, { apiKey: 'key', secretKey });
    await client.post('/api/v1/x', { amount: new JsonNumber('0.10000000000000000001'), id: new JsonNumber('18446744073709551617') });
    assert.equal(received[0].body, '{"amount":0.10000000000000000001,"id":18446744073709551617}');
  });
});
