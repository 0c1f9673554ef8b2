/**
 * Durable before acknowledged (design.md principle 3): SIGKILL in the middle of a stream of writes
 * loses no acknowledged write and leaves nothing half-applied; replay reproduces the same state.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { AdminClient, ConnexClient } from '../../src/client/connex-client.ts';
import { formatFixed, parseFixed, times } from '../../src/domain/money.ts';
import { testSchema, type TestSchema } from '../support/postgres.ts';
import { readDemoCredentials, startServerProcess, type ServerProcess } from '../support/process.ts';

const BTC_UNIT = parseFixed('0.0001')!;
const UNLIMITED = JSON.stringify({ '*': { portfolioManage: [100_000, 1000] } });

interface Clients {
  client: ConnexClient;
  admin: AdminClient;
}

function clientsOf(server: ServerProcess, dataDir: string): Clients {
  const demo = readDemoCredentials(dataDir);
  return {
    client: new ConnexClient(server.baseUrl, { apiKey: demo.apiKey, secretKey: demo.secretKey }),
    admin: new AdminClient(server.baseUrl, demo.adminToken),
  };
}

describe('durability', () => {
  const dirs: string[] = [];
  const children: ServerProcess[] = [];
  const freshDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'openconnex-durability-'));
    dirs.push(dir);
    return dir;
  };
  // One history schema per data dir: the history belongs to that dir's journal.
  const schemas = new Map<string, TestSchema>();
  // The market timer stays off (SIM_TICK_MS=0) so that the engine is quiet when its hash is read.
  const start = async (dataDir: string) => {
    if (!schemas.has(dataDir)) schemas.set(dataDir, testSchema());
    const server = await startServerProcess({ ...schemas.get(dataDir)!.env, DATA_DIR: dataDir, LOG_LEVEL: 'error', RATE_LIMITS: UNLIMITED, SNAPSHOT_EVERY: '1000000', SIM_TICK_MS: '0' });
    children.push(server);
    return server;
  };
  after(async () => {
    for (const child of children) child.child.kill('SIGKILL');
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    for (const schema of schemas.values()) await schema.drop();
  });

  it('keeps every acknowledged write across SIGKILL, and nothing half-applied', async (t) => {
    const dataDir = freshDir();
    const first = await start(dataDir);
    const { client, admin } = clientsOf(first, dataDir);
    const demo = readDemoCredentials(dataDir);

    const ackedPortfolios: string[] = [];
    const ackedKeys = new Map<string, string>(); // accessKey → portfolioId
    const ackedKeyIps = new Map<string, string>();
    const ackedDeposits: bigint[] = [];
    const sentDeposits: bigint[] = [];
    let stop = false;

    const portfolioWriter = async (worker: number) => {
      for (let i = 0; !stop; i++) {
        const name = `w${worker}p${i}x`.padEnd(6, 'x');
        const created = await client.post('/api/v1/trading/portfolio', { name }).catch(() => null);
        if (created?.code === 200000) ackedPortfolios.push(created.data.portfolioId);
        else if (created && created.code !== 402007) assert.fail(`unexpected ${JSON.stringify(created)}`);
        if (created?.code === 402007) return;
        if (created?.code !== 200000 || stop) continue;
        const key = await client.post('/api/v1/apiKey/portfolio', { portfolioId: created.data.portfolioId, apiName: `k${i}`, permission: 'READ,TRADE' }).catch(() => null);
        if (key?.code === 200000) {
          ackedKeys.set(key.data.accessKey, created.data.portfolioId);
          const ip = `10.0.${worker}.${i % 250}`;
          const updated = await client.put('/api/v1/apiKey/portfolio', { portfolioId: created.data.portfolioId, portfolioApiKey: key.data.accessKey, ip }).catch(() => null);
          if (updated?.code === 200000) ackedKeyIps.set(key.data.accessKey, ip);
        }
      }
    };
    // Deposit i is 2^i units of 0.0001 BTC, so the final balance says exactly which deposits landed.
    const depositWriter = async () => {
      for (let i = 0; !stop && i < 30; i++) {
        const units = 1n << BigInt(i);
        sentDeposits.push(units);
        const result = await admin.call('POST', '/deposits', { portfolioId: demo.portfolioId, exchangeType: 'OKX', coin: 'BTC', amount: formatFixed(times(BTC_UNIT, units)) }).catch(() => null);
        if (result?.code === 200000) ackedDeposits.push(units);
      }
    };

    const writers = [portfolioWriter(0), portfolioWriter(1), portfolioWriter(2), depositWriter()];
    while (ackedPortfolios.length < 15 || ackedDeposits.length < 8) await new Promise((resolve) => setTimeout(resolve, 2));
    first.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await first.exited;
    t.diagnostic(`acknowledged before the kill: ${ackedPortfolios.length} portfolios, ${ackedKeys.size} keys, ${ackedKeyIps.size} ip updates, ${ackedDeposits.length}/${sentDeposits.length} deposits`);
    assert.ok(ackedPortfolios.length > 5, `only ${ackedPortfolios.length} portfolios were acknowledged before the kill`);

    const second = await start(dataDir);
    const again = clientsOf(second, dataDir);
    const listed = await again.client.get('/api/v1/trading/portfolio', { belongingTo: 2, pageSize: 1000 });
    assert.equal(listed.code, 200000);
    const present = new Set(listed.data.list.map((p: { portfolioId: number }) => String(p.portfolioId)));
    for (const id of ackedPortfolios) assert.ok(present.has(id), `acknowledged portfolio ${id} lost`);

    const keys = await again.admin.call('GET', '/keys');
    const keyById = new Map(keys.data.map((k: { accessKey: string }) => [k.accessKey, k]));
    for (const [accessKey, portfolioId] of ackedKeys) {
      const key = keyById.get(accessKey) as { portfolioId: string; ip: string } | undefined;
      assert.ok(key, `acknowledged key ${accessKey} lost`);
      assert.equal(key.portfolioId, portfolioId);
    }
    for (const [accessKey, ip] of ackedKeyIps) assert.equal((keyById.get(accessKey) as { ip: string }).ip, ip);
    // Every key present belongs to a portfolio that exists: no command landed half-way.
    for (const key of keys.data as { portfolioId: string; primary: boolean }[]) {
      if (!key.primary) assert.ok(present.has(key.portfolioId), `key of missing portfolio ${key.portfolioId}`);
    }

    const balances = await again.admin.call('GET', '/balances', { portfolioId: demo.portfolioId });
    const btc = balances.data.find((b: { exchangeType: string; coin: string }) => b.exchangeType === 'OKX' && b.coin === 'BTC');
    const landed = (parseFixed(btc.available)! - parseFixed('10')!) / BTC_UNIT;
    const sentMask = sentDeposits.reduce((mask, units) => mask | units, 0n);
    assert.equal(landed & ~sentMask, 0n, 'the balance holds more than was ever sent');
    for (const units of ackedDeposits) assert.equal(landed & units, units, `acknowledged deposit of ${units} units lost`);
  });

  it('replays the journal to the same state hash, with and without a snapshot', async () => {
    const dataDir = freshDir();
    const first = await start(dataDir);
    const { client, admin } = clientsOf(first, dataDir);
    for (let i = 0; i < 20; i++) {
      assert.equal((await client.post('/api/v1/trading/portfolio', { name: `hash${i}ab` })).code, 200000);
    }
    const before = (await admin.call('GET', '/engine')).data;
    await first.kill();

    const replayed = await start(dataDir);
    const afterReplay = (await clientsOf(replayed, dataDir).admin.call('GET', '/engine')).data;
    assert.deepEqual(afterReplay, before);
    assert.equal(afterReplay.snapshotSeq, 0, 'recovered by replaying the whole journal');
    assert.equal(await replayed.stop(), 0); // shutdown writes a snapshot

    const fromSnapshot = await start(dataDir);
    const afterSnapshot = (await clientsOf(fromSnapshot, dataDir).admin.call('GET', '/engine')).data;
    assert.deepEqual(afterSnapshot, { ...before, snapshotSeq: before.seq });
    await fromSnapshot.stop();
  });
});
