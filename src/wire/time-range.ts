/**
 * A query's time range in ms (statement startTime/endTime, history begin/end) as declared fields: the
 * two bounds, then a check at their place with the common codes — 400005 start in the future, 400006
 * end older than the oldest history kept, 400004 start not before end. A start older than that is
 * moved up to it (rows beyond it are not served).
 */
import { ApiError, type CatalogueCode } from '../catalogue/index.ts';
import { check, integer, type CheckStep, type IntegerField } from './field-spec.ts';

/** What a range is checked against: the call's time, read once. */
export interface Clock {
  now(): number;
}

export interface TimeWindow {
  /** Start when none is given: this long before the end. */
  defaultSpanMs: number;
  /** How far back history reaches. */
  maxAgeMs: number;
}

export interface TimeRange {
  start: number;
  end: number;
}

type Bounds<S extends string, E extends string> = { [K in S | E]: IntegerField<number | undefined> };

/** The bounds and the check, read as `range`; `window` may depend on the time of the call; `invalid`: the codes of a malformed bound. */
export function timeRangeFields<S extends string, E extends string>(
  startName: S,
  endName: E,
  window: (now: number) => TimeWindow,
  invalid: { start: CatalogueCode; end: CatalogueCode } = { start: 400000, end: 400000 },
): Bounds<S, E> & { range: CheckStep<TimeRange> } {
  const bounds = {
    [startName]: integer({ invalid: invalid.start, min: 0, description: 'ms; absent: the window’s default span before the end.' }),
    [endName]: integer({ invalid: invalid.end, min: 0, description: 'ms; absent: now.' }),
  } as Bounds<S, E>;
  const range = check(
    [400005, 400006, 400004],
    `${startName} not in the future, ${endName} within the history kept, ${startName} before ${endName}`,
    (values: Partial<Record<S | E, number>>, clock: Clock) => rangeOf(values[startName], values[endName], clock.now(), window(clock.now())),
  );
  return { ...bounds, range };
}

/** The range of the bounds at `now`: 400005, 400006, 400004 as above; a start older than the history kept moved up to it. */
export function rangeOf(start: number | undefined, endOrNow: number | undefined, now: number, window: TimeWindow): TimeRange {
  const end = endOrNow ?? now;
  if (start !== undefined && start > now) throw new ApiError(400005);
  const oldest = now - window.maxAgeMs;
  if (end < oldest) throw new ApiError(400006);
  const from = start ?? end - window.defaultSpanMs;
  if (start !== undefined && start >= end) throw new ApiError(400004);
  return { start: Math.max(from, oldest), end };
}
