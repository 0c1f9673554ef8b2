import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Instrument } from '../../../../../src/domain/instrument.ts';
import { formatFixed, mul, parseFixed, roundToStep, type Fixed, type Price, type Unit } from '../../../../../src/domain/money.ts';
import { decode, encode, hashOf } from '../../../../../src/store/journal/codec.ts';
import { closeFundingInterval, fundingIntervalHours, marketDataOf } from '../../../../../src/venues/index.ts';
import { advanceMarket, newSimState, setReferencePrice, startSimulation, type SimState } from '../../../../../src/venues/sim/index.ts';
import { findInstrument, fundingTermsOf, PERP_INSTRUMENTS, riskTiersOf } from '../../../../../src/venues/sim/instruments/index.ts';
import { averagePremium, fundingRateNow, fundingRateOf, impactPrice, indexPrice, samplePremiums, type MarketState } from '../../../../../src/venues/sim/market/index.ts';
import { SimVenue } from '../../../../../src/venues/sim/sim-venue.ts';
import type { Depth, LevelQuantity } from '../../../../../src/venues/venue.ts';
import { SimMarket } from '../../../../support/sim-market.ts';

const f = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;
const level = (price: string, size: string): LevelQuantity => [f(price), f(size)];
const BINANCE_BTC = findInstrument('BINANCE_PERP_BTC_USDT')!;
const OKX_BTC = findInstrument('OKX_PERP_BTC_USDT')!;
const SECOND = 1000;
const NO_BOOK: Depth = { bids: [], asks: [] };

function simulation(): SimState {
  const sim = newSimState();
  startSimulation(sim, { seed: 7 });
  return sim;
}

/** A market whose BTC index is 100 000 and whose only book is `depth` on `instrument`. */
function sampled(sim: SimState, instrument: Instrument, elapsedMs: number, depth: Depth): void {
  samplePremiums(sim.market, elapsedMs, (perp) => (perp.sym === instrument.sym ? depth : NO_BOOK));
}

function btcAt100k(): SimState {
  const sim = simulation();
  setReferencePrice(sim, 'BTC', f('100000'));
  return sim;
}

const rateNow = (market: MarketState, instrument: Instrument): string => formatFixed(fundingRateNow(market, instrument).rate);

