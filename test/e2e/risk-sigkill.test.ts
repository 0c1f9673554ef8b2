/**
 * The SIGKILL loop of issue 10 item 6: a real server process holds perp positions while the operator fast-forwards
 * venue time across funding boundaries and drops BTC through liquidation prices; it is killed (SIGKILL) at a random
 * moment of that and restarted on the same data dir, again and again. After each recovery: no funding boundary
 * settled twice or skipped for a position (FUNDING_FEE statements per boundary), two recoveries of the same journal
 * give the same state hash, no wallet is negative once its liquidation completed, and the insurance fund moved by
 * exactly the liquidation fees less the compensations the clients' statements show.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { AdminClient, ConnexClient, type ClientCredentials } from '../../src/client/connex-client.ts';
import { formatFixed, mul, neg, sub, sum, type Amount } from '../../src/domain/money.ts';
import { BTC_PERP, fixed, PERP_ENV } from '../support/perp.ts';
import { readDemoCredentials, restartableServer, type ServerProcess } from '../support/process.ts';

const HOUR = 3_600_000;
const FUNDING_INTERVAL = 8 * HOUR;
const ROUNDS = 6;
const ENV = {
  LOG_LEVEL: 'error',
  SIM_TICK_MS: '0',
  RATE_LIMITS: JSON.stringify({ '*': { ...JSON.parse(PERP_ENV.RATE_LIMITS)['*'], statement: [100000, 1000], positionRead: [100000, 1000], positionHistory: [100000, 1000] } }),
};
/** Longs from 50x down to 5x, each on a wallet of its own, and a short on the other side. */
const TRADERS = [
  { name: 'KillLong50', usdt: '3000', leverage: '50', side: 'BUY' },
  { name: 'KillLong20', usdt: '6000', leverage: '20', side: 'BUY' },
  { name: 'KillLong10', usdt: '12000', leverage: '10', side: 'BUY' },
  { name: 'KillLong05', usdt: '25000', leverage: '5', side: 'BUY' },
  { name: 'KillShort', usdt: '40000', leverage: '10', side: 'SELL' },
] as const;

interface Trader {
  name: string;
  credentials: ClientCredentials;
}

const seededRandom = (seed: number) => () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

