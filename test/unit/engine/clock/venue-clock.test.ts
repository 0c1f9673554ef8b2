/** Venue time (decisions L12): follows the wall clock, moved ahead by ticks, never backwards. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { newVenueClock, passTickTime, venueTimeAt } from '../../../../src/engine/clock/venue-clock.ts';

const HOUR = 3_600_000;
const T0 = 1_764_000_000_000;

describe('venue clock', () => {
  it('follows the wall clock while the market clock’s ticks pass no more time than the wall does', () => {
    const clock = newVenueClock();
    assert.equal(venueTimeAt(clock, T0), T0);
    assert.deepEqual(passTickTime(clock, venueTimeAt(clock, T0), 100, false), { from: T0, to: T0 + 100 });
    // The first tick passed 100 ms the wall had not: venue time keeps that lead, and no more.
    assert.deepEqual(passTickTime(clock, venueTimeAt(clock, T0 + 250), 100, false), { from: T0 + 100, to: T0 + 350 });
    assert.deepEqual(passTickTime(clock, venueTimeAt(clock, T0 + 400), 100, false), { from: T0 + 350, to: T0 + 500 });
    assert.equal(clock.ahead, 100);
  });

  it('a faster market clock (SIM_SPEED 10) runs ahead of the wall by what each tick passes beyond it', () => {
    const clock = newVenueClock();
    passTickTime(clock, venueTimeAt(clock, T0), 1000, false);
    const { to } = passTickTime(clock, venueTimeAt(clock, T0 + 100), 1000, false);
    assert.equal(to, T0 + 2000);
    assert.equal(venueTimeAt(clock, T0 + 100), T0 + 2000);
  });

  it('an operator’s fast-forward runs from now and moves it ahead for good; a restart catches up with wall + ahead', () => {
    const clock = newVenueClock();
    const { to } = passTickTime(clock, venueTimeAt(clock, T0 + 10), 8 * HOUR, true);
    assert.equal(to, T0 + 10 + 8 * HOUR);
    assert.equal(venueTimeAt(clock, T0 + 20), T0 + 8 * HOUR + 20);
    // Down for a day: the first command after sees the day passed, the ahead kept.
    assert.equal(venueTimeAt(clock, T0 + 24 * HOUR), T0 + 32 * HOUR);
  });

  it('never runs backwards, even when the wall clock does', () => {
    const clock = newVenueClock();
    passTickTime(clock, venueTimeAt(clock, 5_000), 0, false);
    assert.equal(venueTimeAt(clock, 4_000), 5_000);
  });
});