describe('perp funding rates (venue side)', () => {
  it('F = P̄ + clamp(0.01 % − P̄, ±0.05 %), within the sym’s cap and floor, at 8 decimals', () => {
    const btc = fundingTermsOf(BINANCE_BTC.sym)!;
    const cases: [string, string][] = [
      ['0.0002', '0.0001'], // |I − P̄| ≤ 0.05 %: F = I
      ['0', '0.0001'],
      ['0.001', '0.0005'],
      ['-0.001', '-0.0005'],
      ['0.003', '0.0025'],
      ['0.01', '0.004'], // beyond the cap (tier-1 MMR 0.4 %)
      ['-0.01', '-0.004'],
      ['0.000123456789', '0.0001'],
      ['0.001234567891', '0.00073457'], // rounded halfUp to 8 decimals
    ];
    for (const [premium, rate] of cases) assert.equal(formatFixed(fundingRateOf(f(premium), btc)), rate, `P̄ ${premium}`);
    assert.equal(formatFixed(fundingRateOf(f('0.01'), fundingTermsOf(OKX_BTC.sym)!)), '0.00375', 'OKX BTC caps at 0.375 %');
  });

  it('scales the interest to a 4-hour interval: I = 0.01 % × 4 / 8', () => {
    const trx = fundingTermsOf('BINANCE_PERP_TRX_USDT')!;
    assert.equal(trx.intervalHours, 4);
    assert.equal(formatFixed(fundingRateOf(f('0'), trx)), '0.00005');
    assert.equal(formatFixed(fundingRateOf(f('0.001'), trx)), '0.0005');
  });

  it('has terms for every perp: 8 h but BINANCE TRX and OKX DOGE (4 h); BINANCE caps ± tier-1 MMR, OKX ±0.375 / 0.75 / 1.5 %', () => {
    const okxCap: Record<string, string> = { BTC: '0.00375', ETH: '0.0075', ADA: '0.0075' };
    for (const perp of PERP_INSTRUMENTS) {
      const terms = fundingTermsOf(perp.sym);
      assert.ok(terms, perp.sym);
      const fourHours = perp.sym === 'BINANCE_PERP_TRX_USDT' || perp.sym === 'OKX_PERP_DOGE_USDT';
      assert.equal(fundingIntervalHours(perp.sym), fourHours ? 4 : 8, perp.sym);
      const cap = perp.venue === 'BINANCE' ? riskTiersOf(perp.sym)!.tiers[0].mmRate : f<'rate'>(okxCap[perp.base] ?? '0.015');
      assert.deepEqual([terms.cap, terms.floor], [cap, -cap], perp.sym);
    }
    assert.equal(fundingTermsOf('BINANCE_SPOT_BTC_USDT'), undefined);
  });

  it('weighs each sample by the venue time it covers', () => {
    const sim = btcAt100k();
    sampled(sim, OKX_BTC, SECOND, { bids: [level('100099', '1')], asks: [level('100101', '1')] }); // P 0.1 %
    sampled(sim, OKX_BTC, 3 * SECOND, { bids: [level('100199', '1')], asks: [level('100201', '1')] }); // P 0.2 %
    assert.deepEqual(sim.market.premiums.get(OKX_BTC.sym), { weighted: f('7'), ms: 4000 }); // 0.001 × 1000 + 0.002 × 3000
    // P̄ = 0.175 %: F = 0.175 % − 0.05 %
    assert.deepEqual(fundingRateNow(sim.market, OKX_BTC), { rate: f('0.00125'), intervalHours: 8 });
    sampled(sim, OKX_BTC, 4 * SECOND, { bids: [level('100199', '1')], asks: [] });
    assert.equal(sim.market.premiums.get(OKX_BTC.sym)!.ms, 4000, 'a book without a side is no sample');
    assert.equal(rateNow(sim.market, BINANCE_BTC), '0.0001', 'a perp never sampled: P̄ 0, F = I');
  });

  it('fills the impact notional against the book’s depth, in base coin (OKX contracts × contractSize)', () => {
    const levels = [level('100', '1'), level('110', '2')];
    assert.equal(impactPrice(BINANCE_BTC, levels, f('210')), f('105'));
    assert.equal(impactPrice(BINANCE_BTC, levels, f('100')), f('100'));
    assert.equal(formatFixed(impactPrice(BINANCE_BTC, levels, f('1000'))!), '106.666666666666666667', 'what the book holds when it holds less');
    assert.equal(impactPrice(BINANCE_BTC, [], f('210')), undefined);
    assert.equal(impactPrice(OKX_BTC, [level('100000', '10'), level('90000', '10')], f('28000')), f('95000'), 'contracts of 0.01 BTC: the book holds 19 000 of the 28 000 USDT');
  });

  it('samples BINANCE’s impact prices for 200 USDT × the highest leverage (150x: 30 000 USDT)', () => {
    const cases: [LevelQuantity[], LevelQuantity[], string][] = [
      [[level('100050', '1')], [level('100070', '1')], '0.0005'], // impact bid above the index
      [[level('99940', '1')], [level('99960', '1')], '-0.0004'], // impact ask below it
      [[level('99990', '1')], [level('100010', '1')], '0'], // the index between them
      // 0.1 BTC at 100 100 (10 010 USDT), the rest of the 30 000 at 99 900: impact bid 99 966.6…, below the index
      [[level('100100', '0.1'), level('99900', '5')], [level('100010', '1')], '0'],
      // 0.1 BTC at 100 300, the rest at 100 000: 30 000 USDT buy 0.2997 BTC, an impact bid of 100 100.1001…
      [[level('100300', '0.1'), level('100000', '5')], [level('100400', '1')], '0.001001001001001001'],
    ];
    for (const [bids, asks, premium] of cases) {
      const sim = btcAt100k();
      sampled(sim, BINANCE_BTC, SECOND, { bids, asks });
      assert.equal(formatFixed(averagePremium(sim.market.premiums.get(BINANCE_BTC.sym))), premium, `bids ${bids.join(' ')}, asks ${asks.join(' ')}`);
    }
  });

  it('closing an interval gives its rate and starts the next one from no samples', () => {
    const sim = btcAt100k();
    sampled(sim, OKX_BTC, 60 * SECOND, { bids: [level('100799', '1')], asks: [level('100801', '1')] }); // P 0.8 %
    assert.equal(rateNow(sim.market, OKX_BTC), '0.00375');
    assert.deepEqual(marketDataOf(sim).fundingRate(OKX_BTC), { rate: f('0.00375'), intervalHours: 8 });
    assert.equal(closeFundingInterval(sim, OKX_BTC.sym), f('0.00375'));
    assert.equal(sim.market.premiums.has(OKX_BTC.sym), false);
    assert.equal(rateNow(sim.market, OKX_BTC), '0.0001');
    assert.equal(closeFundingInterval(sim, OKX_BTC.sym), f('0.0001'), 'an interval without samples pays the interest');
  });

  it('follows the real book on market ticks: a client bid and ask 1 % over the index hit the cap', () => {
    const sim = simulation();
    advanceMarket(sim, SECOND);
    const at = (factor: string): Price => roundToStep(mul(indexPrice(sim.market, 'BTC'), f<'rate'>(factor)), BINANCE_BTC.tickSize, 'halfUp');
    const venue = new SimVenue(sim.venues.BINANCE);
    venue.submit({ orderId: 'bid', sym: BINANCE_BTC.sym, side: 'BUY', type: 'LIMIT', timeInForce: 'GTC', price: at('1.008'), quantity: f('1') }, 0);
    venue.submit({ orderId: 'ask', sym: BINANCE_BTC.sym, side: 'SELL', type: 'LIMIT', timeInForce: 'GTC', price: at('1.012'), quantity: f('1') }, 0);
    advanceMarket(sim, SECOND);
    assert.equal(sim.market.premiums.get(BINANCE_BTC.sym)!.ms, 1000, 'the tick before the book was no sample');
    assert.equal(rateNow(sim.market, BINANCE_BTC), '0.004');
  });

  it('pays the interest while the market makers quote around the index (|P̄| well within 0.05 %)', () => {
    const market = new SimMarket(3);
    for (let k = 0; k < 60; k++) market.tick(10 * SECOND);
    for (const perp of PERP_INSTRUMENTS) {
      assert.equal(market.sim.market.premiums.get(perp.sym)!.ms > 0, true, perp.sym);
      assert.equal(rateNow(market.sim.market, perp), fundingIntervalHours(perp.sym) === 4 ? '0.00005' : '0.0001', perp.sym);
    }
  });

  it('is deterministic: the same ticks give the same sums, also from a snapshot', () => {
    const [left, right] = [new SimMarket(11), new SimMarket(11)];
    for (let k = 0; k < 30; k++) for (const market of [left, right]) market.tick((k % 7) * SECOND + 1);
    assert.equal(encode(left.sim.market.premiums), encode(right.sim.market.premiums));
    const restored = decode<SimState>(encode(left.sim));
    assert.deepEqual(restored.market.premiums, left.sim.market.premiums);
    for (const sim of [left.sim, restored]) for (let k = 0; k < 10; k++) advanceMarket(sim, 3 * SECOND);
    assert.equal(hashOf(restored), hashOf(left.sim));
    for (const perp of PERP_INSTRUMENTS) assert.equal(closeFundingInterval(restored, perp.sym), closeFundingInterval(left.sim, perp.sym), perp.sym);
  });
});
