import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isMultipleOf, ONE, roundTo } from '../../../../../src/domain/money.ts';
import { allInstruments, findInstrument, instrumentsOf } from '../../../../../src/venues/sim/instruments/registry.ts';
import { BUSINESS_TYPES } from '../../../../../src/domain/market.ts';

describe('instrument registry', () => {
  it('lists at least twelve USDT markets per venue and business type', () => {
    for (const venue of ['BINANCE', 'OKX'] as const) {
      for (const business of BUSINESS_TYPES) {
        const bases = instrumentsOf(venue).filter((i) => i.business === business && i.quote === 'USDT').map((i) => i.base);
        assert.ok(new Set(bases).size >= 12, `${venue} ${business}: ${bases}`);
      }
    }
  });

  it('keeps every rule consistent: sizes in whole lots, precisions matching the steps, limits ordered', () => {
    for (const i of allInstruments()) {
      assert.ok(i.tickSize > 0n && i.lotSize > 0n, i.sym);
      assert.equal(roundTo(i.tickSize, i.pricePrecision, 'down'), i.tickSize, `${i.sym} pricePrecision`);
      assert.equal(roundTo(i.lotSize, i.qtyPrecision, 'down'), i.lotSize, `${i.sym} qtyPrecision`);
      for (const size of [i.minSize, i.maxLimitSize, i.maxMarketSize]) assert.ok(isMultipleOf(size, i.lotSize), `${i.sym} size in lots`);
      assert.ok(i.minSize <= i.maxMarketSize && i.maxMarketSize <= i.maxLimitSize, `${i.sym} size order`);
      assert.ok(i.takerFeeRate >= i.makerFeeRate && i.makerFeeRate >= 0n, `${i.sym} fees`);
      assert.equal(i.contractSize !== undefined, i.business === 'PERP', `${i.sym} contractSize only on perps`);
      if (i.business === 'PERP' && i.venue === 'BINANCE') assert.equal(i.contractSize, ONE, `${i.sym} counts base coin`);
    }
  });

  it('names markets the venue way and counts OKX perps in contracts', () => {
    assert.equal(findInstrument('BINANCE_PERP_ETH_USDT')!.originalSymbol, 'ETHUSDT');
    assert.equal(findInstrument('OKX_SPOT_ETH_USDT')!.originalSymbol, 'ETH-USDT');
    const okxEth = findInstrument('OKX_PERP_ETH_USDT')!;
    assert.equal(okxEth.originalSymbol, 'ETH-USDT-SWAP');
    assert.equal(okxEth.contractSize, ONE / 10n);
  });
});
