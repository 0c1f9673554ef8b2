/**
 * Venue time (decisions L12): the simulated market's clock, which every timestamp of API data is in.
 * It follows the wall clock, is moved ahead by ticks that pass more venue time than the wall did (the
 * operator's fast-forwards, SIM_SPEED above 1), and never runs backwards: after a restart it catches
 * up with the wall clock plus the ahead it had gained. Commands carry the wall time of their stamp
 * (the runtime keeps stamps from going back); the engine turns it into venue time here, so replay
 * gives the same times. Only ticks change the clock: any other command leaves it as it was.
 */

export interface VenueClock {
  /** How far venue time is ahead of the wall clock (ms): grown by ticks, never shrinking. */
  ahead: number;
  /** Venue time at the end of the last tick (0 before the first). */
  lastTick: number;
}

export function newVenueClock(): VenueClock {
  return { ahead: 0, lastTick: 0 };
}

/** Venue time at a wall time, read only (the transports' clock for windows and timestamps). */
export function venueTimeAt(clock: Readonly<VenueClock>, wall: number): number {
  return Math.max(clock.lastTick, wall + clock.ahead);
}

/**
 * A tick at venue time `now` passes `elapsedMs` of venue time: the market clock's ticks since the last
 * tick's end (venue time reaches at least that end plus elapsedMs, and the wall time between ticks is
 * part of it), an operator's fast-forward (`fromNow`) from now. Whatever the wall did not pass moves
 * venue time ahead of it. Returns where the tick's stretch of time starts and ends.
 */
export function passTickTime(clock: VenueClock, now: number, elapsedMs: number, fromNow: boolean): { from: number; to: number } {
  // The first tick starts from its own time, not from the epoch.
  const from = fromNow || clock.lastTick === 0 ? now : clock.lastTick;
  const to = Math.max(now, from + elapsedMs);
  clock.ahead += to - now;
  clock.lastTick = to;
  return { from, to };
}
