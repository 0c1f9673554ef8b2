/** Risk tiers (decisions L2, L4): the tier of an exposure, maintenance margin with cum, the notional a leverage allows. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { asAmount, formatFixed, parseFixed, type Fixed, type Unit } from '../../../../src/domain/money.ts';
import { exposureLimitAt, maintenanceMargin, maxLeverageOf, tierOf, withinLimitAt } from '../../../../src/domain/perp/index.ts';
import { BTCUSDT } from './tables.ts';

const F = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;
const exposure = (notional: string) => ({ notional: F<'amount'>(notional), size: F<'qty'>('1') });

describe('risk tiers', () => {
  it('tiers an exposure by its notional, bounds inclusive at the cap', () => {
    assert.equal(tierOf(BTCUSDT, exposure('300000')).riskLevel, 1);
    assert.equal(tierOf(BTCUSDT, exposure('300000.01')).riskLevel, 2);
    assert.equal(tierOf(BTCUSDT, exposure('999999999')).riskLevel, 5);
  });

  it('maintenance margin = notional × MMR − cum, continuous across a tier bound', () => {
    assert.equal(formatFixed(maintenanceMargin(BTCUSDT, exposure('100000'))), '400');
    assert.equal(formatFixed(maintenanceMargin(BTCUSDT, exposure('300000'))), '1200');
    assert.equal(formatFixed(maintenanceMargin(BTCUSDT, exposure('1000000'))), '5000');
    assert.equal(formatFixed(maintenanceMargin(BTCUSDT, exposure('800000'))), formatFixed(asAmount(F<'amount'>('800000') * F('0.005') / F('1') - F<'amount'>('300'))));
    assert.equal(maintenanceMargin(BTCUSDT, { notional: F('0'), size: F('0') }), 0n);
  });

  it('a leverage allows the cap of the last tier that still offers it (L4)', () => {
    assert.equal(maxLeverageOf(BTCUSDT), 150);
    assert.equal(formatFixed(exposureLimitAt(BTCUSDT, 150) as Fixed), '300000');
    assert.equal(formatFixed(exposureLimitAt(BTCUSDT, 100) as Fixed), '800000');
    assert.equal(formatFixed(exposureLimitAt(BTCUSDT, 20) as Fixed), '70000000');
    assert.ok(withinLimitAt(BTCUSDT, 75, exposure('3000000')));
    assert.ok(!withinLimitAt(BTCUSDT, 75, exposure('3000000.1')));
  });
});
