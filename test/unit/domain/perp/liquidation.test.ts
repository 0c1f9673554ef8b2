/** The arithmetic of liquidation (decisions L8; research-perps.md §1.2, §1.5, §2): steps, covered and bankruptcy prices, ADL ranks. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Instrument } from '../../../../src/domain/instrument.ts';
import { add, mul, parseFixed, sub, type Amount, type Fixed, type Unit } from '../../../../src/domain/money.ts';
import { adlQuintile, adlScore, bankruptcyPrice, coveredClosePrice, sizeKeptBelowTier, type RiskTierTable } from '../../../../src/domain/perp/index.ts';
import { BTCUSDT } from './tables.ts';

const F = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;
const BINANCE_BTC = { contractSize: F<'qty'>('1'), lotSize: F<'qty'>('0.001') } as Instrument;
const OKX_BTC = { contractSize: F<'qty'>('0.01'), lotSize: F<'contracts'>('0.01') } as Instrument;
const OKX_TABLE: RiskTierTable = {
  sym: 'OKX_PERP_BTC_USDT',
  measure: 'size',
  asOf: '2026-12-01',
  tiers: [
    { riskLevel: 1, floor: F('0'), cap: F('1000'), maxLeverage: 100, mmRate: F('0.004'), cum: F('0') },
    { riskLevel: 2, floor: F('1000'), cap: F('2000'), maxLeverage: 75, mmRate: F('0.005'), cum: F('0') },
    { riskLevel: 3, floor: F('2000'), cap: F('4000'), maxLeverage: 50, mmRate: F('0.01'), cum: F('0') },
  ],
};
const TICK = F<'price'>('0.1');
const TAKER = F<'rate'>('0.0005');

/** Equity after closing `qty` base (+ long) at `price` from `equity` at `mark`, the taker fee paid. */
function equityAfter(equity: string, qty: string, mark: string, price: Fixed<'price'>, fee = TAKER): Amount {
  const base = F<'qty'>(qty);
  const size = base > 0n ? base : (-base as typeof base);
  const moved = mul(sub(price, F<'price'>(mark)), base);
  return sub(add(F<'amount'>(equity), moved), mul(mul(price, size), fee));
}

describe('liquidation steps: tier by tier (decisions L8)', () => {
  it('BINANCE (by notional): a position is brought to the cap of the tier below at the mark, on the lot grid; from tier 1 it closes in full', () => {
    assert.equal(sizeKeptBelowTier(BTCUSDT, BTCUSDT.tiers[2], BINANCE_BTC, F('100000')), F('8'));
    assert.equal(sizeKeptBelowTier(BTCUSDT, BTCUSDT.tiers[2], BINANCE_BTC, F('95000')), F('8.421'));
    assert.equal(sizeKeptBelowTier(BTCUSDT, BTCUSDT.tiers[1], BINANCE_BTC, F('95000')), F('3.157'));
    assert.equal(sizeKeptBelowTier(BTCUSDT, BTCUSDT.tiers[0], BINANCE_BTC, F('95000')), 0n);
  });

  it('OKX (by contracts): the tier below’s cap in contracts, whatever the mark', () => {
    assert.equal(sizeKeptBelowTier(OKX_TABLE, OKX_TABLE.tiers[2], OKX_BTC, F('95000')), F('2000'));
    assert.equal(sizeKeptBelowTier(OKX_TABLE, OKX_TABLE.tiers[1], OKX_BTC, F('10')), F('1000'));
    assert.equal(sizeKeptBelowTier(OKX_TABLE, OKX_TABLE.tiers[0], OKX_BTC, F('95000')), 0n);
  });
});

describe('prices of a liquidation close', () => {
  it('the covered price of a long: the lowest tick at which the sale, taker fee paid, leaves equity ≥ −cover', () => {
    const price = coveredClosePrice(F('1'), F('100000'), F('500'), F('0'), TAKER, TICK);
    assert.equal(price, F('99549.8'));
    assert.ok(equityAfter('500', '1', '100000', price) >= 0n);
    assert.ok(equityAfter('500', '1', '100000', sub(price, TICK)) < 0n, 'one tick lower is not covered');
    const withFund = coveredClosePrice(F('1'), F('100000'), F('-300'), F('1000'), TAKER, TICK);
    assert.ok(equityAfter('-300', '1', '100000', withFund) >= F('-1000') && equityAfter('-300', '1', '100000', sub(withFund, TICK)) < F('-1000'));
    assert.equal(coveredClosePrice(F('1'), F('100000'), F('500'), F('10000000'), TAKER, TICK), 0n, 'a fund that covers any price: 0, sell at any price');
  });

  it('the covered price of a short: the highest tick at which the purchase leaves equity ≥ −cover; 0 when none does', () => {
    const price = coveredClosePrice(F('-1'), F('100000'), F('500'), F('0'), TAKER, TICK);
    assert.equal(price, F('100449.7'));
    assert.ok(equityAfter('500', '-1', '100000', price) >= 0n);
    assert.ok(equityAfter('500', '-1', '100000', add(price, TICK)) < 0n);
    assert.equal(coveredClosePrice(F('-1'), F('100000'), F('-200000'), F('0'), TAKER, TICK), 0n);
  });

  it('the bankruptcy price leaves equity at 0, rounded to the tick in the account’s favour', () => {
    assert.equal(bankruptcyPrice(F('2'), F('50000'), F('-1000'), TICK), F('50500'));
    assert.equal(bankruptcyPrice(F('2'), F('50000'), F('1000'), TICK), F('49500'));
    assert.equal(bankruptcyPrice(F('-2'), F('50000'), F('1000'), TICK), F('50500'));
    assert.equal(bankruptcyPrice(F('-2'), F('50000'), F('-1000'), TICK), F('49500'));
    assert.equal(bankruptcyPrice(F('3'), F('50000'), F('100'), TICK), F('49966.7'));
    assert.equal(bankruptcyPrice(F('-3'), F('50000'), F('100'), TICK), F('50033.3'));
    assert.ok(equityAfter('100', '3', '50000', F('49966.7'), F('0')) >= 0n);
  });
});

describe('ADL ranking (research-perps.md §1.5)', () => {
  it('PnL % × effective leverage in profit, PnL % / effective leverage at a loss', () => {
    assert.equal(adlScore(F('1000'), F('10000'), F('11000'), F('2200')), F('0.5'));
    assert.equal(adlScore(F('-1000'), F('10000'), F('9000'), F('1800')), F('-0.02'));
    assert.ok(adlScore(F('1000'), F('10000'), F('11000'), F('0')) > adlScore(F('1000'), F('10000'), F('11000'), F('2200')), 'an account at 0 equity ranks first');
  });

  it('quintiles: 5 for the first fifth of the queue … 1 for the last', () => {
    assert.deepEqual([...Array(10).keys()].map((rank) => adlQuintile(rank, 10)), [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
    assert.equal(adlQuintile(0, 1), 5);
    assert.deepEqual([0, 1, 2].map((rank) => adlQuintile(rank, 3)), [5, 4, 2]);
  });
});
