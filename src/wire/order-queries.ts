/** Filters of the order and execution queries (connex-api.md §4.1, §4.2), each with its code. */
import { ApiError } from '../catalogue/index.ts';
import { parseSym } from '../domain/instrument.ts';
import type { Fields } from './fields.ts';
import { SYM } from './order-requests.ts';
import { timeRange, type TimeRangeRule } from './time-range.ts';
import { BUSINESS_TYPES, type BusinessType, type VenueName, VENUES } from '../domain/market.ts';

export interface OrderFilter {
  sym?: string;
  venue?: VenueName;
  business?: BusinessType;
  /** Inclusive ms bounds. */
  begin: number;
  end: number;
}

export type RangeRule = Pick<TimeRangeRule, 'now' | 'defaultSpanMs' | 'maxAgeMs'>;

/** sym, exchange (or exchangeType), businessType, begin, end (400004–400006 from the range rule). */
export function parseOrderFilter(fields: Fields, range: RangeRule): OrderFilter {
  const sym = fields.text('sym', { pattern: SYM, invalid: 400000 });
  const exchangeName = fields.has('exchangeType') ? 'exchangeType' : 'exchange';
  const venue = fields.oneOf(exchangeName, VENUES, { invalid: 401023 });
  const business = fields.oneOf('businessType', BUSINESS_TYPES, { invalid: 401069 });
  if (sym !== undefined) assertSymMatches(sym, venue, business);
  const { start, end } = timeRange(fields, { startName: 'begin', endName: 'end', ...range });
  return { sym, venue, business, begin: start, end };
}

/** A sym is queried together with its own exchange and business (401030). */
function assertSymMatches(sym: string, venue: VenueName | undefined, business: BusinessType | undefined): void {
  const parts = parseSym(sym)!;
  if ((venue !== undefined && parts.venue !== venue) || (business !== undefined && parts.business !== business)) throw new ApiError(401030);
}

export function matchesFilter(filter: OrderFilter, row: { sym: string; venue: VenueName; business: BusinessType; createAt: number }): boolean {
  return (
    (filter.sym === undefined || row.sym === filter.sym) &&
    (filter.venue === undefined || row.venue === filter.venue) &&
    (filter.business === undefined || row.business === filter.business) &&
    row.createAt >= filter.begin &&
    row.createAt <= filter.end
  );
}
