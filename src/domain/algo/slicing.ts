/**
 * TWAP and VWAP slicing (decisions M3): a schedule of n = ceil(duration / interval) slices, one at the
 * start of each interval. TWAP cuts equal slices, VWAP weights them by the sym's trailing volume per hour of day; each
 * slice is rounded down to the lot and the last takes the remainder, so the slices add up to the order.
 */
import { roundToStep, scale, sub, sum, ZERO, type Size } from '../money.ts';

/** The shortest interval between slices (401213). */
export const MIN_SLICE_INTERVAL_MS = 1_000;

const HOUR_MS = 3_600_000;

export function sliceCount(startTime: number, endTime: number, intervalMs: number): number {
  return Math.ceil((endTime - startTime) / intervalMs);
}

export function sliceTime(startTime: number, intervalMs: number, index: number): number {
  return startTime + index * intervalMs;
}

/** Slices in proportion to `weights`, each rounded down to the lot, the remainder in the last. */
export function weightedSlices(orderQty: Size, weights: readonly bigint[], lotSize: Size): Size[] {
  const total = weights.reduce((a, b) => a + b, 0n);
  const slices = weights.slice(0, -1).map((weight) => roundToStep(scale(orderQty, weight, total, 'down'), lotSize, 'down'));
  return [...slices, sub(orderQty, slices.length === 0 ? ZERO : sum(slices))];
}

export function twapSlices(orderQty: Size, count: number, lotSize: Size): Size[] {
  return weightedSlices(orderQty, Array.from({ length: count }, () => 1n), lotSize);
}

/**
 * VWAP slices `first` to `count` − 1 of a schedule (all of them at placement, the unsent ones when it is resized),
 * each weighted by the trailing volume of its UTC hour of day (`dayVolume`, 24 entries); a sym that has not traded
 * in the trailing day is sliced as a TWAP.
 */
export function vwapSlices(orderQty: Size, dayVolume: readonly Size[], times: { startTime: number; interval: number; count: number }, lotSize: Size, first = 0): Size[] {
  const weights = Array.from({ length: times.count - first }, (_, index) => dayVolume[hourOfDay(sliceTime(times.startTime, times.interval, first + index))] as bigint);
  return weightedSlices(orderQty, weights.some((weight) => weight > 0n) ? weights : weights.map(() => 1n), lotSize);
}

function hourOfDay(venueTime: number): number {
  return Math.floor(venueTime / HOUR_MS) % 24;
}
