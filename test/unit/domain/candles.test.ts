import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFixed, type Fixed, type Unit } from '../../../src/domain/money.ts';
import { CandleSeries, openTimeOf } from '../../../src/domain/candles.ts';

const f = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;
const MIN = 60_000;

describe('candles', () => {
  it('aligns intervals, weeks on Monday 00:00 UTC', () => {
    const ts = Date.UTC(2026, 10, 25, 13, 47, 12);
    assert.equal(openTimeOf('1m', ts), Date.UTC(2026, 10, 25, 13, 47));
    assert.equal(openTimeOf('15m', ts), Date.UTC(2026, 10, 25, 13, 45));
    assert.equal(openTimeOf('4h', ts), Date.UTC(2026, 10, 25, 12));
    assert.equal(openTimeOf('1w', ts), Date.UTC(2026, 10, 23));
  });

  it('builds OHLCV per interval and reports the candle a new one closes', () => {
    const candles = new CandleSeries();
    const t0 = Date.UTC(2026, 10, 25, 0, 0, 0);
    candles.add(f('100'), f('1'), t0);
    candles.add(f('105'), f('2'), t0 + 10_000);
    candles.add(f('95'), f('0.5'), t0 + 20_000);
    const changes = candles.add(f('101'), f('1'), t0 + MIN);
    const oneMinute = changes.find((c) => c.interval === '1m')!;
    assert.deepEqual(oneMinute.closed, { openTime: t0, open: f('100'), high: f('105'), low: f('95'), close: f('95'), volume: f('3.5') });
    assert.equal(oneMinute.current.open, f('101'));
    const fiveMinutes = changes.find((c) => c.interval === '5m')!;
    assert.equal(fiveMinutes.closed, undefined);
    assert.equal(fiveMinutes.current.volume, f('4.5'));
    assert.equal(candles.list('1m').length, 2);
    assert.equal(candles.list('1m', t0 + 1).length, 1);
  });

  it('keeps the candles that opened within the newest KEEP intervals, whether or not each had a trade', () => {
    const candles = new CandleSeries();
    const t0 = Date.UTC(2026, 10, 2);
    candles.add(f('100'), f('1'), t0);
    candles.add(f('101'), f('1'), t0 + 1498 * MIN);
    assert.deepEqual(candles.list('1m').map((c) => c.openTime), [t0, t0 + 1498 * MIN], '1 498 minutes apart: both within the newest 1 500');
    candles.add(f('102'), f('1'), t0 + 1500 * MIN);
    assert.deepEqual(candles.list('1m').map((c) => c.openTime), [t0 + 1498 * MIN, t0 + 1500 * MIN]);
    assert.equal(candles.list('1d').length, 2, 'a day candle stays 500 days');
  });

  it('restores kept candles in order, then folds new trades into the newest', () => {
    const live = new CandleSeries();
    const t0 = Date.UTC(2026, 10, 25);
    live.add(f('100'), f('1'), t0);
    live.add(f('110'), f('2'), t0 + MIN);
    const restored = new CandleSeries();
    restored.restore('1m', live.list('1m').map((candle) => ({ ...candle })));
    for (const series of [live, restored]) series.add(f('90'), f('0.5'), t0 + MIN + 1);
    assert.deepEqual(restored.list('1m'), live.list('1m'));
    assert.deepEqual(restored.latest('1m'), { openTime: t0 + MIN, open: f('110'), high: f('110'), low: f('90'), close: f('90'), volume: f('2.5') });
  });
});
