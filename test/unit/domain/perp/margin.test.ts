/** The unified account's arithmetic against the venue formulas and research-perps.md's vectors (to 1e-8). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asRate, formatFixed, fromInt, parseFixed, type Fixed, type Unit } from '../../../../src/domain/money.ts';
import { accountStatus, initialMargin, liquidationPrice, riskRatio, uniMmr, UNI_MMR_CAP, type RiskTierTable } from '../../../../src/domain/perp/index.ts';
import { BTCUSDT } from './tables.ts';

const F = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;
/** |a − b| ≤ 1e-8. */
function near(actual: Fixed | null, expected: string): void {
  assert.ok(actual !== null, `expected ${expected}, got no price`);
  const diff = actual - F(expected);
  assert.ok(diff <= 10n ** 10n && diff >= -(10n ** 10n), `${formatFixed(actual)} ≠ ${expected}`);
}

function liq(q: string, validMargin: string, table: RiskTierTable, threshold = '1', otherMaintenance = '0', mark = '100000') {
  return liquidationPrice({
    validMargin: F(validMargin),
    otherMaintenance: F(otherMaintenance),
    legs: [{ baseQty: F(q), exposureSize: F(q.replace('-', '')) }],
    mark: F(mark),
    table,
    threshold: F(threshold),
  });
}

describe('liquidation price (decisions L9, research §1.2 vectors)', () => {
  it('BINANCE one-way, margin alone, uniMMR 1 (the venue formula): long 1 @ 100 000 10x → 90 361.44578313; short → 109 561.75298805', () => {
    near(liq('1', '10000', BTCUSDT), '90361.44578313');
    near(liq('-1', '10000', BTCUSDT), '109561.75298805');
  });

  it('solves in the tier where the price lands: long 10 @ 100 000 20x (tier 3, MMR 0.65 %, cum 1 500) → 95 470.55863110', () => {
    near(liq('10', '50000', BTCUSDT), '95470.55863110');
  });

  it('at the liquidation level 1.05 the price is where validMargin = 1.05 × MM: long 1 @ 100 000 → 90 379.59429604', () => {
    const price = liq('1', '10000', BTCUSDT, '1.05')!;
    near(price, '90379.59429604');
    const equity = F<'amount'>('10000') + (price - F('100000'));
    const maintenance = (price * F('0.004')) / fromInt(1);
    near(asRate((equity * fromInt(1)) / maintenance), '1.05');
  });

  it('another position’s maintenance margin moves it as equity + size·(P − mark) = MM_other + MM_self(P) predicts (research §8.4)', () => {
    // 10 000 = 4 + 1 × (P − 100 000)... solved: P = (4 − 10000 + 100000) / (1 − 0.004)
    near(liq('1', '10000', BTCUSDT, '1', '4'), String((4 - 10000 + 100000) / 0.996).slice(0, 14));
  });

  it('has none for a long its collateral covers, nor for no position', () => {
    assert.equal(liq('0.01', '10000', BTCUSDT), null);
    assert.equal(liq('0', '10000', BTCUSDT), null);
  });

  it('hedge mode: the LONG and the SHORT of one sym share the mark, so one price for both (research §1.2; the audit case)', () => {
    // 9 976.518 USDT, long 0.5 @ 67 100 and short 0.2 @ 67 070 at mark 67 085.80542386, tier 1 (0.4 %) each:
    // 9976.518 + 0.5·(P − 67100) − 0.2·(P − 67070) = 1.05 × 0.004 × 0.7·P → P = 10 159.482 / 0.29706.
    const mark = F<'price'>('67085.80542386');
    // 9976.518 + 0.5 × (mark − 67 100) − 0.2 × (mark − 67 070)
    const validMargin = F<'amount'>('9966.259627158');
    const legs = [
      { baseQty: F<'qty'>('0.5'), exposureSize: F<'qty'>('0.5') },
      { baseQty: F<'qty'>('-0.2'), exposureSize: F<'qty'>('0.2') },
    ];
    const price = liquidationPrice({ validMargin, otherMaintenance: F('0'), legs, mark, table: BTCUSDT, threshold: F('1.05') });
    near(price, String(10159.482 / 0.29706).slice(0, 14));
    const alone = liquidationPrice({ validMargin, otherMaintenance: F('0.053668644339088'), legs: legs.slice(0, 1), mark, table: BTCUSDT, threshold: F('1.05') });
    assert.ok(alone! > price! + F<'price'>('10000'), 'the long solved alone, its short held at today\'s mark, is far off');
  });

  it('hedge mode, equal legs: no uPnL moves, so only a rise liquidates, when the legs\' margin outgrows the account', () => {
    // 1 000 = 1.05 × 0.004 × 2·P (tier 1 up to 300 000 of notional a leg: P ≤ 300 000) → P = 119 047.619…
    const legs = [
      { baseQty: F<'qty'>('1'), exposureSize: F<'qty'>('1') },
      { baseQty: F<'qty'>('-1'), exposureSize: F<'qty'>('1') },
    ];
    near(liquidationPrice({ validMargin: F('1000'), otherMaintenance: F('0'), legs, mark: F('100000'), table: BTCUSDT, threshold: F('1.05') }), '119047.61904761');
  });

  it('OKX tiers by contracts: MM = contracts × contractSize × mark × mmr, no cum', () => {
    const okx: RiskTierTable = {
      sym: 'OKX_PERP_BTC_USDT',
      measure: 'size',
      asOf: '2026-12-01',
      tiers: [
        { riskLevel: 1, floor: F('0'), cap: F('3000'), maxLeverage: 100, mmRate: F('0.004'), cum: F('0') },
        { riskLevel: 2, floor: F('3000'), cap: F('6000'), maxLeverage: 75, mmRate: F('0.005'), cum: F('0') },
      ],
    };
    // 100 contracts of 0.01 = 1 BTC: the same equation as BINANCE tier 1.
    near(liquidationPrice({ validMargin: F('10000'), otherMaintenance: F('0'), legs: [{ baseQty: F('1'), exposureSize: F('100') }], mark: F('100000'), table: okx, threshold: F('1') }), '90361.44578313');
    // 4 000 contracts tier 2 (0.5 %): 40 BTC.
    near(liquidationPrice({ validMargin: F('400000'), otherMaintenance: F('0'), legs: [{ baseQty: F('40'), exposureSize: F('4000') }], mark: F('100000'), table: okx, threshold: F('1') }), String(3600000 / (40 - 40 * 0.005)));
  });
});

