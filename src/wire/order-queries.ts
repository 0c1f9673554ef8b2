/** Filters of the order and execution queries (connex-api.md §4.1, §4.2) as declared fields, each with its code. */
import { ApiError } from '../catalogue/index.ts';
import { parseSym } from '../domain/instrument.ts';
import { check, oneOf, text, type Values } from './field-spec.ts';
import { SYM_RULE } from './order-requests.ts';
import { timeRangeFields, type TimeWindow } from './time-range.ts';
import { BUSINESS_TYPES, type BusinessType, type VenueName, VENUES } from '../domain/market.ts';

export interface OrderFilter {
  sym?: string;
  venue?: VenueName;
  business?: BusinessType;
  /** Inclusive ms bounds. */
  begin: number;
  end: number;
}

/** sym, exchangeType (or exchange), businessType, then begin and end (400004–400006 from the range check). */
export function orderFilterFields(window: (now: number) => TimeWindow) {
  return {
    sym: text({ ...SYM_RULE, description: 'Only this sym.', example: 'BINANCE_SPOT_BTC_USDT' }),
    exchangeType: oneOf(VENUES, { invalid: 401023, alias: 'exchange', description: 'Only this venue.' }),
    businessType: oneOf(BUSINESS_TYPES, { invalid: 401069, description: 'Only this business type.' }),
    symMatches: check([401030], 'a sym is queried with its own exchangeType and businessType', assertSymMatches),
    ...timeRangeFields('begin', 'end', window),
  };
}

type FilterValues = Values<ReturnType<typeof orderFilterFields>>;

export function orderFilterOf({ sym, exchangeType, businessType, range }: FilterValues): OrderFilter {
  return { sym, venue: exchangeType, business: businessType, begin: range.start, end: range.end };
}

/** A sym is queried together with its own exchange and business (401030). */
function assertSymMatches({ sym, exchangeType, businessType }: { sym?: string; exchangeType?: VenueName; businessType?: BusinessType }): void {
  if (sym === undefined) return;
  const parts = parseSym(sym)!;
  if ((exchangeType !== undefined && parts.venue !== exchangeType) || (businessType !== undefined && parts.business !== businessType)) throw new ApiError(401030);
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