describe('risk under SIGKILL: funding and liquidations lose and repeat nothing', () => {
  const servers = restartableServer('risk-sigkill', ENV);
  const { dataDir } = servers;
  let server: ServerProcess | undefined;
  after(() => servers.close());

  const start = async () => (server = await servers.start());
  const admin = () => new AdminClient(server!.baseUrl, readDemoCredentials(dataDir).adminToken);
  const clientOf = (trader: Trader) => new ConnexClient(server!.baseUrl, trader.credentials);
  const ok = async (answer: Promise<any>) => {
    const result = await answer;
    assert.equal(result.code, 200000, JSON.stringify(result));
    return result.data;
  };
  const tick = (elapsedMs: number) => admin().call('POST', '/sim/tick', { count: '1', elapsedMs: String(elapsedMs) });
  const fund = async () => fixed<'amount'>((await ok(admin().call('GET', '/risk'))).insuranceFunds.find((f: any) => f.exchangeType === 'BINANCE' && f.coin === 'USDT').balance);

  it(`${ROUNDS} rounds of fast-forwards and price drops, each killed at a random moment`, async (t) => {
    await start();
    const fundAtStart = await fund();
    const traders: Trader[] = [];
    await ok(tick(1000));
    for (const spec of TRADERS) {
      const created = await ok(admin().call('POST', '/users', { name: spec.name }));
      await ok(admin().call('POST', '/deposits', { portfolioId: created.portfolioId, exchangeType: 'BINANCE', coin: 'USDT', amount: spec.usdt }));
      const trader = { name: spec.name, credentials: { apiKey: created.apiKey, secretKey: created.secretKey } };
      await ok(clientOf(trader).post('/api/v1/trading/position/leverage', { sym: BTC_PERP, leverage: spec.leverage }));
      await ok(clientOf(trader).post('/api/v1/trading/order', { sym: BTC_PERP, side: spec.side, orderType: 'MARKET', orderQty: '1' }));
      traders.push(trader);
    }

    const random = seededRandom(Number(process.env.RISK_SIGKILL_SEED ?? 10));
    for (let round = 0; round < ROUNDS; round++) {
      const killAfter = Math.floor(random() * 800);
      const mark = fixed<'price'>((await ok(clientOf(traders[0]).get('/api/v1/market/markPrice', { sym: BTC_PERP })))[0].markPrice);
      const drop = formatFixed(mul(mark, fixed<'rate'>('0.94')));
      const fastForward = () => tick(Math.floor(FUNDING_INTERVAL * (1 + random())));
      const dropPrice = () => admin().call('POST', '/sim/price', { asset: 'BTC', price: drop });
      // Every other round the fast-forward and the drop are acknowledged before the kill clock starts, so funding
      // and liquidations run however slow the machine is; in the others the kill may land anywhere.
      const acknowledgedFirst = round % 2 === 1;
      if (acknowledgedFirst) {
        await ok(fastForward());
        await ok(dropPrice());
      }
      const work = (async () => {
        if (!acknowledgedFirst) {
          await fastForward();
          await dropPrice();
        }
        await tick(1);
      })().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, killAfter));
      await server!.kill();
      await work;
      t.diagnostic(`round ${round}: killed after ${killAfter} ms`);

      await start();
      const recovered = await ok(admin().call('GET', '/engine'));
      await server!.kill();
      await start();
      const replayed = await ok(admin().call('GET', '/engine'));
      assert.deepEqual([replayed.seq, replayed.hash], [recovered.seq, recovered.hash], 'a second recovery of the same journal: the same state');
    }
    await ok(tick(1)); // any boundary venue time passed meanwhile is settled now

    let liquidated = 0;
    let settled = 0;
    let fees = [] as Amount[];
    let compensations = [] as Amount[];
    const venueNow = Number((await ok(clientOf(traders[0]).get('/api/v1/market/markPrice', { sym: BTC_PERP })))[0].time);
    for (const trader of traders) {
      const client = clientOf(trader);
      const statements = async (statementType: string) => (await ok(client.get('/api/v1/trading/statement', { statementType, pageSize: '1000' }))).list;
      const funding = (await statements('FUNDING_FEE')).map((row: any) => Number(row.createAt));
      settled += funding.length;
      assert.equal(new Set(funding).size, funding.length, `${trader.name}: a boundary settled twice`);
      const open = (await ok(client.get('/api/v1/trading/position', { sym: BTC_PERP, zeroFilter: 'true' })))[0];
      const closed = (await ok(client.get('/api/v1/trading/history/position', { sym: BTC_PERP }))).list?.[0];
      const [from, to] = open ? [Number(open.createAt), venueNow] : [Number(closed.createAt), Number(closed.updateAt)];
      const due: number[] = [];
      for (let boundary = Math.floor(from / FUNDING_INTERVAL + 1) * FUNDING_INTERVAL; boundary < to; boundary += FUNDING_INTERVAL) due.push(boundary);
      assert.deepEqual(
        funding.filter((b: number) => b < to).sort(),
        due,
        `${trader.name}: every boundary its position was open at, once`,
      );
      if (!open) {
        liquidated++;
        assert.equal(closed.closedType, 'LIQUIDATED', `${trader.name} closed only by its liquidation`);
        const usdt = (await ok(client.get('/api/v1/trading/portfolio/assets', { exchangeType: 'BINANCE' }))).list.find((row: any) => row.coin === 'USDT');
        assert.ok(fixed(usdt.available) >= 0n && fixed(usdt.overdraw) === 0n, `${trader.name}: no wallet below zero after its liquidation`);
      }
      fees = fees.concat((await statements('LIQUIDATION_FEE')).map((row: any) => fixed<'amount'>(row.deltaAmount)));
      compensations = compensations.concat((await statements('LIQ_COMPENSATION')).map((row: any) => fixed<'amount'>(row.deltaAmount)));
    }
    t.diagnostic(`${settled} funding payments; ${liquidated} positions liquidated: ${fees.length} fees, ${compensations.length} compensations`);
    assert.ok(settled > 0 && liquidated > 0, 'the kills fell while funding and liquidations ran');
    assert.equal(formatFixed(sub(await fund(), fundAtStart)), formatFixed(sub(neg(sum(fees)), sum(compensations))), 'the fund moved by fees − compensations');
  });
});
