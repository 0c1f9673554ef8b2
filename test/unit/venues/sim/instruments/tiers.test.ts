import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromInt, ONE, parseFixed, sub, type Fixed } from '../../../../../src/domain/money.ts';
import type { RiskTierTable } from '../../../../../src/domain/perp/tiers.ts';
import { marketDataOf, newVenuesState } from '../../../../../src/venues/index.ts';
import { allInstruments } from '../../../../../src/venues/sim/instruments/registry.ts';
import { riskTiersOf } from '../../../../../src/venues/sim/instruments/tiers/index.ts';

const f = (text: string): Fixed => parseFixed(text)!;
const PERPS = [...allInstruments()].filter((i) => i.business === 'PERP');
const tablesOf = (venue: string): RiskTierTable[] => PERPS.filter((i) => i.venue === venue).map((i) => riskTiersOf(i.sym)!);

describe('perp risk tiers', () => {
  it('gives every PERP instrument a dated table whose first tier allows the instrument’s maxLeverage', () => {
    assert.equal(PERPS.length, 28);
    for (const instrument of PERPS) {
      const table = riskTiersOf(instrument.sym);
      assert.ok(table, instrument.sym);
      assert.equal(table.sym, instrument.sym);
      assert.equal(table.measure, instrument.venue === 'BINANCE' ? 'notional' : 'size', instrument.sym);
      assert.match(table.asOf, /^\d{4}-\d{2}-\d{2}$/);
      assert.equal(table.tiers[0].maxLeverage, instrument.maxLeverage, instrument.sym);
      assert.deepEqual(table.tiers.map((t) => t.riskLevel), table.tiers.map((_, n) => n + 1), instrument.sym);
    }
    assert.equal(riskTiersOf('BINANCE_SPOT_BTC_USDT'), undefined);
  });

  it('keeps tiers contiguous from 0, leverage non-increasing and the maintenance rate rising below the initial rate', () => {
    for (const { sym, tiers } of PERPS.map((i) => riskTiersOf(i.sym)!)) {
      assert.equal(tiers[0].floor, 0n, sym);
      tiers.forEach((tier, n) => {
        assert.ok(tier.floor < tier.cap, `${sym} tier ${n + 1} bounds`);
        assert.ok(tier.maxLeverage >= 1 && Number.isInteger(tier.maxLeverage), `${sym} tier ${n + 1} leverage`);
        assert.ok(tier.mmRate * BigInt(tier.maxLeverage) < ONE, `${sym} tier ${n + 1}: MMR below IMR`);
        if (n === 0) return;
        const below = tiers[n - 1];
        assert.equal(tier.floor, below.cap, `${sym} tier ${n + 1} floor`);
        assert.ok(tier.maxLeverage <= below.maxLeverage, `${sym} tier ${n + 1} leverage order`);
        assert.ok(tier.mmRate > below.mmRate, `${sym} tier ${n + 1} MMR order`);
      });
    }
  });

  it('BINANCE: cum_n = cum_n-1 + floor_n × (MMR_n − MMR_n-1) exactly, so maintenance margin is continuous', () => {
    for (const { sym, tiers } of tablesOf('BINANCE')) {
      assert.equal(tiers[0].cum, 0n, sym);
      for (let n = 1; n < tiers.length; n++) {
        const [below, tier] = [tiers[n - 1], tiers[n]];
        assert.equal(tier.cum * ONE, below.cum * ONE + tier.floor * sub(tier.mmRate, below.mmRate), `${sym} tier ${n + 1} cum`);
      }
    }
  });

  it('BINANCE BTCUSDT is the 12-bracket table of research-perps.md §1.1', () => {
    const research = [
      ['0', '300000', 150, '0.004', '0'],
      ['300000', '800000', 100, '0.005', '300'],
      ['800000', '3000000', 75, '0.0065', '1500'],
      ['3000000', '12000000', 50, '0.01', '12000'],
      ['12000000', '70000000', 25, '0.02', '132000'],
      ['70000000', '100000000', 20, '0.025', '482000'],
      ['100000000', '230000000', 10, '0.05', '2982000'],
      ['230000000', '480000000', 5, '0.1', '14482000'],
      ['480000000', '600000000', 4, '0.125', '26482000'],
      ['600000000', '800000000', 3, '0.15', '41482000'],
      ['800000000', '1200000000', 2, '0.25', '121482000'],
      ['1200000000', '1800000000', 1, '0.5', '421482000'],
    ] as const;
    const table = riskTiersOf('BINANCE_PERP_BTC_USDT')!;
    assert.deepEqual(
      table.tiers.map((t) => [t.floor, t.cap, t.maxLeverage, t.mmRate, t.cum]),
      research.map(([floor, cap, leverage, mmRate, cum]) => [f(floor), f(cap), leverage, f(mmRate), f(cum)]),
    );
    assert.deepEqual(
      riskTiersOf('BINANCE_PERP_ETH_USDT')!.tiers.slice(0, 3).map((t) => [t.cap, t.maxLeverage, t.mmRate, t.cum]),
      [[fromInt(50_000), 100, f('0.005'), 0n], [fromInt(250_000), 75, f('0.0065'), fromInt(75)], [fromInt(1_000_000), 50, f('0.01'), fromInt(950)]],
    );
  });

  it('OKX: tiers in contracts without cum, 1–3 as announced, then each as wide as the last step with MMR +0.5 %', () => {
    for (const { sym, tiers } of tablesOf('OKX')) {
      assert.ok(tiers.length >= 8 && tiers.length <= 10, `${sym}: ${tiers.length} tiers`);
      assert.ok(tiers.every((t) => t.cum === 0n), sym);
      const step = sub(tiers[3].cap, tiers[3].floor);
      for (let n = 4; n < tiers.length; n++) {
        assert.equal(sub(tiers[n].cap, tiers[n].floor), step, `${sym} tier ${n + 1} width`);
        assert.equal(sub(tiers[n].mmRate, tiers[n - 1].mmRate), f('0.005'), `${sym} tier ${n + 1} MMR step`);
      }
    }
    const btc = riskTiersOf('OKX_PERP_BTC_USDT')!.tiers;
    assert.deepEqual(btc.map((t) => t.maxLeverage), [100, 75, 50, 40, 33, 28, 25, 22, 20, 18]);
    assert.deepEqual([btc[0].cap, btc[3].cap, btc[9].cap], [fromInt(1000), fromInt(8000), fromInt(32000)]);
  });

  it('reaches the rest of openconnex through MarketData.riskTiers', () => {
    const market = marketDataOf(newVenuesState());
    assert.equal(market.riskTiers('OKX_PERP_ETH_USDT'), riskTiersOf('OKX_PERP_ETH_USDT'));
    assert.equal(market.riskTiers('OKX_SPOT_ETH_USDT'), undefined);
  });
});
