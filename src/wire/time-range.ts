/**
 * A query's time range in ms (statement startTime/endTime, history begin/end): defaults, and the
 * common codes — 400005 start in the future, 400004 start not before end, 400006 end older than the
 * oldest history kept. A start older than that is moved up to it (rows beyond it are not served).
 */
import { ApiError, type CatalogueCode } from '../catalogue/index.ts';
import type { Fields } from './fields.ts';

export interface TimeRangeRule {
  startName: string;
  endName: string;
  now: number;
  /** Start when none is given: this long before the end. */
  defaultSpanMs: number;
  /** How far back history reaches. */
  maxAgeMs: number;
  /** Codes for malformed values (default 400000). */
  invalidStart?: CatalogueCode;
  invalidEnd?: CatalogueCode;
}

export interface TimeRange {
  start: number;
  end: number;
}

export function timeRange(fields: Fields, rule: TimeRangeRule): TimeRange {
  const start = fields.integer(rule.startName, { invalid: rule.invalidStart ?? 400000, min: 0 });
  const end = fields.integer(rule.endName, { invalid: rule.invalidEnd ?? 400000, min: 0 }) ?? rule.now;
  if (start !== undefined && start > rule.now) throw new ApiError(400005);
  const oldest = rule.now - rule.maxAgeMs;
  if (end < oldest) throw new ApiError(400006);
  const from = start ?? end - rule.defaultSpanMs;
  if (start !== undefined && start >= end) throw new ApiError(400004);
  return { start: Math.max(from, oldest), end };
}
