import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMultipleOf, type Fixed } from '../../../../../src/domain/money.ts';
import { decode, encode } from '../../../../../src/store/journal/codec.ts';
import { findInstrument } from '../../../../../src/venues/sim/instruments/registry.ts';
import { advanceOpenInterest, newOpenInterestState, openInterestOf } from '../../../../../src/venues/sim/market/open-interest.ts';
import { advanceMarket, newMarketState, referencePrice } from '../../../../../src/venues/sim/market/price-process.ts';

const MINUTE = 60_000;
const BINANCE_BTC = findInstrument('BINANCE_PERP_BTC_USDT')!;
const OKX_BTC = findInstrument('OKX_PERP_BTC_USDT')!;

describe('simulated open interest', () => {
  it('starts at the level, in base coin on BINANCE and contracts on OKX', () => {
    const state = newOpenInterestState(1);
    assert.equal(openInterestOf(state, BINANCE_BTC), 84210_526n * 10n ** 15n, '1e9 USDT × depth 8 / 95000, in lots of 0.001 BTC');
    assert.equal(openInterestOf(state, OKX_BTC), 4210526_32n * 10n ** 16n, '5e8 USDT × 8 / (95000 × 0.01 BTC a contract), lots of 0.01');
  });

  it('walks around its level on the lot grid, reporting exactly the syms whose value changed', () => {
    const state = newOpenInterestState(3);
    const level = Number(openInterestOf(state, BINANCE_BTC));
    const ratios: number[] = [];
    for (let i = 0; i < 5000; i++) {
      const before = openInterestOf(state, OKX_BTC);
      const changes = advanceOpenInterest(state, 5 * MINUTE);
      const value: Fixed = openInterestOf(state, BINANCE_BTC);
      assert.ok(isMultipleOf(value, BINANCE_BTC.lotSize) && isMultipleOf(openInterestOf(state, OKX_BTC), OKX_BTC.lotSize));
      const okx = changes.find((c) => c.sym === OKX_BTC.sym);
      assert.equal(okx?.openInterest ?? before, openInterestOf(state, OKX_BTC));
      assert.ok(changes.every((c) => findInstrument(c.sym)!.business === 'PERP'));
      ratios.push(Number(value) / level);
    }
    const mean = ratios.reduce((s, x) => s + x, 0) / ratios.length;
    const spread = Math.sqrt(ratios.reduce((s, x) => s + (x - mean) ** 2, 0) / ratios.length);
    assert.ok(Math.abs(mean - 1) < 0.02, `mean ${mean}`);
    assert.ok(spread > 0.03 && spread < 0.07, `spread ${spread}`);
    assert.ok(ratios.every((r) => r >= 0.75 && r <= 1.25));
  });

  it('replays from the seed, also through the codec, and leaves the price path as it was', () => {
    const path = (seed: number) => {
      let state = newOpenInterestState(seed);
      return Array.from({ length: 40 }, (_, i) => {
        if (i === 20) state = decode<typeof state>(encode(state));
        advanceOpenInterest(state, 1000);
        return openInterestOf(state, OKX_BTC);
      });
    };
    assert.deepEqual(path(5), path(5));
    assert.notDeepEqual(path(5), path(6));
    const withOpenInterest = newMarketState({ seed: 2 });
    const pricesOnly = newMarketState({ seed: 2 });
    for (let i = 0; i < 50; i++) {
      advanceMarket(withOpenInterest, 1000);
      advanceOpenInterest(withOpenInterest.openInterest, 1000);
      advanceMarket(pricesOnly, 1000);
    }
    assert.equal(referencePrice(withOpenInterest, 'BTC'), referencePrice(pricesOnly, 'BTC'));
  });
});
