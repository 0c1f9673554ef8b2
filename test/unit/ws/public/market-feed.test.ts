import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFixed, ZERO, type Fixed, type Unit } from '../../../../src/domain/money.ts';
import { BookMirror } from '../../../../src/ws/public/book-mirror.ts';
import { CandleSeries } from '../../../../src/domain/candles.ts';
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

describe('market data: ticker', () => {
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
