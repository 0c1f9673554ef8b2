/**
 * The one place order management calls the venues: a call's reports come back to the caller, and
 * the public trades and book changes it caused are emitted as engine events.
 */
import { opposite, type Side, type VenueName } from '../../domain/market.ts';
import type { Instrument } from '../../domain/instrument.ts';
import { sub, type Amount, type Price, type Size } from '../../domain/money.ts';
import { notional } from '../../domain/orders/index.ts';
import type { LevelQuantity, Venue, VenueReport } from '../../venues/index.ts';
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

/** Levels read first for a MARKET order's reach: it seldom goes further, and reading a whole side copies every level. */
const NEAR_LEVELS = 16;

/**
 * The least favourable price a MARKET order would trade at on the book as it stands (by quantity,
 * or by quote budget), or undefined on an empty side. Self-trade prevention asks it.
 */
export function marketReach(ctx: CommandContext, instrument: Instrument, side: Side, quantity: Size, quoteBudget: Amount): Price | undefined {
  const market = ctx.venues.market;
  const near = reachOn(market.levels(instrument.sym, opposite(side), NEAR_LEVELS), instrument, quantity, quoteBudget);
  if (near.reached || near.levels < NEAR_LEVELS) return near.price;
  return reachOn(market.levels(instrument.sym, opposite(side), Number.MAX_SAFE_INTEGER), instrument, quantity, quoteBudget).price;
}

/** Walks levels best first until the quantity or the quote budget is spent: the last price walked, whether it was spent, and how many levels it was given. */
function reachOn(levels: readonly LevelQuantity[], instrument: Instrument, quantity: Size, quoteBudget: Amount): { price: Price | undefined; reached: boolean; levels: number } {
  const byQuote = quoteBudget > 0n;
  let budgetLeft = quoteBudget;
  let sizeLeft = quantity;
  let price: Price | undefined;
  for (const [levelPrice, available] of levels) {
    price = levelPrice;
    if (byQuote) budgetLeft = sub(budgetLeft, notional(instrument, levelPrice, available));
    else sizeLeft = sub(sizeLeft, available);
    if ((byQuote ? budgetLeft : sizeLeft) <= 0n) return { price, reached: true, levels: levels.length };
  }
  return { price, reached: false, levels: levels.length };
}
