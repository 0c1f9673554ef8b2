/**
 * A venue's traded volume per sym and hour of venue time, over the trailing day: the volume curve VWAP
 * schedules weigh their slices by (decisions M3). A ring of 25 hourly buckets holds the 24 complete hours
 * before the running one and the running one itself.
 */
import { add, ZERO, type Size } from '../../domain/money.ts';

const HOUR_MS = 3_600_000;
const RING_HOURS = 25;

/** Bucket i holds the volume of epoch hour `hours[i]` (−1: none yet). */
export interface HourlyVolume {
  hours: number[];
  volumes: Size[];
}

function newHourlyVolume(): HourlyVolume {
  return { hours: Array.from({ length: RING_HOURS }, () => -1), volumes: Array.from({ length: RING_HOURS }, () => ZERO) };
}

export function recordVolume(bySym: Map<string, HourlyVolume>, sym: string, quantity: Size, ts: number): void {
  let ring = bySym.get(sym);
  if (!ring) bySym.set(sym, (ring = newHourlyVolume()));
  const hour = Math.floor(ts / HOUR_MS);
  const bucket = hour % RING_HOURS;
  if (ring.hours[bucket] !== hour) {
    ring.hours[bucket] = hour;
    ring.volumes[bucket] = ZERO;
  }
  ring.volumes[bucket] = add(ring.volumes[bucket], quantity);
}

/** Indexed by UTC hour of day: the volume of the latest complete hour at that time of day, within the trailing 24 h. */
export function trailingDayVolume(ring: HourlyVolume | undefined, now: number): Size[] {
  const running = Math.floor(now / HOUR_MS);
  return Array.from({ length: 24 }, (_, hourOfDay) => {
    const hour = running - (((running - hourOfDay) % 24) || 24);
    const bucket = hour % RING_HOURS;
    return ring?.hours[bucket] === hour ? ring.volumes[bucket] : ZERO;
  });
}
