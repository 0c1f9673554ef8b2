import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ConnexClient } from '../../src/client/connex-client.ts';
import { limitSuite, listCall } from '../support/rate-limits.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

limitSuite('memory', false);

describe('per-portfolio rate-limit overrides (RATE_LIMITS)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'openconnex-override-'));
  let server: TestServer;
  let limitedUser: ConnexClient;
  let otherUser: ConnexClient;

  before(async () => {
    // Portfolio ids exist only once made: make them, then restart with an override naming one.
    const first = await startTestServer({ dataDir, keepData: true });
    const created = await first.admin.call('POST', '/users', { name: 'limited' });
    const credentials = { apiKey: created.data.apiKey, secretKey: created.data.secretKey };
    const otherCredentials = first.client.credentials;
    await first.stop();
    const overrides = { [created.data.portfolioId]: { portfolioManage: [1, 60_000] }, '*': { portfolioManage: [5, 60_000] } };
    server = await startTestServer({ dataDir, env: { RATE_LIMITS: JSON.stringify(overrides) } });
    limitedUser = new ConnexClient(server.baseUrl, credentials);
    otherUser = new ConnexClient(server.baseUrl, otherCredentials);
  });
  after(async () => {
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("the named portfolio's keys get its limit; the others get the '*' one", async () => {
    assert.deepEqual(await listCall(limitedUser), [200, 200000]);
    assert.deepEqual(await listCall(limitedUser), [429, 100429]);
    for (let i = 0; i < 5; i++) assert.deepEqual(await listCall(otherUser), [200, 200000], `call ${i + 1}`);
    assert.deepEqual(await listCall(otherUser), [429, 100429]);
  });
});
