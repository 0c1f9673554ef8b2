import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFixed, ZERO, type Fixed, type Unit } from '../../../../src/domain/money.ts';
import { BookMirror } from '../../../../src/ws/public/book-mirror.ts';
import { CandleSeries, openTimeOf } from '../../../../src/ws/public/candles.ts';
import { tickerOf } from '../../../../src/ws/public/ticker.ts';

const f = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;
const MIN = 60_000;

describe('market data: book mirror', () => {
  it('numbers every update and folds level totals, 0 removing a level', () => {
    const book = new BookMirror([[f('100'), f('1')], [f('99'), f('2')]], [[f('101'), f('3')]]);
    assert.equal(book.snapshot().seq, 0);
    const update = book.apply([[f('100'), ZERO], [f('98'), f('5')]], [[f('101'), f('1.5')]]);
    assert.equal(update.seq, 1);
    assert.deepEqual(book.snapshot(), { seq: 1, bids: [[f('99'), f('2')], [f('98'), f('5')]], asks: [[f('101'), f('1.5')]] });
    assert.deepEqual(book.top(), { bid: [f('99'), f('2')], ask: [f('101'), f('1.5')] });
    assert.equal(book.apply([], []).seq, 2);
  });
});

describe('market data: candles and ticker', () => {
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

  it('computes the 24-hour ticker from the 1m candles', () => {
    const candles = new CandleSeries();
    const t0 = Date.UTC(2026, 10, 25);
    assert.equal(tickerOf(candles, t0), null);
    candles.add(f('200'), f('1'), t0 - 25 * 60 * MIN);
    candles.add(f('100'), f('1'), t0 - 10 * MIN);
    candles.add(f('120'), f('2'), t0 - 5 * MIN);
    candles.add(f('90'), f('1'), t0 - MIN);
    assert.deepEqual(tickerOf(candles, t0), { last: '90', chg: '-10', high24h: '120', low24h: '90', vol24h: '4', ts: String(t0) });
  });
});
