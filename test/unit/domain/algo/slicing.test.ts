import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sliceCount, sliceTime, twapSlices, vwapSlices, weightedSlices } from '../../../../src/domain/algo/index.ts';
import { formatFixed, parseFixed, type Size } from '../../../../src/domain/money.ts';

const size = (text: string) => parseFixed<'qty'>(text)! as Size;
const texts = (slices: Size[]) => slices.map(formatFixed);
const HOUR = 3_600_000;

describe('TWAP / VWAP slicing (decisions M3)', () => {
  it('n = ceil(duration / interval): a partial last interval still gets its slice, at start + i × interval', () => {
    assert.equal(sliceCount(0, 60_000, 10_000), 6);
    assert.equal(sliceCount(0, 60_001, 10_000), 7);
    assert.equal(sliceCount(0, 500, 1_000), 1);
    assert.equal(sliceTime(1_000, 10_000, 3), 31_000);
  });

  it('TWAP: equal slices rounded down to the lot, the remainder in the last', () => {
    assert.deepEqual(texts(twapSlices(size('0.5'), 5, size('0.001'))), ['0.1', '0.1', '0.1', '0.1', '0.1']);
    assert.deepEqual(texts(twapSlices(size('0.013'), 3, size('0.001'))), ['0.004', '0.004', '0.005']);
    assert.deepEqual(texts(twapSlices(size('7'), 1, size('1'))), ['7']);
  });

  it('slices always add up to the order, whatever the lot', () => {
    for (const [qty, n, lot] of [['1', 7, '0.001'], ['0.011', 4, '0.001'], ['100', 9, '1'], ['0.003', 5, '0.001']] as const) {
      const slices = twapSlices(size(qty), n, size(lot));
      assert.equal(slices.length, n);
      assert.equal(formatFixed(slices.reduce((a, b) => (a + b) as Size)), formatFixed(size(qty)));
      assert.ok(slices.every((slice) => slice % size(lot) === 0n), `${qty}/${n}: each slice a multiple of the lot`);
    }
  });

  it('a quantity smaller than n lots leaves zero slices before the remainder (nothing is sent at their times)', () => {
    assert.deepEqual(texts(twapSlices(size('0.003'), 5, size('0.001'))), ['0', '0', '0', '0', '0.003']);
  });

  /** A day's volume by UTC hour: 14 at 14:00, 15 at 15:00, 14 at 16:00, 0 elsewhere. */
  const dayVolume = Array.from({ length: 24 }, (_, hour) => size(hour === 15 ? '15' : hour === 14 || hour === 16 ? '14' : '0'));

  it('VWAP: each slice weighted by the trailing volume of its hour of day', () => {
    // 14:00 (14), 15:00 (15), 16:00 (14): 43 parts.
    assert.deepEqual(texts(vwapSlices(size('4.3'), dayVolume, { startTime: 14 * HOUR, interval: HOUR, count: 3 }, size('0.01'))), ['1.4', '1.5', '1.4']);
    assert.deepEqual(texts(weightedSlices(size('1'), [1n, 2n, 1n], size('0.1'))), ['0.2', '0.5', '0.3']);
    // The next day at the same hours: the weights follow the hour of day, not the date.
    assert.deepEqual(texts(vwapSlices(size('4.3'), dayVolume, { startTime: 38 * HOUR, interval: HOUR, count: 3 }, size('0.01'))), ['1.4', '1.5', '1.4']);
  });

  it('VWAP: an hour without volume gets no slice; a sym without any volume in the trailing day is sliced as a TWAP', () => {
    assert.deepEqual(texts(vwapSlices(size('2.9'), dayVolume, { startTime: 13 * HOUR, interval: HOUR, count: 3 }, size('0.01'))), ['0', '1.4', '1.5']);
    const none = Array.from({ length: 24 }, () => size('0'));
    assert.deepEqual(texts(vwapSlices(size('0.5'), none, { startTime: 3 * HOUR, interval: HOUR, count: 5 }, size('0.001'))), texts(twapSlices(size('0.5'), 5, size('0.001'))));
  });

  it('VWAP re-planned from slice `first` (a resize) weighs only the slices still to come', () => {
    // Slices 1 and 2 of the schedule above: 15:00 (15) and 16:00 (14), 29 parts.
    assert.deepEqual(texts(vwapSlices(size('2.9'), dayVolume, { startTime: 14 * HOUR, interval: HOUR, count: 3 }, size('0.01'), 1)), ['1.5', '1.4']);
  });

  it('VWAP within one hour is a TWAP', () => {
    assert.deepEqual(texts(vwapSlices(size('0.5'), dayVolume, { startTime: 15 * HOUR, interval: 60_000, count: 5 }, size('0.001'))), texts(twapSlices(size('0.5'), 5, size('0.001'))));
  });
});