describe('uniMMR, riskRatio and account status (decisions L3)', () => {
  it('uniMMR is validMargin / MM, 999999 without MM and at most that', () => {
    assert.equal(formatFixed(uniMmr(F('1000'), F('400'))), '2.5');
    assert.equal(uniMmr(F('1000'), F('0')), UNI_MMR_CAP);
    assert.equal(uniMmr(F('1000000000'), F('0.001')), UNI_MMR_CAP);
  });

  it('riskRatio = 1 / uniMMR to 4 decimals', () => {
    assert.equal(formatFixed(riskRatio(F('3'))), '0.3333');
    assert.equal(formatFixed(riskRatio(UNI_MMR_CAP)), '0');
  });

  it('status by the default levels: ≥ 1.5 NORMAL, < 1.5 MARGIN_CALL, < 1.25 CANCEL_OPEN, ≤ 1.05 LIQUIDATING, equity ≤ 0 TAKEOVER', () => {
    const status = (mmr: string, equity = '1') => accountStatus(F(mmr), F(equity));
    assert.equal(status('1.5'), 'NORMAL');
    assert.equal(status('1.4999'), 'MARGIN_CALL');
    assert.equal(status('1.25'), 'MARGIN_CALL');
    assert.equal(status('1.2499'), 'CANCEL_OPEN');
    assert.equal(status('1.0501'), 'CANCEL_OPEN');
    assert.equal(status('1.05'), 'LIQUIDATING');
    assert.equal(status('0.5', '0'), 'TAKEOVER');
    assert.equal(status('999999', '0'), 'NORMAL');
  });

  it('initial margin is notional / leverage, rounded up', () => {
    assert.equal(formatFixed(initialMargin(F('100000'), 10)), '10000');
    assert.equal(formatFixed(initialMargin(F('1'), 3)), '0.333333333333333334');
  });
});
