/** Venue time (decisions L12): follows the wall clock, moved ahead by ticks, never backwards. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { advanceClock, newVenueClock, passTickTime, venueTimeAt } from '../../../../src/engine/clock/venue-clock.ts';

const HOUR = 3_600_000;

describe('venue clock', () => {
  it('follows the wall clock while ticks pass no more time than the wall does', () => {
    const clock = newVenueClock();
    const t0 = 1_764_000_000_000;
    advanceClock(clock, venueTimeAt(clock, t0));
    assert.deepEqual(passTickTime(clock, venueTimeAt(clock, t0 + 100), 100, false), { from: t0, to: t0 + 100 });
    assert.deepEqual(passTickTime(clock, venueTimeAt(clock, t0 + 250), 100, false), { from: t0 + 100, to: t0 + 250 });
    assert.equal(clock.ahead, 0);
  });

  it('a fast-forward moves it ahead of the wall for good; a restart catches up with wall + ahead', () => {
    const clock = newVenueClock();
    const t0 = 1_764_000_000_000;
    advanceClock(clock, venueTimeAt(clock, t0));
    const { to } = passTickTime(clock, venueTimeAt(clock, t0 + 10), 8 * HOUR, true);
    advanceClock(clock, to);
    assert.equal(to, t0 + 10 + 8 * HOUR, 'the operator’s fast-forward runs from now');
    assert.equal(venueTimeAt(clock, t0 + 20), t0 + 8 * HOUR + 20);
    // Down for a day: the first command after sees the day passed, ahead kept.
    assert.equal(venueTimeAt(clock, t0 + 24 * HOUR), t0 + 32 * HOUR);
  });

  it('never runs backwards, even when the wall clock does', () => {
    const clock = newVenueClock();
    advanceClock(clock, venueTimeAt(clock, 5_000));
    assert.equal(venueTimeAt(clock, 4_000), 5_000);
    advanceClock(clock, 4_000);
    assert.equal(clock.now, 5_000);
  });
});
