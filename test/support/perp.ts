/** Helpers for perp tests: funded traders, leverage, market orders and mark prices, all through the APIs. */
import assert from 'node:assert/strict';
import type { ClientCredentials, ConnexClient } from '../../src/client/connex-client.ts';
import { formatFixed, parseFixed, roundTo, type Amount, type Fixed, type Price, type Qty, type Rate, type Unit } from '../../src/domain/money.ts';
import { DocumentedClient } from './documented.ts';
import type { TestServer } from './server.ts';
import { fund, newTrader, order, place, TRADING_ENV } from './trading.ts';

export const BTC_PERP = 'BINANCE_PERP_BTC_USDT';

/** TRADING_ENV with the perp endpoints' limits out of the way too. */
export const PERP_ENV = {
  RATE_LIMITS: JSON.stringify({
    '*': {
      ...JSON.parse(TRADING_ENV.RATE_LIMITS)['*'],
      leverage: [100000, 1000],
      maxLeverage: [100000, 1000],
      positionMode: [100000, 1000],
      positionBracket: [100000, 1000],
      marketReference: [100000, 1000],
      marketData: [100000, 1000],
    },
  }),
};

export const fixed = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;

/** Decisions L9: liquidation when uniMMR reaches 1.05. */
const LIQUIDATION_MMR = fixed<'rate'>('1.05');
/** Tier 1 of BINANCE BTCUSDT and of OKX BTC-USDT-SWAP: MMR 0.4 %, no maintenance amount. */
export const TIER1_MMR = fixed<'rate'>('0.004');

/**
 * Decisions L9 solved afresh from the account's figures: the mark P at which validMargin + q·(P − mark)
 * = 1.05 · (otherMM + g·P·mmr), for the positions of one sym of net base size q and gross size g (|q| but in
 * hedge mode, whose legs share the mark) in a tier of `mmr` (its tier's maintenance amount, if any, taken off
 * `otherMaintenance`); 4 decimals.
 */
export function liquidationPrice(validMargin: Amount, otherMaintenance: Amount, q: Qty, mark: Price, mmr: Rate = TIER1_MMR, gross: Qty = (q < 0n ? -q : q) as Qty): string {
  const scale = 10n ** 18n;
  const k = LIQUIDATION_MMR as bigint;
  const numerator = k * (otherMaintenance as bigint) * scale - (validMargin as bigint) * scale * scale + (q as bigint) * (mark as bigint) * scale;
  const denominator = (q as bigint) * scale * scale - k * (gross as bigint) * (mmr as bigint);
  // P = numerator / denominator (in units of 1e-18 after one more scale): rounded half up to 4 decimals.
  const tenThousandths = (numerator * 10_000n * 2n + denominator) / (2n * denominator);
  return formatFixed(roundTo((tenThousandths * 10n ** 14n) as Price, 4, 'halfUp'));
}

/** One second of venue time: the house quotes every book (a 0 ms tick runs no agents). */
export async function quoteBooks(server: TestServer): Promise<void> {
  const answer = await server.admin.call('POST', '/sim/tick', { count: '1', elapsedMs: '1000' });
  assert.equal(answer.code, 200000, JSON.stringify(answer));
}

/** A user of its own (a user holds at most 10 keys) whose main portfolio holds `usdt` on BINANCE; its primary key. */
export async function perpTrader(server: TestServer, name: string, usdt: string): Promise<{ portfolioId: string; client: ConnexClient; credentials: ClientCredentials }> {
  const created = await server.admin.call('POST', '/users', { name });
  assert.equal(created.code, 200000, JSON.stringify(created));
  const { portfolioId, apiKey, secretKey } = created.data;
  await fund(server, portfolioId, 'USDT', usdt);
  return { portfolioId, client: new DocumentedClient(server.baseUrl, { apiKey, secretKey }), credentials: { apiKey, secretKey } };
}

/** A perpTrader in BOTH (hedge) mode on BINANCE at `leverage` on BTC perp, the books quoted. */
export async function hedgeTrader(server: TestServer, name: string, usdt: string, leverage = '10'): Promise<Awaited<ReturnType<typeof perpTrader>>> {
  const hedger = await perpTrader(server, name, usdt);
  await quoteBooks(server);
  await setLeverage(hedger.client, BTC_PERP, leverage);
  const mode = await hedger.client.post('/api/v1/trading/account', { exchangeType: 'BINANCE', positionMode: 'BOTH' });
  assert.equal(mode.code, 200000, JSON.stringify(mode));
  return hedger;
}

/** A trading portfolio of the demo user with its own portfolio key, holding `usdt` on BINANCE. */
export async function perpPortfolio(server: TestServer, name: string, usdt: string): Promise<{ portfolioId: string; client: ConnexClient }> {
  const trader = await newTrader(server, name);
  await fund(server, trader.portfolioId, 'USDT', usdt);
  return trader;
}

export async function setLeverage(client: ConnexClient, sym: string, leverage: string): Promise<void> {
  const answer = await client.post('/api/v1/trading/position/leverage', { sym, leverage });
  assert.deepEqual([answer.code, answer.data], [200000, {}], JSON.stringify(answer));
}

/** A MARKET order that fills at once against the house's quotes; the order as GET order shows it. */
export async function marketOrder(client: ConnexClient, sym: string, side: 'BUY' | 'SELL', orderQty: string, extra: Record<string, string> = {}): Promise<any> {
  const filled = await order(client, await place(client, { sym, side, orderType: 'MARKET', orderQty, ...extra }));
  assert.equal(filled.orderState, 'FILLED', JSON.stringify(filled));
  return filled;
}

export async function markPrice(client: ConnexClient, sym: string): Promise<string> {
  const answer = await client.get('/api/v1/market/markPrice', { sym });
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  return answer.data[0].markPrice;
}

/** The portfolio's account row of one venue, as GET /api/v1/trading/account shows it. */
export async function accountRow(client: ConnexClient, venue = 'BINANCE', portfolioId?: string): Promise<any> {
  const answer = await client.get('/api/v1/trading/account', portfolioId ? { portfolioId } : {});
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  return answer.data.find((row: any) => row.exchangeType === venue);
}
