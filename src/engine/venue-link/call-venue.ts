/**
 * The one place order management calls the venues: a call's reports come back to the caller, and
 * the public trades and book changes it caused are emitted as engine events.
 */
import type { VenueName } from '../../domain/market.ts';
import type { Instrument } from '../../domain/instrument.ts';
import { sub, type Amount, type Price, type Size } from '../../domain/money.ts';
import { notional } from '../../domain/orders/index.ts';
import type { Venue, VenueReport } from '../../venues/index.ts';
import type { CommandContext } from '../core/context.ts';

/** Runs one venue call (through the faults set for `apiKey`'s client orders, if any) and publishes the market data it caused. */
export function onVenue(ctx: CommandContext, name: VenueName, call: (venue: Venue) => VenueReport[], apiKey?: string): VenueReport[] {
  const reports = call(ctx.venues.venue(name, apiKey));
  publishMarketUpdates(ctx);
  return reports;
}

/** Emits the trades and level changes the venues published since the last call. */
export function publishMarketUpdates(ctx: CommandContext): void {
  const { trades, books } = ctx.venues.takeUpdates();
  for (const trade of trades) ctx.emit({ type: 'publicTrade', ...trade });
  for (const book of books) ctx.emit({ type: 'bookChanged', ...book });
}

/**
 * The least favourable price a MARKET order would trade at on the book as it stands (by quantity,
 * or by quote budget), or undefined on an empty side. Self-trade prevention asks it.
 */
export function marketReach(ctx: CommandContext, instrument: Instrument, side: 'BUY' | 'SELL', quantity: Size, quoteBudget: Amount): Price | undefined {
  const depth = ctx.venues.market.depth(instrument.sym, Number.MAX_SAFE_INTEGER);
  const byQuote = quoteBudget > 0n;
  let budgetLeft = quoteBudget;
  let sizeLeft = quantity;
  let reach: Price | undefined;
  for (const [price, available] of side === 'BUY' ? depth.asks : depth.bids) {
    reach = price;
    if (byQuote) budgetLeft = sub(budgetLeft, notional(instrument, price, available));
    else sizeLeft = sub(sizeLeft, available);
    if ((byQuote ? budgetLeft : sizeLeft) <= 0n) break;
  }
  return reach;
}
