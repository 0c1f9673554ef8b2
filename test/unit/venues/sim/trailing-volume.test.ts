import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFixed, parseFixed, type Size } from '../../../../src/domain/money.ts';
import { recordVolume, trailingDayVolume, type HourlyVolume } from '../../../../src/venues/sim/trailing-volume.ts';

const size = (text: string) => parseFixed<'qty'>(text)! as Size;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('a venue’s trailing day of volume per hour (VWAP weights)', () => {
  const volumeAt = (bySym: Map<string, HourlyVolume>, now: number) => trailingDayVolume(bySym.get('S'), now).map(formatFixed);

  it('each hour of day shows the latest complete such hour of the trailing 24 h; the running hour is not yet counted', () => {
    const bySym = new Map<string, HourlyVolume>();
    recordVolume(bySym, 'S', size('1'), DAY + 9 * HOUR + 5);
    recordVolume(bySym, 'S', size('2'), DAY + 9 * HOUR + 59 * 60_000);
    recordVolume(bySym, 'S', size('4'), DAY + 10 * HOUR);
    const at10 = volumeAt(bySym, DAY + 10 * HOUR + 30 * 60_000);
    assert.equal(at10[9], '3');
    assert.equal(at10[10], '0', '10:00 today is running; 10:00 yesterday saw nothing');
    const at11 = volumeAt(bySym, DAY + 11 * HOUR);
    assert.deepEqual([at11[9], at11[10]], ['3', '4']);
  });

  it('an hour more than a day old is forgotten, and its bucket starts afresh when the hour comes round again', () => {
    const bySym = new Map<string, HourlyVolume>();
    recordVolume(bySym, 'S', size('5'), 9 * HOUR);
    assert.equal(volumeAt(bySym, DAY + 9 * HOUR)[9], '5', 'exactly a day later: still the latest 09:00');
    assert.equal(volumeAt(bySym, DAY + 10 * HOUR)[9], '0', '09:00 of the next day is complete and saw nothing');
    recordVolume(bySym, 'S', size('1'), 2 * DAY + 9 * HOUR);
    assert.equal(volumeAt(bySym, 2 * DAY + 10 * HOUR)[9], '1');
    assert.equal(trailingDayVolume(undefined, 0).length, 24);
  });
});
