import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { AdminClient, ConnexClient } from '../../src/client/connex-client.ts';
import { createPortfolioWithKey } from '../support/accounts.ts';
import { rawRequest, signedRequest } from '../support/http.ts';
import { startServerProcess } from '../support/process.ts';

describe('secrets never reach the log (C4)', () => {
  it('at LOG_LEVEL=trace, no API secret, signature or admin token appears in the server output', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'openconnex-log-'));
    // The default, embedded history backend.
    const server = await startServerProcess({ DATA_DIR: dataDir, LOG_LEVEL: 'trace', RATE_LIMITS: JSON.stringify({ '*': { portfolioManage: [100, 1000] } }) });
    try {
      const startupOutput = server.output();
      const { adminToken } = JSON.parse(readFileSync(join(dataDir, 'server-secrets.json'), 'utf8')) as { adminToken: string };
      const admin = new AdminClient(server.baseUrl, adminToken);
      const user = await admin.call('POST', '/users', { name: 'log-test' });
      assert.equal(user.code, 200000);
      const primary = new ConnexClient(server.baseUrl, { apiKey: user.data.apiKey, secretKey: user.data.secretKey });
      const key = await createPortfolioWithKey(primary, 'LogTest01', { permission: 'READ,TRADE' });

      const badSignature = signedRequest(key, 'GET', '/api/v1/trading/portfolio');
      badSignature.headers!.signature = 'f'.repeat(64);
      const requests = [
        signedRequest(primary.credentials, 'GET', '/api/v1/trading/portfolio', { belongingTo: '2' }),
        signedRequest(primary.credentials, 'POST', '/api/v1/trading/portfolio', { name: 'LogTest02' }),
        signedRequest(key, 'GET', '/api/v1/apiKey/portfolio'),
        badSignature,
      ];
      const codes = [];
      for (const req of requests) codes.push((await rawRequest(server.baseUrl, req)).body.code);
      assert.deepEqual(codes, [200000, 200000, 100003, 2000]);

      assert.equal(await server.stop(), 0);
      const logged = server.output().slice(startupOutput.length);
      const refusals = logged.split('\n').filter((line) => line.includes('authentication refused')).map((line) => JSON.parse(line));
      assert.deepEqual(refusals.map((r) => [r.code, r.apiKey, r.url]), [[100003, key.apiKey, '/api/v1/apiKey/portfolio'], [2000, key.apiKey, '/api/v1/trading/portfolio']], 'the refused requests were logged');
      const secrets = { userSecret: user.data.secretKey, keySecret: key.secretKey, adminToken };
      for (const [what, secret] of Object.entries(secrets)) assert.equal(logged.includes(secret), false, what);
      for (const req of requests) assert.equal(logged.includes(req.headers!.signature), false, 'signature');
    } finally {
      await server.stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
