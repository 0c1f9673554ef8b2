/** The rate-limit suite, run against the in-memory and the Redis limiter by two test files. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, it } from 'node:test';
import { Redis } from 'ioredis';
import { ConnexClient } from '../../src/client/connex-client.ts';
import { DocumentedClient } from './documented.ts';
import { rawRequest, signedRequest } from './http.ts';
import { startTestServer, type TestServer } from './server.ts';

export const PORTFOLIO = '/api/v1/trading/portfolio';
const LIMITED = { code: 100429, message: 'Too many requests', data: null };
export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';

/** HTTP status and envelope code of a signed list call. */
export async function listCall(client: ConnexClient): Promise<[number, number]> {
  const response = await client.send('GET', PORTFOLIO, {});
  return [response.status, ((await response.json()) as { code: number }).code];
}

async function newUser(server: TestServer, name: string): Promise<ConnexClient> {
  const created = await server.admin.call('POST', '/users', { name });
  return new DocumentedClient(server.baseUrl, { apiKey: created.data.apiKey, secretKey: created.data.secretKey });
}

export async function redisReachable(): Promise<boolean> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await redis.connect();
    return (await redis.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    redis.disconnect();
  }
}

/** Deletes the keys one test run wrote under its own prefix (never anyone else's). */
async function dropRedisKeys(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      if (keys.length > 0) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

/** The same behaviour with limits kept in memory and in Redis. */
export function limitSuite(backend: 'memory' | 'redis', skip: false | string) {
  describe(`rate limits in ${backend} (connex-api.md §3, decisions G1)`, { skip }, () => {
    const prefix = `ocx-test-${process.pid}-${randomBytes(4).toString('hex')}:`;
    const backendEnv: Record<string, string> = backend === 'redis' ? { REDIS_URL, REDIS_PREFIX: prefix } : {};
    const servers: TestServer[] = [];
    // Frozen, the server's clock stands still however slowly a loaded machine runs the calls.
    let frozenAt: number | undefined;
    let offsetMs = 0;
    const clock = () => (frozenAt ?? Date.now()) + offsetMs;
    const start = async (env: Record<string, string> = {}, dataDir?: string) => {
      const server = await startTestServer({ env: { ...backendEnv, ...env }, clock, dataDir });
      servers.push(server);
      return server;
    };

    after(async () => {
      for (const server of servers) await server.stop();
      if (backend === 'redis') await dropRedisKeys(prefix);
    });

    it('the table value (3 per 10 s for portfolio management): the 4th call is 429 {100429}, per key, until the window has passed', async () => {
      const server = await start();
      frozenAt = Date.now();
      const bad = signedRequest({ apiKey: server.demo.apiKey, secretKey: 'f'.repeat(64) }, 'GET', PORTFOLIO);
      for (let i = 0; i < 4; i++) assert.equal((await rawRequest(server.baseUrl, bad)).body.code, 2000, 'unauthenticated calls do not count');
      for (let i = 0; i < 3; i++) assert.deepEqual(await listCall(server.client), [200, 200000], `call ${i + 1}`);
      const limited = await server.client.send('GET', PORTFOLIO, {});
      assert.equal(limited.status, 429);
      assert.deepEqual(await limited.json(), LIMITED);
      assert.deepEqual(await listCall(server.client), [429, 100429], 'a refused call is refused again');
      const writes = await server.client.post(PORTFOLIO, { name: 'Limited01' });
      assert.deepEqual(writes, LIMITED, 'the group covers writes too');

      const other = await newUser(server, 'other');
      assert.deepEqual(await listCall(other), [200, 200000], "another key has its own count");

      offsetMs += 9_000;
      assert.deepEqual(await listCall(server.client), [429, 100429], 'still inside the 10 s window');
      offsetMs += 1_100;
      for (let i = 0; i < 3; i++) assert.deepEqual(await listCall(server.client), [200, 200000], `after the window, call ${i + 1}`);
      assert.deepEqual(await listCall(server.client), [429, 100429]);
      const listed = await server.client.get(PORTFOLIO, {});
      assert.deepEqual(listed, LIMITED);
      frozenAt = undefined;
      offsetMs = 0;
    });

    it('a short window from RATE_LIMITS opens again after it has passed in real time', async () => {
      // Redis expires a window in real time: three seconds hold the three calls however slow a loaded machine runs them.
      const server = await start({ RATE_LIMITS: JSON.stringify({ '*': { portfolioManage: [2, 3000] } }) });
      frozenAt = Date.now();
      assert.deepEqual(await listCall(server.client), [200, 200000]);
      assert.deepEqual(await listCall(server.client), [200, 200000]);
      assert.deepEqual(await listCall(server.client), [429, 100429]);
      const limitedAt = frozenAt;
      frozenAt = undefined;
      await sleep(3_100);
      assert.ok(clock() > limitedAt + 3000);
      assert.deepEqual(await listCall(server.client), [200, 200000]);
    });

    if (backend === 'redis') {
      it('two server instances on one Redis share the count and the replay guard', async () => {
        const env = { RATE_LIMITS: JSON.stringify({ '*': { portfolioManage: [3, 60_000] } }) };
        frozenAt = Date.now();
        const first = await start(env);
        const copy = mkdtempSync(join(tmpdir(), 'openconnex-copy-'));
        cpSync(first.dataDir, copy, { recursive: true });
        const second = await start(env, copy); // the same users and keys, another process-worth of gateway
        const onSecond = new ConnexClient(second.baseUrl, first.client.credentials);

        const create = signedRequest(first.demo, 'POST', PORTFOLIO, { name: 'Shared01' });
        assert.equal((await rawRequest(first.baseUrl, create)).body.code, 200000);
        assert.deepEqual((await rawRequest(second.baseUrl, create)).body, { code: 7000, message: 'Nonce is invalid', data: null }, 'replayed on the other instance');
        assert.equal((await onSecond.get(PORTFOLIO, { name: 'Shared01' })).code, 200000);
        assert.deepEqual(await listCall(first.client), [200, 200000], 'the third counted call (the refused replay did not count)');
        assert.deepEqual(await listCall(onSecond), [429, 100429], 'three calls spread over both instances used up the count');
        assert.equal((await first.client.get(PORTFOLIO, {})).code, 100429);
        frozenAt = undefined;
      });
    }
  });
}
