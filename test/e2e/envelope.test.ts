import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, describe, it } from 'node:test';
import Fastify from 'fastify';
import { pino } from 'pino';
import { installErrorHandling } from '../../src/http/server.ts';
import { Metrics } from '../../src/ops/metrics.ts';
import { scrape } from '../support/prometheus.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

/** Sends a raw request (no signing) and returns status and parsed body. */
async function raw(server: TestServer, method: string, path: string, init: { body?: string; headers?: Record<string, string> } = {}) {
  const response = await fetch(server.baseUrl + path, { method, body: init.body, headers: init.headers });
  return { status: response.status, body: (await response.json()) as { code: number; message: string; data: unknown } };
}

const INVALID = { code: 400000, message: 'Invalid parameter — refer to the API documentation', data: null };

/** Writes `text` to a new connection and returns what came back once the server closed it. */
function rawHttp(server: TestServer, text: string): Promise<string> {
  const { hostname, port } = new URL(server.baseUrl);
  return new Promise((resolve, reject) => {
    let answer = '';
    const socket = net.connect(Number(port), hostname, () => socket.write(text));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(answer));
  });
}

describe('envelope on every answer (B1)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({
      env: { BODY_LIMIT_BYTES: '1024', RATE_LIMITS: JSON.stringify({ '*': { portfolioManage: [1000, 1000] } }) },
    });
  });
  after(() => server.stop());

  it('unknown path → 404 with code 400000', async () => {
    assert.deepEqual(await raw(server, 'GET', '/api/v1/no/such/path'), { status: 404, body: INVALID });
    assert.deepEqual(await raw(server, 'POST', '/nothing', { body: '{}', headers: { 'content-type': 'application/json' } }), { status: 404, body: INVALID });
  });

  it('a WebSocket upgrade to a path with no stream → 404 with code 400000, and the server closes the connection', async () => {
    const upgrade = 'GET /v1/public/ HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n';
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('still open after 3 s'), 3000).unref());
    const answer = await Promise.race([rawHttp(server, upgrade), timeout]);
    assert.match(answer, /^HTTP\/1\.1 404 /);
    assert.ok(answer.endsWith(JSON.stringify(INVALID)), answer);
  });

  it('a path with broken percent-encoding → 400000 in the envelope', async () => {
    for (const path of ['/api/v1/%', '/docs/%zz', '/api/v1/trading/order%']) assert.deepEqual(await raw(server, 'GET', path), { status: 400, body: INVALID }, path);
  });

  it('wrong method on a known path → 404 with code 400000', async () => {
    assert.deepEqual(await raw(server, 'PATCH', '/api/v1/trading/portfolio', { body: '{}' }), { status: 404, body: INVALID });
    assert.deepEqual(await raw(server, 'DELETE', '/api/v1/trading/portfolio'), { status: 404, body: INVALID });
  });

  it('malformed JSON → 400000 before anything else, and creates nothing', async () => {
    for (const body of ['{"name": "Alpha01"', '{name: "Alpha01"}', '{"name": "Alpha01"} x', "{'name': 'x'}", '{"name": "Alpha01", "name": "Beta0001"}']) {
      const bad = await raw(server, 'POST', '/api/v1/trading/portfolio', { body, headers: { 'content-type': 'application/json' } });
      assert.deepEqual(bad, { status: 200, body: INVALID }, body);
    }
    const listed = await server.client.get('/api/v1/trading/portfolio', { belongingTo: 2 });
    assert.equal(listed.data.totalSize, 0);
  });

  it('non-object JSON bodies and non-JSON content → 400000', async () => {
    for (const body of ['[{"name":"Alpha01"}]', '"Alpha01"', '42', 'null', 'true']) {
      assert.deepEqual(await raw(server, 'POST', '/api/v1/trading/portfolio', { body, headers: { 'content-type': 'application/json' } }), { status: 200, body: INVALID }, body);
    }
    assert.deepEqual(
      await raw(server, 'POST', '/api/v1/trading/portfolio', { body: 'name=Alpha01', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
      { status: 200, body: INVALID },
    );
    assert.deepEqual(await raw(server, 'POST', '/api/v1/trading/portfolio', { body: '<name>Alpha01</name>', headers: { 'content-type': 'text/xml' } }), { status: 200, body: INVALID });
  });

  it('a request the HTTP parser cannot read → 400 with the envelope of 501 "Client error", the connection closed, nothing created', async () => {
    const body = '{"name":"Delta001"}';
    const requests = [
      'NOT AN HTTP REQUEST\r\n\r\n',
      `POST /api/v1/trading/portfolio HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nNo colon in this header\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      `POST /api/v1/trading/portfolio HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: many\r\n\r\n${body}`,
      'POST /api/v1/trading/portfolio HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nnot-a-chunk-size\r\n\r\n',
    ];
    for (const request of requests) {
      const answer = await rawHttp(server, request);
      const [head, payload] = answer.split('\r\n\r\n');
      assert.match(head, /^HTTP\/1\.1 400 Bad Request\r\n/, request);
      assert.match(head, /\r\nContent-Type: application\/json; charset=utf-8\r\n/i);
      assert.deepEqual(JSON.parse(payload), { code: 501, message: 'Client error', data: null }, request);
    }
    const listed = await server.client.get('/api/v1/trading/portfolio', { name: 'Delta001' });
    assert.equal(listed.code, 200000);
    assert.equal(listed.data.totalSize, 0);
    const metrics = await scrape(server);
    assert.equal(metrics.count('openconnex_http_requests_total', { method: 'ANY', route: 'unmatched', code: '501', status: '400' }), requests.length, 'each counted once, in one series');
  });

  it('oversize body → 413 with the envelope', async () => {
    const body = JSON.stringify({ name: 'Alpha01', pad: 'x'.repeat(2000) });
    assert.deepEqual(await raw(server, 'POST', '/api/v1/trading/portfolio', { body, headers: { 'content-type': 'application/json' } }), { status: 413, body: INVALID });
  });

  it('duplicated query keys → 400000 (ambiguous to sign)', async () => {
    const listed = await server.client.get('/api/v1/trading/portfolio', {});
    assert.equal(listed.code, 200000);
    const response = await fetch(`${server.baseUrl}/api/v1/trading/portfolio?belongingTo=0&belongingTo=2`, {
      headers: { 'X-MBX-APIKEY': server.demo.apiKey, nonce: String(Math.floor(Date.now() / 1000)), signature: '0'.repeat(64) },
    });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), INVALID);
  });

  it('params in both the query and the body of a write → 400000, nothing created', async () => {
    const response = await server.client.send('POST', '/api/v1/trading/portfolio?name=Gamma001', { name: 'Gamma001' });
    assert.deepEqual(await response.json(), INVALID);
    const listed = await server.client.get('/api/v1/trading/portfolio', { name: 'Gamma001' });
    assert.equal(listed.data.totalSize, 0);
  });

  it('a JSON value of the wrong type for a text field → 400000', async () => {
    for (const name of [true, ['Alpha01']]) {
      const response = await server.client.post('/api/v1/trading/portfolio', { name });
      assert.equal(response.code, 400000, JSON.stringify(name));
    }
    assert.equal((await server.client.post('/api/v1/trading/portfolio', {})).code, 402000);
  });

  it('a handler that throws a non-catalogue error → 500 {code:500, "Server error"}, logged, nothing leaked', async () => {
    const logged: string[] = [];
    const app = Fastify();
    installErrorHandling(app, { log: pino({ level: 'error' }, { write: (line: string) => logged.push(line) }), metrics: new Metrics() });
    app.get('/boom', async () => {
      throw new TypeError('secret internals');
    });
    const response = await app.inject({ method: 'GET', url: '/boom' });
    await app.close();
    assert.equal(response.statusCode, 500);
    assert.deepEqual(response.json(), { code: 500, message: 'Server error', data: null });
    assert.equal(logged.length, 1);
    assert.match(logged[0], /secret internals/);
  });
});
