/** Filters of the order and execution queries (connex-api.md §4.1, §4.2), each with its code. */
import { ApiError } from '../catalogue/index.ts';
import { VENUES, type VenueName } from '../domain/account.ts';
import { BUSINESS_TYPES, parseSym, type BusinessType } from '../domain/instrument.ts';
import type { Fields } from './fields.ts';
import { SYM } from './order-requests.ts';

export interface OrderFilter {
  sym?: string;
  venue?: VenueName;
  business?: BusinessType;
  /** Inclusive ms bounds. */
  begin?: number;
  end?: number;
}

const MS = { invalid: 400000, min: 0 } as const;

/** sym, exchange (or exchangeType), businessType, begin, end; `now` bounds begin (400005). */
export function parseOrderFilter(fields: Fields, now: number): OrderFilter {
  const sym = fields.text('sym', { pattern: SYM, invalid: 400000 });
  const exchangeName = fields.has('exchangeType') ? 'exchangeType' : 'exchange';
  const venue = fields.oneOf(exchangeName, VENUES, { invalid: 401023 });
  const business = fields.oneOf('businessType', BUSINESS_TYPES, { invalid: 401069 });
  if (sym !== undefined) assertSymMatches(sym, venue, business);
  const begin = fields.integer('begin', MS);
  const end = fields.integer('end', MS);
  assertRange(begin, end, now);
  return { sym, venue, business, begin, end };
}

/** A sym is queried together with its own exchange and business (401030). */
function assertSymMatches(sym: string, venue: VenueName | undefined, business: BusinessType | undefined): void {
  const parts = parseSym(sym)!;
  if ((venue !== undefined && parts.venue !== venue) || (business !== undefined && parts.business !== business)) throw new ApiError(401030);
}

export function assertRange(begin: number | undefined, end: number | undefined, now: number): void {
  if (begin !== undefined && begin > now) throw new ApiError(400005);
  if (begin !== undefined && end !== undefined && begin >= end) throw new ApiError(400004);
}

export function matchesFilter(filter: OrderFilter, row: { sym: string; venue: VenueName; business: BusinessType; createAt: number }): boolean {
  return (
    (filter.sym === undefined || row.sym === filter.sym) &&
    (filter.venue === undefined || row.venue === filter.venue) &&
    (filter.business === undefined || row.business === filter.business) &&
    (filter.begin === undefined || row.createAt >= filter.begin) &&
    (filter.end === undefined || row.createAt <= filter.end)
  );
}
