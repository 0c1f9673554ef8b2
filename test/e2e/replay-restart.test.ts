/**
 * The replay guard outlives the process (decisions C2): a signed write seen before a restart, a crash
 * (SIGKILL) included, is still refused with 7000 inside its nonce window; a new write still passes. The
 * embedded guard keeps what it saw in the data dir; with Redis the store itself outlives the gateway.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { readDemoCredentials, restartableServer } from '../support/process.ts';
import { rawRequest, signedRequest } from '../support/http.ts';

const CREATE_PORTFOLIO = '/api/v1/trading/portfolio';

describe('a captured write replayed after a restart (decisions C2)', () => {
  const servers = restartableServer('replay-restart', {});
  after(() => servers.close());

  it('is refused after a crash and after a clean stop, and was applied once', async () => {
    let server = await servers.start();
    const demo = readDemoCredentials(servers.dataDir);
    const captured = signedRequest(demo, 'POST', CREATE_PORTFOLIO, { name: 'ReplayedAfterRestart' });
    assert.equal((await rawRequest(server.baseUrl, captured)).body.code, 200000);

    await server.kill();
    server = await servers.start();
    assert.equal((await rawRequest(server.baseUrl, captured)).body.code, 7000, 'after SIGKILL');

    await server.stop();
    server = await servers.start();
    assert.equal((await rawRequest(server.baseUrl, captured)).body.code, 7000, 'after a clean stop');
    assert.equal((await rawRequest(server.baseUrl, signedRequest(demo, 'POST', CREATE_PORTFOLIO, { name: 'SignedAfterRestart' }))).body.code, 200000, 'a new write passes');

    const listed = await rawRequest(server.baseUrl, signedRequest(demo, 'GET', CREATE_PORTFOLIO, { name: 'ReplayedAfterRestart' }));
    assert.equal(listed.body.data.totalSize, 1, 'the portfolio was created once');
    await server.stop();
  });
});
