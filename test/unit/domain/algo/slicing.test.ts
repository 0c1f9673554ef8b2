import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { INTRADAY_VOLUME_CURVE, sliceCount, sliceTime, twapSlices, volumeWeightAt, vwapSlices, weightedSlices } from '../../../../src/domain/algo/index.ts';
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

  it('a quantity smaller than n lots leaves zero slices before the remainder (the order rules refuse such a plan)', () => {
    assert.deepEqual(texts(twapSlices(size('0.003'), 5, size('0.001'))), ['0', '0', '0', '0', '0.003']);
  });

  it('VWAP: weights from the hour-of-day curve of each slice’s venue time', () => {
    assert.equal(INTRADAY_VOLUME_CURVE.length, 24);
    assert.equal(volumeWeightAt(15 * HOUR + 5), 15n);
    assert.equal(volumeWeightAt(24 * HOUR + 4 * HOUR), 5n);
    // 14:00 (weight 14) then 15:00 (weight 15) and 16:00 (14): 43 parts.
    assert.deepEqual(texts(vwapSlices(size('4.3'), 14 * HOUR, HOUR, 3, size('0.01'))), ['1.4', '1.5', '1.4']);
    assert.deepEqual(texts(weightedSlices(size('1'), [1n, 2n, 1n], size('0.1'))), ['0.2', '0.5', '0.3']);
  });

  it('VWAP re-planned from slice `first` (a resize) weighs only the slices still to come', () => {
    // Slices 1 and 2 of the schedule above: 15:00 (15) and 16:00 (14), 29 parts.
    assert.deepEqual(texts(vwapSlices(size('2.9'), 14 * HOUR, HOUR, 3, size('0.01'), 1)), ['1.5', '1.4']);
  });

  it('VWAP within one hour is a TWAP', () => {
    assert.deepEqual(texts(vwapSlices(size('0.5'), 15 * HOUR, 60_000, 5, size('0.001'))), texts(twapSlices(size('0.5'), 5, size('0.001'))));
  });
});
