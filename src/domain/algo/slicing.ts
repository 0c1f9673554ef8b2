/**
 * TWAP and VWAP slicing (decisions M3): a schedule of n = ceil(duration / interval) slices, one at the
 * start of each interval. TWAP cuts equal slices, VWAP weights them by the hour-of-day volume curve; each
 * slice is rounded down to the lot and the last takes the remainder, so the slices add up to the order.
 */
import { roundToStep, scale, sub, sum, ZERO, type Size } from '../money.ts';

/** The shortest interval between slices (401213). */
export const MIN_SLICE_INTERVAL_MS = 1_000;

const HOUR_MS = 3_600_000;

/**
 * Relative volume of each UTC hour: the usual U of a 24 h crypto day (busy at the European and US opens,
 * quiet in the Asian night). The engine keeps no candles (transports do), so VWAP weights come from this curve.
 */
export const INTRADAY_VOLUME_CURVE: readonly bigint[] = [
  9n, 8n, 7n, 6n, 5n, 5n, 5n, 6n, 8n, 9n, 9n, 9n, 10n, 12n, 14n, 15n, 14n, 12n, 11n, 10n, 10n, 10n, 9n, 9n,
];

export function sliceCount(startTime: number, endTime: number, intervalMs: number): number {
  return Math.ceil((endTime - startTime) / intervalMs);
}

export function sliceTime(startTime: number, intervalMs: number, index: number): number {
  return startTime + index * intervalMs;
}

export function volumeWeightAt(venueTime: number): bigint {
  return INTRADAY_VOLUME_CURVE[Math.floor(venueTime / HOUR_MS) % 24];
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

/** VWAP slices `first` to `count` − 1 of a schedule (all of them at placement, the unsent ones when it is resized). */
export function vwapSlices(orderQty: Size, startTime: number, intervalMs: number, count: number, lotSize: Size, first = 0): Size[] {
  const weights = Array.from({ length: count - first }, (_, index) => volumeWeightAt(sliceTime(startTime, intervalMs, first + index)));
  return weightedSlices(orderQty, weights, lotSize);
}
