import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConnexClient } from '../../src/client/connex-client.ts';
import { runAdminCli } from '../support/process.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('admin CLI (npm run admin)', () => {
  let server: TestServer;
  let env: Record<string, string>;
  const cli = async (...args: string[]) => {
    const result = await runAdminCli(args, env);
    return { ...result, json: result.stdout ? JSON.parse(result.stdout) : undefined };
  };

  before(async () => {
    server = await startTestServer();
    const { port } = new URL(server.baseUrl);
    // The server's own data dir holds the token; no ADMIN_TOKEN, no URL: HOST and PORT find it.
    env = { HOST: '127.0.0.1', PORT: port, DATA_DIR: server.dataDir, ADMIN_TOKEN: '', OPENCONNEX_URL: '' };
  });
  after(() => server.stop());

  it('drives the whole admin surface', async () => {
    const created = await cli('create-user', '--name', 'cli-user');
    assert.equal(created.code, 0, created.stderr);
    assert.equal(created.json.code, 200000);
    const { userId, portfolioId, apiKey, secretKey } = created.json.data;
    const user = new ConnexClient(server.baseUrl, { apiKey, secretKey });
    assert.equal((await user.get('/api/v1/trading/portfolio', {})).code, 200000);

    const deposited = await cli('deposit', '--portfolio-id', portfolioId, '--exchange-type', 'BINANCE', '--coin', 'USDT', '--amount', '2500.5');
    assert.equal(deposited.code, 0, deposited.stderr);
    assert.equal(deposited.json.data.available, '2500.5');

    assert.equal((await cli('freeze-key', '--api-key', apiKey)).code, 0);
    assert.equal((await user.get('/api/v1/trading/portfolio', {})).code, 100041);
    const keys = await cli('list-keys', '--user-id', userId);
    assert.deepEqual(keys.json.data.map((k: any) => [k.accessKey, k.status]), [[apiKey, 2]]);
    assert.equal((await cli('unfreeze-key', '--api-key', apiKey)).code, 0);
    assert.equal((await user.get('/api/v1/trading/portfolio', {})).code, 200000);

    assert.equal((await cli('disable-user', '--user-id', userId)).code, 0);
    assert.equal((await user.get('/api/v1/trading/portfolio', {})).code, 100002);
    const users = await cli('list-users');
    assert.equal(users.json.data.find((u: any) => u.userId === userId).status, 'DISABLED');
    assert.equal((await cli('enable-user', '--user-id', userId)).code, 0);
    assert.equal((await user.get('/api/v1/trading/portfolio', {})).code, 200000);

    const portfolios = await cli('list-portfolios', '--user-id', userId);
    assert.deepEqual(portfolios.json.data.map((p: any) => p.portfolioId), [portfolioId]);
    assert.equal((await cli('forbid-placement', '--portfolio-id', portfolioId)).json.data.placementForbidden, true);
    assert.equal((await cli('allow-placement', '--portfolio-id', portfolioId)).json.data.placementForbidden, false);

    const status = await cli('engine-status');
    assert.deepEqual(status.json.data, { seq: server.app.runtime.seq, hash: server.app.runtime.stateHash(), snapshotSeq: server.app.runtime.snapshotSeq });
  });

  it('exits 1 with the envelope when the server refuses', async () => {
    const refused = await cli('deposit', '--portfolio-id', server.demo.portfolioId, '--exchange-type', 'BINANCE', '--coin', 'FOO', '--amount', '1');
    assert.equal(refused.code, 1);
    assert.deepEqual(refused.json, { code: 403010, message: 'Currency not supported', data: null });
    const missing = await cli('freeze-key');
    assert.equal(missing.code, 1);
    assert.equal(missing.json.code, 400009);
  });

  it('takes the server from OPENCONNEX_URL and the token from ADMIN_TOKEN', async () => {
    const viaUrl = await runAdminCli(['list-users'], { OPENCONNEX_URL: `${server.baseUrl}/`, ADMIN_TOKEN: server.app.adminToken, PORT: '1', DATA_DIR: '/nonexistent' });
    assert.equal(viaUrl.code, 0, viaUrl.stderr);
    assert.ok(JSON.parse(viaUrl.stdout).data.some((u: any) => u.name === 'demo'));
    const wrongToken = await runAdminCli(['list-users'], { OPENCONNEX_URL: server.baseUrl, ADMIN_TOKEN: 'nope' });
    assert.equal(wrongToken.code, 1);
    assert.equal(JSON.parse(wrongToken.stdout).code, 2000);
  });

  it('exits 2 with usage on an unknown command or flag, or without a token', async () => {
    for (const args of [['launch-missiles'], ['freeze-key', '--user-id', '1'], ['freeze-key', '--api-key'], []]) {
      const result = await cli(...args);
      assert.equal(result.code, 2, args.join(' '));
      assert.match(result.stderr + result.stdout, /usage: npm run admin/);
    }
    const noToken = await runAdminCli(['list-users'], { OPENCONNEX_URL: server.baseUrl, ADMIN_TOKEN: '', DATA_DIR: '/nonexistent' });
    assert.equal(noToken.code, 2);
    assert.match(noToken.stderr, /no admin token/);
  });

  it('exits 1 with a message when no server answers', async () => {
    const result = await runAdminCli(['list-users'], { OPENCONNEX_URL: 'http://127.0.0.1:1', ADMIN_TOKEN: 'x' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^admin: /);
  });
});
